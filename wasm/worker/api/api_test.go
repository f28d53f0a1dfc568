package api

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/httpsim/httpsim/internal/webui"
	"github.com/httpsim/httpsim/sim"
)

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// exchange posts body to a fresh Handler.
func exchange(t testing.TB, body string) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	(&Handler{}).ServeHTTP(w, httptest.NewRequest("POST", "/api/exchange", strings.NewReader(body)))
	return w
}

func TestExchange(t *testing.T) {
	body := `{"raw":"` + b64("GET /a.txt HTTP/1.0\r\n\r\n") + `","python":"3.12","files":[` +
		`{"path":"a.txt","data":"` + b64("hello\n") + `","mtime":"2020-01-02T03:04:05Z"}]}`
	w := exchange(t, body)
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	var got ExchangeResponse
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}

	fsys := sim.NewMemFS(DefaultModTime)
	fsys.WriteFile("a.txt", []byte("hello\n"), time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC))
	p, _ := sim.Lookup("3.12")
	want := (&sim.Server{Profile: p, FS: fsys}).Handle([]byte("GET /a.txt HTTP/1.0\r\n\r\n"))
	if !bytes.Equal(got.Response, want.Response) {
		t.Errorf("response = %q, want %q", got.Response, want.Response)
	}
	gotEx, _ := json.Marshal(got.Exchanges)
	wantEx, _ := json.Marshal(want.Exchanges)
	if !bytes.Equal(gotEx, wantEx) {
		t.Errorf("exchanges = %s, want %s", gotEx, wantEx)
	}
	if got.Stderr != want.Stderr || !strings.Contains(got.Stderr, `"GET /a.txt HTTP/1.0" 200 -`) {
		t.Errorf("stderr = %q, want %q", got.Stderr, want.Stderr)
	}
	if !strings.Contains(string(got.Response), "Last-Modified: Thu, 02 Jan 2020 03:04:05 GMT\r\n") {
		t.Errorf("response %q lacks the file's mtime", got.Response)
	}
}

func TestExchangeDefaults(t *testing.T) {
	// No files: the sample site; no python: the newest; empty raw: a
	// client that connects and closes.
	run := func(raw string) ExchangeResponse {
		t.Helper()
		w := exchange(t, `{"raw":"`+b64(raw)+`"}`)
		var got ExchangeResponse
		if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || w.Code != 200 || got.Result == nil {
			t.Fatalf("%q: %d %s (%v)", raw, w.Code, w.Body, err)
		}
		return got
	}
	got := run("GET /hello.txt HTTP/1.0\r\n\r\n")
	resp := string(got.Response)
	if !strings.HasPrefix(resp, "HTTP/1.0 200 OK\r\n") || !strings.HasSuffix(resp, "\r\n\r\nHello from the simulated server!\n") {
		t.Errorf("GET /hello.txt: response %q, want the sample site's hello.txt", resp)
	}
	if !strings.Contains(resp, "Server: SimpleHTTP/0.6 Python/"+sim.DefaultProfile().Version+"\r\n") {
		t.Errorf("default version: response %q", resp)
	}
	if !strings.Contains(resp, "Last-Modified: Wed, 24 Dec 2025 18:30:00 GMT\r\n") {
		t.Errorf("GET /hello.txt: response %q lacks the sample site's mtime", resp)
	}
	// The page's sample site: / is its index.html, /files/ a listing.
	if resp := string(run("GET / HTTP/1.0\r\n\r\n").Response); !strings.Contains(resp, "Content-type: text/html\r\n") || !strings.Contains(resp, "<title>Sample site</title>") {
		t.Errorf("GET /: response %q, want index.html", resp)
	}
	if resp := string(run("GET /files/ HTTP/1.0\r\n\r\n").Response); !strings.Contains(resp, "Directory listing for /files/") ||
		!strings.Contains(resp, `<a href="notes%20%26%20%3Cideas%3E.txt">notes &amp; &lt;ideas&gt;.txt</a>`) ||
		!strings.Contains(resp, `<a href="my%20folder/">my folder/</a>`) {
		t.Errorf("GET /files/: response %q, want the listing of files/", resp)
	}
	w := exchange(t, `{"raw":""}`)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"exchanges":[]`) {
		t.Errorf("empty raw: %d %s", w.Code, w.Body)
	}
}

// TestDefaultSite checks that the Worker serves the page's sample site,
// and a fresh copy each time.
func TestDefaultSite(t *testing.T) {
	a, b := DefaultSite(), webui.SampleSite()
	var names []string
	err := fs.WalkDir(b, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		names = append(names, name)
		ai, err := fs.Stat(a, name)
		if err != nil {
			t.Errorf("DefaultSite lacks %q: %v", name, err)
			return nil
		}
		bi, _ := d.Info()
		if ai.Mode() != bi.Mode() || !ai.ModTime().Equal(webui.SampleTime) || !bi.ModTime().Equal(webui.SampleTime) {
			t.Errorf("%s: %v %v, want %v %v", name, ai.Mode(), ai.ModTime(), bi.Mode(), webui.SampleTime)
		}
		if !d.IsDir() {
			ad, _ := fs.ReadFile(a, name)
			bd, _ := fs.ReadFile(b, name)
			if !bytes.Equal(ad, bd) || len(ad) == 0 {
				t.Errorf("%s: %d bytes, want the sample site's %d", name, len(ad), len(bd))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"index.html", "style.css", "hello.txt", "blog/index.html", "files/logo.png", "files/site-backup.tar.gz", "files/notes & <ideas>.txt", "files/my folder/readme.md"} {
		if !slices.Contains(names, want) {
			t.Errorf("sample site lacks %q (has %q)", want, names)
		}
	}
	n := 0
	fs.WalkDir(a, ".", func(string, fs.DirEntry, error) error { n++; return nil })
	if n != len(names) {
		t.Errorf("DefaultSite has %d entries, the page's sample site %d", n, len(names))
	}
	// Each call is a fresh copy: changing one leaves the next alone.
	m := DefaultSite().(*sim.MemFS)
	if err := m.WriteFile("hello.txt", []byte("changed\n"), DefaultModTime); err != nil {
		t.Fatal(err)
	}
	if data, _ := fs.ReadFile(DefaultSite(), "hello.txt"); string(data) != "Hello from the simulated server!\n" {
		t.Errorf("hello.txt after changing another copy = %q", data)
	}
}

func TestExchangeRefused(t *testing.T) {
	// The seed handler imports cgi, which 3.13 no longer has.
	w := exchange(t, `{"raw":"`+b64("GET / HTTP/1.0\r\n\r\n")+`","python":"3.13","handler":"seed"}`)
	var got ExchangeResponse
	json.Unmarshal(w.Body.Bytes(), &got)
	if w.Code != 200 || got.Result == nil || !got.Refused || !strings.Contains(got.Startup, "ModuleNotFoundError") {
		t.Errorf("3.13 seed: %d %s", w.Code, w.Body)
	}
}

// TestExchangeServer: the server field picks the class whose frames the
// trace and the traceback show.
func TestExchangeServer(t *testing.T) {
	for _, tt := range []struct{ server, want, not string }{
		{"", `"serverClass":"DualStackServer"`, "BaseServer.process_request"},
		{"", "ThreadingMixIn.process_request_thread", "BaseServer.process_request"},
		{"TCPServer", "BaseServer.process_request", "ThreadingMixIn"},
		{"TCPServer", `"serverClass":"TCPServer"`, "ThreadingMixIn"},
	} {
		w := exchange(t, `{"raw":"`+b64("GET /a%00b HTTP/1.0\r\n\r\n")+`","python":"3.12","server":"`+tt.server+`"}`)
		if w.Code != 200 {
			t.Fatalf("server %q: status %d: %s", tt.server, w.Code, w.Body)
		}
		body := w.Body.String()
		if !strings.Contains(body, tt.want) || strings.Contains(body, tt.not) {
			t.Errorf("server %q: want %s and no %s in %s", tt.server, tt.want, tt.not, body)
		}
	}
}

func TestErrors(t *testing.T) {
	raw := b64("GET / HTTP/1.0\r\n\r\n")
	tests := []struct {
		method, path, body string
		code               int
		err                string
	}{
		{"POST", "/api/exchange", `{raw`, 400, "request body is not a valid exchange request: invalid character 'r' looking for beginning of object key string"},
		{"POST", "/api/exchange", ``, 400, `request body is empty; want a JSON object with at least "raw"`},
		{"POST", "/api/exchange", `{"raw":"` + raw + `"} 1`, 400, "request body has more than one JSON value"},
		{"POST", "/api/exchange", `{"raw":"` + raw + `","pyhton":"3"}`, 400, `request body is not a valid exchange request: json: unknown field "pyhton"`},
		{"POST", "/api/exchange", `{}`, 400, "raw: missing; want the request bytes in base64"},
		{"POST", "/api/exchange", `{"raw":"a"}`, 400, "raw: illegal base64 data at input byte 0"},
		{"POST", "/api/exchange", `{"raw":"` + raw + `","python":"4.0"}`, 400, `python: sim: unknown Python version "4.0" (have 2.7, 3.6, 3.7, 3.8, 3.9, 3.10, 3.11, 3.12, 3.13, 3.14)`},
		{"POST", "/api/exchange", `{"raw":"` + raw + `","handler":"x"}`, 400, `handler: sim: unknown handler "x" (have simple, seed, upload)`},
		{"POST", "/api/exchange", `{"raw":"` + raw + `","protocol":"http/1.1"}`, 400, `protocol: "http/1.1" is not HTTP/1.0 or HTTP/1.1`},
		{"POST", "/api/exchange", `{"raw":"` + raw + `","handlerSource":"import http.server"}`, 400, `handlerSource: handler scripts run only in the page (in the browser, on Pyodide); this API serves the built-in handlers: simple, seed, upload`},
		{"POST", "/api/exchange", `{"raw":"` + raw + `","server":"ForkingTCPServer"}`, 400, `server: sim: unknown server class "ForkingTCPServer" (have TCPServer, HTTPServer, ThreadingHTTPServer, cli)`},
		{"POST", "/api/exchange", `{"raw":"` + raw + `","files":[{"path":"/etc"}]}`, 400, `files[0]: path "/etc" is not a valid relative slash-separated path`},
		{"POST", "/api/exchange", `{"raw":"` + raw + `","files":[{"path":"."}]}`, 400, `files[0]: path "." is not a valid relative slash-separated path`},
		{"POST", "/api/exchange", `{"raw":"` + raw + `","files":[{"path":"a","data":"*"}]}`, 400, `files[0] ("a"): data: illegal base64 data at input byte 0`},
		{"POST", "/api/exchange", `{"raw":"` + raw + `","files":[{"path":"a","type":"dir","data":"eA=="}]}`, 400, `files[0] ("a"): a dir has no data or target`},
		{"POST", "/api/exchange", `{"raw":"` + raw + `","files":[{"path":"a","type":"symlink"}]}`, 400, `files[0] ("a"): a symlink has a target and no data`},
		{"POST", "/api/exchange", `{"raw":"` + raw + `","files":[{"path":"a","target":"b"}]}`, 400, `files[0] ("a"): a file has no target`},
		{"POST", "/api/exchange", `{"raw":"` + raw + `","files":[{"path":"a"},{"path":"a/b"}]}`, 400, `files[1]: mkdir a: not a directory`},
		{"POST", "/api/exchange", `{"raw":"` + b64(strings.Repeat("x", MaxRawBytes+1)) + `"}`, 413, "raw: longer than 262144 bytes"},
		{"POST", "/api/exchange", `{"raw":"` + strings.Repeat("A", MaxBodyBytes) + `"}`, 413, "request body is larger than 2097152 bytes"},
		{"GET", "/api/exchange", ``, 405, "GET /api/exchange: method not allowed (use POST)"},
		{"DELETE", "/api/handlers", ``, 405, "DELETE /api/handlers: method not allowed (use GET or HEAD)"},
		{"GET", "/", ``, 404, "no route for GET /"},
		{"GET", "/livex", ``, 404, "no route for GET /livex"},
	}
	for i, tt := range tests {
		w := httptest.NewRecorder()
		(&Handler{}).ServeHTTP(w, httptest.NewRequest(tt.method, tt.path, strings.NewReader(tt.body)))
		var e struct{ Error string }
		if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil {
			t.Errorf("#%d: body %q is not JSON", i, w.Body)
		}
		if w.Code != tt.code || e.Error != tt.err {
			t.Errorf("#%d: %s %s = %d %q, want %d %q", i, tt.method, tt.path, w.Code, e.Error, tt.code, tt.err)
		}
	}
}

func TestTooManyFiles(t *testing.T) {
	files := make([]File, MaxFiles+1)
	if _, err := BuildFS(files); err == nil || err.Error() != "files: 1001 entries, more than 1000" {
		t.Errorf("BuildFS(%d files) error = %v", len(files), err)
	}
	big := base64.StdEncoding.EncodeToString(make([]byte, MaxFilesBytes/2+1))
	if _, err := BuildFS([]File{{Path: "a", Data: big}, {Path: "b", Data: big}}); err == nil || !strings.Contains(err.Error(), "more than 1048576 bytes") {
		t.Errorf("BuildFS(2 big files) error = %v", err)
	}
}

func TestBuildFS(t *testing.T) {
	t1 := time.Date(2021, 5, 6, 7, 8, 9, 0, time.UTC)
	t2 := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	fsys, err := BuildFS([]File{
		{Path: "d/e/f.txt", Data: b64("f"), Mtime: &t1},
		{Path: "d", Type: "dir", Mtime: &t2},
		{Path: "l", Type: "symlink", Target: "d/e/f.txt"},
		{Path: "empty", Type: "dir"},
		{PathBytes: []byte("d/bad\xffname.txt"), Data: b64("x")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if data, err := fsys.ReadFile("d/bad\xffname.txt"); err != nil || string(data) != "x" {
		t.Errorf("ReadFile(d/bad\\xffname.txt) = %q, %v", data, err)
	}
	for _, bad := range [][]File{
		{{Path: "a", PathBytes: []byte("a")}},
		{{PathBytes: []byte("../a")}},
		{{Path: "bad\xff"}},
	} {
		if _, err := BuildFS(bad); err == nil {
			t.Errorf("BuildFS(%+v) = nil error, want one", bad)
		}
	}
	checks := []struct {
		name  string
		mode  fs.FileMode
		mtime time.Time
	}{
		{"d", fs.ModeDir, t2}, // its own mtime wins over its child's write
		{"d/e/f.txt", 0, t1},
		{"empty", fs.ModeDir, DefaultModTime},
	}
	for _, c := range checks {
		fi, err := fsys.Stat(c.name)
		if err != nil || fi.Mode().Type() != c.mode || !fi.ModTime().Equal(c.mtime) {
			t.Errorf("Stat(%q) = %v, %v; want type %v, mtime %v", c.name, fi, err, c.mode, c.mtime)
		}
	}
	if target, err := fsys.ReadLink("l"); err != nil || target != "d/e/f.txt" {
		t.Errorf("ReadLink(l) = %q, %v", target, err)
	}
	if data, err := fsys.ReadFile("l"); err != nil || string(data) != "f" {
		t.Errorf("ReadFile(l) = %q, %v", data, err)
	}
}

func TestCopySite(t *testing.T) {
	// The sample site mounted at live, as live mode does, and a tree
	// with symbolic links and no time for its root.
	links := fstest.MapFS{
		"a.txt":      {Data: []byte("a\n"), Mode: 0o644, ModTime: time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)},
		"d":          {Mode: fs.ModeDir | 0o755, ModTime: time.Date(2021, 1, 2, 3, 4, 5, 0, time.UTC)},
		"d/b.txt":    {Data: []byte("b\n"), Mode: 0o644, ModTime: time.Date(2022, 1, 2, 3, 4, 5, 0, time.UTC)},
		"a-link.txt": {Data: []byte("a.txt"), Mode: fs.ModeSymlink | 0o777},
		"broken":     {Data: []byte("missing"), Mode: fs.ModeSymlink | 0o777},
	}
	for _, tt := range []struct {
		name     string
		src      fs.FS
		rootTime time.Time
	}{
		{"sample", DefaultSite(), webui.SampleTime},
		// fstest.MapFS has no time for its root; the mount point gets DefaultModTime.
		{"links", links, DefaultModTime},
	} {
		m, err := copySite(tt.src, "live")
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		err = fs.WalkDir(tt.src, ".", func(name string, d fs.DirEntry, err error) error {
			if err != nil || name == "." {
				return err
			}
			info, _ := d.Info()
			got, err := m.Lstat("live/" + name)
			if err != nil {
				t.Errorf("%s: live/%s: %v", tt.name, name, err)
				return nil
			}
			if got.Mode().Type() != info.Mode().Type() || !got.ModTime().Equal(info.ModTime()) || (!d.IsDir() && got.Size() != info.Size()) {
				t.Errorf("%s: live/%s = %v %v %d, want %v %v %d", tt.name, name, got.Mode(), got.ModTime(), got.Size(), info.Mode(), info.ModTime(), info.Size())
			}
			if d.Type()&fs.ModeSymlink != 0 {
				want, _ := fs.ReadLink(tt.src, name)
				if target, err := m.ReadLink("live/" + name); err != nil || target != want {
					t.Errorf("%s: ReadLink(live/%s) = %q, %v; want %q", tt.name, name, target, err, want)
				}
			} else if !d.IsDir() {
				want, _ := fs.ReadFile(tt.src, name)
				if data, err := m.ReadFile("live/" + name); err != nil || !bytes.Equal(data, want) {
					t.Errorf("%s: ReadFile(live/%s) = %d bytes, %v; want %d", tt.name, name, len(data), err, len(want))
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if fi, err := m.Stat("live"); err != nil || !fi.IsDir() || !fi.ModTime().Equal(tt.rootTime) {
			t.Errorf("%s: Stat(live) = %v, %v; want a directory with mtime %v", tt.name, fi, err, tt.rootTime)
		}
	}
}

func TestStripTraceParam(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/live/", "/live/"},
		{"/live/?trace=json", "/live/"},
		{"/live/?a=1&trace=json&b=%20", "/live/?a=1&b=%20"},
		{"/live/?trace=jsonx", "/live/?trace=jsonx"},
		{"/live/?trace=json&trace=json", "/live/"},
	}
	for _, tt := range tests {
		if got := stripTraceParam(tt.in); got != tt.want {
			t.Errorf("stripTraceParam(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRawRequest(t *testing.T) {
	r := httptest.NewRequest("POST", "/live/a%20b?x=1&trace=json", nil)
	r.Host = "example.workers.dev"
	r.Header.Set("User-Agent", "test")
	r.Header.Set("Accept-Encoding", "gzip, br") // as syumai splits it: "gzip", " br"
	r.Header["Accept-Encoding"] = []string{"gzip", " br"}
	r.Header.Set("Content-Length", "5")
	r.Header.Set("Cf-Connecting-Ip", "192.0.2.1")
	r.Header.Set("X-Forwarded-Proto", "https")
	r.Header.Set(PythonHeader, "3.8")
	got := string(RawRequest(r, []byte("a=b&c")))
	want := "POST /live/a%20b?x=1 HTTP/1.1\r\n" +
		"Host: example.workers.dev\r\n" +
		"Accept-Encoding: gzip, br\r\n" +
		"User-Agent: test\r\n" +
		"Content-Length: 5\r\n" +
		"\r\n" +
		"a=b&c"
	if got != want {
		t.Errorf("RawRequest = %q\nwant %q", got, want)
	}
	// An absolute URL and no RequestURI, as syumai builds requests.
	r, _ = http.NewRequest("GET", "https://example.workers.dev/live/?trace=json", nil)
	r.Host = ""
	if got := string(RawRequest(r, nil)); got != "GET /live/ HTTP/1.1\r\nHost: example.workers.dev\r\n\r\n" {
		t.Errorf("RawRequest(absolute URL) = %q", got)
	}
}

func TestLiveResponse(t *testing.T) {
	h := &Handler{Now: func() time.Time { return DefaultModTime }}
	w := httptest.NewRecorder()
	r := httptest.NewRequest("GET", "/live/hello.txt", nil)
	r.Header.Set(PythonHeader, "3.8")
	h.ServeHTTP(w, r)
	if w.Code != 200 || w.Body.String() != "Hello from the simulated server!\n" {
		t.Fatalf("GET /live/hello.txt = %d %q", w.Code, w.Body)
	}
	want := http.Header{
		"Server":          {"SimpleHTTP/0.6 Python/3.8.18"},
		"Date":            {"Thu, 01 Jan 2026 00:00:00 GMT"},
		"Content-Type":    {"text/plain"},
		"Content-Length":  {"33"},
		"Last-Modified":   {"Wed, 24 Dec 2025 18:30:00 GMT"},
		"X-Httpsim-Trace": w.Header()["X-Httpsim-Trace"],
	}
	for k, v := range want {
		if strings.Join(w.Header()[k], "|") != strings.Join(v, "|") {
			t.Errorf("header %s = %q, want %q", k, w.Header()[k], v)
		}
	}
	if len(w.Header()) != len(want) {
		t.Errorf("headers = %v, want exactly %v", w.Header(), want)
	}
	tr := w.Header().Get(TraceHeaderName)
	if !strings.HasPrefix(tr, "3.8.18 SimpleHTTPRequestHandler; 200 ") || !strings.Contains(tr, " do_GET:") {
		t.Errorf("trace header = %q", tr)
	}

	// The sample site's pages, listing, redirects and errors. A redirect
	// and a HEAD have no body; the HEAD has no length either.
	for _, tt := range []struct {
		method, path string
		code         int
		header       string
		body         string
	}{
		{"GET", "/live/", 200, "Content-Type: text/html", "<title>Sample site</title>"},
		{"GET", "/live/files/", 200, "Content-Type: text/html; charset=utf-8", `<a href="report%202025.txt">report 2025.txt</a>`},
		{"GET", "/live/files/logo.png", 200, "Content-Type: image/png", "\x89PNG\r\n\x1a\n"},
		{"GET", "/live/blog/", 200, "Content-Type: text/html", "<title>Blog</title>"},
		{"GET", "/live", 301, "Location: /live/", ""},
		{"GET", "/live/blog?x=1", 301, "Location: /live/blog/?x=1", ""},
		{"HEAD", "/live/hello.txt", 200, "Content-Type: text/plain", ""},
		{"GET", "/live/nope.txt", 404, "Content-Type: text/html;charset=utf-8", "File not found"},
	} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(tt.method, tt.path, nil))
		var hdr strings.Builder
		w.Header().Write(&hdr)
		if w.Code != tt.code || !strings.Contains(hdr.String(), tt.header+"\r\n") {
			t.Errorf("%s %s = %d\n%s, want %d with %q", tt.method, tt.path, w.Code, hdr.String(), tt.code, tt.header)
		}
		if tt.body != "" && !strings.Contains(w.Body.String(), tt.body) {
			t.Errorf("%s %s: body %q, want it to contain %q", tt.method, tt.path, w.Body, tt.body)
		}
		if tt.code == 301 && w.Body.Len() != 0 {
			t.Errorf("%s %s: body %q, want none", tt.method, tt.path, w.Body)
		}
		if tt.method == "HEAD" && (w.Body.Len() != 0 || w.Header().Get("Content-Length") != "") {
			t.Errorf("HEAD: body %q, Content-Length %q; want neither", w.Body, w.Header().Get("Content-Length"))
		}
	}
}

func TestLiveStateless(t *testing.T) {
	h := &Handler{}
	put := httptest.NewRequest("PUT", "/live/new.txt", strings.NewReader("new\n"))
	put.Header.Set(HandlerHeader, "upload")
	put.Header.Set(PythonHeader, "3.12")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, put)
	if w.Code != 201 {
		t.Fatalf("PUT = %d %q", w.Code, w.Body)
	}
	get := httptest.NewRequest("GET", "/live/new.txt", nil)
	w = httptest.NewRecorder()
	h.ServeHTTP(w, get)
	if w.Code != 404 {
		t.Errorf("GET after PUT = %d, want 404", w.Code)
	}
}

func TestLiveTraceJSON(t *testing.T) {
	w := httptest.NewRecorder()
	(&Handler{}).ServeHTTP(w, httptest.NewRequest("GET", "/live/blog?trace=json", nil))
	var got ExchangeResponse
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || w.Code != 200 {
		t.Fatalf("%d %s (%v)", w.Code, w.Body, err)
	}
	if string(got.Request) != "GET /live/blog HTTP/1.1\r\nHost: example.com\r\n\r\n" {
		t.Errorf("request = %q", got.Request)
	}
	if len(got.Exchanges) != 1 || got.Exchanges[0].Status != 301 {
		t.Errorf("exchanges = %+v, want one 301", got.Exchanges)
	}
}

func TestLiveBodyLimit(t *testing.T) {
	w := httptest.NewRecorder()
	(&Handler{}).ServeHTTP(w, httptest.NewRequest("POST", "/live/", strings.NewReader(strings.Repeat("x", MaxLiveBody+1))))
	if w.Code != 413 || !strings.Contains(w.Body.String(), "live mode takes bodies up to 65536 bytes") {
		t.Errorf("oversized live body = %d %s", w.Code, w.Body)
	}
}

func TestTraceHeader(t *testing.T) {
	p, _ := sim.Lookup("3.12")
	out := &ExchangeResponse{Result: &sim.Result{Exchanges: []*sim.Exchange{
		{Status: 200, Trace: []sim.Frame{{Fn: "http.server.BaseHTTPRequestHandler.handle_one_request", Line: 400}, {Fn: "seed.ServerHandler.do_GET\x00é", Line: 0}}},
		{Status: 404},
	}}}
	got := TraceHeader(p, sim.SimpleHandler, out)
	want := "3.12.1 SimpleHTTPRequestHandler; 200 handle_one_request:400 do_GET???; 404"
	if got != want {
		t.Errorf("TraceHeader = %q, want %q", got, want)
	}
	long := &ExchangeResponse{Result: &sim.Result{Exchanges: []*sim.Exchange{{Status: 200, Trace: make([]sim.Frame, 1000)}}}}
	for i := range long.Exchanges[0].Trace {
		long.Exchanges[0].Trace[i] = sim.Frame{Fn: "f", Line: 1}
	}
	if got := TraceHeader(p, sim.SimpleHandler, long); len(got) != maxTraceHeader || !strings.HasSuffix(got, "...") {
		t.Errorf("long TraceHeader: %d bytes ending %q", len(got), got[len(got)-5:])
	}
}

func TestPanicBecomes500(t *testing.T) {
	h := &Handler{Site: func() fs.FS { panic("boom") }}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/live/", nil))
	if w.Code != 500 || !strings.Contains(w.Body.String(), `"httpsim: panic: boom"`) {
		t.Errorf("panic: %d %s", w.Code, w.Body)
	}
}

func TestProfiles(t *testing.T) {
	w := httptest.NewRecorder()
	(&Handler{}).ServeHTTP(w, httptest.NewRequest("GET", "/api/profiles", nil))
	var got []ProfileInfo
	json.Unmarshal(w.Body.Bytes(), &got)
	ps := sim.Profiles()
	if len(got) != len(ps) {
		t.Fatalf("%d profiles, want %d", len(got), len(ps))
	}
	for i, p := range ps {
		if got[i].Name != p.Name || got[i].Version != p.Version || got[i].Default != (p == sim.DefaultProfile()) {
			t.Errorf("profile %d = %+v, want %s %s", i, got[i], p.Name, p.Version)
		}
	}
}

// BenchmarkExchange is a small GET through the whole handler, the case
// the Worker's CPU target is set for (see worker/bench_test.go).
func BenchmarkExchange(b *testing.B) {
	body := `{"raw":"` + b64("GET /hello.txt HTTP/1.1\r\nHost: localhost\r\nUser-Agent: bench\r\n\r\n") +
		`","files":[{"path":"hello.txt","data":"` + b64("hello\n") + `"}]}`
	h := &Handler{}
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("POST", "/api/exchange", strings.NewReader(body)))
		if w.Code != 200 {
			b.Fatal(w.Body)
		}
	}
}
