# wfile.write given a str: a TypeError from socketserver's writer, after
# the status line and headers went out.
import sys
import socketserver
from http.server import BaseHTTPRequestHandler


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header('Content-Type', 'text/plain')
        self.end_headers()
        self.wfile.write('hello')


socketserver.TCPServer(('', int(sys.argv[1])), Handler).serve_forever()
