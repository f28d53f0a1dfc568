# The script from the question, as it was posted: Python 2 code.
# python server.py [PORT]
import SimpleHTTPServer
import SocketServer
import cgi
import sys

if len(sys.argv) > 1:
    port = int(sys.argv[1])
else:
    port = 8000


class ServerHandler(SimpleHTTPServer.SimpleHTTPRequestHandler):

    def do_GET(self):
        print(self.headers)
        SimpleHTTPServer.SimpleHTTPRequestHandler.do_GET(self)

    def do_POST(self):
        print(self.headers)
        form = cgi.FieldStorage(
            fp=self.rfile,
            headers=self.headers,
            environ={'REQUEST_METHOD': 'POST',
                     'CONTENT_TYPE': self.headers['Content-Type']})
        for item in form.list:
            print(item)
        SimpleHTTPServer.SimpleHTTPRequestHandler.do_GET(self)


Handler = ServerHandler(1000)

httpd = SocketServer.TCPServer(("", port), Handler)

print "serving at port", port
httpd.serve_forever()
