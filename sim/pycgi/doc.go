// Package pycgi reproduces, byte for byte, what CPython's
// cgi.FieldStorage does in the showcase handler's do_POST
// (sim/pysrc/seed3.py and seed2.py) for Python 2.7.18 and 3.6.15 through
// 3.12.1: the lines `for item in form.list: print(item)` writes, how much
// of the connection's input FieldStorage consumes, and the exception it
// raises, with its traceback frames.
//
// It covers application/x-www-form-urlencoded bodies (urllib.parse.parse_qsl,
// or urlparse.parse_qsl in 2.7), multipart bodies with nested parts, and
// every other type, for which form.list is None. The sources it follows
// are cited on each function, such as
// https://github.com/python/cpython/blob/v3.12.1/Lib/cgi.py.
//
// The package is pure: it imports no I/O beyond io.Reader and keeps to
// the standard library.
package pycgi
