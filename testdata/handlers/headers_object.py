# self.headers as the profile's message object: str(), get, [], items, in.
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def do_GET(self):
        h = self.headers
        lines = [
            'str: %r' % str(h),
            'get: %r %r' % (h.get('host'), h.get('X-Missing', 'default')),
            'item: %r %r' % (h['User-Agent'], h['nope']),
            'items: %r' % (h.items(),),
            'in: %r %r' % ('HOST' in h, 'cookie' in h),
            'keys: %r' % (h.keys(),),
            'len: %d' % len(h),
        ]
        body = ('\n'.join(lines) + '\n').encode()
        self.send_response(200)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)


HTTPServer(('', int(sys.argv[1])), Handler).serve_forever()
