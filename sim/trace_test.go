package sim

import (
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
