# Let a page on another origin call this server: every response says
# which origins may read it, and the browser's preflight OPTIONS gets an
# answer instead of a 501.
# python server.py [PORT]
import http.server
import socketserver
import sys

port = int(sys.argv[1]) if len(sys.argv) > 1 else 8000


class CORSHandler(http.server.SimpleHTTPRequestHandler):

    def end_headers(self):
        self.send_header('Access-Control-Allow-Origin', '*')
        super().end_headers()

    def do_OPTIONS(self):
        self.send_response(204)
        self.send_header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS')
        self.send_header('Access-Control-Allow-Headers', 'Content-Type')
        self.send_header('Access-Control-Max-Age', '600')
        self.end_headers()


with socketserver.TCPServer(("", port), CORSHandler) as httpd:
    print("serving at port", port)
    httpd.serve_forever()
