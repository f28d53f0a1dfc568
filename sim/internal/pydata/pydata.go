// Package pydata holds the per-version data that the simulator reads off
// the real CPython interpreters: status tables, mimetypes tables, class
// attributes of the request handlers and the def line of every function
// on the server path, for the ten pinned releases 2.7.18 through 3.14.2
// (3.14.2 is the CPython inside Pyodide 314.0.8, run under Node).
//
// The data lives in zz_generated.go, which gen.go writes by running
// dump.py under each interpreter, and zz_tracebacks.go, which tbgen
// records by running each interpreter's server on requests that make it
// raise:
//
//	go generate ./sim/internal/pydata
//
// The tables hold numbers, names and mappings. The recorded tracebacks
// are output that the simulator must reproduce byte for byte, and they
// quote the interpreters' source lines as every traceback does; they are
// recorded, never written by hand (see traceback.go). Everything here is
// shared and must be treated as read-only.
package pydata

//go:generate go run gen.go
//go:generate go run ./tbgen

import (
	"strconv"
	"strings"
)

// A Version is what one CPython release looks like to http.server, as
// dumped from the interpreter with LC_ALL=C.UTF-8 and with mimetypes pinned
// to its built-in table (knownfiles emptied before init, so /etc/mime.types
// and friends are never read).
type Version struct {
	Name  string // sys.version.split()[0], e.g. "3.13.0"
	Minor int    // major and minor digits run together: 27, 36, ..., 39, 310, ..., 314

	// Responses is BaseHTTPRequestHandler.responses as the handler sees
	// it, keyed by status code.
	Responses map[int]Status

	// The mimetypes module tables after init with no files:
	// types_map (strict), common_types (non-strict), suffix_map and
	// encodings_map.
	TypesMap     map[string]string
	CommonTypes  map[string]string
	SuffixMap    map[string]string
	EncodingsMap map[string]string

	// HandlerExtensions is SimpleHTTPRequestHandler.extensions_map under
	// the pinned table: 2.7-3.8 a copy of TypesMap taken at import time
	// plus '' (the fallback), .py, .c and .h; 3.9+ the four compression
	// suffixes that guess_type checks before asking mimetypes.
	HandlerExtensions map[string]string

	// FilesystemEncoding is sys.getfilesystemencoding() under
	// LC_ALL=C.UTF-8 ("UTF-8" in 2.7, "utf-8" in 3.x); directory listings
	// name it as their charset.
	FilesystemEncoding string

	// Class attributes of SimpleHTTPRequestHandler.
	ServerVersion         string   // server_version, "SimpleHTTP/0.6"
	SysVersion            string   // sys_version, "Python/3.13.0"
	ProtocolVersion       string   // protocol_version, "HTTP/1.0"
	DefaultRequestVersion string   // default_request_version, "HTTP/0.9"
	IndexPages            []string // index_pages (3.12+); nil where send_head names the files itself

	// MaxLine and MaxHeaders are http.client._MAXLINE and _MAXHEADERS,
	// the limits parse_headers enforces in 3.x. Both are 0 in 2.7, where
	// mimetools reads headers without limits.
	MaxLine    int
	MaxHeaders int

	// CopyBufSize is the chunk size shutil.copyfileobj uses when
	// copyfile calls it without a length.
	CopyBufSize int

	// HasCGI reports whether `import cgi` works (the module is gone in
	// 3.13). CGIDeprecated reports whether importing it raises a
	// DeprecationWarning (3.11, 3.12), which a script run as __main__
	// prints to stderr.
	HasCGI        bool
	CGIDeprecated bool

	// Defs maps the python-qualified name of every method and
	// module-level function on the server path ("module.func" or
	// "module.Class.method", with modules spelled as the version spells
	// them, e.g. "SocketServer.BaseServer.serve_forever" in 2.7) to its
	// def line. See [Version.URL].
	Defs map[string]Def

	// Stmts maps "key|label" to the line of a statement inside the
	// function Defs[key], for the trace to link the line that ran, such
	// as "http.server.BaseHTTPRequestHandler.handle_one_request|method()".
	// The label is the statement as the page shows it; dump.py lists them.
	Stmts map[string]int
}

// A Status is one row of BaseHTTPRequestHandler.responses.
type Status struct {
	Phrase      string // the reason phrase, "Not Found"
	Description string // the long message, "Nothing matches the given URI"

	// Name is the HTTPStatus member name ("NOT_FOUND"); "" in 2.7.
	Name string

	// Str is what '%s' renders for the code the server itself passes to
	// send_error, as the error page's %(code)s does: an int in 2.7 and an
	// HTTPStatus member in 3.x, whose str() was "HTTPStatus.NOT_FOUND"
	// before 3.11 and "404" since.
	Str string
}

// A Def locates one def statement in the CPython tree.
type Def struct {
	File string // path from the repository root, "Lib/http/server.py"
	Line int    // 1-based line of the def keyword (not of a decorator)
}

// Lookup returns the version called name, which is either a full release
// ("3.13.0") or its series ("3.13"). It returns nil for any other name.
func Lookup(name string) *Version {
	for _, v := range Versions {
		if v.Name == name || series(v.Name) == name {
			return v
		}
	}
	return nil
}

// URL returns the GitHub link to the def line of the function named key
// in v's release tag, for example
//
//	https://github.com/python/cpython/blob/v3.13.0/Lib/http/server.py#L395
//
// for "http.server.BaseHTTPRequestHandler.handle_one_request". It reports
// false if v has no such def.
func (v *Version) URL(key string) (string, bool) {
	d, ok := v.Defs[key]
	if !ok {
		return "", false
	}
	return "https://github.com/python/cpython/blob/v" + v.Name + "/" + d.File + "#L" + strconv.Itoa(d.Line), true
}

// series returns the "X.Y" prefix of a release name "X.Y.Z".
func series(name string) string {
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		return name[:i]
	}
	return name
}
