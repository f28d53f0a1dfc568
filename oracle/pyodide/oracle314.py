# The 3.14 oracle's Python half. driver.mjs loads Pyodide (CPython 3.14.2
# in WebAssembly) under Node, imports this module and calls serve() once
# per corpus case. serve() starts the server the way a user does
# (python -m http.server ..., python upload.py ...): the real module or
# script runs as __main__, test() prints its startup line and calls
# serve_forever(), and the whole socketserver/http.server path runs as in
# CPython on Linux. Only what Pyodide has no way to do is replaced, and
# nothing on that path:
#
# * socket.socket: there is no network. The listening socket is a
#   _Listener whose accept() hands over one _Connection holding the
#   case's bytes; the response is what the server sendall()s to it. The
#   client has half-closed: recv returns b'' once the bytes are read.
# * socketserver._ServerSelector: nothing to poll. The selector reports
#   the listener ready while a connection is pending, and once it has
#   been served stops the server with _Killed, as the TCP oracle kills
#   CPython after the case.
# * threading.Thread.start: Pyodide cannot start a thread, so
#   ThreadingMixIn's per-connection thread runs its target at once, in
#   the caller's thread; process_request_thread and everything below it
#   run unchanged.
#
# sys.stdout and sys.stderr are fresh per case, as CPython sets them up
# with -u under LC_ALL=C.UTF-8: UTF-8, strict on stdout, backslashreplace
# on stderr. mimetypes is pinned to its built-in table, as the other
# oracles' sitecustomize.py does.
import base64
import io
import json
import os
import shutil
import socket
import sys
import threading
import traceback
import types

# The scratch directory has the length of corpus.RecordedRoot's parent,
# like the TCP oracle's, so that pages that show the served directory
# have the same length.
SCRATCH = '/dev/shm/httpsim-oracle-00000000'
WWW = SCRATCH + '/www'
PYSRC = SCRATCH + '/pysrc'

# The client address every connection comes from; its port is
# normalised to $CPORT in handle_error's report.
CLIENT = ('127.0.0.1', 54321)

_fixture = []
_fixture_mtime = 0
_real_socket = socket.socket
_real_start = threading.Thread.start


class _Killed(BaseException):
    """Stops the server after its connection, like a kill signal: no
    except clause on the server path catches it."""


class _Connection:
    """An accepted connection: the case's bytes to read, then EOF."""

    def __init__(self, data):
        self._in = io.BytesIO(data)
        self.out = bytearray()
        self._io_refs = 0
        self._closed = False
        self.family = socket.AF_INET
        self.type = socket.SOCK_STREAM

    makefile = _real_socket.makefile

    def recv_into(self, b, nbytes=0, flags=0):
        n = len(b) if not nbytes else min(nbytes, len(b))
        chunk = self._in.read(n)
        b[:len(chunk)] = chunk
        return len(chunk)

    def recv(self, n, flags=0):
        return self._in.read(n)

    def sendall(self, data, flags=0):
        if self._closed:
            raise OSError(9, 'Bad file descriptor')
        self.out += data

    def send(self, data, flags=0):
        self.sendall(data)
        return len(data)

    def _decref_socketios(self):
        if self._io_refs > 0:
            self._io_refs -= 1
        if self._closed:
            self.close()

    def shutdown(self, how):
        pass

    def close(self):
        self._closed = True

    def settimeout(self, t):
        pass

    def gettimeout(self):
        return None

    def setsockopt(self, *args):
        pass

    def getsockname(self):
        return ('127.0.0.1', 8000)

    def getpeername(self):
        return CLIENT

    def fileno(self):
        return -1 if self._closed else 4


class _Listener:
    """The server's listening socket. bind() keeps the address it is given,
    port 0 becoming 8000 (the startup line shows it, normalised to $PORT);
    accept() hands over the one pending connection."""

    pending = None  # set by serve() before the server starts

    def __init__(self, family=socket.AF_INET, type=socket.SOCK_STREAM, proto=0, fileno=None):
        self.family, self.type = family, type
        self._addr = None

    def setsockopt(self, *args):
        pass

    def bind(self, addr):
        host, port = addr[:2]
        self._addr = (host, port or 8000) + tuple(addr[2:])

    def listen(self, backlog=0):
        pass

    def getsockname(self):
        return self._addr

    def gettimeout(self):
        return None

    def fileno(self):
        return 3

    def accept(self):
        conn, _Listener.pending = _Listener.pending, None
        if conn is None:
            raise BlockingIOError(11, 'Resource temporarily unavailable')
        return conn, CLIENT

    def close(self):
        pass


class _Selector:
    """Stands in for socketserver._ServerSelector (PollSelector)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def register(self, fileobj, events, data=None):
        self._key = fileobj

    def select(self, timeout=None):
        if _Listener.pending is None:
            raise _Killed()
        return [(self._key, 1)]

    def close(self):
        pass


def _start_inline(self):
    # What the new thread would run, run now.
    self.run()


def set_fixture(entries_json):
    """Keeps the fixture tree (a JSON list of internal/fixture entries:
    path, dir, link target, data, each base64 but dir) for every later
    case."""
    global _fixture
    _fixture = json.loads(entries_json)


def _lay_fixture():
    shutil.rmtree(SCRATCH, ignore_errors=True)
    os.makedirs(WWW)
    os.makedirs(PYSRC)
    # Names are bytes: some are not UTF-8.
    www = os.fsencode(WWW)
    for e in _fixture:
        p = os.path.join(www, base64.b64decode(e['path']))
        if e.get('dir'):
            os.mkdir(p, 0o755)
        elif e.get('link') is not None:
            os.symlink(base64.b64decode(e['link']), p)
        else:
            with open(p, 'wb') as f:
                f.write(base64.b64decode(e.get('data') or ''))
            os.chmod(p, 0o644)
    # Times last, children before parents, as internal/fixture does.
    t = _fixture_mtime
    for e in reversed(_fixture):
        if e.get('link') is None:
            os.utime(os.path.join(www, base64.b64decode(e['path'])), (t, t))
    os.utime(WWW, (t, t))


def set_mtime(t):
    """Sets the time of every fixture file and directory (Unix seconds)."""
    global _fixture_mtime
    _fixture_mtime = t


def setup():
    """What a new interpreter does before the server module runs: the
    oracles' sitecustomize pins mimetypes to its built-in table."""
    import mimetypes
    mimetypes.knownfiles[:] = []
    mimetypes.init()
    import socketserver
    socketserver._ServerSelector = _Selector


def _fresh_modules():
    # A new process imports http.server afresh (python -m runs a fresh
    # copy anyway, and runpy warns if the module is already imported).
    # socketserver holds no state that a server changes, so it stays, with
    # its selector replaced once.
    sys.modules.pop('http.server', None)
    # So are the scripts' own modules (serve.py imports upload.py).
    for name, mod in list(sys.modules.items()):
        if (getattr(mod, '__file__', None) or '').startswith(SCRATCH + '/'):
            del sys.modules[name]


def _streams():
    out = io.BytesIO()
    err = io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding='utf-8', errors='strict', write_through=True)
    stderr = io.TextIOWrapper(err, encoding='utf-8', errors='backslashreplace', write_through=True)
    return out, err, stdout, stderr


def _print_uncaught(e, skip):
    # CPython's top level prints the traceback from the first frame of
    # the script or of runpy; the frames of this module are not CPython's.
    tb = e.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == skip:
        tb = tb.tb_next
    traceback.print_exception(type(e), e, tb, file=sys.stderr)


def serve(case_json):
    """Serves one case: {"argv": [...] (after python -u), "scripts":
    [{"name", "source", "dir"}], "request": base64, "fresh": lay the
    fixture tree anew first, "files": [{"path", "data", "sec", "nsec"}] to
    add to it, "stat": [paths whose st_mtime to report]}. Returns JSON
    {"response", "stdout", "stderr" (base64), "exited", "code",
    "stats"}."""
    case = json.loads(case_json)
    if case.get("fresh") or not os.path.isdir(WWW):
        _lay_fixture()
    argv = list(case['argv'])
    stats = {}
    if case.get('files'):
        for f in case['files']:
            p = os.path.join(WWW, f['path'])
            with open(p, 'wb') as fh:
                fh.write(base64.b64decode(f['data']))
            ns = f['sec'] * 10**9 + f['nsec']
            os.utime(p, ns=(ns, ns))
    for name in case.get('stat') or ():
        stats[name] = repr(os.stat(os.path.join(WWW, name)).st_mtime)
    for script in case.get('scripts') or ():
        path = os.path.join(script.get('dir') or PYSRC, script['name'])
        with open(path, 'w', encoding='utf-8') as f:
            f.write(script['source'])
    _fresh_modules()
    conn = _Connection(base64.b64decode(case['request']))
    _Listener.pending = conn

    out, err, stdout, stderr = _streams()
    saved = (sys.stdout, sys.stderr, sys.argv, list(sys.path), sys.modules.get('__main__'), os.getcwd())
    sys.stdout, sys.stderr = stdout, stderr
    socket.socket = _Listener
    threading.Thread.start = _start_inline
    main = types.ModuleType('__main__')
    sys.modules['__main__'] = main
    exited, code = True, 0
    os.chdir(WWW)
    try:
        if argv[0] == '-m':
            import runpy
            sys.argv = ['-m'] + argv[2:]
            sys.path[0] = WWW
            runpy._run_module_as_main(argv[1], alter_argv=True)
        else:
            sys.argv = [argv[0]] + argv[1:]
            sys.path[0] = os.path.dirname(argv[0])
            main.__dict__.update(__file__=argv[0], __builtins__=__builtins__, __cached__=None)
            with open(argv[0], 'rb') as f:
                src = f.read()
            exec(compile(src, argv[0], 'exec'), main.__dict__)
    except _Killed:
        exited = False
    except SystemExit as e:
        if e.code is None:
            code = 0
        elif isinstance(e.code, int):
            code = e.code
        else:
            print(e.code, file=sys.stderr)
            code = 1
    except BaseException as e:
        _print_uncaught(e, __file__)
        code = 1
    finally:
        stdout.flush()
        stderr.flush()
        socket.socket = _real_socket
        threading.Thread.start = _real_start
        sys.stdout, sys.stderr, sys.argv = saved[0], saved[1], saved[2]
        sys.path[:] = saved[3]
        if saved[4] is not None:
            sys.modules['__main__'] = saved[4]
        os.chdir(saved[5])
        _Listener.pending = None
    b64 = lambda b: base64.b64encode(bytes(b)).decode('ascii')
    return json.dumps({
        'response': b64(conn.out),
        'stdout': b64(out.getvalue()),
        'stderr': b64(err.getvalue()),
        'exited': exited,
        'code': code,
        'stats': stats,
    })
