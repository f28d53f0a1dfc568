package sim

import (
	"fmt"
	"github.com/httpsim/httpsim/sim/internal/pystr"
	"strconv"
	"strings"
)

// httpStatus is a code passed as an http.HTTPStatus member, as the
// library does; a plain int is a code handler code wrote as a number. The
// difference shows on 3.6–3.10 error pages.
type httpStatus int

// StreamRequestHandler is socketserver's base of every HTTP handler:
// setup wraps the socket in rfile and wfile, finish flushes and closes them.
var StreamRequestHandler = &Class{
	Name:    "StreamRequestHandler",
	Module3: "socketserver", Module2: "SocketServer",
	Methods: map[string]Method{
		"setup":  func(h *Handler, _ ...any) (any, error) { return nil, nil },
		"finish": func(h *Handler, _ ...any) (any, error) { return nil, nil },
	},
}

// BaseHandler is BaseHTTPRequestHandler.
var BaseHandler = &Class{
	Name:    "BaseHTTPRequestHandler",
	Module3: "http.server", Module2: "BaseHTTPServer",
	Base:        StreamRequestHandler,
	Methods:     map[string]Method{},
	Description: "The HTTP machinery with no do_* methods: every method gets 501.",
}

func init() {
	m := BaseHandler.Methods
	m["handle"] = func(h *Handler, _ ...any) (any, error) { return nil, h.handle() }
	m["handle_one_request"] = func(h *Handler, _ ...any) (any, error) {
		n := len(h.exchanges)
		err := h.handleOneRequest()
		if len(h.exchanges) > n {
			h.endExchange()
		}
		return nil, err
	}
	m["parse_request"] = func(h *Handler, _ ...any) (any, error) { return h.parseRequest() }
	m["handle_expect_100"] = func(h *Handler, _ ...any) (any, error) { return h.handleExpect100() }
	m["send_error"] = func(h *Handler, args ...any) (any, error) {
		return nil, h.sendError(args[0], optString(args, 1), optString(args, 2))
	}
	m["send_response"] = func(h *Handler, args ...any) (any, error) {
		return nil, h.sendResponse(args[0], optString(args, 1))
	}
	m["send_response_only"] = func(h *Handler, args ...any) (any, error) {
		return nil, h.sendResponseOnly(args[0], optString(args, 1))
	}
	m["send_header"] = func(h *Handler, args ...any) (any, error) {
		return nil, h.sendHeader(args[0].(string), args[1].(string))
	}
	m["end_headers"] = func(h *Handler, _ ...any) (any, error) { return nil, h.endHeaders() }
	m["flush_headers"] = func(h *Handler, _ ...any) (any, error) { h.flushHeaders(); return nil, nil }
	m["log_request"] = func(h *Handler, args ...any) (any, error) { return nil, h.logRequest(args...) }
	m["log_error"] = func(h *Handler, args ...any) (any, error) {
		_, err := h.Call("log_message", args...)
		return nil, err
	}
	m["log_message"] = func(h *Handler, args ...any) (any, error) { return nil, h.logMessage(args...) }
	m["version_string"] = func(h *Handler, _ ...any) (any, error) { return h.versionString(), nil }
	m["date_time_string"] = func(h *Handler, args ...any) (any, error) {
		if len(args) > 0 && args[0] != nil {
			return httpDate(h.p.mtimeSecond(args[0].(timestamp).t)), nil
		}
		return httpDate(h.s.now()), nil
	}
	m["log_date_time_string"] = func(h *Handler, _ ...any) (any, error) { return logDate(h.s.now()), nil }
	m["address_string"] = func(h *Handler, _ ...any) (any, error) { return h.s.clientAddr(), nil }
}

func optString(args []any, i int) *string {
	if i < len(args) {
		if s, ok := args[i].(string); ok {
			return &s
		}
	}
	return nil
}

func codeOf(code any) (int, bool) {
	switch c := code.(type) {
	case httpStatus:
		return int(c), true
	case int:
		return c, false
	}
	return 0, false
}

// callString calls a method that returns a str.
func (h *Handler) callString(name string, args ...any) (string, error) {
	v, err := h.Call(name, args...)
	if err != nil {
		return "", err
	}
	s, _ := v.(string)
	return s, nil
}

// handle is BaseHTTPRequestHandler.handle.
func (h *Handler) handle() error {
	h.closeConnection = true
	h.Set("close_connection", "True")
	if _, err := h.Call("handle_one_request"); err != nil {
		return err
	}
	for !h.closeConnection {
		if _, err := h.Call("handle_one_request"); err != nil {
			return err
		}
	}
	return nil
}

// handleOneRequest is BaseHTTPRequestHandler.handle_one_request.
func (h *Handler) handleOneRequest() error {
	start := len(h.frames) - 1
	h.rawRequestline = h.readline(maxLine + 1)
	if len(h.rawRequestline) > 0 {
		h.beginExchange(start)
	}
	if len(h.rawRequestline) > maxLine {
		if h.tracing() {
			h.Set("raw_requestline", fmt.Sprintf("<%d bytes, more than %d>", len(h.rawRequestline), maxLine))
		}
		h.Note("The request line is longer than 65536 bytes: 414.")
		h.stmt("send_error(414)")
		h.requestline, h.requestVersion, h.command, h.commandSet = "", "", "", true
		_, err := h.Call("send_error", httpStatus(414))
		return err
	}
	if len(h.rawRequestline) == 0 {
		h.Set("raw_requestline", "b''")
		h.Note("The client closed its side: nothing more to read, so the connection closes.")
		h.closeConnection = true
		return nil
	}
	if h.tracing() {
		h.Set("raw_requestline", h.bytesValue(h.rawRequestline))
	}
	ok, err := h.Call("parse_request")
	if err != nil {
		return err
	}
	if ok != true {
		h.Note("parse_request returned False: an error was sent (or the line was blank), so stop here.")
		return nil
	}
	mname := "do_" + h.command
	h.stmt("mname = 'do_' + self.command")
	found := h.HasAttr(mname)
	h.SetRepr("mname", mname)
	h.Set("hasattr(self, mname)", pyBool(found))
	if !found {
		h.Note("%s has no method %s, so the server answers 501.", h.cls.Name, mname)
		h.stmt("send_error(501)")
		_, err := h.Call("send_error", httpStatus(501), "Unsupported method ("+pyRepr(h.command, h.p.py3())+")")
		return err
	}
	h.Note("Dispatch: getattr(self, %s)() calls %s.", pyRepr(mname, h.p.py3()), mname)
	h.stmt("method()")
	if _, err := h.Call(mname); err != nil {
		return err
	}
	return nil
}

func pyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

func (h *Handler) bytesValue(b []byte) string {
	if h.p.py3() {
		return bytesRepr(b)
	}
	return pyRepr(string(b), false)
}

// text turns request bytes into the handler's string type: latin-1
// decoded str in 3.x, the bytes themselves in 2.7.
func (h *Handler) text(b []byte) string {
	if h.p.py3() {
		return latin1(b)
	}
	return string(b)
}

// parseRequest is BaseHTTPRequestHandler.parse_request.
func (h *Handler) parseRequest() (bool, error) {
	p := h.p
	py3 := p.py3()
	h.command, h.commandSet = "", false
	h.requestVersion = "HTTP/0.9"
	version := h.requestVersion
	h.closeConnection = true
	h.requestline = strings.TrimRight(h.text(h.rawRequestline), "\r\n")
	words := pySplit(h.requestline, py3)
	h.SetRepr("requestline", h.requestline)
	if h.tracing() {
		h.Set("words", reprList(words, py3))
	}
	if h.ex != nil {
		h.ex.Requestline = h.requestline
	}
	if len(words) == 0 {
		h.Note("A blank request line: nothing to answer.")
		return false, nil
	}
	badVersion := func(v string) (bool, error) {
		h.Note("The version word is not HTTP/major.minor.")
		_, err := h.Call("send_error", httpStatus(400), "Bad request version ("+pyRepr(v, py3)+")")
		return false, err
	}
	checkVersion := func(v string) (ok bool, done bool, err error) {
		if !strings.HasPrefix(v, "HTTP/") {
			r, e := badVersion(v)
			return r, true, e
		}
		base := v[len("HTTP/"):]
		nums := strings.Split(base, ".")
		if len(nums) != 2 {
			r, e := badVersion(v)
			return r, true, e
		}
		var n [2]int
		for i, c := range nums {
			var good bool
			if p.strictVersion() {
				good = c != "" && len(c) <= 10 && isDecimalDigits(c)
				if good {
					n[i], good = pyInt(c, py3)
				}
			} else {
				n[i], good = pyInt(c, py3)
			}
			if !good {
				r, e := badVersion(v)
				return r, true, e
			}
		}
		if h.tracing() {
			h.Set("version_number", fmt.Sprintf("(%d, %d)", n[0], n[1]))
		}
		if (n[0] > 1 || n[0] == 1 && n[1] >= 1) && h.protocolAtLeast11() {
			h.closeConnection = false
		}
		if n[0] >= 2 {
			h.Note("HTTP/2.0 and later are not spoken here: 505.")
			h.stmt("send_error(505)")
			msg := "Invalid HTTP version (" + base + ")"
			if !py3 {
				msg = "Invalid HTTP Version (" + base + ")"
			}
			_, err := h.Call("send_error", httpStatus(505), msg)
			return false, true, err
		}
		return true, false, nil
	}
	syntax := func() (bool, error) {
		h.Note("A request line has two or three words.")
		_, err := h.Call("send_error", httpStatus(400), "Bad request syntax ("+pyRepr(h.requestline, py3)+")")
		return false, err
	}

	var command, path string
	http09 := false // is_http_0_9 (3.14)
	if p.versionFromLastWord() {
		if len(words) >= 3 {
			version = words[len(words)-1]
			ok, done, err := checkVersion(version)
			if done {
				return ok, err
			}
			h.requestVersion = version
		}
		if len(words) < 2 || len(words) > 3 {
			return syntax()
		}
		command, path = words[0], words[1]
		if len(words) == 2 {
			h.closeConnection = true
			if command != "GET" {
				h.Note("Two words means HTTP/0.9, which only knows GET.")
				_, err := h.Call("send_error", httpStatus(400), "Bad HTTP/0.9 request type ("+pyRepr(command, py3)+")")
				return false, err
			}
			http09 = true
		}
	} else {
		switch len(words) {
		case 3:
			command, path, version = words[0], words[1], words[2]
			ok, done, err := checkVersion(version)
			if done {
				return ok, err
			}
		case 2:
			command, path = words[0], words[1]
			h.closeConnection = true
			if command != "GET" {
				h.Note("Two words means HTTP/0.9, which only knows GET.")
				_, err := h.Call("send_error", httpStatus(400), "Bad HTTP/0.9 request type ("+pyRepr(command, py3)+")")
				return false, err
			}
			http09 = true
		default:
			return syntax()
		}
		h.requestVersion = version
	}
	h.command, h.commandSet, h.path = command, true, path
	h.SetRepr("command", command)
	h.SetRepr("path", path)
	h.SetRepr("request_version", h.requestVersion)
	if h.ex != nil {
		h.ex.Command, h.ex.Path, h.ex.Version = command, path, h.requestVersion
	}
	if p.reduceSlashes() && strings.HasPrefix(h.path, "//") {
		h.path = "/" + strings.TrimLeft(h.path, "/")
		h.SetRepr("self.path", h.path)
		h.Note("A path starting with // is reduced to one / (gh-87389), so a redirect cannot point at another host.")
	}

	if http09 && p.http09NoHeaders() {
		h.headers = &Message{py3: true, dict: true}
		h.Set("headers", "{}")
		h.Note("HTTP/0.9 has no headers: 3.14 reads none and sets self.headers to an empty dict.")
		return true, nil
	}
	if err := h.readHeaders(); err != nil {
		if err == errHeadersSent {
			return false, nil
		}
		return false, err
	}
	conntype, _ := h.headers.Get("Connection")
	switch {
	case pyLower(conntype, py3) == "close":
		h.closeConnection = true
	case pyLower(conntype, py3) == "keep-alive" && h.protocolAtLeast11():
		h.closeConnection = false
	}
	h.Set("close_connection", pyBool(h.closeConnection))
	if py3 {
		expect, _ := h.headers.Get("Expect")
		if pyLower(expect, true) == "100-continue" && h.protocolAtLeast11() && h.requestVersion >= "HTTP/1.1" {
			ok, err := h.Call("handle_expect_100")
			if err != nil {
				return false, err
			}
			if ok != true {
				return false, nil
			}
		}
	}
	return true, nil
}

func (h *Handler) protocolAtLeast11() bool { return h.s.protocol() >= "HTTP/1.1" }

func isDecimalDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// pyInt is int(s) for the strings a version component can be: optional
// surrounding whitespace, an optional sign, digits, and (3.6+) single
// underscores between digits.
func pyInt(s string, py3 bool) (int, bool) {
	if py3 {
		s = strings.TrimFunc(s, pystr.IsSpace3)
	} else {
		s = strip2(s)
	}
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "" {
		return 0, false
	}
	var digits strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits.WriteByte(c)
		case c == '_' && py3 && i > 0 && i+1 < len(s) && s[i-1] != '_' && s[i+1] >= '0' && s[i+1] <= '9':
		default:
			// Unicode digits also count for int() in 3.x, but the
			// request line is latin-1, where there are none beyond ASCII
			// apart from superscripts, which int() rejects.
			return 0, false
		}
	}
	d := strings.TrimLeft(digits.String(), "0")
	if len(d) > 9 {
		// Python ints do not overflow. Callers only need the sign and the
		// magnitude class: version comparisons with (1, 1) and (2, 0), and
		// the Content-Length checks.
		if neg {
			return -(1 << 30), true
		}
		return 1 << 30, true
	}
	n, _ := strconv.Atoi("0" + d)
	if neg {
		n = -n
	}
	return n, true
}

func reprList(words []string, py3 bool) string {
	parts := make([]string, len(words))
	for i, w := range words {
		parts[i] = pyRepr(w, py3)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// errHeadersSent says readHeaders already answered with an error.
var errHeadersSent = fmt.Errorf("headers rejected")

// readHeaders is the header half of parse_request: 3.x
// http.client.parse_headers, 2.7 mimetools.Message.
func (h *Handler) readHeaders() error {
	if h.p.py3() {
		return h.readHeaders3()
	}
	h.enterDef("mimetools.Message.__init__")
	defer h.leave()
	// mimetools has no limit on header lines; the server's MaxBody bounds
	// the whole section so a client cannot grow memory without end.
	var r rfc822Reader
	budget := h.s.maxBody()
	h.headerBytes = 0
	for {
		line := h.readline(int(min(budget+1, 1<<40)))
		budget -= int64(len(line))
		if budget < 0 {
			return errHeaderCap
		}
		h.headerBytes += len(line)
		if len(line) == 0 || r.feed(string(line)) {
			break
		}
	}
	h.headers = &Message{Fields: r.fields, py3: false, raw: r.raw}
	raw := r.raw
	fields := r.received // the record lists every field, duplicates included
	if h.tracing() {
		h.Set("headers", fmt.Sprintf("<%d header lines>", len(raw)))
	}
	if h.ex != nil {
		h.ex.Headers = readFields(fields)
	}
	return nil
}

func (h *Handler) readHeaders3() error {
	h.enterDef("http.client.parse_headers")
	var block []byte
	n := 0
	var message, explain string
	for {
		line := h.readline(maxLine + 1)
		if len(line) > maxLine {
			h.Note("A header line is longer than 65536 bytes: LineTooLong.")
			message, explain = "Line too long", "got more than 65536 bytes when reading header line"
			break
		}
		block = append(block, line...)
		n++
		if n > maxHeaders {
			h.Note("More than 100 header lines: HTTPException.")
			message, explain = "Too many headers", "got more than 100 headers"
			break
		}
		if len(line) == 0 || string(line) == "\r\n" || string(line) == "\n" {
			break
		}
	}
	if message != "" {
		h.leave()
		if _, err := h.Call("send_error", httpStatus(431), message, explain); err != nil {
			return err
		}
		return errHeadersSent
	}
	h.headerBytes = len(block)
	fields, payload := parseEmailHeaders(latin1(block), h.p.stripFoldedValue())
	h.headers = &Message{Fields: fields, py3: true, payload: payload}
	h.SetInt("header lines read", n)
	if payload != "" {
		h.Note("A line that is not a header ended the header section: the email parser keeps it and everything after it as the payload, so those headers are lost.")
	}
	if h.ex != nil {
		h.ex.Headers = readFields(fields)
	}
	h.leave()
	return nil
}

// readFields is the record of headers that were read: empty, not nil,
// when the block was only its blank line.
func readFields(f []Field) []Field {
	if f == nil {
		return []Field{}
	}
	return f
}

// handleExpect100 is BaseHTTPRequestHandler.handle_expect_100.
func (h *Handler) handleExpect100() (bool, error) {
	h.Note("Expect: 100-continue on an HTTP/1.1 server: send the interim response before any body is read.")
	if _, err := h.Call("send_response_only", httpStatus(100)); err != nil {
		return false, err
	}
	if _, err := h.Call("end_headers"); err != nil {
		return false, err
	}
	return true, nil
}

// sendError is BaseHTTPRequestHandler.send_error.
func (h *Handler) sendError(codeArg any, message, explain *string) error {
	p := h.p
	code, enum := codeOf(codeArg)
	short, long, ok := p.phrase(code)
	if !ok {
		short, long = "???", "???"
	}
	if message == nil {
		message = &short
	}
	if explain == nil || !p.py3() {
		explain = &long
	}
	h.SetInt("code", code)
	if h.tracing() {
		h.Set("message", pyRepr(*message, p.py3()))
	}
	if _, err := h.Call("log_error", "code %d, message %s", code, *message); err != nil {
		return err
	}
	if _, err := h.Call("send_response", codeArg, *message); err != nil {
		return err
	}
	if _, err := h.Call("send_header", "Connection", "close"); err != nil {
		return err
	}
	var body []byte
	if code >= 200 && code != 204 && code != 205 && code != 304 {
		body = errorPage(p, code, enum, *message, *explain)
		if _, err := h.Call("send_header", "Content-Type", errorContentType(p)); err != nil {
			return err
		}
		if p.py3() {
			if _, err := h.Call("send_header", "Content-Length", strconv.Itoa(len(body))); err != nil {
				return err
			}
		}
	}
	if _, err := h.Call("end_headers"); err != nil {
		return err
	}
	if !(h.commandSet && h.command == "HEAD") && len(body) > 0 {
		h.write(body)
	}
	return nil
}

// sendResponse is BaseHTTPRequestHandler.send_response.
func (h *Handler) sendResponse(codeArg any, message *string) error {
	code, _ := codeOf(codeArg)
	if h.ex != nil {
		h.ex.Status = code
	}
	h.SetInt("code", code)
	if _, err := h.Call("log_request", codeArg); err != nil {
		return err
	}
	if h.p.py3() {
		var args []any
		args = append(args, codeArg)
		if message != nil {
			args = append(args, *message)
		}
		if _, err := h.Call("send_response_only", args...); err != nil {
			return err
		}
	} else {
		msg := ""
		if message != nil {
			msg = *message
		} else if s, _, ok := h.p.phrase(code); ok {
			msg = s
		}
		if h.requestVersion != "HTTP/0.9" {
			h.write([]byte(fmt.Sprintf("%s %d %s\r\n", h.s.protocol(), code, msg)))
		}
	}
	vs, err := h.callString("version_string")
	if err != nil {
		return err
	}
	if _, err := h.Call("send_header", "Server", vs); err != nil {
		return err
	}
	ds, err := h.callString("date_time_string")
	if err != nil {
		return err
	}
	_, err = h.Call("send_header", "Date", ds)
	return err
}

// sendResponseOnly is BaseHTTPRequestHandler.send_response_only (3.x).
func (h *Handler) sendResponseOnly(codeArg any, message *string) error {
	code, _ := codeOf(codeArg)
	if h.requestVersion == "HTTP/0.9" {
		h.Note("request_version is HTTP/0.9: no status line is written.")
		return nil
	}
	msg := ""
	if message != nil {
		msg = *message
	} else if s, _, ok := h.p.phrase(code); ok {
		msg = s
	}
	line := h.s.protocol() + " " + strconv.Itoa(code) + " " + msg + "\r\n"
	b, ok := encodeLatin1(line)
	if !ok {
		return &PyError{Type: "UnicodeEncodeError", Msg: "'latin-1' codec can't encode characters in the status line"}
	}
	h.SetRepr("status line", strings.TrimRight(line, "\r\n"))
	h.headersBuffer = append(h.headersBuffer, b...)
	h.hasBuffer = true
	return nil
}

// sendHeader is BaseHTTPRequestHandler.send_header.
func (h *Handler) sendHeader(keyword, value string) error {
	py3 := h.p.py3()
	h.SetRepr("header", keyword+": "+value)
	if h.requestVersion != "HTTP/0.9" {
		line := keyword + ": " + value + "\r\n"
		if py3 {
			b, ok := encodeLatin1(line)
			if !ok {
				return &PyError{Type: "UnicodeEncodeError", Msg: "'latin-1' codec can't encode characters in a header"}
			}
			h.headersBuffer = append(h.headersBuffer, b...)
			h.hasBuffer = true
		} else {
			h.write([]byte(line))
		}
	}
	if pyLower(keyword, py3) == "connection" {
		switch pyLower(value, py3) {
		case "close":
			h.closeConnection = true
			h.Set("close_connection", "True")
		case "keep-alive":
			h.closeConnection = false
			h.Set("close_connection", "False")
		}
	}
	return nil
}

// endHeaders is BaseHTTPRequestHandler.end_headers.
func (h *Handler) endHeaders() error {
	if h.requestVersion == "HTTP/0.9" {
		return nil
	}
	if !h.p.py3() {
		h.write([]byte("\r\n"))
		return nil
	}
	if !h.hasBuffer {
		return &PyError{Type: "AttributeError", Msg: fmt.Sprintf("'%s' object has no attribute '_headers_buffer'", h.cls.Name)}
	}
	h.headersBuffer = append(h.headersBuffer, "\r\n"...)
	_, err := h.Call("flush_headers")
	return err
}

// flushHeaders is BaseHTTPRequestHandler.flush_headers.
func (h *Handler) flushHeaders() {
	if h.hasBuffer {
		h.write(h.headersBuffer)
		h.headersBuffer = h.headersBuffer[:0]
	}
}

// logRequest is BaseHTTPRequestHandler.log_request(code='-', size='-').
func (h *Handler) logRequest(args ...any) error {
	code, size := "-", "-"
	if len(args) > 0 {
		switch c := args[0].(type) {
		case httpStatus:
			code = strconv.Itoa(int(c))
		case int:
			code = strconv.Itoa(c)
		case string:
			code = c
		}
	}
	if len(args) > 1 {
		size = fmt.Sprint(args[1])
	}
	_, err := h.Call("log_message", `"%s" %s %s`, h.requestline, code, size)
	return err
}

// logMessage is BaseHTTPRequestHandler.log_message(format, *args).
func (h *Handler) logMessage(args ...any) error {
	format, _ := args[0].(string)
	msg := pyFormat(format, args[1:], h.p.py3())
	if h.p.escapeLogs() {
		msg = escapeLog(msg)
	}
	addr := h.s.clientAddr()
	if h.p.py3() {
		a, err := h.callString("address_string")
		if err != nil {
			return err
		}
		addr = a
	}
	ts, err := h.callString("log_date_time_string")
	if err != nil {
		return err
	}
	line := addr + " - - [" + ts + "] " + msg
	h.SetRepr("stderr", line)
	h.logLine(line)
	return nil
}

// pyFormat is format % args for the %s, %d and %r conversions the server
// uses.
func pyFormat(format string, args []any, py3 bool) string {
	var b strings.Builder
	ai := 0
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' || i+1 >= len(format) {
			b.WriteByte(c)
			continue
		}
		i++
		verb := format[i]
		if verb == '%' {
			b.WriteByte('%')
			continue
		}
		var a any
		if ai < len(args) {
			a = args[ai]
			ai++
		}
		switch verb {
		case 'r':
			if s, ok := a.(string); ok {
				b.WriteString(pyRepr(s, py3))
			} else {
				fmt.Fprint(&b, a)
			}
		case 'd':
			if n, ok := codeOf(a); ok {
				b.WriteString(strconv.Itoa(n))
			} else {
				fmt.Fprint(&b, a)
			}
		default:
			if n, ok := codeOf(a); ok {
				b.WriteString(strconv.Itoa(n))
			} else {
				fmt.Fprint(&b, a)
			}
		}
	}
	return b.String()
}
