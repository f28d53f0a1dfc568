# Serves the directory argv[1] with SimpleHTTPRequestHandler and prints, as
# JSON, what this interpreter does with each file's modification time:
# st_mtime, the Last-Modified header, and the status of a GET whose
# If-Modified-Since is the file's whole second (mtime truncated). The
# files' names and times are set by sim/mtime_test.go, which compares the
# simulator with the recording (-update-mtime re-records it).
# Runs under 2.7 and 3.x: python mtime.py DIR
import email.utils
import json
import os
import socket
import sys
import threading

try:
    from http.server import HTTPServer, SimpleHTTPRequestHandler
except ImportError:
    from BaseHTTPServer import HTTPServer
    from SimpleHTTPServer import SimpleHTTPRequestHandler

os.chdir(sys.argv[1])
raised = []


class Handler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Server(HTTPServer):
    def handle_error(self, request, client_address):
        e = sys.exc_info()[1]
        raised.append('%s: %s' % (type(e).__name__, e))


srv = Server(('127.0.0.1', 0), Handler)
th = threading.Thread(target=srv.serve_forever)
th.daemon = True
th.start()


def get(path, ims=None):
    c = socket.create_connection(('127.0.0.1', srv.server_address[1]))
    req = 'GET /%s HTTP/1.0\r\n' % path
    if ims:
        req += 'If-Modified-Since: %s\r\n' % ims
    c.sendall((req + '\r\n').encode('latin-1'))
    data = b''
    while True:
        b = c.recv(65536)
        if not b:
            break
        data += b
    c.close()
    return data.decode('latin-1').split('\r\n')


out = []
for name in sorted(os.listdir('.')):
    st = os.stat(name)
    sec = int(name.split('.')[0])
    del raised[:]
    lines = get(name)
    lm = [l[len('Last-Modified: '):] for l in lines if l.startswith('Last-Modified: ')]
    ims = email.utils.formatdate(sec, usegmt=True) if sec < 253402300800 else None
    ims_lines = get(name, ims) if ims else ['']
    out.append({
        'name': name,
        'st_mtime': repr(st.st_mtime),
        'status': lines[0],
        'last_modified': lm[0] if lm else None,
        'if_modified_since': ims,
        'ims_status': ims_lines[0],
        'raised': list(raised),
    })
srv.shutdown()
json.dump(out, sys.stdout, indent=1, sort_keys=True)
sys.stdout.write('\n')
