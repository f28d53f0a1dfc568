package web

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

// TestImportMapClosure checks that the import map in index.html names
// every module the vendored files import: each mapped file exists in
// node_modules (installed by `npm ci`; a missing one fails), and each
// bare specifier those files import, statically or with import(), is in
// the map. A CodeMirror upgrade that adds a dependency fails here rather
// than in a browser.
func TestImportMapClosure(t *testing.T) {
	index, err := os.ReadFile("index.html")
	if err != nil {
		t.Fatal(err)
	}
	_, imports, err := ImportMap(index)
	if err != nil {
		t.Fatal(err)
	}
	nm := os.DirFS("node_modules")
	for spec, url := range imports {
		if strings.Contains(url, "@") {
			t.Errorf("%s maps to %s: a vendored path must not hold @ (Workers assets redirect it)", spec, url)
		}
	}
	for _, need := range []string{"@codemirror/view", "@codemirror/state", "@codemirror/lang-python", "@codemirror/lint"} {
		if imports[need] == "" {
			t.Errorf("the import map lacks %s", need)
		}
	}
	importRE := regexp.MustCompile(`(?m)(?:^\s*(?:import|export)\b[^'"]*?\bfrom\s*|^\s*import\s*|\bimport\s*\(\s*)['"]([^'"]+)['"]`)
	for spec, url := range imports {
		rel := NodeModulesPath(nm, strings.TrimPrefix(url, "./"+VendorDir+"/"))
		src, err := os.ReadFile("node_modules/" + rel)
		if err != nil {
			t.Errorf("%s -> %s: %v (run `npm ci` in web/)", spec, url, err)
			continue
		}
		for _, m := range importRE.FindAllSubmatch(src, -1) {
			dep := string(m[1])
			switch {
			case strings.HasPrefix(dep, "."):
				if _, err := os.Stat("node_modules/" + path.Join(path.Dir(rel), dep)); err != nil {
					t.Errorf("%s imports %s, which is not vendored", rel, dep)
				}
			case strings.HasPrefix(dep, "node:"):
			default:
				if imports[dep] == "" {
					t.Errorf("%s imports %q, which the import map does not name", rel, dep)
				}
			}
		}
	}
	files, err := VendorFiles(index, nm)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range PyodideFiles {
		if !contains(files, "pyodide/"+f) {
			t.Errorf("VendorFiles lacks pyodide/%s", f)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestCSPAllowsImportMap serves a page with an import map: script-src
// must carry the SHA-256 of exactly the map's text, and nothing that
// would let other inline script run.
func TestCSPAllowsImportMap(t *testing.T) {
	const text = "\n{\"imports\": {\"x\": \"./dist/vendor/x/index.js\"}}\n"
	h, err := HandlerFS(fstest.MapFS{
		"index.html":        {Data: []byte("<!DOCTYPE html><script type=\"importmap\">" + text + "</script>")},
		"dist/httpsim.wasm": {Data: []byte("\x00asm")},
		"dist/wasm_exec.js": {Data: []byte("// go")},
	})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	sum := sha256.Sum256([]byte(text))
	want := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	csp := rec.Header().Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self' 'wasm-unsafe-eval' "+want+";") {
		t.Errorf("CSP = %q, want script-src with %s", csp, want)
	}
	// The embed entry may be framed, and its editor needs the map too.
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/?embed=1", nil))
	if ecsp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(ecsp, want) || !strings.HasSuffix(ecsp, "frame-ancestors *") {
		t.Errorf("embed CSP = %q, want the map's hash %s and frame-ancestors *", ecsp, want)
	}
	if strings.Contains(csp, "unsafe-inline';") && strings.Contains(strings.SplitN(strings.SplitN(csp, "script-src", 2)[1], ";", 2)[0], "unsafe-inline") {
		t.Errorf("CSP lets inline script run: %q", csp)
	}

	// The real page: its map parses and its hash is what Handler sends.
	index, err := os.ReadFile("index.html")
	if err != nil {
		t.Fatal(err)
	}
	mapText, _, err := ImportMap(index)
	if err != nil {
		t.Fatal(err)
	}
	if got := pageCSP(index, "'none'"); !strings.Contains(got, scriptHash(mapText)) {
		t.Errorf("pageCSP(index.html) = %q lacks the map's hash", got)
	}
}

func TestImportMapErrors(t *testing.T) {
	for _, page := range []string{
		"<!DOCTYPE html>",
		`<script type="importmap">{}</script><script type="importmap">{}</script>`,
		`<script type="importmap">{"imports": </script>`,
		`<script type="importmap" nonce="x">{}</script>`,
	} {
		if _, _, err := ImportMap([]byte(page)); err == nil {
			t.Errorf("ImportMap(%q) = nil error", page)
		}
	}
}

// TestVendorGzip checks that a vendored wasm is served gzipped with its
// type, and the stdlib zip as it is.
func TestVendorGzip(t *testing.T) {
	h, err := HandlerFS(fstest.MapFS{
		"index.html":                                {Data: []byte("<!DOCTYPE html>")},
		"dist/httpsim.wasm":                         {Data: []byte("\x00asm")},
		"dist/wasm_exec.js":                         {Data: []byte("// go")},
		"dist/vendor/pyodide/pyodide.asm.wasm":      {Data: []byte(strings.Repeat("\x00asm", 500))},
		"dist/vendor/pyodide/python_stdlib.zip":     {Data: []byte("PK")},
		"dist/vendor/codemirror/view/dist/index.js": {Data: []byte("export const x = 1;\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	for _, tt := range []struct{ path, ctype, enc string }{
		{"/dist/vendor/pyodide/pyodide.asm.wasm", "application/wasm", "gzip"},
		{"/dist/vendor/codemirror/view/dist/index.js", "text/javascript; charset=utf-8", "gzip"},
		{"/dist/vendor/pyodide/python_stdlib.zip", "application/zip", ""},
		{"/dist/vendor/nothing.js", "text/plain; charset=utf-8", ""},
	} {
		req, _ := http.NewRequest("GET", srv.URL+tt.path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if ct, ce := resp.Header.Get("Content-Type"), resp.Header.Get("Content-Encoding"); ct != tt.ctype || ce != tt.enc {
			t.Errorf("GET %s: Content-Type %q, Content-Encoding %q; want %q, %q", tt.path, ct, ce, tt.ctype, tt.enc)
		}
	}
}
