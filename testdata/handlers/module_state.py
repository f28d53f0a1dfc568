# Module state lives as long as the process: a counter across requests.
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

hits = 0


class CounterHandler(BaseHTTPRequestHandler):
    seen = []

    def do_GET(self):
        global hits
        hits += 1
        self.seen.append(self.path)
        body = ('hit %d, paths %r\n' % (hits, self.seen)).encode()
        self.send_response(200)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        print('hits =', hits)


print('starting with', hits, 'hits')
HTTPServer(('', int(sys.argv[1])), CounterHandler).serve_forever()
