# driver.py runs cgi.FieldStorage the way the showcase handler's do_POST
# does (sim/pysrc/seed3.py, seed2.py) and reports what happened, for the
# differential test in sim/pycgi. It runs unchanged under Python 2.7 and 3.x.
#
# Input (stdin): one case per line, "NAME HEAD_HEX BODY_HEX MAXNUMFIELDS",
# where MAXNUMFIELDS is "-" for None. HEAD is the request line and header
# block, blank line included; BODY is the rest of the connection's input.
#
# Each case goes through a real socket pair: the request is read from
# connection.makefile('rb', -1) exactly as StreamRequestHandler sets up
# rfile, the headers are parsed as BaseHTTPRequestHandler.parse_request
# does (http.client.parse_headers in 3.x, mimetools.Message(rfile, 0) in
# 2.7), then the handler's statement runs:
#
#     form = cgi.FieldStorage(fp=self.rfile, headers=self.headers,
#                             environ={'REQUEST_METHOD': 'POST',
#                                      'CONTENT_TYPE': self.headers['Content-Type']})
#     for item in form.list:
#         print(item)
#
# Output (stdout), per case, ASCII only (text fields are hex):
#
#     case NAME
#     hdr content-type HEX|-        the value FieldStorage sees, "-" if absent
#     item HEX                      str(item), UTF-8 in 3.x
#     consumed N                    body bytes taken from rfile
#     exc TYPE HEX                  exception type name and str(exception)
#     frame MODULE.QUALNAME LINE FILE  frames below the handler, innermost
#                                   last; FILE is relative to the stdlib
#     stderr HEX                    anything written to sys.stderr, warnings included
#     end
import binascii
import os
import socket
import sys
import threading
import warnings

PY3 = sys.version_info[0] >= 3

with warnings.catch_warnings():
    warnings.simplefilter('ignore')
    import cgi
    if PY3:
        import http.client
        from io import StringIO
    else:
        import mimetools
        from StringIO import StringIO

STDLIB = os.path.dirname(os.__file__)
HEADERS = ('content-type', 'content-length', 'content-disposition')
out = []


def emit(*fields):
    out.append(' '.join(str(f) for f in fields))


def hexs(s):
    if PY3 and not isinstance(s, bytes):
        s = s.encode('utf-8')
    h = binascii.hexlify(s)
    if PY3:
        h = h.decode('ascii')
    return h or '""'


def unhex(s):
    if s == '""':
        return b''
    return binascii.unhexlify(s.encode('ascii') if PY3 else s)


def writer(sock, data):
    try:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
    except socket.error:
        pass


def connection():
    # A loopback TCP connection, so that rfile is what accept() gives a
    # StreamRequestHandler: socket._fileobject in 2.7, a BufferedReader
    # over SocketIO in 3.x.
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(('127.0.0.1', 0))
    srv.listen(1)
    client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    client.connect(srv.getsockname())
    conn = srv.accept()[0]
    srv.close()
    return client, conn


def qualname(frame):
    code = frame.f_code
    mod = frame.f_globals.get('__name__', '?')
    slf = frame.f_locals.get('self')
    if slf is not None and code.co_varnames[:1] == ('self',):
        for klass in type(slf).__mro__ if PY3 else _mro(slf.__class__):
            for v in vars(klass).values():
                if getattr(v, '__code__', None) is code:
                    return '%s.%s.%s' % (klass.__module__, klass.__name__, code.co_name)
    return '%s.%s' % (mod, code.co_name)


def _mro(klass):
    seen = [klass]
    for b in klass.__bases__:
        seen.extend(_mro(b))
    return seen


def handler(rfile, headers, max_num_fields):
    kw = {}
    if max_num_fields is not None:
        kw['max_num_fields'] = max_num_fields
    form = cgi.FieldStorage(
        fp=rfile,
        headers=headers,
        environ={'REQUEST_METHOD': 'POST',
                 'CONTENT_TYPE': headers['Content-Type']}, **kw)
    for item in form.list:
        emit('item', hexs(str(item)))


def run(name, head, body, max_num_fields):
    emit('case', name)
    a, b = connection()
    t = threading.Thread(target=writer, args=(a, head + body))
    t.start()
    rfile = b.makefile('rb', -1)
    rfile.readline(65537)
    if PY3:
        headers = http.client.parse_headers(rfile)
        get = headers.get
    else:
        headers = mimetools.Message(rfile, 0)
        get = headers.dict.get
    for h in HEADERS:
        v = get(h)
        emit('hdr', h, '-' if v is None else hexs(v))
    saved = sys.stderr
    sys.stderr = err = StringIO()
    exc = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('always')
            try:
                handler(rfile, headers, max_num_fields)
            except Exception:
                exc = sys.exc_info()
    finally:
        sys.stderr = saved
    rest = rfile.read()
    emit('consumed', len(body) - len(rest))
    if exc is not None:
        emit('exc', exc[0].__name__, hexs(str(exc[1])))
        tb = exc[2]
        frames = []
        while tb is not None:
            frames.append((tb.tb_frame, tb.tb_lineno))
            tb = tb.tb_next
        # Drop the driver's own frames: run() and handler().
        for frame, line in frames:
            if frame.f_code.co_filename == __file__ or frame.f_globals.get('__name__') == '__main__':
                continue
            emit('frame', qualname(frame), line,
                 os.path.relpath(frame.f_code.co_filename, STDLIB))
    if err.getvalue():
        emit('stderr', hexs(err.getvalue()))
    emit('end')
    rfile.close()
    b.close()
    t.join()
    a.close()


def main():
    data = sys.stdin.read()
    for line in data.splitlines():
        if not line.strip():
            continue
        name, head, body, mnf = line.split(' ')
        run(name, unhex(head), unhex(body), None if mnf == '-' else int(mnf))
    sys.stdout.write('\n'.join(out) + '\n')


main()
