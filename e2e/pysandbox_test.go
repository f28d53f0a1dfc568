package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestPySandbox runs testdata/hostile/escape.py in Chromium's module
// Worker through js/pyhost.js (the same script internal/pydiff
// TestHostile runs under Node): every escape it tries fails, the server
// still answers, and the Worker's global scope has lost its network,
// script-loading and messaging functions (checked from the script's
// side: a JavaScript handle can no longer make code from strings).
//
// It serves its own site (web/js, the fresh wasm, Pyodide from
// web/node_modules) so that it does not depend on how `make web`
// vendors Pyodide for the page.
func TestPySandbox(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "testdata", "hostile", "escape.py"))
	if err != nil {
		t.Fatal(err)
	}
	pyodide := filepath.Join("..", "web", "node_modules", "pyodide")
	if _, err := os.Stat(filepath.Join(pyodide, "pyodide.mjs")); err != nil {
		t.Fatalf("Pyodide is missing: run (cd web && npm ci): %v", err)
	}
	srcJSON, _ := json.Marshal(string(src))
	page := `<!doctype html><meta charset=utf-8><script type=module>
import { PyHost } from './js/pyhost.js';
const host = new PyHost({ watchdogMs: 60000 });
const opts = { python: '3.12', handlerSource: ` + string(srcJSON) + `, handlerFile: 'escape.py' };
try {
  const r = await host.send('GET / HTTP/1.0\r\n\r\n', opts, null);
  window.result = { text: r.output.map((o) => o.text).join(''), response: new TextDecoder().decode(r.response) };
  const names = ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'importScripts', 'Worker', 'SharedWorker', 'BroadcastChannel', 'postMessage', 'close', 'caches', 'indexedDB'];
  window.result.globals = await new Promise((res) => {
    host.worker.addEventListener('message', (e) => { if (e.data.type === 'typeofGlobals') res(e.data.types); });
    host.worker.postMessage({ id: -1, type: 'typeofGlobals', names });
  });
} catch (e) { window.result = { fail: String(e && e.message || e) }; }
document.documentElement.dataset.done = 'true';
</script>`
	mux := http.NewServeMux()
	mux.HandleFunc("/sandbox.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(page))
	})
	mux.HandleFunc("/dist/httpsim.wasm", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/wasm")
		http.ServeFile(w, r, builtWasm)
	})
	mux.HandleFunc("/dist/wasm_exec.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		http.ServeFile(w, r, filepath.Join(filepath.Dir(builtWasm), "wasm_exec.js"))
	})
	mux.Handle("/dist/vendor/pyodide/", http.StripPrefix("/dist/vendor/pyodide/", http.FileServer(http.Dir(pyodide))))
	mux.Handle("/js/", http.StripPrefix("/js/", http.FileServer(http.Dir(filepath.Join("..", "web", "js")))))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, ".mjs") || strings.HasSuffix(r.URL.Path, ".js") {
			w.Header().Set("Content-Type", "text/javascript")
		}
		mux.ServeHTTP(w, r)
	}))
	defer srv.Close()

	ctx, cancel := chromedp.NewContext(browser)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 120*time.Second)
	defer cancelT()
	if _, err := chromedp.Run(ctx, chromedp.Navigate(srv.URL+"/sandbox.html")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.documentElement.dataset.done === 'true'`, chromedp.WithPollingTimeout(100*time.Second))); err != nil {
		t.Fatalf("the script never answered: %v", err)
	}
	var res struct {
		Text, Response, Fail string
		Globals              map[string]string
	}
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify(window.result)`))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(v), &res); err != nil {
		t.Fatal(err)
	}
	if res.Fail != "" {
		t.Fatalf("send failed: %s", res.Fail)
	}
	if len(res.Globals) != 12 {
		t.Errorf("the Worker answered %v", res.Globals)
	}
	for n, typ := range res.Globals {
		if typ != "undefined" {
			t.Errorf("the Worker still has %s (%s)", n, typ)
		}
	}
	if !strings.HasSuffix(res.Response, "still serving\n") {
		t.Errorf("the server stopped answering:\n%s", res.Response)
	}
	lines := regexp.MustCompile(`(?m)^(BLOCKED|REACHED) (\S+) (.*)$`).FindAllStringSubmatch(res.Text, -1)
	if len(lines) < 15 {
		t.Errorf("only %d attempts reported:\n%s", len(lines), res.Text)
	}
	for _, m := range lines {
		if m[1] == "REACHED" {
			t.Errorf("%s got through in the Worker: %s", m[2], m[3])
		}
		if strings.HasSuffix(m[2], "-Function") && !strings.Contains(m[3], "JavaScript from strings is disabled") {
			t.Errorf("%s: %s", m[2], m[3])
		}
	}
}
