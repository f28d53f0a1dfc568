package sim

// What a handler class written in another language (a learner's Python
// script, see internal/pyclass) needs from the handler object: its
// attributes, rfile and wfile, the process's streams, the library classes
// by name and the two kinds of status code. Everything else it reaches
// through [Handler.CallFrom], like any method body here.

// Status is a code as the library passes it, an http.HTTPStatus member;
// a plain int is a code that handler code wrote as a number.
func Status(code int) any { return httpStatus(code) }

// StatusCode reports whether v is a code passed as an http.HTTPStatus
// member, and which.
func StatusCode(v any) (int, bool) {
	c, ok := v.(httpStatus)
	return int(c), ok
}

// LibraryClass returns the library class a Python name stands for
// ("SimpleHTTPRequestHandler"), or nil.
func LibraryClass(name string) *Class {
	switch name {
	case "SimpleHTTPRequestHandler":
		return SimpleHandler
	case "BaseHTTPRequestHandler":
		return BaseHandler
	case "StreamRequestHandler", "BaseRequestHandler":
		return StreamRequestHandler
	}
	return nil
}

// MethodNames lists the methods a class defines itself.
func (c *Class) MethodNames() []string {
	out := make([]string, 0, len(c.Methods))
	for n := range c.Methods {
		out = append(out, n)
	}
	return out
}

// Attr returns a data attribute of the handler object, and whether it
// has it: self.path, self.command, self.headers and the rest of what
// parse_request sets. A value not set yet is missing, as in Python
// (self.command before parse_request is None, from 3.x's class default).
func (h *Handler) Attr(name string) (any, bool) {
	switch name {
	case "path":
		return h.path, h.commandSet || h.path != ""
	case "command":
		if !h.commandSet {
			return nil, true
		}
		return h.command, true
	case "request_version":
		return h.requestVersion, h.commandSet
	case "requestline":
		return h.requestline, h.commandSet
	case "raw_requestline":
		return h.rawRequestline, h.rawRequestline != nil
	case "close_connection":
		return h.closeConnection, true
	case "headers":
		if h.headers == nil {
			return nil, false
		}
		return h.headers, true
	case "client_address":
		return []any{h.s.clientAddr(), h.s.ClientPort}, true
	case "directory":
		return h.s.directory(), h.p.minor >= 37
	case "protocol_version":
		return h.s.protocol(), true
	}
	return nil, false
}

// SetAttr assigns a data attribute that handler code may change; it
// reports whether the name is one the handler object keeps.
func (h *Handler) SetAttr(name string, v any) bool {
	switch name {
	case "path":
		s, ok := v.(string)
		if ok {
			h.path = s
		}
		return ok
	case "close_connection":
		b, ok := v.(bool)
		if ok {
			h.closeConnection = b
		}
		return ok
	}
	return false
}

// Readline is rfile.readline(limit) in handler code (limit < 0: the
// whole line); what it reads counts as body.
func (h *Handler) Readline(limit int) ([]byte, error) {
	left := h.s.maxBody() - h.bodyRead
	if limit < 0 || int64(limit) > left {
		if left <= 0 {
			return nil, errBodyCap
		}
		limit = int(min(left, 1<<30))
	}
	line := h.readline(limit)
	h.recordBody(line)
	return line, nil
}

// Write is wfile.write(p) in handler code.
func (h *Handler) Write(p []byte) { h.write(p) }

// Stdout and Stderr write what handler code printed to the process's
// streams, as it printed it.
func (h *Handler) Stdout(text string) { h.writeStdout(text) }

// Stderr: see [Handler.Stdout].
func (h *Handler) Stderr(text string) { h.writeStderr(text) }

// FieldStorage is cgi.FieldStorage(fp=self.rfile, headers=self.headers,
// environ={'REQUEST_METHOD': 'POST', ...}): the printed form of each item
// of form.list, or the exception the constructor raised.
func (h *Handler) FieldStorage() ([]string, error) { return fieldStorage(h) }

// Steps adds the lines a learner's method ran to its frame, the
// current one while the method's body runs.
func (h *Handler) Steps(steps []Step) {
	if h.s.NoTrace || len(h.stack) == 0 {
		return
	}
	f := &h.frames[h.stack[len(h.stack)-1]]
	if f.Steps == nil {
		f.Steps = make([]Step, 0, len(steps)) // marks the frame as the learner's
	}
	f.Steps = append(f.Steps, steps...)
}

// versionString is version_string(): server_version + ' ' + sys_version,
// each from the first class in the chain that sets it.
func (h *Handler) versionString() string {
	server, sys := "", ""
	for k := h.cls; k != nil; k = k.Base {
		if server == "" {
			server = k.ServerVersion
		}
		if sys == "" {
			sys = k.SysVersion
		}
	}
	if server == "" {
		switch {
		case h.cls.HasAncestor(SimpleHandler):
			server = "SimpleHTTP/0.6"
		case h.p.py3():
			server = "BaseHTTP/0.6"
		default:
			server = "BaseHTTP/0.3"
		}
	}
	if sys == "" {
		sys = "Python/" + h.p.Version
	}
	return server + " " + sys
}
