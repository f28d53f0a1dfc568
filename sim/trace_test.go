package sim

import (
	"strconv"
	"strings"
	"testing"
)

// TestTraceLinks: every frame of the dispatch path links to a def line of
// the chosen version (frames of our own handler files link to the file
// and line instead), for requests that take each branch.
func TestTraceLinks(t *testing.T) {
	raws := []string{
		"GET /a.txt HTTP/1.0\r\n\r\n",
		"GET / HTTP/1.0\r\n\r\n",
		"GET /sub HTTP/1.0\r\n\r\n",
		"HEAD /nope HTTP/1.0\r\n\r\n",
		"get / HTTP/1.0\r\n\r\n",
		"GET / HTTP/2.0\r\n\r\n",
		"GET /a.txt HTTP/1.1\r\nExpect: 100-continue\r\n\r\nGET /a.txt HTTP/1.1\r\n\r\n",
		"POST / HTTP/1.0\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\na=1",
		"PUT /new.txt HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi",
		"GET /" + strings.Repeat("a", 70000) + " HTTP/1.0\r\n\r\n",
		"GET /a%00b HTTP/1.0\r\n\r\n", // handle_error
	}
	checked := 0
	for _, p := range Profiles() {
		for _, combo := range classCombos() {
			cls := combo.cls
			fsys := sampleMemFS(t)
			s := &Server{Profile: p, Handler: cls, ServerClass: combo.server, FS: fsys, Protocol: "HTTP/1.1"}
			for _, raw := range raws {
				res := s.Handle([]byte(raw))
				if res.Refused {
					continue
				}
				for _, ex := range res.Exchanges {
					if len(ex.Trace) == 0 {
						t.Errorf("%s %s %.30q: no trace", p.Name, cls.Name, raw)
					}
					checked += len(ex.Trace)
					for _, f := range ex.Trace {
						switch {
						case f.File == cls.File && cls.File != "":
							if f.Line == 0 {
								t.Errorf("%s %s: frame %s has no line in %s", p.Name, cls.Name, f.Fn, f.File)
							}
						case f.URL == "" || f.Line == 0 || !strings.Contains(f.URL, "/v"+p.Version+"/"):
							t.Errorf("%s %s %.30q: frame %s has no source link (%q, line %d)", p.Name, cls.Name, raw, f.Fn, f.URL, f.Line)
						}
					}
				}
			}
		}
	}
	if checked < 10000 {
		t.Errorf("only %d frames checked", checked)
	}
	t.Logf("%d frames checked", checked)
}

// TestTraceSpans: each frame's span is what it wrote. A send_header call
// wrote its header line, log_message wrote one stderr line, the spans
// of callees lie inside their caller's, and the records say how many of
// the client's bytes were read.
func TestTraceSpans(t *testing.T) {
	tests := []struct {
		name, raw string
		read      int // bytes the server read
		handler   *Class
	}{
		{"no header lines", "GET /a.txt HTTP/1.0\r\n\r\n", 23, SimpleHandler},
		{"second request never read", "GET /a.txt HTTP/1.0\r\nHost: x\r\n\r\nGET /a.txt HTTP/1.0\r\n\r\n", 32, SimpleHandler},
		{"body left unread by a 501", "POST / HTTP/1.0\r\nContent-Length: 3\r\n\r\na=1", 41 - 3, SimpleHandler},
		{"seed prints", "GET /a.txt HTTP/1.0\r\nHost: x\r\n\r\n", 32, SeedHandler},
		{"keep-alive", "GET /a.txt HTTP/1.1\r\n\r\nGET /nope HTTP/1.1\r\n\r\n", 45, SimpleHandler},
	}
	for _, p := range Profiles() {
		for _, tt := range tests {
			s := &Server{Profile: p, Handler: tt.handler, FS: sampleMemFS(t), Protocol: "HTTP/1.1"}
			res := s.Handle([]byte(tt.raw))
			if res.Refused {
				continue
			}
			if res.Read != tt.read {
				t.Errorf("%s %s: Read = %d, want %d", p.Name, tt.name, res.Read, tt.read)
			}
			logLines := strings.SplitAfter(res.Stderr, "\n")
			outLines := strings.SplitAfter(res.Stdout, "\n")
			pos := 0
			for i, ex := range res.Exchanges {
				if ex.Headers == nil && ex.Version != "" && ex.Version != "HTTP/0.9" && ex.Status != 400 {
					t.Errorf("%s %s #%d: headers were read but recorded as nil", p.Name, tt.name, i)
				}
				if ex.Offset != pos {
					t.Errorf("%s %s #%d: Offset = %d, want %d", p.Name, tt.name, i, ex.Offset, pos)
				}
				pos += ex.Read
				var stack []Frame
				for _, f := range ex.Trace {
					w := f.Wrote
					for len(stack) > f.Depth {
						stack = stack[:len(stack)-1]
					}
					if len(stack) > 0 {
						pw := stack[len(stack)-1].Wrote
						if w.Out[0] < pw.Out[0] || w.Out[1] > pw.Out[1] || w.Log[0] < pw.Log[0] || w.Log[1] > pw.Log[1] {
							t.Errorf("%s %s: %s wrote %v outside its caller %s %v", p.Name, tt.name, f.Fn, w, stack[len(stack)-1].Fn, pw)
						}
					}
					stack = append(stack, f)
					if int(w.Out[1]) > len(res.Response) || int(w.Log[1]) > len(logLines) || int(w.Stdout[1]) > len(outLines) {
						t.Errorf("%s %s: %s span %v past the output", p.Name, tt.name, f.Fn, w)
						continue
					}
					out := string(res.Response[w.Out[0]:w.Out[1]])
					switch {
					case strings.HasSuffix(f.Fn, ".send_header") && p.py3() && p.minor >= 37:
						// From 3.7... 3.x buffers headers until end_headers flushes them.
						if out != "" {
							t.Errorf("%s %s: send_header wrote %q before end_headers", p.Name, tt.name, out)
						}
					case strings.HasSuffix(f.Fn, ".log_message"):
						if w.Log[1]-w.Log[0] != 1 {
							t.Errorf("%s %s: log_message wrote lines %v", p.Name, tt.name, w.Log)
						}
					case strings.HasSuffix(f.Fn, ".do_GET") && tt.handler == SeedHandler && f.File == "seed.py":
						if w.Stdout[1] == w.Stdout[0] || !strings.HasPrefix(out, "HTTP/1.") {
							t.Errorf("%s %s: seed do_GET wrote stdout %v and %.20q", p.Name, tt.name, w.Stdout, out)
						}
					}
				}
			}
		}
	}
}

// TestTraceStmts: the path links the lines that ran inside the key
// frames, not only their defs, in every version.
func TestTraceStmts(t *testing.T) {
	tests := []struct {
		raw  string
		fn   string // frame name suffix
		want []string
	}{
		{"GET /a.txt HTTP/1.0\r\n\r\n", ".handle_one_request", []string{"mname = 'do_' + self.command", "method()"}},
		{"GET /a.txt HTTP/1.0\r\n\r\n", "SimpleHTTPRequestHandler.do_GET", []string{"f = self.send_head()", "self.copyfile(f, self.wfile)"}},
		{"POST / HTTP/1.0\r\n\r\n", ".handle_one_request", []string{"mname = 'do_' + self.command", "send_error(501)"}},
		{"GET /nope HTTP/1.0\r\n\r\n", ".send_head", []string{"send_error(404)"}},
		{"GET /sub HTTP/1.0\r\n\r\n", ".send_head", []string{"send_response(301)"}},
		{"GET / HTTP/2.0\r\n\r\n", ".parse_request", []string{"send_error(505)"}},
		{"GET /" + strings.Repeat("a", 70000) + " HTTP/1.0\r\n\r\n", ".handle_one_request", []string{"send_error(414)"}},
	}
	for _, p := range Profiles() {
		for _, tt := range tests {
			res := (&Server{Profile: p, FS: sampleMemFS(t)}).Handle([]byte(tt.raw))
			var got []string
			for _, f := range res.Exchanges[0].Trace {
				if strings.HasSuffix(f.Fn, tt.fn) {
					for _, s := range f.Ran {
						got = append(got, s.Code)
						if s.Line <= f.Line || !strings.HasSuffix(s.URL, "#L"+strconv.Itoa(s.Line)) || !strings.Contains(s.URL, "/v"+p.Version+"/") {
							t.Errorf("%s %s: %q links %s (line %d, def at %d)", p.Name, f.Fn, s.Code, s.URL, s.Line, f.Line)
						}
					}
					break
				}
			}
			if strings.Join(got, "; ") != strings.Join(tt.want, "; ") {
				t.Errorf("%s %.30q: %s ran %q, want %q", p.Name, tt.raw, tt.fn, got, tt.want)
			}
		}
	}
}

type classCombo struct {
	cls    *Class
	server string
}

// classCombos is every handler under every server class.
func classCombos() []classCombo {
	var out []classCombo
	for _, cls := range []*Class{SimpleHandler, SeedHandler, UploadHandler} {
		for _, sc := range append([]string{""}, ServerClasses...) {
			out = append(out, classCombo{cls, sc})
		}
	}
	return out
}

// TestTraceServerLoop: the frames above the handler are those of the
// class that runs: the single-threaded loop calls process_request in
// _handle_request_noblock and handle_error after it; ThreadingMixIn runs
// process_request_thread; the CLI's DualStackServer overrides
// finish_request from 3.9.
func TestTraceServerLoop(t *testing.T) {
	tests := []struct {
		python, server string
		cls            *Class
		want, not      []string
	}{
		{"3.12", "", SeedHandler, []string{"BaseServer.process_request", "BaseServer.finish_request", "BaseServer.handle_error"}, []string{"ThreadingMixIn"}},
		{"2.7", TCPServer, SimpleHandler, []string{"SocketServer.BaseServer.process_request", "SocketServer.BaseServer.handle_error"}, []string{"ThreadingMixIn"}},
		{"3.13", HTTPServer, UploadHandler, []string{"BaseServer.process_request"}, []string{"ThreadingMixIn"}},
		{"3.6", ThreadingHTTPServer, SimpleHandler, []string{"ThreadingMixIn.process_request_thread", "BaseServer.finish_request"}, []string{"BaseServer.process_request"}},
		{"3.6", "", SimpleHandler, []string{"BaseServer.process_request"}, []string{"ThreadingMixIn"}},
		{"3.7", CLIServer, SimpleHandler, []string{"ThreadingMixIn.process_request_thread", "BaseServer.finish_request"}, []string{"DualStackServer"}},
		{"3.8", "", SimpleHandler, []string{"ThreadingMixIn.process_request_thread", "BaseServer.finish_request"}, []string{"DualStackServer.finish_request"}},
		{"3.9", "", SimpleHandler, []string{"ThreadingMixIn.process_request_thread", "DualStackServer.finish_request"}, []string{"BaseServer.finish_request"}},
		{"3.13", ThreadingHTTPServer, SimpleHandler, []string{"ThreadingMixIn.process_request_thread", "BaseServer.finish_request"}, []string{"DualStackServer"}},
		{"3.12", "", UploadHandler, []string{"ThreadingMixIn.process_request_thread"}, []string{"BaseServer.process_request"}},
	}
	for _, tt := range tests {
		p, err := Lookup(tt.python)
		if err != nil {
			t.Fatal(err)
		}
		s := &Server{Profile: p, Handler: tt.cls, ServerClass: tt.server, FS: sampleMemFS(t)}
		res := s.Handle([]byte("GET /a%00b HTTP/1.0\r\n\r\n"))
		var fns []string
		for _, f := range res.Exchanges[0].Trace {
			fns = append(fns, f.Fn)
		}
		all := strings.Join(fns, " ")
		for _, w := range tt.want {
			if !strings.Contains(all, w) {
				t.Errorf("%s %s under %q: no frame %s in %s", tt.python, tt.cls.Name, tt.server, w, all)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(all, n) {
				t.Errorf("%s %s under %q: unexpected frame %s in %s", tt.python, tt.cls.Name, tt.server, n, all)
			}
		}
	}
}
