package sim

import (
	"fmt"
	"strings"
)

// script is the path the handler file appears under in messages that
// Python prints while importing it: the script directory plus the class's
// file.
func (s *Server) script() string {
	c := s.class()
	if c.File == "" {
		return ""
	}
	return strings.TrimSuffix(s.scriptDir(), "/") + "/" + c.File
}

// Startup returns what importing the handler's module writes to stderr
// before the server listens (the 3.11 and 3.12 DeprecationWarning for
// `import cgi`), and the exception that stops the import, if any (the
// ModuleNotFoundError for cgi in 3.13 and 3.14): then the server never starts and
// Python exits with status 1 after printing the traceback.
func (s *Server) Startup() (stderr string, err *PyError) {
	p, c := s.profile(), s.class()
	if c.Missing != nil {
		if pe := c.Missing(p); pe != nil {
			cp := *pe
			cp.Traceback = append([]TracebackEntry(nil), pe.Traceback...)
			for i := range cp.Traceback {
				if cp.Traceback[i].File == c.File {
					cp.Traceback[i].File = s.script()
				}
			}
			return "", &cp
		}
	}
	if c == SeedHandler && p.data.CGIDeprecated {
		src := c.Source(p)
		line := importLine(src, "import cgi")
		return fmt.Sprintf("%s:%d: DeprecationWarning: 'cgi' is deprecated and slated for removal in Python 3.13\n  import cgi\n", s.script(), line), nil
	}
	return "", nil
}

// Banner is the line the server prints on stdout once it listens on
// host and port (host as getsockname reports it).
func (s *Server) Banner(host string, port int) string {
	p := s.profile()
	if s.class() == SeedHandler && s.serverClass() == TCPServer {
		// seed.py prints the question's line, not test()'s.
		return fmt.Sprintf("serving at port %d", port)
	}
	if !p.py3() {
		return fmt.Sprintf("Serving HTTP on %s port %d ...", host, port)
	}
	url := host
	if p.minor >= 38 && strings.Contains(host, ":") {
		url = "[" + host + "]"
	}
	return fmt.Sprintf("Serving HTTP on %s port %d (http://%s:%d/) ...", host, port, url, port)
}

// DefaultBind is the address the server binds when none is given: the
// IPv6 wildcard for python -m http.server from 3.8 (a dual-stack socket),
// the IPv4 wildcard before, and whatever the handler script's own
// command line defaults to.
func (s *Server) DefaultBind() string {
	p, c := s.profile(), s.class()
	if c == SimpleHandler && p.minor >= 38 {
		return "::"
	}
	return "0.0.0.0"
}

// Interrupted is what Ctrl-C prints on stdout (3.x) before exiting 0.
func (s *Server) Interrupted() string {
	if s.class() == SeedHandler && s.serverClass() == TCPServer {
		return "" // seed.py ends quietly on KeyboardInterrupt
	}
	if s.profile().py3() {
		return "\nKeyboard interrupt received, exiting.\n"
	}
	return ""
}
