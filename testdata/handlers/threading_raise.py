# ThreadingHTTPServer (3.7+; 3.6 has none) and a handler that raises:
# the traceback starts in the request's thread.
import sys
from http import server


class Handler(server.BaseHTTPRequestHandler):
    routes = {'/ok': b'fine\n'}

    def do_GET(self):
        body = self.routes[self.path]
        self.send_response(200)
        self.end_headers()
        self.wfile.write(body)


httpd = server.ThreadingHTTPServer(('', int(sys.argv[1])), Handler)
print('threads:', httpd.daemon_threads)
httpd.serve_forever()
