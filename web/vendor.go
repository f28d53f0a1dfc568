package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// VendorDir is where `make web` puts the npm files the page serves,
// inside dist/ (so it is embedded and gitignored). Its layout is
// node_modules' without the "@" of scoped packages:
// dist/vendor/codemirror/view/dist/index.js is
// node_modules/@codemirror/view/dist/index.js. Workers static assets
// answer a path holding "@" with a 307 to its %40 spelling, which would
// cost every module a round trip.
const VendorDir = "dist/vendor"

// VendorPath is where the node_modules file rel goes under VendorDir.
func VendorPath(rel string) string { return strings.TrimPrefix(rel, "@") }

// NodeModulesPath is the node_modules file that VendorDir's vrel comes
// from: its first name is a scope when nodeModules has "@" + that name.
func NodeModulesPath(nodeModules fs.FS, vrel string) string {
	scope, rest, ok := strings.Cut(vrel, "/")
	if !ok {
		return vrel
	}
	if fi, err := fs.Stat(nodeModules, "@"+scope); err == nil && fi.IsDir() {
		return "@" + scope + "/" + rest
	}
	return vrel
}

// PyodideFiles are the files of the pyodide package that loadPyodide
// reads from its indexURL (dist/vendor/pyodide/) for the interpreter and
// its standard library. Packages beyond the stdlib are never loaded.
var PyodideFiles = []string{"pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"}

// VendorFiles lists the files to copy from node_modules, as paths
// relative to it: every module the import map in index names, the
// Pyodide files, and each package's licence.
func VendorFiles(index []byte, nodeModules fs.FS) ([]string, error) {
	_, imports, err := ImportMap(index)
	if err != nil {
		return nil, err
	}
	set := map[string]bool{}
	pkgs := map[string]bool{"pyodide": true}
	for spec, url := range imports {
		vrel, ok := strings.CutPrefix(url, "./"+VendorDir+"/")
		if !ok || strings.Contains(vrel, "@") {
			return nil, fmt.Errorf("web: import map: %s maps to %s, not to a file under ./%s/ (without @)", spec, url, VendorDir)
		}
		rel := NodeModulesPath(nodeModules, vrel)
		set[rel] = true
		pkgs[packageOf(rel)] = true
	}
	for _, f := range PyodideFiles {
		set["pyodide/"+f] = true
	}
	for p := range pkgs {
		for _, name := range []string{"LICENSE", "LICENSE.md", "LICENSE.txt"} {
			if _, err := fs.Stat(nodeModules, p+"/"+name); err == nil {
				set[p+"/"+name] = true
			}
		}
	}
	out := make([]string, 0, len(set))
	for f := range set {
		out = append(out, f)
	}
	sort.Strings(out)
	return out, nil
}

// packageOf returns the npm package a node_modules path is in:
// "@codemirror/view/dist/index.js" -> "@codemirror/view".
func packageOf(rel string) string {
	parts := strings.SplitN(rel, "/", 3)
	if strings.HasPrefix(rel, "@") && len(parts) > 1 {
		return parts[0] + "/" + parts[1]
	}
	return parts[0]
}

// Vendor copies [VendorFiles] from nodeModules into dist/vendor under
// webDir, replacing what was there.
func Vendor(webDir, nodeModules string) error {
	return VendorTo(filepath.Join(webDir, "dist"), webDir, nodeModules)
}

// VendorTo is [Vendor] into dist/vendor of another dist directory (the
// browser tests build theirs in a temporary one).
func VendorTo(dist, webDir, nodeModules string) error {
	index, err := os.ReadFile(filepath.Join(webDir, "index.html"))
	if err != nil {
		return err
	}
	list, err := VendorFiles(index, os.DirFS(nodeModules))
	if err != nil {
		return err
	}
	dst := filepath.Join(dist, "vendor")
	if err := os.RemoveAll(dst); err != nil {
		return err
	}
	for _, rel := range list {
		b, err := os.ReadFile(filepath.Join(nodeModules, filepath.FromSlash(rel)))
		if err != nil {
			return fmt.Errorf("web: %w (run `npm ci` in web/)", err)
		}
		to := filepath.Join(dst, filepath.FromSlash(VendorPath(rel)))
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(to, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// gzipCache serves the vendored files gzipped to clients that take it.
// Pyodide's wasm and its JavaScript are 11 MB raw and about 4 MB
// gzipped; compressing each file once, on its first request, keeps the
// start of `httpsim web` quick. The stdlib zip is compressed already.
type gzipCache struct {
	fsys  fs.FS
	mu    sync.Mutex
	files map[string]*gzFile
}

type gzFile struct {
	once sync.Once
	gz   []byte
	etag string
	err  error
}

var vendorTypes = map[string]string{
	".wasm": "application/wasm",
	".mjs":  "text/javascript; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".json": "application/json",
}

// serve answers r if it asks for a compressible vendored file and
// accepts gzip; it reports whether it did.
func (c *gzipCache) serve(w http.ResponseWriter, r *http.Request) bool {
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
	ctype, ok := vendorTypes[path.Ext(name)]
	if !ok || !strings.HasPrefix(name, VendorDir+"/") || !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		return false
	}
	f := c.get(name)
	if f.err != nil {
		return false // the file server answers (404 for a missing file)
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Encoding", "gzip")
	h.Set("Vary", "Accept-Encoding")
	h.Set("ETag", f.etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.gz))
	return true
}

// warm compresses Pyodide's big files in the background, so that the
// first learner's script does not wait for it.
func (c *gzipCache) warm() {
	go func() {
		for _, f := range PyodideFiles {
			if _, ok := vendorTypes[path.Ext(f)]; ok {
				c.get(VendorDir + "/pyodide/" + f)
			}
		}
	}()
}

// get returns the compressed file, compressing it on the first call.
func (c *gzipCache) get(name string) *gzFile {
	c.mu.Lock()
	if c.files == nil {
		c.files = map[string]*gzFile{}
	}
	f := c.files[name]
	if f == nil {
		f = &gzFile{}
		c.files[name] = f
	}
	c.mu.Unlock()
	f.once.Do(func() {
		raw, err := fs.ReadFile(c.fsys, name)
		if err != nil {
			f.err = err
			return
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
		zw.Write(raw)
		if f.err = zw.Close(); f.err != nil {
			return
		}
		sum := sha256.Sum256(raw)
		f.gz, f.etag = buf.Bytes(), `"`+hex.EncodeToString(sum[:8])+`-gz"`
	})
	return f
}
