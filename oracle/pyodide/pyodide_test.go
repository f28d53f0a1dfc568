package pyodide

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/httpsim/httpsim/internal/corpus"
)

// The tests share one session: loading Pyodide is most of their cost.
var shared struct {
	once sync.Once
	s    *Session
	err  error
}

func session(t *testing.T) *Session {
	t.Helper()
	shared.once.Do(func() { shared.s, shared.err = Start(context.Background()) })
	if shared.err != nil {
		t.Fatal(shared.err) // a missing node or package fails, never skips
	}
	return shared.s
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.s != nil {
		shared.s.Close()
	}
	os.Exit(code)
}

func simple(req string) *Case {
	return &Case{Argv: []string{"-m", "http.server", "-b", "127.0.0.1", "0"}, Request: []byte(req), Fresh: true}
}

// TestServeFile: python -m http.server answers from the fixture tree with
// 3.14.2's banner, Server header and log.
func TestServeFile(t *testing.T) {
	r, err := session(t).Serve(simple("GET /a.txt HTTP/1.0\r\n\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Exited {
		t.Fatalf("server exited (%d): %s", r.Code, r.Stderr)
	}
	if want := "Serving HTTP on 127.0.0.1 port 8000 (http://127.0.0.1:8000/) ...\n"; string(r.Stdout) != want {
		t.Errorf("stdout = %q, want %q", r.Stdout, want)
	}
	resp := string(r.Response)
	for _, want := range []string{"HTTP/1.0 200 OK\r\n", "Server: SimpleHTTP/0.6 Python/" + Python + "\r\n",
		"Last-Modified: Thu, 02 Jan 2020 03:04:05 GMT\r\n", "\r\n\r\nhello\n"} {
		if !strings.Contains(resp, want) {
			t.Errorf("response %q lacks %q", resp, want)
		}
	}
	if !regexp.MustCompile(`^127\.0\.0\.1 - - \[[^]]+\] "GET /a\.txt HTTP/1\.0" 200 -\n$`).Match(r.Stderr) {
		t.Errorf("stderr = %q, want one access log line", r.Stderr)
	}
}

// TestRealFrames: an exception in the handler is reported by
// socketserver's handle_error with the frames CPython runs, from the
// per-connection thread's target down.
func TestRealFrames(t *testing.T) {
	r, err := session(t).Serve(simple("GET /a%00b HTTP/1.0\r\n\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	tb := string(r.Stderr)
	frames := regexp.MustCompile(`(?m)^  File "`+regexp.QuoteMeta(StdLib)+`/([^"]+)", line \d+, in (\S+)$`).FindAllStringSubmatch(tb, -1)
	var got []string
	for _, f := range frames {
		got = append(got, f[1]+" "+f[2])
	}
	want := []string{"socketserver.py process_request_thread", "http/server.py finish_request",
		"http/server.py __init__", "socketserver.py __init__", "http/server.py handle",
		"http/server.py handle_one_request", "http/server.py do_GET", "http/server.py send_head"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("frames:\n%s\nwant:\n%s\nstderr:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), tb)
	}
	if !strings.Contains(tb, "request from ('127.0.0.1', 54321)\n") || !strings.Contains(tb, "ValueError: embedded null byte\n") {
		t.Errorf("stderr:\n%s", tb)
	}
	if len(r.Response) != 0 {
		t.Errorf("response = %q, want none", r.Response)
	}
}

// TestScriptImportError: the seed script dies importing cgi, and the
// traceback starts at its <module> frame, as CPython's top level prints it.
func TestScriptImportError(t *testing.T) {
	root, err := corpus.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join(root, "sim", "pysrc", "seed3.py"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := session(t).Serve(&Case{
		Argv:    []string{PySrc + "/seed.py", "-b", "127.0.0.1", "0"},
		Scripts: []Script{{Name: "seed.py", Source: string(src)}},
		Request: []byte("GET / HTTP/1.0\r\n\r\n"),
	})
	if err != nil {
		t.Fatal(err)
	}
	line := 1 + strings.Count(string(src[:strings.Index(string(src), "\nimport cgi\n")+1]), "\n")
	want := "Traceback (most recent call last):\n  File \"" + PySrc + "/seed.py\", line " + strconv.Itoa(line) + ", in <module>\n    import cgi\n" +
		"ModuleNotFoundError: No module named 'cgi'\n"
	if !r.Exited || r.Code != 1 || string(r.Stderr) != want || len(r.Stdout) != 0 || len(r.Response) != 0 {
		t.Errorf("exited %t (%d), stdout %q, response %q, stderr:\n%s\nwant:\n%s", r.Exited, r.Code, r.Stdout, r.Response, r.Stderr, want)
	}
}
