# super() reaches the library: do_GET adds a header through send_response
# and end_headers overrides, and falls back to the parent's do_GET.
import sys
import http.server


class Handler(http.server.SimpleHTTPRequestHandler):
    def send_response(self, code, message=None):
        super().send_response(code, message)
        self.send_header('X-Handled-By', type(self).__name__)

    def do_GET(self):
        if self.path == '/hello':
            self.path = '/hello.txt'
        print('GET', self.path, self.command, self.request_version)
        return super().do_GET()

    def do_HEAD(self):
        print('HEAD', self.path)
        http.server.SimpleHTTPRequestHandler.do_HEAD(self)


server = http.server.HTTPServer(('', int(sys.argv[1])), Handler)
server.serve_forever()
