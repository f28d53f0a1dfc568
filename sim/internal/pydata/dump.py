# dump.py prints, as one JSON object on stdout, the version data that the
# simulator needs from the interpreter running it. It is run by gen.go under
# every pinned interpreter (2.7 and 3.x), with LC_ALL=C.UTF-8:
#
#	LC_ALL=C.UTF-8 python -E -s dump.py
#
# and for 3.14 under Pyodide (oracle/pyodide/driver.mjs PYODIDE_DIR run dump.py).
#
# It emits numbers, names and tables only, never source text.
import ast
import json
import os
import re
import sys
import warnings

# Pin mimetypes to its built-in table BEFORE anything imports the server
# module: 2.7-3.8 copy mimetypes.types_map into
# SimpleHTTPRequestHandler.extensions_map at class creation time, and
# init() reads /etc/mime.types (and friends) unless knownfiles is emptied.
# init(files=[]) is not enough: 3.7+ read knownfiles + files.
import mimetypes
mimetypes.knownfiles[:] = []
mimetypes.init()

PY2 = sys.version_info[0] == 2
if PY2:
    import BaseHTTPServer as base
    import SimpleHTTPServer as simple
    import httplib as client
else:
    import http.server as base
    import http.server as simple
    import http.client as client
import shutil

# DEFS lists the modules on the server path whose def lines we record.
# A module maps to None (every method and module-level function) or to a
# list of selectors: "f" (function f), "C" (every method of class C) or
# "C.m" (one method). Selectors that a version lacks are skipped.
if PY2:
    DEFS = [
        ('BaseHTTPServer', None),
        ('SimpleHTTPServer', None),
        ('CGIHTTPServer', None),
        ('SocketServer', None),
        ('mimetools', None),
        ('rfc822', None),
        ('cgi', None),
        ('shutil', ['copyfileobj']),
        ('urllib', ['quote', 'unquote']),
        ('urlparse', ['urlsplit', 'urlunsplit']),
        ('posixpath', ['normpath', 'splitext']),
        ('mimetypes', ['guess_type', 'init', 'MimeTypes.guess_type']),
    ]
else:
    DEFS = [
        ('http.server', None),
        ('socketserver', None),
        ('cgi', None),
        ('http.client', ['parse_headers', '_read_headers',
                         '_parse_header_lines', 'HTTPMessage', 'LineTooLong']),
        ('email.message', ['Message.get', 'Message.get_all',
                           'Message.__getitem__', 'Message.__str__',
                           'Message.as_string']),
        ('email.utils', ['parsedate_to_datetime', 'formatdate',
                         '_format_timetuple_and_zone']),
        ('shutil', ['copyfileobj']),
        ('html', ['escape']),
        ('urllib.parse', ['quote', 'quote_from_bytes', 'unquote',
                          'unquote_to_bytes', 'urlsplit', 'urlunsplit']),
        ('posixpath', ['normpath', 'splitext']),
        ('mimetypes', ['guess_type', 'guess_file_type', 'init',
                       'MimeTypes.guess_type', 'MimeTypes.guess_file_type',
                       'MimeTypes._guess_file_type']),
    ]

STDLIB = os.path.dirname(os.path.abspath(os.__file__))


def module_file(name):
    """Returns the path of module name relative to the stdlib, or None."""
    base_ = name.replace('.', '/')
    for rel in (base_ + '.py', base_ + '/__init__.py'):
        if os.path.isfile(os.path.join(STDLIB, rel)):
            return rel
        if zip_source(rel) is not None:
            return rel
    return None


def zip_source(rel):
    # Pyodide runs its standard library from a zip file on sys.path
    # (os.__file__ is /lib/python314.zip/os.py), which open() cannot read.
    if not os.path.isfile(STDLIB):
        return None
    import zipfile
    with zipfile.ZipFile(STDLIB) as z:
        try:
            return z.read(rel)
        except KeyError:
            return None


def read_source(rel):
    path = os.path.join(STDLIB, rel)
    if os.path.isfile(path):
        with open(path, 'rb') as f:
            return f.read()
    return zip_source(rel)


def def_line(lines, node):
    # Before 3.8 a decorated def's lineno is its first decorator's line.
    pat = re.compile(r'\s*(async\s+)?def\s+' + re.escape(node.name) + r'\b')
    for i in range(node.lineno - 1, len(lines)):
        if pat.match(lines[i]):
            return i + 1
    raise ValueError('no def line for %s at %d' % (node.name, node.lineno))


FUNCS = tuple(getattr(ast, n) for n in ('FunctionDef', 'AsyncFunctionDef')
              if hasattr(ast, n))
CONTAINERS = tuple(getattr(ast, n) for n in ('stmt', 'excepthandler',
                                             'match_case')
                   if hasattr(ast, n))


def walk(nodes, prefix, in_class, lines, out):
    # Module-level and class-level defs, looking through if/try/with blocks;
    # nested functions and nested classes are ignored.
    for node in nodes:
        if isinstance(node, FUNCS):
            out.append((prefix + node.name, def_line(lines, node)))
        elif isinstance(node, ast.ClassDef):
            if not in_class:
                walk(node.body, prefix + node.name + '.', True, lines, out)
        else:
            kids = [c for c in ast.iter_child_nodes(node)
                    if isinstance(c, CONTAINERS)]
            walk(kids, prefix, in_class, lines, out)


def defs():
    out = {}
    dups = []
    for mod, sels in DEFS:
        rel = module_file(mod)
        if rel is None:
            continue
        src = read_source(rel)
        # bytes.splitlines breaks at \n, \r\n and \r only, as the parser
        # counts lines; str.splitlines would also break at \f, \x1c, ...
        lines = [l.decode('utf-8') for l in src.splitlines()]
        found = []
        walk(ast.parse(src).body, '', False, lines, found)
        lines_of = {}
        for name, line in found:
            if sels is not None and not any(
                    name == s or name.startswith(s + '.') for s in sels):
                continue
            lines_of.setdefault(name, []).append(line)
        for name, cands in lines_of.items():
            key = mod + '.' + name
            if len(cands) > 1:
                dups.append(key)
            out[key] = {'file': 'Lib/' + rel, 'line': pick(mod, name, cands)}
    return out, sorted(dups)


# STMTS lists statement lines the trace links to, beside the def: the line
# that ran. Each is (module, function, label, patterns); the patterns are
# matched in turn against the stripped lines of the function's body, and
# the line matching the last one is recorded under "module.function|label".
# The labels are what the page shows; pydata_test checks each line holds
# its label's statement.
if PY2:
    SERVER, SIMPLE = 'BaseHTTPServer', 'SimpleHTTPServer'
else:
    SERVER = SIMPLE = 'http.server'
SEND_ERROR = r'self\.send_error\('
STMTS = [
    (SERVER, 'BaseHTTPRequestHandler.handle_one_request',
     "mname = 'do_' + self.command", [r"mname = 'do_' \+ self\.command$"]),
    (SERVER, 'BaseHTTPRequestHandler.handle_one_request', 'method()',
     [r'method\(\)$']),
    (SERVER, 'BaseHTTPRequestHandler.handle_one_request', 'send_error(501)',
     [r'if not hasattr\(self, mname\):$', SEND_ERROR]),
    (SERVER, 'BaseHTTPRequestHandler.handle_one_request', 'send_error(414)',
     [r'if len\(self\.raw_requestline\) > 65536:$', SEND_ERROR]),
    (SERVER, 'BaseHTTPRequestHandler.parse_request', 'send_error(505)',
     [r'if version_number >= \(2, 0\):$', SEND_ERROR]),
    (SIMPLE, 'SimpleHTTPRequestHandler.send_head', 'send_error(404)',
     [r'except (OSError|IOError):$', SEND_ERROR]),
    (SIMPLE, 'SimpleHTTPRequestHandler.send_head', 'send_response(301)',
     [r'self\.send_response\((301|HTTPStatus\.MOVED_PERMANENTLY)\)$']),
    (SIMPLE, 'SimpleHTTPRequestHandler.do_GET', 'f = self.send_head()',
     [r'f = self\.send_head\(\)$']),
    (SIMPLE, 'SimpleHTTPRequestHandler.do_GET', 'self.copyfile(f, self.wfile)',
     [r'self\.copyfile\(f, self\.wfile\)$']),
]


def body_lines(lines, def_line):
    # The lines of the function whose def is at def_line (1-based): those
    # after it that are blank, comments, or indented deeper than the def.
    indent = len(lines[def_line - 1]) - len(lines[def_line - 1].lstrip())
    out = []
    for i in range(def_line, len(lines)):
        text = lines[i]
        stripped = text.strip()
        if stripped and not stripped.startswith('#') and \
                len(text) - len(text.lstrip()) <= indent:
            break
        out.append((i + 1, stripped))
    return out


def stmts(defs_):
    out = {}
    for mod, func, label, pats in STMTS:
        key = mod + '.' + func
        d = defs_[key]
        src = read_source(d['file'][len('Lib/'):])
        lines = [l.decode('utf-8') for l in src.splitlines()]
        body = body_lines(lines, d['line'])
        at, found = 0, None
        for pat in pats:
            found = None
            rx = re.compile(pat)
            for j in range(at, len(body)):
                if rx.match(body[j][1]):
                    found, at = body[j][0], j + 1
                    break
            if found is None:
                raise ValueError('%s: no line for %r (%s)' % (key, label, pat))
        out[key + '|' + label] = found
    return out


def pick(mod, name, cands):
    # A name defined more than once (try/except ImportError, if/else) links
    # to the def that the running interpreter executed; when that is not a
    # Python function (say a C accelerator), to the last def.
    if len(cands) == 1:
        return cands[0]
    __import__(mod)
    obj = sys.modules[mod]
    for part in name.split('.'):
        obj = getattr(obj, part, None)
    obj = getattr(obj, '__func__', obj)
    code = getattr(obj, '__code__', None)
    if code is not None:
        after = [c for c in cands if c >= code.co_firstlineno]
        if after:
            return min(after)
    return max(cands)


def responses():
    # Status rows as BaseHTTPRequestHandler sees them. str is what '%s'
    # renders for the code the server passes to send_error: a plain int in
    # 2.7, an HTTPStatus member in 3.x ('HTTPStatus.NOT_FOUND' before 3.11).
    rows = []
    for code, (phrase, desc) in simple.SimpleHTTPRequestHandler.responses.items():
        name = getattr(code, 'name', '')
        rows.append({'code': int(code), 'phrase': phrase,
                     'description': desc, 'name': name,
                     'str': '%s' % (code,)})
    rows.sort(key=lambda r: r['code'])
    return rows


def cgi_state():
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        try:
            import cgi
        except ImportError:
            return False, False
    return True, any(issubclass(x.category, DeprecationWarning) for x in w)


def main():
    H = simple.SimpleHTTPRequestHandler
    has_cgi, cgi_deprecated = cgi_state()
    bufsize = shutil.copyfileobj.__defaults__[0]
    if not bufsize:
        bufsize = shutil.COPY_BUFSIZE
    d, dups = defs()
    max_line = max_headers = 0  # 2.7: mimetools reads headers unbounded
    if not PY2:
        max_line, max_headers = client._MAXLINE, client._MAXHEADERS
    out = {
        'name': sys.version.split()[0],
        'minor': int('%d%d' % sys.version_info[:2]),
        'filesystem_encoding': sys.getfilesystemencoding(),
        'server_version': H.server_version,
        'sys_version': H.sys_version,
        'protocol_version': H.protocol_version,
        'default_request_version': H.default_request_version,
        'index_pages': list(getattr(H, 'index_pages', None) or []),
        'max_line': max_line,
        'max_headers': max_headers,
        'copy_bufsize': bufsize,
        'responses': responses(),
        'types_map': mimetypes.types_map,
        'common_types': mimetypes.common_types,
        'suffix_map': mimetypes.suffix_map,
        'encodings_map': mimetypes.encodings_map,
        'handler_extensions_map': H.extensions_map,
        'has_cgi': has_cgi,
        'cgi_deprecated': cgi_deprecated,
        'defs': d,
        'stmts': stmts(d),
        'dup_defs': dups,  # for debugging; gen.go ignores it
    }
    json.dump(out, sys.stdout, sort_keys=True, indent=0)
    sys.stdout.write('\n')


main()
