# cgi used but never imported: the server starts, GET works, and the
# first POST is a NameError that socketserver prints.
import sys
import http.server


class ServerHandler(http.server.SimpleHTTPRequestHandler):
    def do_POST(self):
        print(self.headers)
        form = cgi.FieldStorage(fp=self.rfile, headers=self.headers,
                                environ={'REQUEST_METHOD': 'POST'})
        http.server.SimpleHTTPRequestHandler.do_GET(self)


http.server.HTTPServer(('', int(sys.argv[1])), ServerHandler).serve_forever()
