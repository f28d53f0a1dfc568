# A handler that sends a status line and a header, and then the body,
# but never calls end_headers().
# python server.py [PORT]
import http.server
import socketserver
import sys

port = int(sys.argv[1]) if len(sys.argv) > 1 else 8000


class HelloHandler(http.server.BaseHTTPRequestHandler):

    def do_GET(self):
        self.send_response(200)
        self.send_header('Content-Type', 'text/plain')
        self.wfile.write(b'Hello from do_GET!\n')


with socketserver.TCPServer(("", port), HelloHandler) as httpd:
    print("serving at port", port)
    httpd.serve_forever()
