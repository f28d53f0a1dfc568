package sim

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"sync"
	"time"
)

// The life of a connection
//
// socketserver accepts a connection and builds one handler object for it
// (BaseRequestHandler.__init__ runs setup, handle and finish).
// BaseHTTPRequestHandler.handle calls handle_one_request once, then again
// for as long as close_connection stays false, which only happens with
// protocol_version "HTTP/1.1" (or a client asking for keep-alive on
// such a server). Each handle_one_request reads one request line
// (rfile.readline(65537)), lets parse_request split it and read the
// headers, then looks up 'do_' + command on the handler with hasattr and
// calls it. do_GET asks send_head for an open file: send_head maps the URL
// path onto the served directory with translate_path, answers 301 for a
// directory without a trailing slash, serves index.html or a generated
// listing for a directory, and otherwise sends the status line and
// headers for the file; do_GET then copies the file to wfile. Every
// status goes through send_response, which logs the request line first,
// and every error through send_error, which logs "code N, message M" and
// adds Connection: close.
//
// Server models exactly that sequence. [Server.ServeConn] is the
// connection; a *handler is the handler object; its methods carry the
// Python names, and the class model in class.go resolves them the way
// Python's attribute lookup does, so a handler class can override any of
// them and call up to its parent.

// Server simulates `python -m http.server` (or a handler script) for one
// Python version. Its zero value serves an empty directory as 3.14 with
// SimpleHTTPRequestHandler; set the fields before the first call and do
// not change them while calls are in flight. A Server is safe for
// concurrent use if its FS is.
type Server struct {
	// Profile is the Python version; nil means [DefaultProfile].
	Profile *Profile
	// Handler is the request handler class; nil means SimpleHTTPRequestHandler.
	Handler *Class
	// FS is the served directory; nil means an empty one. Handlers that
	// write (do_PUT) need a [WritableFS].
	FS FS
	// Directory is the absolute path of the served directory as the
	// handler sees it (self.directory, or the working directory for 2.7
	// and 3.6). It only shows in traces and handler output; it defaults to
	// "/srv/www".
	Directory string
	// ScriptDir is the directory the handler script (seed.py, upload.py)
	// appears to live in, in messages Python prints about it; it defaults
	// to Directory.
	ScriptDir string
	// PythonLib is the standard library directory tracebacks show
	// (default /usr/lib/pythonX.Y).
	PythonLib string
	// ServerClass is the socketserver class that accepts connections:
	// "TCPServer", "HTTPServer", "ThreadingHTTPServer" or "cli" (what
	// python -m http.server uses in the profile's version). "" (or a
	// name [ParseServerClass] rejects) means the handler's own program:
	// cli for SimpleHTTPRequestHandler, TCPServer for the seed handler
	// and classes without [Class.Server]. See serverclass.go.
	ServerClass string
	// Protocol is the handler's protocol_version, "HTTP/1.0" by default;
	// "HTTP/1.1" keeps connections alive.
	Protocol string
	// Now is the clock for Date headers and log timestamps (whose zone it
	// also gives). nil means a fixed instant, so output is reproducible.
	Now func() time.Time
	// ClientAddr is the client's address as the log shows it (default
	// "127.0.0.1"); ClientPort appears in tracebacks.
	ClientAddr string
	ClientPort int
	// MaxBody caps the bytes handler code may read as a request body
	// (default [DefaultMaxBody]). CPython has no such cap; past it the
	// connection is dropped with a clear message on stderr.
	MaxBody int64
	// Stderr and Stdout, when set, receive the log and printed output as
	// it happens, as a terminal running CPython would show it.
	Stderr, Stdout io.Writer
	// NoTrace skips building trace frames (the native server uses it).
	NoTrace bool
}

// DefaultMaxBody is the default [Server.MaxBody]: 16 MiB.
const DefaultMaxBody = 16 << 20

// maxLine is _MAXLINE in http/client.py: the longest request or header
// line, in bytes, that CPython accepts.
const maxLine = 65536

// maxHeaders is _MAXHEADERS in http/client.py.
const maxHeaders = 100

// fixedNow is the default clock: 2026-01-01 00:00:00 UTC.
var fixedNow = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Result is everything one connection produced.
type Result struct {
	// Response is every byte the server wrote, in order.
	Response []byte `json:"-"`
	// Exchanges has one entry per request line read.
	Exchanges []*Exchange `json:"exchanges"`
	// Stderr and Stdout are the complete outputs, log lines and
	// tracebacks included, as a terminal would show them.
	Stderr string `json:"stderr"`
	Stdout string `json:"stdout"`
	// Startup is what the server wrote to stderr while starting, before
	// any connection (see [Server.Startup]).
	Startup string `json:"startup,omitempty"`
	// Refused is set when the server could not start (the handler file
	// failed to import), so the connection was refused and nothing ran.
	Refused bool `json:"refused,omitempty"`
	// Read is how many of the client's bytes the handler read from
	// rfile (its buffer may hold more); the rest were never read.
	Read int `json:"read"`
}

// Exchange records one request on a connection and what the server did
// with it.
type Exchange struct {
	// RequestLine is the raw request line, CRLF included.
	RequestLine []byte `json:"-"`
	// Requestline is self.requestline: the line without its ending, as
	// the handler and its log see it.
	Requestline string `json:"requestLine"`
	Command     string `json:"command"`
	Path        string `json:"path"`
	Version     string `json:"version"`
	// Headers are self.headers, in order (nil if they were never read).
	Headers []Field `json:"headers"`
	// Body is what handler code read from rfile after the headers.
	Body []byte `json:"-"`
	// Status is the last status sent (0 if none: a blank line, or HTTP/0.9
	// with no status line but a body).
	Status int `json:"status"`
	// Response is the bytes written while handling this request.
	Response []byte `json:"-"`
	// Log and Stdout are the lines written to stderr and stdout.
	Log    []string `json:"log"`
	Stdout []string `json:"stdout"`
	// Trace is the dispatch path; see [Frame].
	Trace []Frame `json:"trace"`
	// CloseConnection is close_connection after the request.
	CloseConnection bool `json:"closeConnection"`
	// Offset is where the request line starts in the bytes the client
	// sent, and Read how many bytes the server read for this request
	// (request line, headers and body).
	Offset int `json:"offset"`
	Read   int `json:"read"`
}

// Handle runs raw through the server as the bytes one client sends on one
// connection (several pipelined requests are fine) and returns what came
// back. The end of raw is the client closing its side.
func (s *Server) Handle(raw []byte) *Result {
	var out bytes.Buffer
	res := &Result{}
	warn, perr := s.Startup()
	res.Startup = warn
	if perr != nil {
		res.Startup += perr.Format()
		res.Refused = true
		return res
	}
	c := s.newConn(bytes.NewReader(raw), &out, len(raw), nil)
	c.result = res
	c.serve()
	res.Response = out.Bytes()
	return res
}

// ServeConn serves one connection: it reads requests from r and writes
// responses to w until the handler closes the connection or r ends.
// onExchange, if not nil, is called after each request. Output is flushed
// before every read that would block, so interim 100 Continue responses
// reach the client in time.
func (s *Server) ServeConn(r io.Reader, w io.Writer, onExchange func(*Exchange)) error {
	bw := writerPool.Get().(*bufio.Writer)
	bw.Reset(w)
	br := readerPool.Get().(*bufio.Reader)
	br.Reset(&flushReader{r: r, w: bw})
	c := s.newConnReader(br, bw, onExchange)
	c.serve()
	ferr := bw.Flush()
	bw.Reset(nil)
	br.Reset(nil)
	writerPool.Put(bw)
	readerPool.Put(br)
	if c.ioErr != nil {
		return c.ioErr
	}
	return ferr
}

// Connection buffers are reused: a native server sets up thousands of
// short connections a second.
var (
	writerPool = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 8<<10) }}
	readerPool = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 4<<10) }}
)

// flushReader flushes pending output before it blocks on input.
type flushReader struct {
	r io.Reader
	w *bufio.Writer
}

func (f *flushReader) Read(p []byte) (int, error) {
	if f.w.Buffered() > 0 {
		if err := f.w.Flush(); err != nil {
			return 0, err
		}
	}
	return f.r.Read(p)
}

// errBodyCap ends a connection whose handler tried to read past MaxBody;
// errHeaderCap one whose 2.7 header section (which CPython does not
// limit) grew past it.
var (
	errBodyCap   = errors.New("sim: request body exceeds the body cap")
	errHeaderCap = errors.New("sim: header section exceeds the body cap")
)

func (s *Server) profile() *Profile {
	if s.Profile == nil {
		return DefaultProfile()
	}
	return s.Profile
}

func (s *Server) now() time.Time {
	if s.Now == nil {
		return fixedNow
	}
	return s.Now()
}

func (s *Server) directory() string {
	if s.Directory == "" {
		return "/srv/www"
	}
	return s.Directory
}

func (s *Server) protocol() string {
	if s.Protocol == "" {
		return "HTTP/1.0"
	}
	return s.Protocol
}

func (s *Server) clientAddr() string {
	if s.ClientAddr == "" {
		return "127.0.0.1"
	}
	return s.ClientAddr
}

func (s *Server) maxBody() int64 {
	if s.MaxBody <= 0 {
		return DefaultMaxBody
	}
	return s.MaxBody
}

func (s *Server) class() *Class {
	if s.Handler == nil {
		return SimpleHandler
	}
	return s.Handler
}

func (s *Server) fsys() FS {
	if s.FS == nil {
		return emptyFS
	}
	return s.FS
}

var emptyFS = NewMemFS(fixedNow)
