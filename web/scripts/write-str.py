# A handler that writes a str where the socket wants bytes.
# python server.py [PORT]
import http.server
import socketserver
import sys

port = int(sys.argv[1]) if len(sys.argv) > 1 else 8000


class HelloHandler(http.server.BaseHTTPRequestHandler):

    def do_GET(self):
        self.send_response(200)
        self.send_header('Content-Type', 'text/plain; charset=utf-8')
        self.end_headers()
        self.wfile.write('Hello from do_GET!\n')


with socketserver.TCPServer(("", port), HelloHandler) as httpd:
    print("serving at port", port)
    httpd.serve_forever()
