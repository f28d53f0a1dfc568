# The ServerHandler from the question "how do do_GET and do_POST get
# called in SimpleHTTPServer?", as Python 2.7 runs it.
# Run it the way you would run python -m SimpleHTTPServer:  python2 seed.py [PORT]
import cgi
import SimpleHTTPServer


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
    SimpleHTTPServer.test(HandlerClass=ServerHandler)
