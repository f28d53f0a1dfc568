package sim

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Handler is one handler object: what Python calls self inside a
// BaseHTTPRequestHandler subclass. One lives for one connection. Method
// bodies ([Method]) use its exported methods to read and write the
// connection and to call other methods through Python's lookup rules.
type Handler struct {
	s   *Server
	p   *Profile
	cls *Class
	fs  FS

	br         *bufio.Reader
	w          io.Writer
	ioErr      error
	onExchange func(*Exchange)
	result     *Result

	// Python attributes of the handler object.
	rawRequestline  []byte
	requestline     string
	command         string
	commandSet      bool // command is not None
	path            string
	requestVersion  string
	closeConnection bool
	headers         *Message
	headersBuffer   []byte
	hasBuffer       bool

	// Bookkeeping for the records.
	ex          *Exchange
	exOpen      bool
	exchanges   []*Exchange
	starts      []int // index in frames where each exchange's trace begins
	frames      []Frame
	stack       []int
	bodyRead    int64
	headerBytes int
	stderr      bytes.Buffer
	stdout      bytes.Buffer
	// Counts for the records: bytes read from and written to the
	// connection, and lines written to stderr and stdout.
	read, written      int
	logLines, outLines int
}

func (s *Server) newConn(r io.Reader, w io.Writer, size int, onExchange func(*Exchange)) *Handler {
	size = max(64, min(size, 16<<10))
	return s.newConnReader(bufio.NewReaderSize(r, size), w, onExchange)
}

func (s *Server) newConnReader(br *bufio.Reader, w io.Writer, onExchange func(*Exchange)) *Handler {
	return &Handler{
		s: s, p: s.profile(), cls: s.class(), fs: s.fsys(),
		br: br, w: w, onExchange: onExchange,
	}
}

// Profile returns the Python version being simulated.
func (h *Handler) Profile() *Profile { return h.p }

// --- tracing ---------------------------------------------------------

// enter pushes a frame for the Python function fn; [Handler.leave] pops it.
func (h *Handler) enter(fn, file string, line int, url string) {
	if h.s.NoTrace {
		return
	}
	if h.frames == nil {
		h.frames = make([]Frame, 0, 64)
		h.stack = make([]int, 0, 16)
	}
	h.frames = append(h.frames, Frame{Fn: fn, File: file, Line: line, URL: url, Depth: len(h.stack), Wrote: Span{
		Out: [2]int32{int32(h.written), int32(h.written)}, Log: [2]int32{int32(h.logLines), int32(h.logLines)}, Stdout: [2]int32{int32(h.outLines), int32(h.outLines)},
	}})
	h.stack = append(h.stack, len(h.frames)-1)
}

func (h *Handler) leave() {
	if h.s.NoTrace || len(h.stack) == 0 {
		return
	}
	h.endSpan(h.stack[len(h.stack)-1])
	h.stack = h.stack[:len(h.stack)-1]
}

// endSpan closes frame i's span at the current output.
func (h *Handler) endSpan(i int) {
	w := &h.frames[i].Wrote
	w.Out[1], w.Log[1], w.Stdout[1] = int32(h.written), int32(h.logLines), int32(h.outLines)
}

// enterDef records a call to a library function known by its qualified name.
func (h *Handler) enterDef(key string) {
	if h.s.NoTrace {
		return
	}
	file, line, url := h.p.sourceURL(key)
	h.enter(key, file, line, url)
}

// Set shows a value on the current trace frame.
func (h *Handler) Set(name, value string) {
	if h.s.NoTrace || len(h.stack) == 0 {
		return
	}
	f := &h.frames[h.stack[len(h.stack)-1]]
	f.Values = append(f.Values, Value{Name: name, Value: value})
}

// stmt records that the statement code of the current frame's function
// ran, when the version's source has it (pydata.Version.Stmts).
func (h *Handler) stmt(code string) {
	if h.s.NoTrace || len(h.stack) == 0 {
		return
	}
	f := &h.frames[h.stack[len(h.stack)-1]]
	if line, url, ok := h.p.stmtURL(f.Fn, code); ok {
		f.Ran = append(f.Ran, Stmt{Code: code, Line: line, URL: url})
	}
}

// Note explains the current trace frame in words.
func (h *Handler) Note(format string, args ...any) {
	if h.s.NoTrace || len(h.stack) == 0 {
		return
	}
	f := &h.frames[h.stack[len(h.stack)-1]]
	if f.Note != "" {
		f.Note += " "
	}
	f.Note += fmt.Sprintf(format, args...)
}

// Call is self.name(*args): the method is looked up from the object's
// class, so an override in a subclass wins.
func (h *Handler) Call(name string, args ...any) (any, error) {
	return h.CallFrom(h.cls, name, args...)
}

// CallFrom is cls.name(self, *args): the lookup starts at cls, the way
// Python code calls a parent's implementation explicitly.
func (h *Handler) CallFrom(cls *Class, name string, args ...any) (any, error) {
	owner, m := cls.lookup(name)
	if m == nil {
		return nil, &PyError{Type: "AttributeError", Msg: fmt.Sprintf("'%s' object has no attribute '%s'", h.cls.Name, name)}
	}
	if !h.s.NoTrace {
		l := owner.loc(h.p, name)
		h.enter(l.fn, l.file, l.line, l.url)
		defer h.leave()
	}
	return m(h, args...)
}

// HasAttr is hasattr(self, name) for a method name.
func (h *Handler) HasAttr(name string) bool { return h.cls.HasMethod(name) }

// --- output ----------------------------------------------------------

// write is wfile.write: bytes go to the client unbuffered.
func (h *Handler) write(p []byte) {
	if len(p) == 0 {
		return
	}
	h.written += len(p)
	if h.ex != nil && (h.result != nil || h.onExchange != nil) {
		h.ex.Response = append(h.ex.Response, p...)
	}
	if h.ioErr != nil {
		return
	}
	if _, err := h.w.Write(p); err != nil {
		h.ioErr = err
	}
}

// logLine writes one line to stderr (line has no newline).
func (h *Handler) logLine(line string) { h.writeStderr(line + "\n") }

// Print is Python's print(text): text and a newline on stdout.
func (h *Handler) Print(text string) { h.writeStdout(text + "\n") }

// writeStderr writes text, such as a traceback, to stderr.
func (h *Handler) writeStderr(text string) {
	h.logLines += countLines(text)
	h.emit(&h.stderr, h.s.Stderr, text, func(ex *Exchange) *[]string { return &ex.Log })
}

// writeStdout writes text to stdout as is.
func (h *Handler) writeStdout(text string) {
	h.outLines += countLines(text)
	h.emit(&h.stdout, h.s.Stdout, text, func(ex *Exchange) *[]string { return &ex.Stdout })
}

// countLines counts text's lines as emit splits them: a last line
// without its newline counts too.
func countLines(text string) int {
	n := strings.Count(text, "\n")
	if text != "" && text[len(text)-1] != '\n' {
		n++
	}
	return n
}

// emit sends text to one of the process's streams: the connection's
// copy, the live writer if there is one, and the current exchange's
// lines.
func (h *Handler) emit(buf *bytes.Buffer, live io.Writer, text string, lines func(*Exchange) *[]string) {
	if h.ex != nil {
		dst := lines(h.ex)
		for _, l := range strings.SplitAfter(text, "\n") {
			if l != "" {
				*dst = append(*dst, strings.TrimSuffix(l, "\n"))
			}
		}
	}
	buf.WriteString(text)
	if live != nil {
		io.WriteString(live, text)
	}
}

// --- input -----------------------------------------------------------

// readline is rfile.readline(limit): bytes up to and including the next
// LF, but never more than limit bytes.
func (h *Handler) readline(limit int) []byte {
	var line []byte
	for len(line) < limit {
		if h.br.Buffered() == 0 {
			if _, err := h.br.Peek(1); err != nil {
				if !errors.Is(err, io.EOF) && h.ioErr == nil {
					h.ioErr = err
				}
				break
			}
		}
		buf, _ := h.br.Peek(h.br.Buffered())
		if want := limit - len(line); len(buf) > want {
			buf = buf[:want]
		}
		if i := bytes.IndexByte(buf, '\n'); i >= 0 {
			line = append(line, buf[:i+1]...)
			h.br.Discard(i + 1)
			h.read += len(line)
			return line
		}
		line = append(line, buf...)
		h.br.Discard(len(buf))
	}
	h.read += len(line)
	return line
}

// ReadBody is rfile.read(n) for handler code: up to n bytes (all that is
// left when n < 0), fewer only at the end of input. Reading past the
// server's MaxBody is an error.
func (h *Handler) ReadBody(n int64) ([]byte, error) {
	limit := h.s.maxBody() - h.bodyRead
	if n < 0 || n > limit {
		data, _ := io.ReadAll(io.LimitReader(h.br, limit))
		h.recordBody(data)
		if int64(len(data)) == limit {
			// More wanted than the cap allows: fail only if there is more.
			if _, err := h.br.Peek(1); err == nil {
				return data, errBodyCap
			}
		}
		return data, nil
	}
	data := make([]byte, n)
	k, _ := io.ReadFull(h.br, data)
	data = data[:k]
	h.recordBody(data)
	return data, nil
}

// BodyReader returns rfile as a reader for code that parses a body
// itself (cgi.FieldStorage); what it reads counts toward MaxBody.
func (h *Handler) BodyReader() io.Reader { return &bodyReader{h: h} }

type bodyReader struct{ h *Handler }

func (r *bodyReader) Read(p []byte) (int, error) {
	h := r.h
	left := h.s.maxBody() - h.bodyRead
	if left <= 0 {
		return 0, errBodyCap
	}
	if int64(len(p)) > left {
		p = p[:left]
	}
	n, err := h.br.Read(p)
	h.recordBody(p[:n])
	return n, err
}

// recordBody counts p against MaxBody and adds it to the exchange's body.
func (h *Handler) recordBody(p []byte) {
	h.bodyRead += int64(len(p))
	h.read += len(p)
	if h.ex != nil {
		h.ex.Body = append(h.ex.Body, p...)
	}
}

// tracing reports whether trace frames are being recorded, so that
// callers can skip computing values nobody will see.
func (h *Handler) tracing() bool { return !h.s.NoTrace }

// SetRepr shows a string value on the current frame as Python's repr.
func (h *Handler) SetRepr(name, s string) {
	if h.tracing() {
		h.Set(name, pyRepr(s, h.p.py3()))
	}
}

// SetInt shows an integer value on the current frame.
func (h *Handler) SetInt(name string, n int) {
	if h.tracing() {
		h.Set(name, strconv.Itoa(n))
	}
}
