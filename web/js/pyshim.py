# The Python side of a learner's handler script (js/pyruntime.js loads
# it once per interpreter). The script runs as __main__ on Pyodide's
# CPython; the modules a handler script imports for its server
# (http.server, socketserver, cgi) are shadowed by modules whose classes
# call the Go simulator, so Go stays the server: it parses, dispatches
# and runs every inherited method for the chosen profile, and calls the
# learner's methods through `call` below. This file is the only Python
# that knows the bridge; it hands the script no way to reach it.

import builtins
import importlib.abc
import importlib.machinery
import linecache
import sys
import traceback
import types
import warnings

_state = types.SimpleNamespace(
    go=None, to_js=None, obj=None,      # the bridge, captured at install
    minor=312, name='3.12', file='server.py', display='server.py',
    startup=[], conn_stack=[], conns={}, excs={}, next_exc=0,
    server=None, handler_classes=[], modules={}, library={},
)


class _Serving(BaseException):
    """serve_forever was called: module code stops here and the page
    takes over as the client."""


# --- values across the bridge ------------------------------------------

class _Ref:
    __slots__ = ('_n',)

    def __init__(self, n):
        self._n = n

    def __repr__(self):
        return '<object>'


def _enc(v):
    from http import HTTPStatus
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, HTTPStatus):
        return {'$status': int(v)}
    if isinstance(v, int):
        return int(v)
    if isinstance(v, float):
        return {'$float': v}
    if isinstance(v, (bytes, bytearray, memoryview)):
        return _state.to_js(bytes(v))
    if isinstance(v, _Ref):
        return {'$ref': v._n}
    if isinstance(v, (list, tuple)):
        return [_enc(x) for x in v]
    return str(v)


def _dec(v):
    from http import HTTPStatus
    if isinstance(v, memoryview):
        return bytes(v)
    if isinstance(v, list):
        return [_dec(x) for x in v]
    if isinstance(v, dict):
        if '$status' in v:
            try:
                return HTTPStatus(int(v['$status']))
            except ValueError:
                return int(v['$status'])
        if '$ref' in v:
            return _Ref(int(v['$ref']))
        if '$float' in v:
            return float(v['$float'])
        if '$headers' in v:
            h = v['$headers']
            return HTTPMessage([(n, val) for n, val in h['fields']], h['text'])
        return {k: _dec(x) for k, x in v.items()}
    return v


def _js(v):
    return _state.to_js(v, dict_converter=_state.obj.fromEntries)


def _raise_from(err):
    """Raises the exception Go reported: one of the learner's own that
    passed through Go is the same object again."""
    exc = _state.excs.get(int(err.get('id') or 0))
    if exc is not None:
        raise exc.with_traceback(exc.__traceback__)
    typ = getattr(builtins, err.get('type') or 'SystemError', None)
    if not (isinstance(typ, type) and issubclass(typ, BaseException)):
        typ = RuntimeError
    raise typ(err.get('msg') or '')


def _go(fn, *args):
    """Calls the Go bridge and returns its value; a bridge error is a
    bug here, never the learner's."""
    r = getattr(_state.go, fn)(*[_js(a) for a in args])
    r = r.to_py() if hasattr(r, 'to_py') else r
    if r.get('error') is not None:
        raise SystemError(str(r['error']))
    return r.get('value')


def _go_result(fn, *args):
    """Calls a bridge function that answers {value} or {error: exception}."""
    v = _go(fn, *args)
    if v.get('error') is not None:
        _raise_from(v['error'])
    return _dec(v.get('value'))


# --- streams ------------------------------------------------------------

class _Out:
    """sys.stdout / sys.stderr: during a request, the process's streams
    in Go (so they interleave with the log); before, startup output."""

    def __init__(self, name):
        self.name = name
        self.encoding = 'utf-8'
        self.errors = 'strict'

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError('write() argument must be str, not %s' % type(s).__name__)
        if not s:
            return 0
        if _state.conn_stack:
            _go('out', _state.conn_stack[-1], self.name, s)
        else:
            st = _state.startup
            if st and st[-1]['stream'] == self.name:
                st[-1]['text'] += s
            else:
                st.append({'stream': self.name, 'text': s})
        return len(s)

    def flush(self):
        pass

    def isatty(self):
        return False

    def writable(self):
        return True

    def fileno(self):
        return 1 if self.name == 'stdout' else 2


class _RFile:
    """self.rfile: the connection's input after the request head."""

    def __init__(self, conn):
        self._conn = conn

    def read(self, n=-1):
        if n is None:
            n = -1
        return _go_bytes('read', self._conn, int(n))

    def readline(self, limit=-1):
        if limit is None:
            limit = -1
        return _go_bytes('readline', self._conn, int(limit))

    def readlines(self, hint=-1):
        out = []
        while True:
            line = self.readline()
            if not line:
                return out
            out.append(line)

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def close(self):
        pass


def _go_bytes(fn, conn, n):
    v = _go(fn, conn, n)
    if v.get('error'):
        raise ConnectionResetError(104, 'Connection reset by peer')
    return bytes(v['value']) if v.get('value') is not None else b''


class _WFile:
    """self.wfile: socketserver's _SocketWriter, unbuffered."""

    def __init__(self, conn):
        self._conn = conn

    def write(self, b):
        if isinstance(b, str) or not isinstance(b, (bytes, bytearray, memoryview)):
            raise TypeError("a bytes-like object is required, not '%s'" % type(b).__name__)
        data = bytes(b)
        _go('write', self._conn, data)
        return len(data)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        pass

    def close(self):
        pass

    def writable(self):
        return True


# --- self.headers ---------------------------------------------------------

class HTTPMessage:
    """http.client.HTTPMessage as the handler holds it: str() is what
    print(self.headers) writes (computed by Go for the profile)."""

    def __init__(self, fields, text):
        self._fields = list(fields)
        self._text = text

    def __str__(self):
        return self._text

    def as_string(self):
        return self._text

    def __len__(self):
        return len(self._fields)

    def __contains__(self, name):
        name = name.lower()
        return any(k.lower() == name for k, _ in self._fields)

    def __iter__(self):
        return iter([k for k, _ in self._fields])

    def __getitem__(self, name):
        return self.get(name)

    def get(self, name, failobj=None):
        name = name.lower()
        for k, v in self._fields:
            if k.lower() == name:
                return v
        return failobj

    def get_all(self, name, failobj=None):
        name = name.lower()
        vals = [v for k, v in self._fields if k.lower() == name]
        return vals or failobj

    def keys(self):
        return [k for k, _ in self._fields]

    def values(self):
        return [v for _, v in self._fields]

    def items(self):
        return list(self._fields)

    def get_content_type(self):
        ct = (self.get('content-type') or '').split(';')[0].strip().lower()
        return ct if ct.count('/') == 1 else 'text/plain'

    def __repr__(self):
        return '<http.client.HTTPMessage object at 0x%x>' % id(self)


# --- the handler classes --------------------------------------------------

def _attr(self, name):
    v = _go('attr', self._httpsim_conn, name)
    if not v['has']:
        raise AttributeError("'%s' object has no attribute '%s'" % (type(self).__name__, name))
    return _dec(v['value'])


def _data_attr(name, settable=False):
    def get(self):
        if name in self.__dict__:
            return self.__dict__[name]
        v = _attr(self, name)
        if name == 'headers' and isinstance(v, HTTPMessage):
            self.__dict__['headers'] = v
        return v

    def set(self, value):
        if settable and _go('setattr', self._httpsim_conn, name, value):
            return
        self.__dict__[name] = value
    return property(get, set)


def _library_method(cls_name, name):
    def method(self, *args):
        return _go_result('inherited', self._httpsim_conn, cls_name, name, list(args))
    method.__name__ = name
    method.__qualname__ = cls_name + '.' + name
    return method


class BaseRequestHandler:
    def __init__(self, request, client_address, server):
        self.request = request
        self.client_address = client_address
        self.server = server


class StreamRequestHandler(BaseRequestHandler):
    rbufsize = -1
    wbufsize = 0
    timeout = None
    disable_nagle_algorithm = False

    @property
    def rfile(self):
        return self.__dict__.setdefault('rfile', _RFile(self._httpsim_conn))

    @property
    def wfile(self):
        return self.__dict__.setdefault('wfile', _WFile(self._httpsim_conn))


class BaseHTTPRequestHandler(StreamRequestHandler):
    default_request_version = 'HTTP/0.9'
    protocol_version = 'HTTP/1.0'
    MessageClass = HTTPMessage
    error_content_type = 'text/html;charset=utf-8'

    path = _data_attr('path', settable=True)
    command = _data_attr('command')
    request_version = _data_attr('request_version')
    requestline = _data_attr('requestline')
    raw_requestline = _data_attr('raw_requestline')
    close_connection = _data_attr('close_connection', settable=True)
    headers = _data_attr('headers')
    client_address = _data_attr('client_address')

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        _state.handler_classes.append(cls)


class SimpleHTTPRequestHandler(BaseHTTPRequestHandler):
    directory = _data_attr('directory')


def _simple_init(self, *args, directory=None, **kwargs):
    super(SimpleHTTPRequestHandler, self).__init__(*args, **kwargs)


_LIBRARY = (BaseRequestHandler, StreamRequestHandler, BaseHTTPRequestHandler, SimpleHTTPRequestHandler)
BaseHTTPRequestHandler.__init_subclass__ = classmethod(BaseHTTPRequestHandler.__init_subclass__.__func__)


def _add_library_methods(classes):
    for cls_name, names in classes.items():
        cls = {'StreamRequestHandler': StreamRequestHandler,
               'BaseHTTPRequestHandler': BaseHTTPRequestHandler,
               'SimpleHTTPRequestHandler': SimpleHTTPRequestHandler}[cls_name]
        for n in names:
            if n not in cls.__dict__:
                setattr(cls, n, _library_method(cls_name, n))


# --- servers ---------------------------------------------------------------

class BaseServer:
    timeout = None

    def __init__(self, server_address, RequestHandlerClass):
        self.server_address = server_address
        self.RequestHandlerClass = RequestHandlerClass

    def serve_forever(self, poll_interval=0.5):
        _state.server = self
        raise _Serving()

    def handle_request(self):
        _state.server = self
        raise _Serving()

    def shutdown(self):
        pass

    def server_close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *args):
        self.server_close()


_LOCAL = {'', '0.0.0.0', '127.0.0.1', 'localhost', '::', '::1'}


class TCPServer(BaseServer):
    address_family = 2
    socket_type = 1
    request_queue_size = 5
    allow_reuse_address = False

    def __init__(self, server_address, RequestHandlerClass, bind_and_activate=True):
        BaseServer.__init__(self, server_address, RequestHandlerClass)
        if bind_and_activate:
            try:
                self.server_bind()
                self.server_activate()
            except BaseException:
                self.server_close()
                raise

    def server_bind(self):
        host, port = self.server_address[0], self.server_address[1]
        if host not in _LOCAL:
            raise _oserror(99, 'Cannot assign requested address')
        self.server_address = ({'': '0.0.0.0', 'localhost': '127.0.0.1'}.get(host, host), port)

    def server_activate(self):
        pass

    def fileno(self):
        return 3


class ThreadingMixIn:
    daemon_threads = False
    block_on_close = True


class ThreadingTCPServer(ThreadingMixIn, TCPServer):
    pass


class HTTPServer(TCPServer):
    allow_reuse_address = 1

    def server_bind(self):
        TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = host
        self.server_port = port


class ThreadingHTTPServer(ThreadingMixIn, HTTPServer):
    daemon_threads = True


def _test(HandlerClass=BaseHTTPRequestHandler, ServerClass=None, protocol='HTTP/1.0', port=8000, bind=None):
    ServerClass = ServerClass or (ThreadingHTTPServer if _state.minor >= 37 else HTTPServer)
    HandlerClass.protocol_version = protocol
    httpd = ServerClass((bind or '', port), HandlerClass)
    host, port = httpd.socket.getsockname()[:2] if hasattr(httpd, 'socket') else httpd.server_address[:2]
    url_host = '[%s]' % host if ':' in host else host
    print('Serving HTTP on %s port %d (http://%s:%d/) ...' % (host, port, url_host, port))
    httpd.serve_forever()


# --- cgi ---------------------------------------------------------------------

def _cgi_items(fp):
    conn = getattr(fp, '_conn', None)
    if conn is None:
        raise TypeError('httpsim: cgi.FieldStorage reads only self.rfile here')
    return _go_result('fieldStorage', conn)


class MiniFieldStorage:
    filename = None
    list = None
    type = None
    file = None
    type_options = {}
    disposition = None
    disposition_options = {}
    headers = {}

    def __init__(self, name, value):
        self.name = name
        self.value = value
        self._repr = None

    def __repr__(self):
        return self._repr or 'MiniFieldStorage(%r, %r)' % (self.name, self.value)


class FieldStorage:
    def __init__(self, fp=None, headers=None, outerboundary=b'', environ=None, keep_blank_values=0,
                 strict_parsing=0, limit=None, encoding='utf-8', errors='replace', max_num_fields=None,
                 separator='&'):
        import ast
        self.list = []
        for text in _cgi_items(fp):
            item = None
            try:
                node = ast.parse(text, mode='eval').body
                args = [ast.literal_eval(a) for a in node.args]
                item = MiniFieldStorage(args[0], args[-1])
                if node.func.id == 'FieldStorage' and len(args) == 3:
                    item.filename = args[1]
            except Exception:
                item = MiniFieldStorage(None, text)
            item._repr = text
            self.list.append(item)

    def __contains__(self, key):
        return any(i.name == key for i in self.list)

    def __iter__(self):
        return iter(self.keys())

    def __len__(self):
        return len(self.keys())

    def keys(self):
        return list(dict.fromkeys(i.name for i in self.list))

    def __getitem__(self, key):
        found = [i for i in self.list if i.name == key]
        if not found:
            raise KeyError(key)
        return found[0] if len(found) == 1 else found

    def getvalue(self, key, default=None):
        if key not in self:
            return default
        v = self[key]
        return [i.value for i in v] if isinstance(v, list) else v.value

    def getfirst(self, key, default=None):
        for i in self.list:
            if i.name == key:
                return i.value
        return default

    def getlist(self, key):
        return [i.value for i in self.list if i.name == key]


# --- the shadow modules ------------------------------------------------------

def _make_modules():
    from http import HTTPStatus
    m = {}
    # SimpleHTTPRequestHandler.__init__ (directory=) arrived in 3.7.
    if _state.minor >= 37:
        SimpleHTTPRequestHandler.__init__ = _simple_init
    elif '__init__' in SimpleHTTPRequestHandler.__dict__:
        del SimpleHTTPRequestHandler.__init__
    ss = types.ModuleType('socketserver')
    for k, v in dict(BaseServer=BaseServer, TCPServer=TCPServer, ThreadingMixIn=ThreadingMixIn,
                     ThreadingTCPServer=ThreadingTCPServer, BaseRequestHandler=BaseRequestHandler,
                     StreamRequestHandler=StreamRequestHandler).items():
        setattr(ss, k, v)
    m['socketserver'] = ss
    hs = types.ModuleType('http.server')
    for k, v in dict(BaseHTTPRequestHandler=BaseHTTPRequestHandler,
                     SimpleHTTPRequestHandler=SimpleHTTPRequestHandler,
                     HTTPServer=HTTPServer, test=_test, HTTPStatus=HTTPStatus, socketserver=ss).items():
        setattr(hs, k, v)
    if _state.minor >= 37:
        hs.ThreadingHTTPServer = ThreadingHTTPServer
    m['http.server'] = hs
    for cls in (BaseServer, TCPServer, ThreadingMixIn, ThreadingTCPServer, BaseRequestHandler,
                StreamRequestHandler):
        cls.__module__ = 'socketserver'
    for cls in (BaseHTTPRequestHandler, SimpleHTTPRequestHandler, HTTPServer, ThreadingHTTPServer):
        cls.__module__ = 'http.server'
    if _state.minor < 313:
        cgi = types.ModuleType('cgi')
        cgi.FieldStorage = FieldStorage
        cgi.MiniFieldStorage = MiniFieldStorage
        FieldStorage.__module__ = MiniFieldStorage.__module__ = 'cgi'
        m['cgi'] = cgi
    return m


class _Loader(importlib.abc.Loader):
    def create_module(self, spec):
        return _state.modules[spec.name]

    def exec_module(self, module):
        if module.__name__ == 'cgi' and _state.minor in (311, 312):
            # As cgi.py does at import: the warning points at the importer,
            # the first frame that is neither this file nor importlib.
            f = sys._getframe(1)
            while f is not None and (f.f_code.co_filename == '<httpsim>'
                                     or f.f_code.co_filename.startswith('<frozen importlib')):
                f = f.f_back
            if f is not None:
                g = f.f_globals
                warnings.warn_explicit("'cgi' is deprecated and slated for removal in Python 3.13",
                                       DeprecationWarning, f.f_code.co_filename, f.f_lineno,
                                       module=g.get('__name__'), registry=g.setdefault('__warningregistry__', {}))


class _Finder(importlib.abc.MetaPathFinder):
    # Modules the script may not have: the bridge and the page. Refusing
    # them here, before any finder runs, is CPython's own answer for a
    # module that is not installed.
    # _ctypes: ctypes reaches emscripten_run_script, JavaScript's eval;
    # without it, import ctypes fails as on a CPython built without libffi.
    refused = ('js', 'pyodide', 'pyodide_js', '_pyodide', '_pyodide_core', 'micropip', '_ctypes')

    def find_spec(self, name, path=None, target=None):
        if name in _state.modules:
            return importlib.machinery.ModuleSpec(name, _Loader())
        if name.split('.')[0] in self.refused:
            raise ModuleNotFoundError("No module named %r" % name, name=name)
        return None


# --- running the script ------------------------------------------------------

def _user_module_names():
    return [n for n in list(sys.modules) if n not in _state.baseline]


def _reset():
    for n in _user_module_names():
        del sys.modules[n]
    _state.handler_classes = []
    _state.server = None
    _state.conns = {}
    _state.excs = {}
    _state.startup = []
    warnings.resetwarnings()
    warnings.filters[:] = list(_state.warn_filters)
    warnings.filterwarnings('default', category=DeprecationWarning, module='__main__')
    getattr(warnings, '_filters_mutated', lambda: None)()
    # The once-per-location registry lives on each module; a fresh
    # __main__ has none.
    sys.modules.pop('__main__', None)


def _error_info(exc, display):
    line = col = None
    if isinstance(exc, SyntaxError) and exc.filename == display:
        line, col = exc.lineno, exc.offset
    else:
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == display:
                line = tb.tb_lineno
            tb = tb.tb_next
    return line, col


def _char_offset(line, off):
    return len(line.encode('utf-8')[:off].decode('utf-8', errors='replace'))


def _width(text, upto):
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in text[:upto])


def _anchors_311(segment):
    """The ~ and ^ split 3.11 and 3.12 draw under a binary operation or
    a subscript: (left_end, right_start) in segment, or None."""
    import ast
    try:
        tree = ast.parse(segment)
    except SyntaxError:
        return None
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Expr):
        return None
    expr = tree.body[0].value
    norm = lambda off: _char_offset(segment, off)
    if isinstance(expr, ast.BinOp):
        op_start = norm(expr.left.end_col_offset)
        op_end = norm(expr.right.col_offset)
        op = segment[op_start:op_end]
        skip = len(op) - len(op.lstrip())
        left = expr.left.end_col_offset + skip
        right = left + 1
        if skip + 1 < len(op) and not op[skip + 1].isspace():
            right += 1
        while left < len(segment) and (segment[left].isspace() or segment[left] in ')#'):
            left += 1
            right += 1
        return norm(left), norm(right)
    if isinstance(expr, ast.Subscript):
        left = norm(expr.value.end_col_offset)
        right = norm(expr.slice.end_col_offset + 1)
        while left < len(segment) and segment[left] != '[':
            left += 1
        while right < len(segment) and segment[right] != ']':
            right += 1
        if right < len(segment):
            right += 1
        return left, right
    return None


def _carets_311(frame):
    """The caret line of 3.11 and 3.12: drawn unless the expression is
    the whole line."""
    if frame.colno is None or frame.end_colno is None:
        return ''
    line = linecache.getline(frame.filename, frame.lineno).rstrip('\n')
    stripped = line.strip()
    indent = len(line) - len(line.lstrip())
    start = _char_offset(line, frame.colno)
    end = _char_offset(line, frame.end_colno)
    segment = line[start:end]
    anchors = None
    if frame.lineno == frame.end_lineno:
        try:
            anchors = _anchors_311(segment)
        except Exception:
            anchors = None
    else:
        end = len(line.rstrip())
    if not (end - start < len(stripped) or (anchors and anchors[1] - anchors[0] > 0)):
        return ''
    ds, de = _width(line, start) + 1, _width(line, end) + 1
    out = '    ' + ' ' * (ds - 1 - indent)
    if anchors:
        l, r = _width(segment, anchors[0]), _width(segment, anchors[1])
        out += '~' * l + '^' * (r - l) + '~' * (de - ds - r)
    else:
        out += '^' * (de - ds)
    return out + '\n'


def _lib_key(frame):
    """Which recorded library frames stand for this shadow frame."""
    code = frame.f_code
    if code is SimpleHTTPRequestHandler.__dict__.get('__init__', _no_init).__code__:
        return 'init-simple'
    if code is _WFile.write.__code__:
        return 'wfile'
    if code is TCPServer.__init__.__code__:
        for k in type(frame.f_locals.get('self')).__mro__:
            if k in (TCPServer, HTTPServer, ThreadingHTTPServer):
                return 'bind-' + k.__name__
    return None


def _no_init(self):
    pass


def _library(entries):
    lib = '/usr/lib/python' + _state.name
    return [e.replace('$PYLIB', lib) for e in entries]


def _entries(exc, skip_outer=0):
    """The traceback entries of exc as this profile prints them: the
    learner's frames, then the library's where a shadow raised."""
    tb = exc.__traceback__
    for _ in range(skip_outer):
        if tb is not None:
            tb = tb.tb_next
    tail = []
    t = tb
    while t is not None:
        if t.tb_frame.f_code.co_filename == '<httpsim>':
            key = _lib_key(t.tb_frame)
            if key is not None:
                tail = _library(_state.frames.get(_state.name, {}).get('tail', {}).get(key, []))
                break
        t = t.tb_next
    te = traceback.TracebackException(type(exc), exc, tb)
    out = []
    for frame in te.stack:
        if frame.filename.startswith('<'):
            continue
        text = '  File "%s", line %d, in %s\n' % (frame.filename, frame.lineno, frame.name)
        if frame.line:
            text += '    %s\n' % frame.line.strip()
            if _state.minor >= 313:
                # 3.13's rules are 3.14's, whose module this is.
                full = traceback.StackSummary.from_list([frame]).format()[0]
                carets = full.splitlines(True)[2:]
                text += ''.join(carets)
            elif _state.minor >= 311:
                text += _carets_311(frame)
        out.append(text)
    return out + tail


# Modules 3.13 removed (PEP 594): 3.12 still names them when a NameError
# may be a forgotten import.
_REMOVED_313 = frozenset('aifc audioop cgi cgitb chunk crypt imghdr lib2to3 mailcap msilib nis nntplib '
                         'ossaudiodev pipes sndhdr spwd sunau telnetlib uu xdrlib'.split())


# Linux's numbers for the errno names Pyodide's C library numbers its
# own way (its ENOENT is 44), so messages read as on the machine
# `python FILE PORT` runs on.
_LINUX_ERRNO = dict(EPERM=1, ENOENT=2, EIO=5, EBADF=9, EAGAIN=11, ENOMEM=12, EACCES=13, EEXIST=17,
                    ENOTDIR=20, EISDIR=21, EINVAL=22, EMFILE=24, ENOSPC=28, EROFS=30, ENAMETOOLONG=36,
                    ENOTEMPTY=39, ELOOP=40, EADDRINUSE=98, EADDRNOTAVAIL=99, ENETUNREACH=101,
                    ECONNRESET=104, ETIMEDOUT=110, ECONNREFUSED=111, EHOSTUNREACH=113)


def _linux_errno(exc, text):
    import errno
    if not isinstance(exc, OSError) or getattr(exc, '_httpsim_linux', False) or exc.errno is None:
        return text
    linux = _LINUX_ERRNO.get(errno.errorcode.get(exc.errno, ''))
    if linux is None:
        return text
    return text.replace('[Errno %d]' % exc.errno, '[Errno %d]' % linux, 1)


def _oserror(num, msg, cls=OSError):
    e = cls(num, msg)
    e._httpsim_linux = True
    return e


def _exc_line(exc):
    import re
    te = traceback.TracebackException(type(exc), exc, exc.__traceback__)
    text = _linux_errno(exc, ''.join(te.format_exception_only()))
    if isinstance(exc, SyntaxError) and _state.minor < 310:
        return _legacy_syntax_error(exc, text)
    if _state.minor < 310:
        text = _strip_suggestion(text)
        # 3.10 began naming the function by its qualified name.
        text = re.sub(r'^(TypeError: )[\w.]+\.(\w+\(\) (missing|takes|got))', r'\1\2', text, flags=re.M)
    elif _state.minor < 312:
        text = re.sub(r"\.? (Or d|D)id you forget to import '[^']*'\?", '', text)
    elif _state.minor == 312 and isinstance(exc, NameError) and not isinstance(exc, UnboundLocalError):
        # 3.12 says it without a question mark, and knows the modules
        # 3.13 removed.
        text = re.sub(r"\.? (Or d|D)id you forget to import '[^']*'\?", '', text)
        name = getattr(exc, 'name', None)
        if name in sys.stdlib_module_names or name in _REMOVED_313:
            head, nl, rest = text.partition('\n')
            if 'Did you mean' in head:
                head += " Or did you forget to import '%s'" % name
            else:
                head += ". Did you forget to import '%s'" % name
            text = head + nl + rest
    return text


def _legacy_syntax_error(exc, text):
    """A SyntaxError as the LL(1) parser of 3.6-3.9 reported the cases it
    reported differently: the print statement (its own message, naming
    the call to write) with one caret."""
    line = (exc.text or '').rstrip('\n')
    stripped = line.lstrip()
    indent = len(line) - len(stripped)
    if exc.msg.startswith("Missing parentheses in call to 'print'") and stripped.startswith('print '):
        rest = stripped[len('print '):].strip()
        import tokenize, io
        toks = [t for t in tokenize.generate_tokens(io.StringIO(rest).readline) if t.type not in (tokenize.NEWLINE, tokenize.ENDMARKER)]
        first = toks[0] if toks else None
        col = len('print ') + (first.start[1] if first else 0)
        if _state.minor < 38 and first is not None:
            col = len('print ') + first.end[1] - 1
        msg = "Missing parentheses in call to 'print'. Did you mean print(%s)?" % rest
        return '  File "%s", line %d\n    %s\n    %s^\n%s: %s\n' % (
            exc.filename, exc.lineno, stripped, ' ' * col, type(exc).__name__, msg)
    return _strip_suggestion(text)


def _strip_suggestion(text):
    import re
    return re.sub(r'\. Did you (mean|forget to import)[^\n]*\?', '', text)


def _format(exc, skip_outer=0):
    if isinstance(exc, SyntaxError):
        return _exc_line(exc)
    return 'Traceback (most recent call last):\n' + ''.join(_entries(exc, skip_outer)) + _exc_line(exc)


def start(python, source, file, argv):
    try:
        return _start(python, source, file, argv)
    except BaseException:
        # A bug here, not in the learner's script: say so, whole.
        return _js({'internal': traceback.format_exc()})


def _start(python, source, file, argv):
    """Runs the script as __main__ and returns what the page needs:
    {ok, startup, error, spec, served, serverClass, note, steps}."""
    _state.name = python
    major, minor = python.split('.')
    _state.minor = int(major) * 10 + int(minor) if int(minor) < 10 else int(major) * 100 + int(minor)
    _reset()
    _state.modules = _make_modules()
    display = ('/srv/www/' + file) if _state.minor >= 39 else file
    _state.file, _state.display = file, display
    linecache.cache[display] = (len(source), None, source.splitlines(True), display)
    main = types.ModuleType('__main__')
    main.__file__ = display
    main.__builtins__ = builtins
    sys.modules['__main__'] = main
    sys.argv = list(argv)
    error = None
    _state.running = True
    try:
        code = compile(source, display, 'exec')
        _watch(code)
        _state.jumps = 0
        # Module code is the startup part of the dispatch path: its lines
        # (and those of the class bodies and functions it runs) are
        # recorded as a handler method's are, with the globals it defines.
        _state.recording = {'steps': [], 'pending': {}}
        sys.monitoring.restart_events()
        exec(code, main.__dict__)
    except _Serving:
        pass
    except SystemExit as e:
        error = {'type': 'SystemExit', 'message': str(e.code), 'line': None, 'col': None, 'traceback': ''}
    except BaseException as e:
        text = _format(e, skip_outer=1)
        _state.startup.append({'stream': 'stderr', 'text': text})
        line, col = _error_info(e, display)
        error = {'type': type(e).__name__, 'message': str(e), 'line': line, 'col': col, 'traceback': text}
    finally:
        _state.running = False
        rec, _state.recording = _state.recording, None
    steps = _finish_steps(rec) if rec else []
    out = {'startup': _state.startup, 'error': error, 'spec': None, 'served': None, 'note': None,
           'serverClass': None, 'steps': steps}
    _state.startup = []
    if error is not None:
        return _js(out)
    cls = None
    if _state.server is not None:
        cls = _state.server.RequestHandlerClass
        cls = getattr(cls, 'func', cls)
        out['served'] = 'server'
        out['serverClass'] = type(_state.server).__name__
    elif _state.handler_classes:
        cls = _state.handler_classes[-1]
        out['served'] = 'default'
        out['serverClass'] = 'cli'
        out['note'] = ('The script started no server, so its last BaseHTTPRequestHandler subclass, %s, '
                       'is served the way python -m http.server serves.' % cls.__name__)
        # What python -m http.server prints once it listens (dual-stack from 3.8).
        host = '::' if _state.minor >= 38 else '0.0.0.0'
        url = '[::]' if _state.minor >= 38 else host
        out['startup'].append({'stream': 'stdout',
                               'text': 'Serving HTTP on %s port 8000 (http://%s:8000/) ...\n' % (host, url)})
    if not (isinstance(cls, type) and issubclass(cls, BaseHTTPRequestHandler)):
        out['error'] = {'type': 'httpsim', 'line': None, 'col': None, 'traceback': '',
                        'message': 'The script neither starts a server nor defines a BaseHTTPRequestHandler subclass: there is nothing to send requests to.'}
        return _js(out)
    _state.cls = cls
    out['spec'] = _spec(cls)
    server = 'ThreadingHTTPServer' if _state.minor >= 37 else 'HTTPServer'
    if _state.server is not None:
        for k in type(_state.server).__mro__:
            if k in (TCPServer, HTTPServer, ThreadingHTTPServer):
                server = k.__name__
                break
        out['serverClass'] = server
    if issubclass(cls, SimpleHTTPRequestHandler):
        server += '/simple'
    prefix = _state.frames.get(_state.name, {}).get('prefix', {}).get(server)
    if prefix:
        out['spec']['prefix'] = {'do_*': _library(prefix)}
    return _js(out)


def _cli_server():
    """The server python -m http.server would have built, for a script
    that built none."""
    cls = ThreadingHTTPServer if _state.minor >= 37 else HTTPServer
    srv = cls(('', 8000), _state.cls, bind_and_activate=False)
    srv.server_address = ('::', 8000) if _state.minor >= 38 else ('0.0.0.0', 8000)
    srv.server_name, srv.server_port = srv.server_address
    _state.server_cli = srv
    return srv


def _spec(cls):
    base = None
    methods = {}
    for k in cls.__mro__:
        if k in _LIBRARY:
            base = base or k.__name__
            continue
        if base is not None:
            continue
        for name, v in k.__dict__.items():
            if name in methods or name.startswith('__'):
                continue
            f = getattr(v, '__func__', v)
            if isinstance(f, types.FunctionType):
                methods[name] = f.__code__.co_firstlineno
    # A library class's name that the learner's class shadows with a
    # non-function (do_GET = None) is no method: Go must not call it.
    spec = {'name': cls.__name__, 'file': _state.file, 'base': base or 'BaseHTTPRequestHandler', 'methods': methods}
    for attr in ('server_version', 'sys_version'):
        for k in cls.__mro__:
            if k in _LIBRARY:
                break
            if isinstance(k.__dict__.get(attr), str):
                spec[attr] = k.__dict__[attr]
                break
    pv = getattr(cls, 'protocol_version', 'HTTP/1.0')
    spec['protocol'] = pv if isinstance(pv, str) else 'HTTP/1.0'
    return spec


# --- the step budget and the line trace ----------------------------------------
#
# sys.monitoring, not sys.settrace: a tool's events stay on whatever the
# script does, even when it catches the exception the budget raises.

STEP_BUDGET = 1_000_000   # jumps (loop iterations) of the learner's code per send
MAX_STEPS = 400           # lines recorded per call from Go
MAX_LOCALS = 16
MAX_REPR = 80

_TOOL = 4


class StepLimitExceeded(BaseException):
    """The script ran past the step budget."""


StepLimitExceeded.__module__ = 'httpsim'


def _on_jump(code, offset, dest):
    # Only the learner's code objects send these (see _watch), so once
    # the budget is spent every further loop step of theirs raises again,
    # whatever they catch, while the shim's own code runs unhindered.
    _state.jumps += 1
    if _state.jumps > STEP_BUDGET:
        line = sys._getframe(1).f_lineno
        raise StepLimitExceeded('stopped after %d loop iterations without finishing, at line %d of %s: '
                                'an endless loop?' % (STEP_BUDGET, line, _state.file))


def _repr(v):
    try:
        r = repr(v)
    except BaseException as e:
        r = '<repr failed: %s>' % type(e).__name__
    return r if len(r) <= MAX_REPR else r[:MAX_REPR - 3] + '...'


def _snapshot(frame):
    # The cap counts what is shown: a module's globals begin with a
    # handful of dunders, and its imports are no values a learner made.
    out = []
    module = frame.f_code.co_name == '<module>'
    for k, v in list(frame.f_locals.items()):
        if len(out) >= MAX_LOCALS:
            break
        if k == 'self' or k.startswith('__') or (module and isinstance(v, types.ModuleType)):
            continue
        out.append({'name': k, 'value': _repr(v)})
    return out


def _flush(frame):
    rec = _state.recording
    pending = rec['pending'].pop(id(frame), None) if rec else None
    if pending is not None and len(rec['steps']) < MAX_STEPS:
        rec['steps'].append({'fn': frame.f_code.co_qualname, 'line': pending[1], 'locals': _snapshot(frame)})


def _on_line(code, line):
    rec = _state.recording
    if rec is None or len(rec['steps']) >= MAX_STEPS:
        # Nothing to record here until the next call from Go restarts
        # the events: a long loop costs nothing more.
        return sys.monitoring.DISABLE
    frame = sys._getframe(1)
    _flush(frame)
    rec['pending'][id(frame)] = (frame, line)


def _on_return(code, offset, value):
    if _state.recording is not None:
        _flush(sys._getframe(1))


def _watch(code):
    """Line events for every code object the learner's source holds."""
    mon = sys.monitoring
    mon.set_local_events(_TOOL, code, mon.events.JUMP | mon.events.LINE | mon.events.PY_RETURN)
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            _watch(c)


def _monitoring_on():
    mon = sys.monitoring
    if mon.get_tool(_TOOL) is None:
        mon.use_tool_id(_TOOL, 'httpsim')
    mon.register_callback(_TOOL, mon.events.JUMP, _on_jump)
    mon.register_callback(_TOOL, mon.events.LINE, _on_line)
    mon.register_callback(_TOOL, mon.events.PY_RETURN, _on_return)


def call(conn, name, args):
    """Go calls the learner's method name on connection conn's handler:
    {value, steps} or {error, steps}."""
    outer = _state.recording
    _state.recording = {'steps': [], 'pending': {}}
    if not _state.conn_stack:
        _state.jumps = 0
    sys.monitoring.restart_events()
    try:
        r = _call(conn, name, args)
    finally:
        rec, _state.recording = _state.recording, outer
    r['steps'] = _finish_steps(rec)
    return _js(r)


def _finish_steps(rec):
    # Lines an exception ended (or serve_forever, for module code): their
    # locals as the raise left them.
    for frame, line in rec['pending'].values():
        if len(rec['steps']) < MAX_STEPS:
            rec['steps'].append({'fn': frame.f_code.co_qualname, 'line': line, 'locals': _snapshot(frame)})
    rec['pending'].clear()
    return rec['steps']


def _call(conn, name, args):
    obj = _state.conns.get(conn)
    if obj is None:
        cls = _state.cls
        obj = cls.__new__(cls)
        obj.__dict__['_httpsim_conn'] = conn
        # What BaseRequestHandler.__init__ stores; the socket stays Go's.
        obj.__dict__['server'] = _state.server if _state.server is not None else _cli_server()
        obj.__dict__['request'] = None
        _state.conns[conn] = obj
    args = [_dec(a) for a in (args.to_py() if hasattr(args, 'to_py') else args)]
    _state.conn_stack.append(conn)
    try:
        v = getattr(obj, name)(*args)
    except BaseException as e:
        _state.next_exc += 1
        _state.excs[_state.next_exc] = e
        typ, msg = _type_msg(e)
        return {'error': {'type': typ, 'msg': msg, 'entries': _entries(e, 1), 'id': _state.next_exc}}
    finally:
        _state.conn_stack.pop()
    return {'value': _enc(v)}


def _type_msg(e):
    """The two halves of the exception line, as the profile prints it
    (the type qualified by its module when it is not a builtin)."""
    line = _exc_line(e).rstrip('\n').split('\n')[-1]
    typ, sep, msg = line.partition(': ')
    return typ, msg


def close(conn):
    _state.conns.pop(conn, None)


def _no_network():
    """The page has no network: names do not resolve and connections
    fail, as on a machine without one."""
    import socket
    real_getaddrinfo = socket.getaddrinfo
    local = ('localhost', '127.0.0.1', '::1', '', None, '0.0.0.0')

    def getaddrinfo(host, *args, **kw):
        if host not in local:
            raise _oserror(-3, 'Temporary failure in name resolution', socket.gaierror)
        return real_getaddrinfo(host, *args, **kw)

    def refuse(self, *args, **kw):
        raise _oserror(101, 'Network is unreachable')
    socket.getaddrinfo = getaddrinfo
    socket.gethostbyname = lambda host: getaddrinfo(host, 0) and host
    for name in ('connect', 'connect_ex', 'sendto'):
        setattr(socket.socket, name, refuse)


def _guard_imports():
    """Modules already loaded are found in sys.modules before any finder
    runs, so the bridge's own (_pyodide_core) is refused at __import__
    for code outside this file."""
    real = builtins.__import__

    def __import__(name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0 and name.split('.')[0] in _Finder.refused:
            g = globals or {}
            if g.get('__name__') != __name__:
                raise ModuleNotFoundError("No module named %r" % name.split('.')[0], name=name)
        return real(name, globals, locals, fromlist, level)
    builtins.__import__ = __import__

    # importlib.import_module looks in sys.modules without __import__.
    import importlib
    real_import_module = importlib.import_module

    def import_module(name, package=None):
        if not name.startswith('.') and name.split('.')[0] in _Finder.refused:
            if sys._getframe(1).f_globals.get('__name__') != __name__:
                raise ModuleNotFoundError("No module named %r" % name.split('.')[0], name=name)
        return real_import_module(name, package)
    import_module.__doc__ = real_import_module.__doc__
    importlib.import_module = import_module


def install(go, to_js, obj, frames):
    import ast
    _state.go, _state.to_js, _state.obj = go, to_js, obj
    _state.frames = ast.literal_eval(frames.split('FRAMES = ', 1)[1])
    _state.running = False
    _add_library_methods(_go('classes'))
    sys.stdout = _Out('stdout')
    sys.stderr = _Out('stderr')
    sys.meta_path.insert(0, _Finder())
    for n in ('js', 'pyodide', 'pyodide_js', 'pyodide.ffi', 'pyodide.code', 'pyodide.http'):
        sys.modules.pop(n, None)
    sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != 'JsFinder']
    _no_network()
    _guard_imports()
    _state.warn_filters = list(warnings.filters)
    _state.recording = None
    _state.jumps = 0
    _monitoring_on()
    _state.baseline = set(sys.modules)
