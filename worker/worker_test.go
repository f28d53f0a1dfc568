package worker_test

// End-to-end tests: the Worker built as `make worker` builds it, under
// `wrangler dev --local` on a free loopback port. TestMain builds it and
// starts one server for all tests, and stops it (the whole process
// group) when they end. Nothing is skipped: a missing node_modules is
// installed from the committed lockfile, and any failure to build or
// start fails every test.

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/httpsim/httpsim/internal/corpus"
	"github.com/httpsim/httpsim/internal/fixture"
	"github.com/httpsim/httpsim/sim"
	"github.com/httpsim/httpsim/wasm/worker/api"
)

// recycleAfter is HTTPSIM_MAX_REQUESTS for the test server: small, so
// that the corpus runs through many Go instances in turn.
const recycleAfter = 25

var (
	server   *devServer
	buildDir string // the Worker as built by TestMain
	setupErr error
)

func TestMain(m *testing.M) {
	code := func() int {
		start := time.Now()
		dir, err := os.MkdirTemp("", "httpsim-worker-")
		if err != nil {
			setupErr = err
			return m.Run()
		}
		defer os.RemoveAll(dir)
		buildDir = dir
		if setupErr = npmOnce(); setupErr == nil {
			if setupErr = buildWorker(dir); setupErr == nil {
				server, setupErr = startDev(dir, "/api/profiles", fmt.Sprintf("HTTPSIM_MAX_REQUESTS=%d", recycleAfter))
			}
		}
		if server != nil {
			defer server.Close()
			fmt.Fprintf(os.Stderr, "worker: built and started wrangler dev at %s in %v\n", server.URL, time.Since(start).Round(time.Millisecond))
		}
		return m.Run()
	}()
	os.Exit(code)
}

// dev returns the shared server, failing t if there is none.
func dev(t *testing.T) *devServer {
	t.Helper()
	if setupErr != nil {
		t.Fatalf("building or starting the Worker: %v", setupErr)
	}
	return server
}

var client = &http.Client{
	Timeout: 60 * time.Second,
	// Live mode answers redirects itself; the tests look at them.
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

func fetch(t *testing.T, method, path string, header http.Header, body []byte) (*http.Response, []byte) {
	t.Helper()
	s := dev(t)
	req, err := http.NewRequestWithContext(context.Background(), method, s.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body == nil {
		req.Body = nil
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", method, path, err, lastLines(s.Logs(), 30))
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		t.Fatalf("%s %s: reading body: %v", method, path, err)
	}
	return resp, buf.Bytes()
}

// TestBundleSize checks that the Worker fits the Free plan: at most
// 3 MiB gzipped, as wrangler measures it for an upload.
func TestBundleSize(t *testing.T) {
	dev(t)
	total, gz, err := uploadSize(buildDir)
	if err != nil {
		t.Fatal(err)
	}
	const limitKiB = 3 * 1024
	t.Logf("upload: %.0f KiB, gzip %.0f KiB (%.0f%% of the Free plan's %d KiB)", total, gz, 100*gz/limitKiB, limitKiB)
	if gz > limitKiB {
		t.Errorf("the Worker is %.0f KiB gzipped, more than the Free plan's %d KiB", gz, limitKiB)
	}
}

// TestPage checks that the Worker serves the page: every file of web/
// comes back byte for byte from the Workers static assets.
func TestPage(t *testing.T) {
	index, err := os.ReadFile(filepath.Join(webDir, "index.html"))
	if err != nil {
		t.Fatalf("the page: %v", err)
	}
	resp, body := fetch(t, "GET", "/", nil, nil)
	if resp.StatusCode != http.StatusOK || !bytes.Equal(body, index) {
		t.Fatalf("GET / = %d, %d bytes; want 200 and web/index.html (%d bytes)", resp.StatusCode, len(body), len(index))
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("GET / Content-Type = %q, want text/html", ct)
	}
	n := 0
	// Workers static assets take at most 25 MiB per file (Pyodide's wasm,
	// the largest, is under 10) and 20,000 files on the Free plan.
	const maxFile, maxFiles = 25 << 20, 20000
	err = filepath.WalkDir(webDir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && (d.Name() == "node_modules" || d.Name() == "__pycache__") {
			return filepath.SkipDir // web/.assetsignore keeps it out of the upload
		}
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") || strings.HasSuffix(p, ".go") {
			return err
		}
		if info, err := d.Info(); err == nil && info.Size() > maxFile {
			t.Errorf("%s is %d bytes, more than the 25 MiB a Workers static asset may be", p, info.Size())
		}
		want, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(webDir, p)
		url := "/" + filepath.ToSlash(rel)
		// Workers assets serve HTML without its extension (html_handling
		// "auto-trailing-slash"): /index.html redirects to /, a.html to /a.
		if strings.HasSuffix(url, ".html") {
			url = strings.TrimSuffix(strings.TrimSuffix(url, ".html"), "index")
		}
		resp, got := fetch(t, "GET", url, nil, nil)
		if resp.StatusCode != http.StatusOK || !bytes.Equal(got, want) {
			t.Errorf("GET %s = %d, %d bytes; want 200 and the %d bytes of web/%s", url, resp.StatusCode, len(got), len(want), rel)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n > maxFiles {
		t.Errorf("web/ has %d asset files, more than the %d the Free plan allows", n, maxFiles)
	}
	for _, f := range []string{"dist/vendor/pyodide/pyodide.asm.wasm", "dist/vendor/codemirror/view/dist/index.js"} {
		if _, err := os.Stat(filepath.Join(webDir, f)); err != nil {
			t.Errorf("the Worker would serve the page without web/%s (run `make web`): %v", f, err)
		}
	}
	t.Logf("%d files of web/ served byte for byte", n)
}

// fixtureFiles is the oracle's fixture tree as the files of an exchange
// request.
func fixtureFiles() []api.File {
	var files []api.File
	mtime := fixture.ModTime
	for _, e := range fixture.Entries() {
		f := api.File{Path: e.Path, Mtime: &mtime}
		if !utf8.ValidString(e.Path) {
			f.Path, f.PathBytes = "", []byte(e.Path)
		}
		switch {
		case e.IsDir():
			f.Type = "dir"
		case e.IsSymlink():
			f.Type, f.Target = "symlink", e.Target
		default:
			f.Data = base64.StdEncoding.EncodeToString(e.Data)
		}
		files = append(files, f)
	}
	return files
}

// exchangeAnswer is the JSON of /api/exchange, with the exchanges kept
// as raw JSON so that they compare byte for byte.
type exchangeAnswer struct {
	Response  []byte          `json:"response"`
	Exchanges json.RawMessage `json:"exchanges"`
	Stderr    string          `json:"stderr"`
	Stdout    string          `json:"stdout"`
	Startup   string          `json:"startup"`
	Refused   bool            `json:"refused"`
}

// TestExchangeCorpus sends every corpus case through POST /api/exchange
// with the fixture tree as its files, each case on one of its versions in
// turn, and checks that the answer is exactly what package sim produces
// in-process: response bytes, stderr, stdout and every exchange (request
// line, status, headers, log, stdout, trace).
func TestExchangeCorpus(t *testing.T) {
	dir, err := corpus.CorpusDir()
	if err != nil {
		t.Fatal(err)
	}
	cases, err := corpus.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 15 {
		t.Fatalf("%d corpus cases in %s, want at least 15", len(cases), dir)
	}
	files := fixtureFiles()
	for i, c := range cases {
		minor := c.Versions[i%len(c.Versions)]
		t.Run(c.Name+"/"+minor, func(t *testing.T) {
			body, err := json.Marshal(map[string]any{
				"raw":      base64.StdEncoding.EncodeToString(c.Request),
				"python":   minor,
				"handler":  c.Handler,
				"protocol": c.Protocol,
				"server":   c.Server,
				"files":    files,
			})
			if err != nil {
				t.Fatal(err)
			}
			resp, got := fetch(t, "POST", "/api/exchange", http.Header{"Content-Type": {"application/json"}}, body)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %s", resp.StatusCode, got)
			}
			var ans exchangeAnswer
			if err := json.Unmarshal(got, &ans); err != nil {
				t.Fatalf("answer is not JSON: %v\n%s", err, got)
			}

			// The same exchange in-process, on a fresh copy of the tree
			// (handlers may write to it).
			fsys := sim.NewMemFS(fixture.ModTime)
			if err := fixture.Build(fsys); err != nil {
				t.Fatal(err)
			}
			p, err := sim.Lookup(minor)
			if err != nil {
				t.Fatal(err)
			}
			cls, err := sim.LookupHandler(c.Handler)
			if err != nil {
				t.Fatal(err)
			}
			want := (&sim.Server{Profile: p, Handler: cls, ServerClass: c.Server, Protocol: c.Protocol, FS: fsys}).Handle(c.Request)
			wantEx, err := json.Marshal(want.Exchanges)
			if err != nil {
				t.Fatal(err)
			}
			if len(want.Exchanges) == 0 {
				wantEx = []byte("[]")
			}
			if !bytes.Equal(ans.Response, want.Response) {
				t.Errorf("response differs from sim in-process:\nworker: %q\nsim:    %q", ans.Response, want.Response)
			}
			if !bytes.Equal(ans.Exchanges, wantEx) {
				t.Errorf("exchanges differ from sim in-process:\nworker: %s\nsim:    %s", ans.Exchanges, wantEx)
			}
			// The answer's strings are JSON strings, which turn a byte
			// that is not UTF-8 (2.7 logs request bytes as they came)
			// into U+FFFD; compare with sim's output as JSON gives it.
			wantStderr, wantStdout, wantStartup := asJSON(t, want.Stderr), asJSON(t, want.Stdout), asJSON(t, want.Startup)
			if ans.Stderr != wantStderr || ans.Stdout != wantStdout || ans.Startup != wantStartup || ans.Refused != want.Refused {
				t.Errorf("stderr, stdout, startup, refused = %q, %q, %q, %v; sim in-process: %q, %q, %q, %v",
					ans.Stderr, ans.Stdout, ans.Startup, ans.Refused, wantStderr, wantStdout, wantStartup, want.Refused)
			}
		})
	}
}

// asJSON is s after a trip through a JSON string.
func asJSON(t *testing.T, s string) string {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var out string
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBadInput checks that mistakes get a clear 4xx JSON error and that
// the Worker keeps serving afterwards.
func TestBadInput(t *testing.T) {
	raw := base64.StdEncoding.EncodeToString([]byte("GET / HTTP/1.0\r\n\r\n"))
	big := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte("x"), api.MaxRawBytes+1))
	tests := []struct {
		name, method, path, body string
		code                     int
		err                      string // regexp the error message must match
	}{
		{"not JSON", "POST", "/api/exchange", `{raw`, 400, `not a valid exchange request: invalid character`},
		{"empty body", "POST", "/api/exchange", ``, 400, `request body is empty`},
		{"two values", "POST", "/api/exchange", `{"raw":""} {}`, 400, `more than one JSON value`},
		{"wrong type", "POST", "/api/exchange", `{"raw": 7}`, 400, `cannot unmarshal number`},
		{"unknown field", "POST", "/api/exchange", `{"raw":"` + raw + `","pyhton":"3.12"}`, 400, `unknown field "pyhton"`},
		{"missing raw", "POST", "/api/exchange", `{"python":"3.12"}`, 400, `raw: missing`},
		{"bad base64", "POST", "/api/exchange", `{"raw":"!!!"}`, 400, `raw: illegal base64`},
		{"unknown python", "POST", "/api/exchange", `{"raw":"` + raw + `","python":"3.99"}`, 400, `python: sim: unknown Python version "3.99"`},
		{"unknown handler", "POST", "/api/exchange", `{"raw":"` + raw + `","handler":"cgi"}`, 400, `handler: sim: unknown handler "cgi"`},
		{"unknown protocol", "POST", "/api/exchange", `{"raw":"` + raw + `","protocol":"HTTP/2"}`, 400, `protocol: "HTTP/2" is not HTTP/1.0 or HTTP/1.1`},
		{"bad file path", "POST", "/api/exchange", `{"raw":"` + raw + `","files":[{"path":"../x"}]}`, 400, `files\[0\]: path "../x" is not a valid`},
		{"bad file type", "POST", "/api/exchange", `{"raw":"` + raw + `","files":[{"path":"x","type":"fifo"}]}`, 400, `type "fifo" is not file, dir or symlink`},
		{"raw too large", "POST", "/api/exchange", `{"raw":"` + big + `"}`, 413, `raw: longer than 262144 bytes`},
		{"body too large", "POST", "/api/exchange", `{"raw":"` + strings.Repeat("A", api.MaxBodyBytes) + `"}`, 413, `larger than 2097152 bytes`},
		{"GET exchange", "GET", "/api/exchange", ``, 405, `method not allowed \(use POST\)`},
		{"POST profiles", "POST", "/api/profiles", `{}`, 405, `method not allowed`},
		{"no route", "GET", "/api/nothing", ``, 404, `no route for GET /api/nothing`},
		{"live unknown python", "GET", "/live/", ``, 400, `python: sim: unknown Python version "1.5"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hdr http.Header
			if strings.HasPrefix(tt.name, "live") {
				hdr = http.Header{api.PythonHeader: {"1.5"}}
			}
			var body []byte
			if tt.body != "" || tt.method == "POST" {
				body = []byte(tt.body)
			}
			resp, got := fetch(t, tt.method, tt.path, hdr, body)
			var e struct{ Error string }
			if err := json.Unmarshal(got, &e); err != nil {
				t.Fatalf("%s %s: status %d, body not JSON: %q", tt.method, tt.path, resp.StatusCode, got)
			}
			if resp.StatusCode != tt.code || !regexp.MustCompile(tt.err).MatchString(e.Error) {
				t.Errorf("%s %s = %d %q, want %d and an error matching %q", tt.method, tt.path, resp.StatusCode, e.Error, tt.code, tt.err)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type = %q, want application/json", ct)
			}
		})
	}
	// Still serving.
	resp, got := fetch(t, "POST", "/api/exchange", nil, []byte(`{"raw":"`+raw+`","files":[]}`))
	if resp.StatusCode != 200 || !bytes.Contains(got, []byte(`"status":200`)) {
		t.Fatalf("after the bad inputs: %d %s", resp.StatusCode, got)
	}
}

func TestProfilesAndHandlers(t *testing.T) {
	resp, got := fetch(t, "GET", "/api/profiles", nil, nil)
	var profiles []api.ProfileInfo
	if err := json.Unmarshal(got, &profiles); err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET /api/profiles = %d %q (%v)", resp.StatusCode, got, err)
	}
	if len(profiles) != len(sim.Profiles()) {
		t.Errorf("%d profiles, want %d", len(profiles), len(sim.Profiles()))
	}
	for i, p := range sim.Profiles() {
		if i < len(profiles) && (profiles[i].Name != p.Name || profiles[i].Version != p.Version) {
			t.Errorf("profiles[%d] = %+v, want %s (%s)", i, profiles[i], p.Name, p.Version)
		}
	}
	resp, got = fetch(t, "GET", "/api/handlers", nil, nil)
	want, _ := json.Marshal(sim.Handlers())
	if resp.StatusCode != 200 || !bytes.Equal(bytes.TrimSpace(got), want) {
		t.Errorf("GET /api/handlers = %d %s, want %s", resp.StatusCode, got, want)
	}
}

// TestLive checks live mode: the request goes through the simulator
// against the sample site mounted at /live.
func TestLive(t *testing.T) {
	site := api.DefaultSite()
	hello, _ := fs.ReadFile(site, "hello.txt")

	resp, body := fetch(t, "GET", "/live/hello.txt", nil, nil)
	if resp.StatusCode != 200 || !bytes.Equal(body, hello) {
		t.Errorf("GET /live/hello.txt = %d %q, want 200 %q", resp.StatusCode, body, hello)
	}
	if got := resp.Header.Get("Server"); !strings.HasPrefix(got, "SimpleHTTP/0.6 Python/3.") {
		t.Errorf("Server = %q, want the simulated server's", got)
	}
	if tr := resp.Header.Get(api.TraceHeaderName); !regexp.MustCompile(`^3\.\d+\.\d+ \S+; 200 .*handle_one_request:\d+ .*send_head:\d+`).MatchString(tr) {
		t.Errorf("%s = %q, want the version, the handler and a 200 exchange through send_head", api.TraceHeaderName, tr)
	}

	// The page's sample site: / has an index.html, files/ has none.
	index, _ := fs.ReadFile(site, "index.html")
	resp, body = fetch(t, "GET", "/live/", nil, nil)
	if resp.StatusCode != 200 || !bytes.Equal(body, index) || !bytes.Contains(body, []byte("<title>Sample site</title>")) || resp.Header.Get("Content-Type") != "text/html" {
		t.Errorf("GET /live/ = %d %q %q, want the sample site's index.html", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}

	resp, body = fetch(t, "GET", "/live/files/", nil, nil)
	for _, want := range []string{
		"<title>Directory listing for /live/files/</title>",
		`<a href="logo.png">logo.png</a>`,
		`<a href="notes%20%26%20%3Cideas%3E.txt">notes &amp; &lt;ideas&gt;.txt</a>`,
		`<a href="my%20folder/">my folder/</a>`,
	} {
		if resp.StatusCode != 200 || !bytes.Contains(body, []byte(want)) {
			t.Errorf("GET /live/files/ = %d %q, want a listing with %q", resp.StatusCode, body, want)
		}
	}

	logo, _ := fs.ReadFile(site, "files/logo.png")
	resp, body = fetch(t, "GET", "/live/files/logo.png", nil, nil)
	if resp.StatusCode != 200 || !bytes.Equal(body, logo) || resp.Header.Get("Content-Type") != "image/png" {
		t.Errorf("GET /live/files/logo.png = %d %q with %d bytes, want image/png and the %d bytes of logo.png", resp.StatusCode, resp.Header.Get("Content-Type"), len(body), len(logo))
	}

	resp, body = fetch(t, "GET", "/live/blog?x=1", nil, nil)
	if resp.StatusCode != 301 || resp.Header.Get("Location") != "/live/blog/?x=1" || len(body) != 0 {
		t.Errorf("GET /live/blog?x=1 = %d Location %q with %d body bytes, want 301 /live/blog/?x=1 and none", resp.StatusCode, resp.Header.Get("Location"), len(body))
	}

	resp, body = fetch(t, "GET", "/live/nope.txt", http.Header{api.PythonHeader: {"2.7"}}, nil)
	if resp.StatusCode != 404 || !strings.Contains(resp.Header.Get("Server"), "Python/2.7") || !bytes.Contains(body, []byte("File not found")) {
		t.Errorf("GET /live/nope.txt as 2.7 = %d %q %q, want a 2.7 404 page", resp.StatusCode, resp.Header.Get("Server"), body)
	}

	resp, body = fetch(t, "HEAD", "/live/hello.txt", nil, nil)
	if resp.StatusCode != 200 || len(body) != 0 {
		t.Errorf("HEAD /live/hello.txt = %d with %d body bytes, want 200 and none", resp.StatusCode, len(body))
	}

	// trace=json: the request the simulator saw, and its whole answer.
	resp, body = fetch(t, "GET", "/live/hello.txt?a=1&trace=json", http.Header{"X-Test": {"yes"}}, nil)
	var ans api.ExchangeResponse
	if err := json.Unmarshal(body, &ans); err != nil || resp.StatusCode != 200 || ans.Result == nil {
		t.Fatalf("?trace=json = %d %q (%v)", resp.StatusCode, body, err)
	}
	wantStart := "GET /live/hello.txt?a=1 HTTP/1.1\r\nHost: " + strings.TrimPrefix(dev(t).URL, "http://") + "\r\n"
	if !strings.HasPrefix(string(ans.Request), wantStart) || !strings.Contains(string(ans.Request), "\r\nX-Test: yes\r\n") {
		t.Errorf("request = %q, want it to start %q and carry X-Test", ans.Request, wantStart)
	}
	if len(ans.Exchanges) != 1 || ans.Exchanges[0].Status != 200 || len(ans.Exchanges[0].Trace) == 0 || len(ans.Exchanges[0].Log) == 0 {
		t.Errorf("exchanges = %+v, want one 200 exchange with a trace and a log line", ans.Exchanges)
	}
	if !bytes.HasPrefix(ans.Response, []byte("HTTP/1.0 200 OK\r\n")) || !bytes.HasSuffix(ans.Response, hello) {
		t.Errorf("response = %q, want a 200 with hello.txt", ans.Response)
	}
}

// TestStateless checks that nothing survives a request: a file uploaded
// through the upload handler is gone on the next one, although the same
// Go instance serves both.
func TestStateless(t *testing.T) {
	h := http.Header{api.HandlerHeader: {"upload"}, api.PythonHeader: {"3.12"}}
	resp, body := fetch(t, "PUT", "/live/new.txt", h, []byte("uploaded\n"))
	if resp.StatusCode/100 != 2 {
		t.Fatalf("PUT /live/new.txt = %d %q, want 2xx", resp.StatusCode, body)
	}
	resp, _ = fetch(t, "GET", "/live/new.txt", h, nil)
	if resp.StatusCode != 404 {
		t.Errorf("GET /live/new.txt after the PUT = %d, want 404: the site is fresh for every request", resp.StatusCode)
	}
}

// TestInstanceReuse checks that entry.mjs serves many requests with one
// Go instance and replaces it after HTTPSIM_MAX_REQUESTS.
func TestInstanceReuse(t *testing.T) {
	seen := map[string]int{}
	for range 2*recycleAfter + 5 {
		resp, _ := fetch(t, "GET", "/api/profiles", nil, nil)
		id, _, ok := strings.Cut(resp.Header.Get("X-Httpsim-Instance"), "/")
		if !ok {
			t.Fatalf("X-Httpsim-Instance = %q, want instance/request", resp.Header.Get("X-Httpsim-Instance"))
		}
		seen[id]++
	}
	if len(seen) < 2 || len(seen) > 4 {
		t.Errorf("%d requests went to instances %v; want each instance to serve up to %d", 2*recycleAfter+5, seen, recycleAfter)
	}
	for id, n := range seen {
		if n > recycleAfter {
			t.Errorf("instance %s served %d requests, more than %d", id, n, recycleAfter)
		}
	}
}
