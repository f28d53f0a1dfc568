# Prints, as JSON, what CPython's own helpers return for the inputs in
# pystr_inputs.json; sim/pystr_test.go compares the Go ports with it.
# Runs under 2.7 and 3.x: python pystr.py < pystr_inputs.json
import json
import posixpath
import sys

PY3 = sys.version_info[0] == 3
if PY3:
    from urllib.parse import quote, unquote
    from html import escape
else:
    from urllib import quote, unquote
    from cgi import escape

data = json.load(sys.stdin)


def b(s):
    # Inputs are latin-1 text standing for bytes in 2.7 and for str in 3.x.
    return s if PY3 else s.encode('latin-1')


def out(s):
    if PY3:
        return s
    return s.decode('latin-1')


res = {}
res['split'] = [[out(w) for w in b(s).split()] for s in data['split']]
res['repr'] = [out(repr(b(s))) for s in data['repr']]
res['normpath'] = [out(posixpath.normpath(b(s))) for s in data['normpath']]
res['splitext'] = [[out(x) for x in posixpath.splitext(b(s))] for s in data['splitext']]
if PY3:
    res['quote'] = [quote(s, errors='surrogatepass') for s in data['quote']]
    res['unquote'] = [unquote(s) for s in data['unquote']]
    res['escape'] = [escape(s, quote=False) for s in data['escape']]
else:
    res['quote'] = [out(quote(s.encode('utf-8'))) for s in data['quote']]
    res['unquote'] = [out(unquote(b(s))) for s in data['unquote']]
    res['escape'] = [out(escape(b(s))) for s in data['escape']]
json.dump(res, sys.stdout, sort_keys=True)
