# Serve the directory only to a client that sends the right user name and
# password (HTTP Basic authentication).
# python server.py [PORT]
import base64
import http.server
import socketserver
import sys

port = int(sys.argv[1]) if len(sys.argv) > 1 else 8000

USER, PASSWORD = 'ada', 'lovelace'


class AuthHandler(http.server.SimpleHTTPRequestHandler):
    expected = 'Basic ' + base64.b64encode(f'{USER}:{PASSWORD}'.encode()).decode()

    def do_GET(self):
        if self.headers.get('Authorization') != self.expected:
            self.send_response(401)
            self.send_header('WWW-Authenticate', 'Basic realm="httpsim"')
            self.send_header('Content-Type', 'text/plain')
            self.end_headers()
            self.wfile.write(b'Who are you? Send Authorization: Basic ...\n')
            return
        super().do_GET()


with socketserver.TCPServer(("", port), AuthHandler) as httpd:
    print("serving at port", port)
    httpd.serve_forever()
