# A file written by the script, then served and listed by the library:
# POST appends to notes/log.txt; GET of the folder lists it.
import os
import sys
from http.server import SimpleHTTPRequestHandler, HTTPServer

os.makedirs('notes', exist_ok=True)
print('cwd has', sorted(os.listdir('.'))[:3])


class NotesHandler(SimpleHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers['Content-Length'])
        text = self.rfile.read(n).decode('utf-8')
        with open(os.path.join('notes', 'log.txt'), 'a') as f:
            f.write(text + '\n')
        with open('notes/log.txt') as f:
            lines = f.read().splitlines()
        body = ('%d notes\n' % len(lines)).encode()
        self.send_response(201)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        print('exists:', os.path.exists('notes/log.txt'), os.path.isdir('notes'), os.path.getsize('notes/log.txt'))


HTTPServer(('', int(sys.argv[1])), NotesHandler).serve_forever()
