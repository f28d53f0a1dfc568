package pydiff

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/httpsim/httpsim/internal/corpus"
)

// TestStartupTrace: the module code's lines are the startup part of the
// dispatch path, with the globals they define, on the send that carries
// the startup output only; a script that fails before serving has them
// up to the failing line.
func TestStartupTrace(t *testing.T) {
	root, err := corpus.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	node, err := StartNode(root)
	if err != nil {
		t.Fatal(err)
	}
	defer node.Close()
	src := `import http.server
PORT = 8000
names = ['a', 'b']


def twice(x):
    y = x * 2
    return y


class H(http.server.BaseHTTPRequestHandler):
    greeting = 'hi'


n = twice(21)
for name in names:
    last = name
srv = http.server.HTTPServer(('', PORT), H)
srv.serve_forever()
`
	type step struct {
		Fn     string
		Line   int
		Locals []struct{ Name, Value string }
	}
	type frame struct {
		Fn      string
		File    string
		Startup bool
		Steps   []step
	}
	send := func(src string) []frame {
		t.Helper()
		opts := map[string]any{"python": "3.12", "handlerSource": src, "handlerFile": "server.py"}
		req, _ := json.Marshal(map[string]any{"raw": "", "opts": opts})
		if _, err := node.in.Write(append(req, '\n')); err != nil {
			t.Fatal(err)
		}
		var r struct {
			Fail         string
			StartupTrace []frame
		}
		if err := node.read(&r); err != nil {
			t.Fatal(err)
		}
		if r.Fail != "" {
			t.Fatal(r.Fail)
		}
		return r.StartupTrace
	}
	tr := send(src)
	if len(tr) != 1 || tr[0].Fn != "<module>" || tr[0].File != "server.py" || !tr[0].Startup {
		t.Fatalf("startup trace: %+v", tr)
	}
	var lines []string
	var last step
	for _, s := range tr[0].Steps {
		lines = append(lines, s.Fn+":"+itoa(s.Line))
		if s.Fn == "<module>" {
			last = s
		}
	}
	// A step is recorded once its line has finished, so a call's lines come
	// before the line that made it.
	want := "<module>:1 <module>:2 <module>:3 <module>:6 H:12 <module>:11 twice:7 twice:8 <module>:15 <module>:16 <module>:17 <module>:16 <module>:17 <module>:16 <module>:18 <module>:19"
	if got := strings.Join(lines, " "); got != want {
		t.Errorf("lines run:\n got %s\nwant %s", got, want)
	}
	locals := map[string]string{}
	for _, l := range last.Locals {
		locals[l.Name] = l.Value
	}
	for name, v := range map[string]string{"PORT": "8000", "names": "['a', 'b']", "n": "42", "last": "'b'", "H": "<class '__main__.H'>"} {
		if locals[name] != v {
			t.Errorf("after the last line, %s = %q, want %q (%v)", name, locals[name], v, locals)
		}
	}
	if _, ok := locals["http"]; ok {
		t.Errorf("modules are listed among the globals: %v", locals)
	}
	if again := send(src); len(again) != 0 {
		t.Errorf("a later send repeats the startup trace: %+v", again)
	}
	failing := "x = 1\ny = undefined_name\n"
	tr = send(failing)
	if len(tr) != 1 || len(tr[0].Steps) != 2 || tr[0].Steps[1].Line != 2 {
		t.Fatalf("a failing script's startup trace: %+v", tr)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
