package pydiff

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/httpsim/httpsim/internal/corpus"
)

// TestHostile runs testdata/hostile/escape.py through the page's runtime
// under Node: every way it tries to reach the bridge, JavaScript, the
// network or the page must end in the Python exception listed here, the
// server must still answer afterwards, and the globals js/pylockdown.js
// removes must be gone from the realm the script ran in.
func TestHostile(t *testing.T) {
	root, err := corpus.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join(root, "testdata", "hostile", "escape.py"))
	if err != nil {
		t.Fatal(err)
	}
	node, err := StartNode(root)
	if err != nil {
		t.Fatal(err)
	}
	defer node.Close()

	const evalRefused = "JsException: EvalError: httpsim: JavaScript from strings is disabled where scripts run"
	want := map[string]string{
		"import-js":                   "ModuleNotFoundError: No module named 'js'",
		"import-pyodide":              "ModuleNotFoundError: No module named 'pyodide'",
		"import-pyodide_js":           "ModuleNotFoundError: No module named 'pyodide_js'",
		"import-_pyodide":             "ModuleNotFoundError: No module named '_pyodide'",
		"import-_pyodide_core":        "ModuleNotFoundError: No module named '_pyodide_core'",
		"import_module-_pyodide_core": "ModuleNotFoundError: No module named '_pyodide_core'",
		"sys.modules-js":              "KeyError: 'js'",
		"sys.modules-pyodide_js":      "KeyError: 'pyodide_js'",
		"builtins-real-import":        "ModuleNotFoundError: No module named 'js'",
		"gc-run_js":                   "ModuleNotFoundError: No module named 'js'",
		"globals-bridge-Function":     evalRefused,
		"frame-bridge-Function":       evalRefused,
		"type-dict-bridge":            evalRefused,
		"async-Function":              evalRefused,
		"forge-runner":                "JsException: TypeError: Cannot assign to read only property 'send' of object '#<Object>'",
		"bridge-bad-call":             "SystemError: httpsim.py.read: needs 2 argument(s), got 0",
		"ctypes-run_script":           "ModuleNotFoundError: No module named '_ctypes'",
		"handler-frame-bridge":        evalRefused,
	}
	opts := map[string]any{"python": "3.12", "handlerSource": string(src), "handlerFile": "escape.py"}
	var out strings.Builder
	for _, raw := range []string{"GET / HTTP/1.0\r\n\r\n", "GET /again HTTP/1.0\r\n\r\n"} {
		r, err := node.Send([]byte(raw), opts, nil)
		if err != nil {
			t.Fatal(err)
		}
		if r.Error != nil {
			t.Fatalf("the script did not start: %s: %s", r.Error.Type, r.Error.Message)
		}
		if !strings.Contains(string(r.Response), "200 OK") || !strings.HasSuffix(string(r.Response), "still serving\n") {
			t.Errorf("%q: the server stopped answering after the attempts:\n%s", raw, r.Response)
		}
		for _, o := range r.Output {
			out.WriteString(o.Text)
		}
		out.WriteString(r.Stdout)
	}
	line := regexp.MustCompile(`(?m)^(BLOCKED|REACHED) (\S+) (.*)$`)
	got := map[string][]string{}
	for _, m := range line.FindAllStringSubmatch(out.String(), -1) {
		if m[1] == "REACHED" {
			t.Errorf("%s got through: %s", m[2], m[3])
			continue
		}
		got[m[2]] = append(got[m[2]], m[3])
	}
	for label, exc := range want {
		if len(got[label]) == 0 {
			t.Errorf("%s: no result in the output:\n%s", label, out.String())
			continue
		}
		for _, g := range got[label] {
			if g != exc {
				t.Errorf("%s: got %q, want %q", label, g, exc)
			}
		}
		delete(got, label)
	}
	for label := range got {
		t.Errorf("%s: an attempt this test does not know", label)
	}

	// The realm itself: network, script loading, messaging and code from
	// strings are gone once the runtime is up.
	names := []string{"fetch", "XMLHttpRequest", "WebSocket", "EventSource", "importScripts", "Worker",
		"BroadcastChannel", "postMessage", "close", "caches", "indexedDB"}
	req, _ := json.Marshal(map[string]any{"typeofGlobals": names})
	if _, err := node.in.Write(append(req, '\n')); err != nil {
		t.Fatal(err)
	}
	var probe struct{ TypeofGlobals map[string]string }
	if err := node.read(&probe); err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if g := probe.TypeofGlobals[n]; g != "undefined" {
			t.Errorf("globalThis.%s is still there (%s)", n, g)
		}
	}
	if len(probe.TypeofGlobals) != len(names) {
		t.Errorf("probe answered %s", fmt.Sprint(probe.TypeofGlobals))
	}
}
