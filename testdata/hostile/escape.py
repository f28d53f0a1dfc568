# Hostile module code: every attempt below must fail with a Python
# exception (internal/pydiff TestHostile reads the lines it prints).
import builtins
import gc
import importlib
import sys
import types
import http.server


def attempt(label, fn):
    try:
        r = fn()
    except BaseException as e:
        print('BLOCKED %s %s: %s' % (label, type(e).__name__, str(e).splitlines()[0] if str(e) else ''))
    else:
        print('REACHED %s %r' % (label, r))


def module_in_gc(name):
    for o in gc.get_objects():
        if isinstance(o, types.ModuleType) and o.__name__ == name:
            return o
    raise LookupError(name)


def shim_frame_globals():
    f = sys._getframe()
    while '_state' not in f.f_globals:
        f = f.f_back
    return f.f_globals


def shim_globals():
    return http.server.BaseHTTPRequestHandler.__init_subclass__.__func__.__globals__


attempt('import-js', lambda: __import__('js'))
attempt('import-pyodide', lambda: __import__('pyodide.ffi'))
attempt('import-pyodide_js', lambda: __import__('pyodide_js'))
attempt('import-_pyodide', lambda: __import__('_pyodide._base'))
attempt('import-_pyodide_core', lambda: __import__('_pyodide_core'))
attempt('import_module-_pyodide_core', lambda: importlib.import_module('_pyodide_core'))
attempt('sys.modules-js', lambda: sys.modules['js'])
attempt('sys.modules-pyodide_js', lambda: sys.modules['pyodide_js'])
attempt('builtins-real-import', lambda: [c.cell_contents for c in builtins.__dict__['__import__'].__closure__][0]('js'))
attempt('gc-run_js', lambda: module_in_gc('pyodide.code').run_js('fetch("http://example.com/")'))
attempt('globals-bridge-Function', lambda: shim_globals()['_state'].go.constructor.constructor('return importScripts')())
attempt('frame-bridge-Function', lambda: shim_frame_globals()['_state'].go.constructor.constructor('return postMessage')())
attempt('type-dict-bridge', lambda: type(http.server.SimpleHTTPRequestHandler).__dict__ and vars(shim_globals()['_state'])['go'].toString.constructor('return XMLHttpRequest')())
attempt('async-Function', lambda: shim_globals()['_state'].go.send.constructor.prototype.constructor('return 1')())
attempt('forge-runner', lambda: setattr(shim_globals()['_state'].go, 'send', lambda *a: None) or shim_globals()['_state'].go.send.__name__)
attempt('bridge-bad-call', lambda: shim_globals()['_go']('read'))


def ctypes_eval():
    import ctypes
    return ctypes.CDLL(None).emscripten_run_script(b'fetch("http://example.com/")')


attempt('ctypes-run_script', ctypes_eval)


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        attempt('handler-frame-bridge', lambda: shim_frame_globals()['_state'].go.constructor.constructor('return fetch')())
        body = b'still serving\n'
        self.send_response(200)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)
