# Basic auth in front of the static files.
import base64
import sys
from http.server import SimpleHTTPRequestHandler, HTTPServer

KEY = base64.b64encode(b'ada:lovelace').decode('ascii')


class AuthHandler(SimpleHTTPRequestHandler):
    def do_HEAD(self):
        self.send_response(200)
        self.send_header('Content-type', 'text/html')
        self.end_headers()

    def do_AUTHHEAD(self):
        self.send_response(401)
        self.send_header('WWW-Authenticate', 'Basic realm="Test"')
        self.send_header('Content-type', 'text/html')
        self.end_headers()

    def do_GET(self):
        auth = self.headers.get('Authorization')
        if auth is None:
            self.do_AUTHHEAD()
            self.wfile.write(b'no auth header received')
        elif auth == 'Basic ' + KEY:
            SimpleHTTPRequestHandler.do_GET(self)
        else:
            self.do_AUTHHEAD()
            self.wfile.write(auth.encode('utf-8'))
            self.wfile.write(b' not authenticated')


if __name__ == '__main__':
    httpd = HTTPServer(('', int(sys.argv[1])), AuthHandler)
    print('auth server')
    httpd.serve_forever()
