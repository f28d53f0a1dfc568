# Serve the directory like python -m http.server, but log one short line
# per request on stdout instead of the usual line on stderr.
# python server.py [PORT]
import http.server
import socketserver
import sys

port = int(sys.argv[1]) if len(sys.argv) > 1 else 8000


class ShortLogHandler(http.server.SimpleHTTPRequestHandler):

    def log_message(self, format, *args):
        message = format % args
        print(f'{self.command} {self.path} -> {message}')


with socketserver.TCPServer(("", port), ShortLogHandler) as httpd:
    print("serving at port", port)
    httpd.serve_forever()
