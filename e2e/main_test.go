// Package e2e drives the httpsim page in headless Chromium, the way a
// person would: it clicks the gallery, types requests into the composer,
// and checks that what the page shows is exactly what package sim
// produces in-process for the same bytes.
//
// The tests build the WebAssembly from the current tree, serve the page
// with web.HandlerFS on 127.0.0.1, and need Chromium: on Debian,
// `apt-get install -y chromium` (or set HTTPSIM_CHROME to a Chrome
// binary). Screenshots go to artifacts/e2e/ at the repository root.
package e2e

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/httpsim/httpsim/web"
)

var (
	builtWasm string // the wasm under test
	baseURL   string
	browser   context.Context
	artifacts = filepath.Join("..", "artifacts", "e2e")
)

func TestMain(m *testing.M) { os.Exit(run(m)) }

func run(m *testing.M) int {
	chrome, err := findChrome()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	dist, err := os.MkdirTemp("", "httpsim-e2e-dist")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dist)
	builtWasm = filepath.Join(dist, "httpsim.wasm")
	if err := buildWasm(dist); err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	webDir := filepath.Join("..", "web")
	if err := web.VendorTo(dist, webDir, filepath.Join(webDir, "node_modules")); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: vendoring CodeMirror and Pyodide (run `npm ci` in web/):", err)
		return 1
	}
	h, err := web.HandlerFS(overlay{page: os.DirFS(filepath.Join("..", "web")), dist: os.DirFS(dist)})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	srv := httptest.NewServer(served.wrap(h)) // listens on 127.0.0.1
	defer srv.Close()
	baseURL = srv.URL + "/"

	profile, err := os.MkdirTemp("", "httpsim-e2e-chrome")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(profile)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chrome),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1440, 900),
	)
	defer cancelAlloc()
	var cancel context.CancelFunc
	browser, cancel = chromedp.NewContext(allocCtx)
	defer cancel()
	if err := chromedp.Do(browser); err != nil { // start the browser
		fmt.Fprintf(os.Stderr, "e2e: starting %s: %v\n", chrome, err)
		return 1
	}
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return m.Run()
}

// served counts the bytes the test server sends, by path, so that the
// benchmarks can say what a learner downloads.
var served = &byteCounter{n: map[string]int64{}}

type byteCounter struct {
	mu sync.Mutex
	n  map[string]int64
}

func (c *byteCounter) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(&countingWriter{ResponseWriter: w, c: c, path: r.URL.Path}, r)
	})
}

// take returns the counts since the last take.
func (c *byteCounter) take() map[string]int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.n
	c.n = map[string]int64{}
	return out
}

type countingWriter struct {
	http.ResponseWriter
	c    *byteCounter
	path string
}

func (w *countingWriter) Write(p []byte) (int, error) {
	n, err := w.ResponseWriter.Write(p)
	w.c.mu.Lock()
	w.c.n[w.path] += int64(n)
	w.c.mu.Unlock()
	return n, err
}

// findChrome finds Chromium, or says how to install it.
func findChrome() (string, error) {
	if p := os.Getenv("HTTPSIM_CHROME"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("e2e: Chromium is not installed, and these tests need it.\n" +
		"  Debian/Ubuntu: apt-get update && apt-get install -y chromium\n" +
		"  or set HTTPSIM_CHROME to the path of a Chrome or Chromium binary")
}

// buildWasm builds ./wasm/page into dir/httpsim.wasm, as `make wasm`
// does, and copies the toolchain's wasm_exec.js beside it.
func buildWasm(dir string) error {
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", filepath.Join(dir, "httpsim.wasm"), "../wasm/page")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building the wasm: %v\n%s", err, out)
	}
	root, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return err
	}
	js, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(root)), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "wasm_exec.js"), js, 0o644)
}

func gzipLen(b []byte) int {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return buf.Len()
}

// overlay serves web/ with dist/ replaced by a fresh build.
type overlay struct{ page, dist fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	if rest, ok := strings.CutPrefix(name, "dist/"); ok {
		return o.dist.Open(rest)
	}
	return o.page.Open(name)
}

// page is one browser tab on the httpsim page.
type page struct {
	t      testing.TB
	ctx    context.Context
	cancel context.CancelFunc
	msgs   chan chromedp.ConsoleMessage
	done   chan struct{}
}

// open loads url in a new tab of the given width and waits until the
// page has run its first scenario.
func open(t testing.TB, url string, width int64) *page {
	t.Helper()
	return openWith(t, url, width)
}

// openWith is open with setup actions run before the page loads.
func openWith(t testing.TB, url string, width int64, setup ...chromedp.Action[chromedp.Void]) *page {
	t.Helper()
	return openFor(t, url, width, 90*time.Second, setup...)
}

// openFor is openWith for a tab that may live for d: the tests of
// learners' scripts load Python, which takes seconds on a busy machine.
func openFor(t testing.TB, url string, width int64, d time.Duration, setup ...chromedp.Action[chromedp.Void]) *page {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	ctx, cancelT := context.WithTimeout(ctx, d)
	p := &page{t: t, ctx: ctx, cancel: func() { cancelT(); cancel() }, msgs: make(chan chromedp.ConsoleMessage, 256), done: make(chan struct{})}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("new tab: %v", err)
	}
	console := chromedp.Console(ctx)
	go func() {
		defer close(p.done)
		for m, err := range console {
			if err != nil {
				return
			}
			select {
			case p.msgs <- m:
			default:
			}
		}
	}()
	p.do(setup...)
	p.do(chromedp.EmulateViewport(width, 900), chromedp.Navigate(url))
	p.waitReady()
	return p
}

func (p *page) waitReady() {
	p.t.Helper()
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`document.documentElement.dataset.ready === 'true'`, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		p.t.Fatalf("the page did not become ready: %v", err)
	}
}

// close fails the test for any console error or uncaught exception.
func (p *page) close() {
	p.t.Helper()
	p.cancel()
	<-p.done
	close(p.msgs)
	for m := range p.msgs {
		if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException {
			p.t.Errorf("console %s: %s (%s:%d)", m.Type, m.Text, m.URL, m.Line)
		}
	}
}

func (p *page) do(actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, actions...); err != nil {
		p.t.Fatalf("browser: %v", err)
	}
}

func eval[T any](p *page, js string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("evaluate %.60q: %v", js, err)
	}
	return v
}

func (p *page) screenshot(name string) {
	p.t.Helper()
	// Let the sandboxed preview finish loading first.
	_, _ = chromedp.Run(p.ctx, chromedp.Poll[bool](`document.querySelector('#res-frame-box').hidden || document.querySelector('#preview-frame').dataset.loaded === 'true'`, chromedp.WithPollingTimeout(5*time.Second)))
	eval[any](p, `window.scrollTo(0, 0)`)
	buf, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Errorf("screenshot: %v", err)
		return
	}
	if err := os.WriteFile(filepath.Join(artifacts, name+".png"), buf, 0o644); err != nil {
		p.t.Error(err)
	}
}
