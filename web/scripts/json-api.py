# A tiny JSON API: GET /api/notes lists the notes, POST /api/notes adds
# one. The notes live in a class attribute, so they last as long as the
# process, across requests.
# python server.py [PORT]
import http.server
import json
import socketserver
import sys

port = int(sys.argv[1]) if len(sys.argv) > 1 else 8000


class NotesAPI(http.server.BaseHTTPRequestHandler):
    notes = []

    def send_json(self, status, obj):
        body = json.dumps(obj, indent=2).encode() + b'\n'
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path != '/api/notes':
            self.send_error(404, 'Try /api/notes')
            return
        self.send_json(200, {'notes': self.notes})

    def do_POST(self):
        if self.path != '/api/notes':
            self.send_error(404, 'Try /api/notes')
            return
        length = int(self.headers.get('Content-Length', 0))
        try:
            note = json.loads(self.rfile.read(length))
        except ValueError as e:
            self.send_json(400, {'error': str(e)})
            return
        self.notes.append(note)
        self.send_json(201, {'id': len(self.notes), 'note': note})


with socketserver.TCPServer(("", port), NotesAPI) as httpd:
    print("serving at port", port)
    httpd.serve_forever()
