package sim

import (
	"fmt"
	"strings"
)

// Server classes
//
// The handler class says what a request does; the server class says how
// connections reach it. Every one of them is socketserver's loop:
// serve_forever waits, _handle_request_noblock accepts one connection and
// calls process_request. TCPServer and HTTPServer run the handler right
// there, so the loop accepts nothing else until that connection is over;
// ThreadingMixIn.process_request starts a thread for it and returns to
// the loop at once. HTTPServer differs from TCPServer only at start-up
// (its server_bind stores server_name and server_port, and it sets
// allow_reuse_address); per request they run the same code.
//
// Which class a program uses is part of the program: python -m
// http.server picks one per version, the question's script builds a
// TCPServer, http.server.test() defaults to ThreadingHTTPServer from 3.7.

// The values of [Server.ServerClass].
const (
	TCPServer           = "TCPServer"           // socketserver.TCPServer: one connection at a time
	HTTPServer          = "HTTPServer"          // http.server.HTTPServer: the same loop, plus server_name
	ThreadingHTTPServer = "ThreadingHTTPServer" // ThreadingMixIn + HTTPServer: a thread per connection
	CLIServer           = "cli"                 // what python -m http.server uses in the profile's version
)

// ServerClasses are the names [Server.ServerClass] accepts besides "".
var ServerClasses = []string{TCPServer, HTTPServer, ThreadingHTTPServer, CLIServer}

// ParseServerClass checks a server class name as users type it (case is
// ignored) and returns its canonical spelling; "" stays "" (the handler's
// default).
func ParseServerClass(name string) (string, error) {
	n := strings.TrimSpace(name)
	if n == "" {
		return "", nil
	}
	for _, c := range ServerClasses {
		if strings.EqualFold(n, c) {
			return c, nil
		}
	}
	return "", fmt.Errorf("sim: unknown server class %q (have %s)", name, strings.Join(ServerClasses, ", "))
}

// serverKind is the class that runs once "cli" and "" are resolved.
type serverKind int

const (
	kindTCP serverKind = iota
	kindHTTP
	kindThreading
	kindDualStack // the CLI's DualStackServer(ThreadingHTTPServer), 3.8+
)

// testServer is the ServerClass default of http.server.test() (2.7:
// SimpleHTTPServer.test): HTTPServer, ThreadingHTTPServer from 3.7.
func testServer(p *Profile) string {
	if p.minor >= 37 {
		return ThreadingHTTPServer
	}
	return HTTPServer
}

// serverClass is the class name the server runs with, "" resolved.
func (s *Server) serverClass() string {
	if c, err := ParseServerClass(s.ServerClass); err == nil && c != "" {
		return c
	}
	if f := s.class().Server; f != nil {
		return f(s.profile())
	}
	return TCPServer
}

func (s *Server) kind() serverKind {
	p := s.profile()
	switch s.serverClass() {
	case HTTPServer:
		return kindHTTP
	case ThreadingHTTPServer:
		return kindThreading
	case CLIServer:
		switch {
		case p.minor >= 38:
			return kindDualStack
		case p.minor >= 37:
			return kindThreading
		}
		return kindHTTP
	}
	return kindTCP
}

// ServerClassName is the resolved class: [Server.ServerClass], or the
// handler's default, with "cli" named as the class it is in this version
// ("DualStackServer" from 3.8, "HTTPDualStackServer" in 3.14).
func (s *Server) ServerClassName() string {
	switch s.kind() {
	case kindHTTP:
		return HTTPServer
	case kindThreading:
		return ThreadingHTTPServer
	case kindDualStack:
		if s.profile().dualStackMixin() {
			return "HTTPDualStackServer"
		}
		return "DualStackServer"
	}
	return TCPServer
}

// Threaded reports whether the server class handles each connection in a
// thread of its own; otherwise it serves one connection at a time and a
// client that has not finished its request holds up every other.
func (s *Server) Threaded() bool { k := s.kind(); return k == kindThreading || k == kindDualStack }

// ServeScript is the source of sim/pysrc/serve.py: python -m http.server
// with the server class named by --server (and, with --handler upload,
// the upload handler), which is how a class other than a handler
// program's own runs under CPython. The oracle records the corpus's
// server: cases with it.
func ServeScript() string { return pySource("serve.py") }
