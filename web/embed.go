// Package web is the httpsim page: static files (index.html, css/, js/)
// and, in dist/, the simulator compiled to WebAssembly with the
// toolchain's wasm_exec.js, all embedded in the binary. `make web` builds
// dist/ before the binary is compiled; see web.mk.
//
// [Handler] serves the page. The page needs nothing else: no CDN, no
// network, no server-side code, since the simulator runs in the browser.
package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"strings"
	"time"
)

// files holds the page. dist/ holds only .keep in a fresh clone, so the
// package always builds; Handler reports what is missing.
//
//go:embed index.html favicon.svg css js/*.js js/*.py scripts/*.py all:dist
var files embed.FS

// Files returns the embedded page.
func Files() fs.FS { return files }

// Addr is the address `httpsim web` listens on by default.
const Addr = "127.0.0.1:8000"

// ErrNotBuilt is returned by [Handler] when dist/ lacks the wasm build.
var ErrNotBuilt = errors.New(`web: the page's WebAssembly is missing (web/dist/httpsim.wasm, web/dist/wasm_exec.js): run "make web" before building, or "make run"`)

// cspWith is the page's policy: its own files, WebAssembly compilation,
// and data: images (the sandboxed preview inlines the images it shows),
// plus extra script sources (the import map's hash, see importmap.go),
// and who may frame it: ancestors is "'none'" for the page and "*" for
// the embed entry, /?embed=1 (the page without its side panels, for
// course pages and slides, which may put it in an iframe; everything else
// about it is as strict, the import map's hash included, so the editor
// works there too). The preview iframe's srcdoc inherits it.
func cspWith(extraScript, ancestors string) string {
	return "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'" + extraScript + "; style-src 'self' 'unsafe-inline'; " +
		"img-src 'self' data: blob:; connect-src 'self'; frame-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; " +
		"form-action 'none'; frame-ancestors " + ancestors
}

// isEmbed reports whether r asks for the embed entry.
func isEmbed(r *http.Request) bool {
	return (r.URL.Path == "/" || r.URL.Path == "/index.html") && r.URL.Query().Get("embed") == "1"
}

// Handler serves the embedded page.
func Handler() (http.Handler, error) { return HandlerFS(files) }

// HandlerFS serves a page from fsys, which must be laid out like the
// embedded one (index.html, dist/httpsim.wasm, ...). Tests use it to
// serve a fresh build.
func HandlerFS(fsys fs.FS) (http.Handler, error) {
	wasm, err := fs.ReadFile(fsys, "dist/httpsim.wasm")
	if err != nil {
		return nil, ErrNotBuilt
	}
	if _, err := fs.Stat(fsys, "dist/wasm_exec.js"); err != nil {
		return nil, ErrNotBuilt
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(wasm)
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("web: compress wasm: %w", err)
	}
	sum := sha256.Sum256(wasm)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	index, _ := fs.ReadFile(fsys, "index.html")
	csp, embedCSP := pageCSP(index, "'none'"), pageCSP(index, "*")
	files := http.FileServerFS(fsys)
	vendor := &gzipCache{fsys: fsys}
	vendor.warm()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if isEmbed(r) {
			h.Set("Content-Security-Policy", embedCSP)
		} else {
			h.Set("Content-Security-Policy", csp)
		}
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-cache")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		if r.URL.Path == "/dist/httpsim.wasm" {
			h.Set("Content-Type", "application/wasm")
			h.Set("ETag", etag)
			h.Set("Vary", "Accept-Encoding")
			body := wasm
			if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
				h.Set("Content-Encoding", "gzip")
				body = gz.Bytes()
			}
			http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
			return
		}
		if strings.HasPrefix(r.URL.Path, "/dist/vendor/") && vendor.serve(w, r) {
			return
		}
		files.ServeHTTP(w, r)
	}), nil
}

// WasmSize returns the size of the embedded wasm, raw and gzipped (-1 if
// it is missing).
func WasmSize() (raw, gzipped int) {
	b, err := fs.ReadFile(files, "dist/httpsim.wasm")
	if err != nil {
		return -1, -1
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return len(b), gz.Len()
}
