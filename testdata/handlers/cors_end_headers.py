# A CORS preflight answered by an end_headers override: every response,
# the library's own included, gets the Access-Control headers.
import sys
from http.server import SimpleHTTPRequestHandler, HTTPServer


class CORSRequestHandler(SimpleHTTPRequestHandler):
    def end_headers(self):
        self.send_header('Access-Control-Allow-Origin', '*')
        self.send_header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS')
        self.send_header('Access-Control-Allow-Headers', 'Content-Type')
        super().end_headers()

    def do_OPTIONS(self):
        self.send_response(204)
        self.end_headers()


if __name__ == '__main__':
    port = int(sys.argv[1])
    httpd = HTTPServer(('', port), CORSRequestHandler)
    print('CORS server on port', port)
    httpd.serve_forever()
