# send_error overridden: every error the library sends is the learner's page.
import sys
from http.server import SimpleHTTPRequestHandler, HTTPServer


class FriendlyHandler(SimpleHTTPRequestHandler):
    def send_error(self, code, message=None, explain=None):
        body = ('<h1>Oops: %d</h1><p>%s</p>\n' % (code, message)).encode()
        self.send_response(code, message)
        self.send_header('Content-Type', 'text/html')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(body)


HTTPServer(('', int(sys.argv[1])), FriendlyHandler).serve_forever()
