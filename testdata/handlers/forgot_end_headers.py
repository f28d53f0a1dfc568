# The handler that forgets end_headers(): in 3.x the headers stay in the
# buffer and only the body goes out.
import sys
import http.server
import socketserver


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header('Content-Type', 'text/plain')
        self.wfile.write(b'hello\n')


with socketserver.TCPServer(('', int(sys.argv[1])), Handler) as httpd:
    print('serving')
    httpd.serve_forever()
