# The question's script, fixed: the server gets the handler class, and it
# makes a new instance of it for every connection.
# python server.py [PORT]
import http.server
import socketserver
import cgi
import sys

if len(sys.argv) > 1:
    port = int(sys.argv[1])
else:
    port = 8000


class ServerHandler(http.server.SimpleHTTPRequestHandler):

    def do_GET(self):
        print(self.headers)
        http.server.SimpleHTTPRequestHandler.do_GET(self)

    def do_POST(self):
        print(self.headers)
        form = cgi.FieldStorage(
            fp=self.rfile,
            headers=self.headers,
            environ={'REQUEST_METHOD': 'POST',
                     'CONTENT_TYPE': self.headers['Content-Type']})
        for item in form.list:
            print(item)
        http.server.SimpleHTTPRequestHandler.do_GET(self)


Handler = ServerHandler

httpd = socketserver.TCPServer(("", port), Handler)

print("serving at port", port)
httpd.serve_forever()
