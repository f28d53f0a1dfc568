package pycgi

import (
	"io"
	"strings"
)

// Minors are the interpreters Parse reproduces, by the minor numbers it
// takes: 27 is Python 2.7.18, 36 … 312 are 3.6.15 … 3.12.1. Python 3.13
// has no cgi module.
var Minors = []int{27, 36, 37, 38, 39, 310, 311, 312}

const (
	// DefaultMaxBytes is the read budget when Options.MaxBytes is 0.
	DefaultMaxBytes = 64 << 20

	// DefaultMemoryLimit is the largest buffer the simulated interpreter
	// can allocate when Options.MemoryLimit is 0: the MemTotal of the
	// machine the outputs were recorded on (24684092 kB, no swap). With
	// Linux's heuristic overcommit a larger read(n) fails with MemoryError.
	DefaultMemoryLimit = 24684092 << 10
)

// Options are the knobs of Parse. The zero value is the showcase
// handler's call.
type Options struct {
	// MaxNumFields is FieldStorage's max_num_fields argument. Nil is
	// None, which the handler passes.
	MaxNumFields *int

	// MaxBytes bounds how many bytes Parse reads from body; 0 means
	// DefaultMaxBytes. At the bound the input counts as ended, as if the
	// client had closed the connection, and Result.Truncated is set.
	MaxBytes int64

	// MemoryLimit is the largest read(n) the interpreter can allocate a
	// buffer for; 0 means DefaultMemoryLimit. It decides whether a huge
	// Content-Length on a urlencoded form raises MemoryError.
	MemoryLimit int64

	// HeaderBytes is the length of the request line and header block
	// that the handler read from the connection before the body. Python
	// 2.7's rfile receives in 8192-byte chunks, and the bytes it holds
	// are lost if a read raises (OverflowError for a Content-Length
	// past 2**31-1 on a urlencoded form); Parse counts them as
	// consumed. Zero means nothing was buffered. 3.x ignores it.
	HeaderBytes int64
}

// Result is what the handler's statement does for one request:
//
//	form = cgi.FieldStorage(fp=self.rfile, headers=self.headers,
//	                        environ={'REQUEST_METHOD': 'POST',
//	                                 'CONTENT_TYPE': self.headers['Content-Type']})
//	for item in form.list:
//	    print(item)
type Result struct {
	// Items are the lines print(item) writes, without their newlines,
	// as text (UTF-8). They are repr() of MiniFieldStorage and
	// FieldStorage objects, so they hold no control characters.
	Items []string

	// Consumed is how many bytes of body FieldStorage took from rfile,
	// including any that Python lost on an exception. The next
	// pipelined request starts right after them.
	Consumed int64

	// Err is the exception the statement raised, or nil. FieldStorage
	// itself prints nothing and issues no warnings; the 3.11 and 3.12
	// DeprecationWarning comes from `import cgi`, not from here.
	Err *PyError

	// Truncated reports that Parse used up Options.MaxBytes and wanted
	// to read on: from there on the result is not CPython's.
	Truncated bool
}

// PyError is a Python exception.
type PyError struct {
	Type    string // the exception class, such as "ValueError"
	Message string // str() of the exception; empty for a bare MemoryError

	// Frames are the Python frames the traceback shows below the
	// handler's do_POST, outermost first and innermost last. They are
	// empty when the handler's own line raised (the for statement
	// iterating over None).
	Frames []Frame
}

// Frame is one traceback entry.
type Frame struct {
	Func string // module, class and function: "cgi.FieldStorage.read_multi"
	File string // source file under the version's Lib directory: "cgi.py"
	Line int    // line number in that file
}

// Error is the last line of the traceback: "Type: message", or just the
// type when the message is empty.
func (e *PyError) Error() string {
	if e.Message == "" {
		return e.Type
	}
	return e.Type + ": " + e.Message
}

// at records the frame of fn at site while the error unwinds; Parse
// puts the frames outermost first at the end.
func (e *PyError) at(p *parser, fn string, s site) *PyError {
	e.Frames = append(e.Frames, Frame{Func: fn, File: fileOf(fn), Line: lineOf(p.minor, s)})
	return e
}

// Parse runs the handler's FieldStorage statement for the interpreter
// whose minor version is minor (one of [Minors]), over the request
// headers h as the handler sees them and body, the rest of the
// connection's input. The end of body is the client closing its side:
// where CPython would block for more, Parse takes what there is.
//
// Parse reads no more from body than FieldStorage consumes, never
// panics, and stops at Options.MaxBytes.
//
// For example, for Python 3.12 with Content-Type
// application/x-www-form-urlencoded, Content-Length 9 and the body
//
//	a=1&b=%41GET / HTTP/1.1
//
// Parse returns the items MiniFieldStorage('a', '1') and
// MiniFieldStorage('b', 'A') and Consumed 9.
func Parse(minor int, h Headers, body io.Reader, opts Options) (res Result) {
	known := false
	for _, m := range Minors {
		known = known || m == minor
	}
	if !known {
		res.Err = &PyError{Type: "ModuleNotFoundError", Message: "No module named 'cgi'"}
		return res
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.MemoryLimit <= 0 {
		opts.MemoryLimit = DefaultMemoryLimit
	}
	p := &parser{
		minor:     minor,
		py3:       minor != 27,
		in:        newStream(body, opts.MaxBytes),
		maxFields: opts.MaxNumFields,
		memLimit:  opts.MemoryLimit,
	}
	if opts.HeaderBytes > 0 && !p.py3 {
		p.in.bufEnd = (opts.HeaderBytes+rbufsize-1)/rbufsize*rbufsize - opts.HeaderBytes
	}
	defer func() {
		res.Consumed = p.in.consumed
		res.Truncated = p.in.capped
		if res.Err != nil {
			fr := res.Err.Frames
			for i, j := 0, len(fr)-1; i < j; i, j = i+1, j-1 {
				fr[i], fr[j] = fr[j], fr[i]
			}
		}
	}()

	headers := outerHeaders{h, p.py3}
	if _, ok := headers.get("Content-Type"); !ok && !p.py3 {
		// environ={'CONTENT_TYPE': self.headers['Content-Type']}: a
		// mimetools.Message raises KeyError for a missing header.
		e := &PyError{Type: "KeyError", Message: "'content-type'"}
		res.Err = e.at(p, fnGetitem, siteGetitem)
		return res
	}
	fs, err := p.newFieldStorage(headers, "", optInt{}, opts.MaxNumFields)
	if err != nil {
		res.Err = err
		return res
	}
	if !fs.hasList {
		res.Err = &PyError{Type: "TypeError", Message: "'NoneType' object is not iterable"}
		return res
	}
	for _, it := range fs.list {
		var sb strings.Builder
		it.repr(&sb, p)
		res.Items = append(res.Items, sb.String())
	}
	return res
}
