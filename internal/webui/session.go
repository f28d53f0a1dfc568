package webui

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/httpsim/httpsim/sim"
)

// Options are the server settings the page picked. The zero value is
// `python3.13 -m http.server` with protocol_version HTTP/1.0.
type Options struct {
	// Python names the profile, as [sim.Lookup] reads it ("3.12").
	Python string
	// Handler names the handler class, as [sim.LookupHandler] reads it
	// ("simple", "seed", "upload").
	Handler string
	// Protocol is the handler's protocol_version ("HTTP/1.0" or "HTTP/1.1").
	Protocol string
	// Server is the server class, as [sim.ParseServerClass] reads it
	// ("TCPServer", "cli"); "" is the handler program's own.
	Server string
}

// maxProtocol bounds Options.Protocol; protocol_version is a short token.
const maxProtocol = 64

// resolve looks the options up.
func (o Options) resolve() (*sim.Profile, *sim.Class, string, error) {
	p := sim.DefaultProfile()
	if strings.TrimSpace(o.Python) != "" {
		var err error
		if p, err = sim.Lookup(o.Python); err != nil {
			return nil, nil, "", err
		}
	}
	cls := sim.SimpleHandler
	if strings.TrimSpace(o.Handler) != "" {
		var err error
		if cls, err = sim.LookupHandler(o.Handler); err != nil {
			return nil, nil, "", err
		}
	}
	proto := o.Protocol
	if proto == "" {
		proto = "HTTP/1.0"
	}
	if len(proto) > maxProtocol {
		return nil, nil, "", fmt.Errorf("webui: protocol %.20q... is longer than %d bytes", proto, maxProtocol)
	}
	for _, c := range []byte(proto) {
		if c < 0x21 || c > 0x7e {
			return nil, nil, "", fmt.Errorf("webui: protocol %q must be printable ASCII without spaces, like \"HTTP/1.1\"", proto)
		}
	}
	if _, err := sim.ParseServerClass(o.Server); err != nil {
		return nil, nil, "", err
	}
	return p, cls, proto, nil
}

// Session is one page's simulated server: its files and the options of
// each send. A Session is safe for concurrent use, though the page
// calls it from one thread.
type Session struct {
	mu sync.Mutex
	fs *sim.MemFS
	// Now is the server clock; nil means [Clock], so every run of a
	// scenario gives the same bytes.
	Now func() time.Time
}

// Clock is the instant a session's server runs at unless Session.Now is
// set: sim's own default, 2026-01-01 00:00:00 UTC.
var Clock = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func (s *Session) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return Clock
}

// NewSession returns a session serving a fresh copy of the sample site.
func NewSession() *Session {
	return &Session{fs: SampleSite()}
}

// FS returns the session's files.
func (s *Session) FS() *sim.MemFS {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fs
}

// Reply is what one send produced: the server's bytes and everything the
// page shows about them.
type Reply struct {
	// Result is sim's record of the connection; nil when the server
	// never started.
	Result *sim.Result
	// Python, Handler and Protocol are the settings that ran.
	Profile  *sim.Profile
	Handler  string
	Class    *sim.Class
	Protocol string
	// Server is the server class setting ("" for the handler's own) and
	// ServerClass the class that ran ("DualStackServer" for cli on
	// 3.8+); Threaded says whether it serves connections in parallel.
	Server, ServerClass string
	Threaded            bool
	// Startup is the exception that stopped the handler file from
	// importing (the seed handler under 3.13, which has no cgi module).
	// The server never listened: the client's connection was refused,
	// and Stderr holds the traceback Python printed before exiting.
	Startup *sim.PyError
	// Warnings is what importing the handler printed on stderr before
	// the server listened (the cgi DeprecationWarning of 3.11 and 3.12),
	// and Banner the "Serving HTTP on ..." line it printed on stdout.
	Warnings, Banner string
	Stderr           string
	// Output is the terminal: what the server wrote to stderr and stdout,
	// in the order it wrote it, from the start of the process (warnings
	// and banner, marked Startup) to the end of the connection.
	Output []Chunk
	// Changed lists the files the request wrote, in order (PUT with the
	// upload handler).
	Changed []string
	// Elapsed is the time sim took, for the page's own timing display.
	Elapsed time.Duration
}

// Send runs raw through a fresh server over the session's files, as the
// bytes one client sends on one connection before closing its side.
func (s *Session) Send(raw []byte, o Options) (*Reply, error) {
	p, cls, proto, err := o.resolve()
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.send(raw, p, cls, proto, o.Server), nil
}

// send is Send with the options resolved and the lock held.
func (s *Session) send(raw []byte, p *sim.Profile, cls *sim.Class, proto, server string) *Reply {
	server, _ = sim.ParseServerClass(server)
	r := &Reply{Profile: p, Class: cls, Handler: handlerName(cls), Protocol: proto, Server: server}
	rec := &recordingFS{MemFS: s.fs}
	defer s.placeScript(cls, p, rec)()
	term := &terminal{}
	srv := &sim.Server{Profile: p, Handler: cls, ServerClass: server, FS: rec, Protocol: proto, Now: s.now}
	r.ServerClass, r.Threaded = srv.ServerClassName(), srv.Threaded()
	warn, pe := srv.Startup()
	r.Warnings = warn
	if warn != "" {
		term.chunks = append(term.chunks, Chunk{Stream: "stderr", Text: warn, Startup: true})
	}
	if pe != nil {
		r.Startup = pe
		r.Stderr = pe.Format()
		r.Output = append(term.chunks, Chunk{Stream: "stderr", Text: r.Stderr, Startup: true})
		return r
	}
	bind := srv.DefaultBind()
	r.Banner = srv.Banner(bind, Port)
	if bind == "::" {
		// A dual-stack socket sees the client's 127.0.0.1 as an
		// IPv4-mapped address, and the log shows it so.
		srv.ClientAddr = "::ffff:127.0.0.1"
	}
	term.chunks = append(term.chunks, Chunk{Stream: "stdout", Text: r.Banner + "\n", Startup: true})
	r.handle(srv, raw, rec, term)
	return r
}

// handle serves raw on srv, whose files are rec, with its output going
// to term after what term already holds, and fills in what r reports of
// the connection. Both kinds of send end this way.
func (r *Reply) handle(srv *sim.Server, raw []byte, rec *recordingFS, term *terminal) {
	srv.Stderr, srv.Stdout = term.stream("stderr"), term.stream("stdout")
	start := time.Now()
	r.Result = srv.Handle(raw)
	r.Elapsed = time.Since(start)
	r.Stderr = r.Result.Stderr
	r.Changed = rec.changed
	r.Output = term.chunks
}

// placeScript puts the handler's script in the served directory for one
// send, as it is when you run `python seed.py` there (the traceback and
// the warnings name /srv/www/seed.py): GET /seed.py serves it and the
// listing shows it. The returned func takes it away again, unless the
// request wrote that file itself; the session's files stay the sample
// site plus the learner's changes.
func (s *Session) placeScript(cls *sim.Class, p *sim.Profile, rec *recordingFS) func() {
	name := cls.File
	if name == "" {
		return func() {}
	}
	if _, err := s.fs.Stat(name); !errors.Is(err, fs.ErrNotExist) {
		return func() {}
	}
	src, err := sim.HandlerSource(handlerName(cls), p)
	if err != nil {
		return func() {}
	}
	root, err := s.fs.Stat(".")
	if err != nil || s.fs.WriteFile(name, []byte(src), ScriptTime) != nil {
		return func() {}
	}
	return func() {
		if slices.Contains(rec.changed, name) {
			return
		}
		s.fs.Remove(name)
		s.fs.Chtimes(".", root.ModTime())
	}
}

// ScriptTime is the modification time of the handler script in the
// served directory.
var ScriptTime = time.Date(2025, 12, 24, 18, 0, 0, 0, time.UTC)

// Port is the port the simulated server listens on, as the page's
// commands and banner show it.
const Port = 8000

// Chunk is a piece of terminal output from one stream.
type Chunk struct {
	Stream string // "stderr" or "stdout"
	Text   string
	// Startup marks what the process printed before it served the
	// connection.
	Startup bool
}

// terminal interleaves two streams the way a terminal shows them:
// Python's stdout is line-buffered on a terminal, and sim writes each
// line as it happens.
type terminal struct{ chunks []Chunk }

func (t *terminal) stream(name string) io.Writer { return streamWriter{t, name} }

type streamWriter struct {
	t    *terminal
	name string
}

func (w streamWriter) Write(p []byte) (int, error) {
	c := w.t.chunks
	if n := len(c); n > 0 && c[n-1].Stream == w.name && !c[n-1].Startup {
		c[n-1].Text += string(p)
	} else {
		w.t.chunks = append(c, Chunk{Stream: w.name, Text: string(p)})
	}
	return len(p), nil
}

// handlerName is the registry name of cls.
func handlerName(cls *sim.Class) string {
	for _, h := range sim.Handlers() {
		if c, err := sim.LookupHandler(h.Name); err == nil && c == cls {
			return h.Name
		}
	}
	return ""
}

// recordingFS notes the files handler code writes.
type recordingFS struct {
	*sim.MemFS
	changed []string
}

var _ sim.WritableFS = (*recordingFS)(nil)

func (r *recordingFS) WriteFile(name string, data []byte, mtime time.Time) error {
	err := r.MemFS.WriteFile(name, data, mtime)
	if err == nil {
		r.changed = append(r.changed, name)
	}
	return err
}

// ResponseHead is a response split the way a client reads it.
type ResponseHead struct {
	// Interim are 1xx responses (100 Continue) that came first, whole.
	Interim [][]byte
	// StatusLine is the final status line without CRLF; empty when the
	// response has no head (HTTP/0.9, or nothing was sent).
	StatusLine string
	// Headers are the header fields in order.
	Headers []sim.Field
	// Body is what follows the blank line (or everything, without a head).
	Body []byte
}

// SplitResponse splits the bytes written for one request. http09 says
// the request was HTTP/0.9, whose answer is the body alone. A head that
// never ends (the handler wrote headers and then failed) leaves Body
// empty.
func SplitResponse(b []byte, http09 bool) ResponseHead {
	var h ResponseHead
	if http09 || !bytes.HasPrefix(b, []byte("HTTP/")) {
		h.Body = b
		return h
	}
	for {
		head, rest, ok := bytes.Cut(b, []byte("\r\n\r\n"))
		if !ok {
			head, rest = b, nil
		}
		line, fields, _ := strings.Cut(string(head), "\r\n")
		if isInterim(line) && ok && bytes.HasPrefix(rest, []byte("HTTP/")) {
			h.Interim = append(h.Interim, b[:len(head)+4])
			b = rest
			continue
		}
		h.StatusLine = line
		for _, l := range strings.Split(fields, "\r\n") {
			if l == "" {
				continue
			}
			name, value, _ := strings.Cut(l, ":")
			h.Headers = append(h.Headers, sim.Field{Name: name, Value: strings.TrimLeft(value, " \t")})
		}
		h.Body = rest
		return h
	}
}

// isInterim reports whether a status line is a 1xx response.
func isInterim(line string) bool {
	_, rest, ok := strings.Cut(line, " ")
	return ok && len(rest) >= 3 && rest[0] == '1' && rest[1] >= '0' && rest[1] <= '9' && rest[2] >= '0' && rest[2] <= '9'
}

// WireBytes converts a string that stands for wire bytes: each character
// up to U+00FF is that one byte, and a character above it is its UTF-8
// encoding. Go strings from JavaScript arrive as UTF-8, so this undoes
// that for the latin-1 range.
func WireBytes(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		if r <= 0xff {
			out = append(out, byte(r))
		} else {
			out = append(out, string(r)...)
		}
	}
	return out
}
