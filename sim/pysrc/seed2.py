# The program from the question "how do do_GET and do_POST get called in
# SimpleHTTPServer?", as Python 2.7 runs it: its ServerHandler, served by a
# SocketServer.TCPServer, which handles one connection at a time.
# Run it:  python2 seed.py [PORT]
import cgi
import SimpleHTTPServer
import SocketServer
import sys


class ServerHandler(SimpleHTTPServer.SimpleHTTPRequestHandler):

    def do_GET(self):
        print self.headers
        SimpleHTTPServer.SimpleHTTPRequestHandler.do_GET(self)

    def do_POST(self):
        print self.headers
        form = cgi.FieldStorage(
            fp=self.rfile,
            headers=self.headers,
            environ={'REQUEST_METHOD': 'POST',
                     'CONTENT_TYPE': self.headers['Content-Type']})
        for item in form.list:
            print item
        SimpleHTTPServer.SimpleHTTPRequestHandler.do_GET(self)


if __name__ == '__main__':
    PORT = 8000
    if sys.argv[1:]:
        PORT = int(sys.argv[1])
    httpd = SocketServer.TCPServer(("", PORT), ServerHandler)
    print "serving at port", httpd.server_address[1]
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
