package sim

import (
	"embed"
	"strconv"
	"strings"
	"time"
)

// pysrc holds the Python source of our handler classes, exactly as the
// oracle tests run them under CPython.
//
//go:embed pysrc/*.py
var pysrc embed.FS

func pySource(name string) string {
	b, err := pysrc.ReadFile("pysrc/" + name)
	if err != nil {
		panic("sim: missing embedded handler source " + name) // a build error, not input
	}
	return string(b)
}

// defLines finds "def name(" lines of the first class in src.
func defLines(src string) map[string]int {
	out := map[string]int{}
	for i, line := range strings.Split(src, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(line, "    def ") {
			name := strings.TrimPrefix(t, "def ")
			if j := strings.IndexByte(name, '('); j > 0 {
				out[name[:j]] = i + 1
			}
		}
	}
	return out
}

func sourceFor(py2, py3 string) func(p *Profile) string {
	return func(p *Profile) string {
		if p.py3() {
			return pySource(py3)
		}
		return pySource(py2)
	}
}

// SeedHandler is the ServerHandler from the question that started this
// project: do_GET prints self.headers and serves the file; do_POST prints
// self.headers, parses the form with cgi.FieldStorage, prints each item
// and then serves the file as do_GET would.
var SeedHandler = register("seed", &Class{
	Name: "ServerHandler", File: "seed.py",
	Base:        SimpleHandler,
	Methods:     map[string]Method{},
	Lines:       [4]map[string]int{2: defLines(pySource("seed2.py")), 3: defLines(pySource("seed3.py"))},
	Source:      sourceFor("seed2.py", "seed3.py"),
	Description: "The question's ServerHandler: do_GET and do_POST print the headers (and the form) before serving the file.",
	// The question's script builds socketserver.TCPServer itself.
	Server: func(*Profile) string { return TCPServer },
	Missing: func(p *Profile) *PyError {
		if p.HasCGI() {
			return nil
		}
		return &PyError{Type: "ModuleNotFoundError", Msg: "No module named 'cgi'",
			Traceback: []TracebackEntry{{File: "seed.py", Line: importLine(pySource("seed3.py"), "import cgi"), Func: "<module>", Text: "import cgi"}}}
	},
})

// UploadHandler adds do_PUT, which stores the request body as a file.
var UploadHandler = register("upload", &Class{
	Name: "UploadHandler", File: "upload.py",
	Base:        SimpleHandler,
	Methods:     map[string]Method{},
	Lines:       [4]map[string]int{2: defLines(pySource("upload2.py")), 3: defLines(pySource("upload3.py"))},
	Source:      sourceFor("upload2.py", "upload3.py"),
	Description: "SimpleHTTPRequestHandler plus do_PUT, which writes the body into the served directory (201 Created).",
	// upload.py starts the server with http.server.test().
	Server: testServer,
})

func importLine(src, stmt string) int {
	for i, line := range strings.Split(src, "\n") {
		if line == stmt {
			return i + 1
		}
	}
	return 0
}

// fieldStorage runs cgi.FieldStorage over the request body and returns
// the printed form of each item of form.list. It is set by fieldstorage.go.
var fieldStorage func(h *Handler) ([]string, error)

func init() {
	SeedHandler.Methods["do_GET"] = func(h *Handler, _ ...any) (any, error) {
		h.Print(h.headers.String())
		h.Note("print(self.headers) writes the request headers to stdout; then the parent's do_GET serves the file.")
		_, err := h.CallFrom(SimpleHandler, "do_GET")
		return nil, err
	}
	SeedHandler.Methods["do_POST"] = func(h *Handler, _ ...any) (any, error) {
		h.Print(h.headers.String())
		items, err := fieldStorage(h)
		if err != nil {
			return nil, err
		}
		h.SetInt("len(form.list)", len(items))
		for _, it := range items {
			h.Print(it)
		}
		h.Note("After printing the form, do_POST calls SimpleHTTPRequestHandler.do_GET: the POST is answered like a GET of the same path.")
		_, err = h.CallFrom(SimpleHandler, "do_GET")
		return nil, err
	}
	UploadHandler.Methods["do_PUT"] = func(h *Handler, _ ...any) (any, error) { return nil, h.doPut() }
}

// doPut is UploadHandler.do_PUT in pysrc/upload3.py.
func (h *Handler) doPut() error {
	cl, _ := h.headers.Get("Content-Length")
	length, ok := pyInt(cl, h.p.py3())
	if !ok {
		h.Note("int() of the Content-Length header failed: 411.")
		_, err := h.Call("send_error", 411, "Content-Length required")
		return err
	}
	h.SetInt("length", length)
	if h.p.py3() && length < -1 || !h.p.py3() && length < 0 {
		length = -1 // read to the end of input, if it gets that far
	}
	v, err := h.Call("translate_path", h.path)
	if err != nil {
		return err
	}
	p, _ := v.(string)
	dir := strings.HasSuffix(p, "/")
	if !dir {
		if dir, err = h.isdir(p); err != nil {
			return err
		}
	}
	if dir {
		_, err := h.Call("send_error", 409, "Cannot replace a directory")
		return err
	}
	if strings.IndexByte(p, 0) >= 0 {
		return h.nulError()
	}
	name, _, inside := h.osPath(p)
	wfs, writable := h.fs.(WritableFS)
	var werr error
	if !inside || !writable {
		werr = errNotDir
	} else if d, _, _ := strings.Cut(name, "/"); d != "" {
		// open() creates the file before the body is read; a missing
		// parent fails first.
		if _, serr := h.fs.Stat(parentOf(name)); serr != nil {
			werr = serr
		}
	}
	if werr != nil {
		h.Note("open(path, 'wb') failed: 409.")
		_, err := h.Call("send_error", 409, "Cannot create the file")
		return err
	}
	// open(path, 'wb') has created the file before rfile.read(length)
	// can fail on the length.
	if rerr := h.checkReadLength(cl, length); rerr != nil {
		if wfs != nil {
			wfs.WriteFile(name, nil, h.s.now().Truncate(time.Second))
		}
		return rerr
	}
	body, err := h.ReadBody(int64(length))
	if err != nil {
		return err
	}
	if err := wfs.WriteFile(name, body, h.s.now().Truncate(time.Second)); err != nil {
		h.Note("open(path, 'wb') failed: 409.")
		_, err := h.Call("send_error", 409, "Cannot create the file")
		return err
	}
	if h.tracing() {
		h.Set("wrote", strconv.Itoa(len(body))+" bytes to "+pyRepr(p, h.p.py3()))
	}
	if _, err := h.Call("send_response", 201); err != nil {
		return err
	}
	if _, err := h.Call("send_header", "Content-Length", "0"); err != nil {
		return err
	}
	_, err = h.Call("end_headers")
	return err
}

func parentOf(name string) string {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		return name[:i]
	}
	return "."
}

// checkReadLength is where rfile.read(length) refuses a length: beyond
// a C ssize_t (an OverflowError), or, in 3.x, negative but not -1.
func (h *Handler) checkReadLength(raw string, length int) *PyError {
	if overflowsInt64(raw) {
		if h.p.py3() {
			return h.raise("put-huge-length", "OverflowError", "cannot fit 'int' into an index-sized integer")
		}
		return h.raise("put-huge-length", "OverflowError", "Python int too large to convert to C long")
	}
	if h.p.py3() && length == -1 {
		if n, _ := pyInt(raw, true); n < -1 {
			word := "non-negative"
			if h.p.minor < 37 {
				word = "positive"
			}
			return h.raise("put-negative-length", "ValueError", "read length must be "+word+" or -1")
		}
	}
	return nil
}

// overflowsInt64 reports whether int(s) is outside the int64 range.
func overflowsInt64(s string) bool {
	s = strings.TrimSpace(s)
	s = strings.TrimLeft(s, "+-")
	s = strings.ReplaceAll(s, "_", "")
	s = strings.TrimLeft(s, "0")
	return len(s) > 19 || len(s) == 19 && s > "9223372036854775807"
}
