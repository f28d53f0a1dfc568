package web

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func TestHandlerNotBuilt(t *testing.T) {
	_, err := HandlerFS(fstest.MapFS{"index.html": {Data: []byte("x")}})
	if !errors.Is(err, ErrNotBuilt) || !strings.Contains(err.Error(), "make web") {
		t.Errorf("HandlerFS without dist/ = %v, want ErrNotBuilt naming `make web`", err)
	}
}

func TestHandlerServes(t *testing.T) {
	wasm := bytes.Repeat([]byte("\x00asm"), 1000)
	h, err := HandlerFS(fstest.MapFS{
		"index.html":        {Data: []byte("<!DOCTYPE html>")},
		"dist/httpsim.wasm": {Data: wasm},
		"dist/wasm_exec.js": {Data: []byte("// go")},
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	req, _ := http.NewRequest("GET", srv.URL+"/dist/httpsim.wasm", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct, ce := resp.Header.Get("Content-Type"), resp.Header.Get("Content-Encoding"); ct != "application/wasm" || ce != "gzip" {
		t.Errorf("wasm: Content-Type %q, Content-Encoding %q", ct, ce)
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(zr)
	if !bytes.Equal(got, wasm) {
		t.Errorf("wasm body differs after gunzip")
	}

	resp, err = http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "'wasm-unsafe-eval'") || strings.Contains(csp, "'unsafe-eval'") {
		t.Errorf("CSP = %q", csp)
	}
	// Only the embed entry may be framed, and by anyone; its other
	// directives are the page's.
	for _, tt := range []struct{ path, want string }{
		{"/", "frame-ancestors 'none'"},
		{"/?embed=1", "frame-ancestors *"},
		{"/index.html?embed=1", "frame-ancestors *"},
		{"/js/app.js?embed=1", "frame-ancestors 'none'"},
		{"/?embed=0", "frame-ancestors 'none'"},
	} {
		resp, err := http.Get(srv.URL + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		csp := resp.Header.Get("Content-Security-Policy")
		if !strings.HasSuffix(csp, tt.want) || strings.Count(csp, "frame-ancestors") != 1 || !strings.Contains(csp, "default-src 'self'") {
			t.Errorf("GET %s: CSP %q, want it to end %q", tt.path, csp, tt.want)
		}
	}
	resp, _ = http.Post(srv.URL+"/", "text/plain", nil)
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST = %d, want 405", resp.StatusCode)
	}
}

// TestEmbedded checks the embedded page has its files, whether or not
// the wasm has been built into dist/.
func TestEmbedded(t *testing.T) {
	for _, name := range []string{"index.html", "favicon.svg", "css/app.css", "js/app.js", "js/boot.js", "js/httpsim.js", "js/bridge.js", "js/wire.js", "js/editor.js", "js/script.js", "js/pyshim.py", "js/pyframes.py", "scripts/question-fixed.py", "dist/.keep"} {
		if _, err := Files().Open(name); err != nil {
			t.Errorf("embedded page lacks %s: %v", name, err)
		}
	}
}
