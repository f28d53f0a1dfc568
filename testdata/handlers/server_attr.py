# self.server is the server object the script built; self.client_address
# the peer; the class attribute protocol_version keeps connections open.
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def do_GET(self):
        s = self.server
        body = ('%s %r %s %d\n' % (type(s).__name__, s.server_address[1] > 0,
                                   self.client_address[0], len(self.path))).encode()
        self.send_response(200)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)


HTTPServer(('127.0.0.1', int(sys.argv[1])), Handler).serve_forever()
