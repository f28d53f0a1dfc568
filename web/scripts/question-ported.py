# The question's script ported to Python 3 (the modules' new names,
# print as a function) but otherwise as posted.
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


Handler = ServerHandler(1000)

httpd = socketserver.TCPServer(("", port), Handler)

print("serving at port", port)
httpd.serve_forever()
