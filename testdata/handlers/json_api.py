# A small JSON API: GET /api/items lists, POST /api/items adds one.
import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urlparse, parse_qs

ITEMS = [{"id": 1, "name": "apple"}]


class APIHandler(BaseHTTPRequestHandler):
    def _send_json(self, status, obj):
        body = json.dumps(obj).encode('utf-8')
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        url = urlparse(self.path)
        if url.path == '/api/items':
            q = parse_qs(url.query)
            items = ITEMS
            if 'name' in q:
                items = [i for i in ITEMS if i['name'] == q['name'][0]]
            self._send_json(200, {"items": items})
        else:
            self._send_json(404, {"error": "not found", "path": url.path})

    def do_POST(self):
        length = int(self.headers.get('Content-Length', 0))
        data = self.rfile.read(length)
        try:
            item = json.loads(data)
        except ValueError as e:
            self._send_json(400, {"error": str(e)})
            return
        item["id"] = len(ITEMS) + 1
        ITEMS.append(item)
        self._send_json(201, item)


if __name__ == '__main__':
    HTTPServer(('', int(sys.argv[1])), APIHandler).serve_forever()
