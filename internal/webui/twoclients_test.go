package webui

import (
	"strings"
	"testing"
)

func TestTwoClients(t *testing.T) {
	req := []byte("GET /hello.txt HTTP/1.0\r\nHost: x\r\n\r\n")
	tests := []struct {
		python, handler, server string
		class                   string
		threaded                bool
	}{
		{"3.12", "seed", "", "TCPServer", false},
		{"3.12", "simple", "TCPServer", "TCPServer", false},
		{"3.6", "simple", "", "HTTPServer", false},
		{"3.12", "simple", "ThreadingHTTPServer", "ThreadingHTTPServer", true},
		{"3.12", "simple", "", "DualStackServer", true},
	}
	for _, tt := range tests {
		o := Options{Python: tt.python, Handler: tt.handler, Server: tt.server}
		r, err := NewSession().TwoClients(req, req, DefaultSplit(req), o)
		if err != nil {
			t.Fatal(err)
		}
		name := tt.python + " " + tt.handler + " " + tt.server
		if r.ServerClass != tt.class || r.Threaded != tt.threaded {
			t.Errorf("%s: class %s threaded %v, want %s %v", name, r.ServerClass, r.Threaded, tt.class, tt.threaded)
		}
		if r.Split != len("GET /hello.txt HTTP/1.0\r\n") {
			t.Errorf("%s: split %d", name, r.Split)
		}
		// The order of the two answers is the whole point.
		var answered []string
		blocked := false
		for _, e := range r.Events {
			if e.Kind == "respond" {
				answered = append(answered, e.Client)
			}
			blocked = blocked || e.Blocked
		}
		want := "A B"
		if tt.threaded {
			want = "B A"
		}
		if got := strings.Join(answered, " "); got != want {
			t.Errorf("%s: answered %s, want %s", name, got, want)
		}
		if blocked == tt.threaded {
			t.Errorf("%s: B blocked = %v", name, blocked)
		}
		for _, rep := range []*Reply{r.A, r.B} {
			if !strings.HasPrefix(string(rep.Result.Response), "HTTP/1.0 200 OK\r\n") {
				t.Errorf("%s: response %q", name, rep.Result.Response)
			}
		}
		// One process: one start-up banner, two log lines.
		var out strings.Builder
		for _, c := range r.Output {
			out.WriteString(c.Text)
		}
		if n := strings.Count(out.String(), `"GET /hello.txt HTTP/1.0" 200`); n != 2 {
			t.Errorf("%s: %d log lines in %q", name, n, out.String())
		}
	}
}

func TestTwoClientsErrors(t *testing.T) {
	s := NewSession()
	req := []byte("GET / HTTP/1.0\r\n\r\n")
	for _, split := range []int{0, len(req), -1} {
		if _, err := s.TwoClients(req, req, split, Options{}); err == nil {
			t.Errorf("split %d: no error", split)
		}
	}
	if _, err := s.TwoClients(req, req, 3, Options{Server: "Forking"}); err == nil {
		t.Error("server Forking: no error")
	}
	if _, _, err := ParseTwoOptions(map[string]any{"split": 1.5}); err == nil {
		t.Error("split 1.5: no error")
	}
	if _, _, err := ParseTwoOptions(map[string]any{"splt": 1.0}); err == nil {
		t.Error("splt: no error")
	}
	o, n, err := ParseTwoOptions(map[string]any{"split": 4.0, "server": "TCPServer"})
	if err != nil || n != 4 || o.Server != "TCPServer" {
		t.Errorf("ParseTwoOptions = %+v, %d, %v", o, n, err)
	}
	r, err := s.TwoClients(req, req, 3, Options{Python: "3.13", Handler: "seed"})
	if err != nil || len(r.Events) != 2 || !strings.Contains(r.Events[0].Text, "ECONNREFUSED") {
		t.Errorf("seed under 3.13: %v %+v", err, r)
	}
}
