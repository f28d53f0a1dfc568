package webui

import (
	"bytes"
	"errors"
	"io/fs"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/httpsim/httpsim/sim"
)

func TestWireBytes(t *testing.T) {
	tests := []struct {
		in   string
		want []byte
	}{
		{"GET / HTTP/1.0\r\n", []byte("GET / HTTP/1.0\r\n")},
		{"caf\u00e9", []byte{'c', 'a', 'f', 0xe9}},
		{"\x00\u00ff", []byte{0, 0xff}},
		{"\u20ac", []byte("\u20ac")},
		{"a\U0001F600b", append(append([]byte("a"), "\U0001F600"...), 'b')},
		{"", []byte{}},
	}
	for _, tt := range tests {
		if got := WireBytes(tt.in); !bytes.Equal(got, tt.want) {
			t.Errorf("WireBytes(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSplitResponse(t *testing.T) {
	tests := []struct {
		name, raw  string
		http09     bool
		interim    int
		statusLine string
		headers    []sim.Field
		body       string
	}{
		{name: "plain", raw: "HTTP/1.0 200 OK\r\nServer: x\r\nContent-Length: 2\r\n\r\nhi",
			statusLine: "HTTP/1.0 200 OK", headers: []sim.Field{{Name: "Server", Value: "x"}, {Name: "Content-Length", Value: "2"}}, body: "hi"},
		{name: "continue", raw: "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n",
			interim: 1, statusLine: "HTTP/1.1 201 Created", headers: []sim.Field{{Name: "Content-Length", Value: "0"}}},
		{name: "http09", raw: "HTTP/1.0 looks like a head but is a file", http09: true, body: "HTTP/1.0 looks like a head but is a file"},
		{name: "no head", raw: "just bytes", body: "just bytes"},
		{name: "unterminated", raw: "HTTP/1.0 200 OK\r\nServer: x\r\n", statusLine: "HTTP/1.0 200 OK", headers: []sim.Field{{Name: "Server", Value: "x"}}},
		{name: "empty", raw: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := SplitResponse([]byte(tt.raw), tt.http09)
			if len(h.Interim) != tt.interim || h.StatusLine != tt.statusLine || string(h.Body) != tt.body {
				t.Errorf("SplitResponse(%q) = %d interim, %q, body %q; want %d, %q, %q", tt.raw, len(h.Interim), h.StatusLine, h.Body, tt.interim, tt.statusLine, tt.body)
			}
			if len(h.Headers) != len(tt.headers) || (len(tt.headers) > 0 && !reflect.DeepEqual(h.Headers, tt.headers)) {
				t.Errorf("SplitResponse(%q) headers = %v, want %v", tt.raw, h.Headers, tt.headers)
			}
		})
	}
}

func TestParseOptions(t *testing.T) {
	o, err := ParseOptions(map[string]any{"python": "3.12", "handler": "seed", "protocol": "HTTP/1.1"})
	if err != nil || o != (Options{Python: "3.12", Handler: "seed", Protocol: "HTTP/1.1"}) {
		t.Fatalf("ParseOptions = %+v, %v", o, err)
	}
	if o, err := ParseOptions(nil); err != nil || o != (Options{}) {
		t.Fatalf("ParseOptions(nil) = %+v, %v", o, err)
	}
	bad := []struct {
		in   any
		want string
	}{
		{"3.12", "opts must be an object"},
		{map[string]any{"python": 3.12}, "opts.python must be a string, not a number"},
		{map[string]any{"pyhton": "3.12"}, "opts.pyhton is not an option"},
		{map[string]any{"python": "3.99"}, `unknown Python version "3.99"`},
		{map[string]any{"handler": "cgi"}, `unknown handler "cgi"`},
		{map[string]any{"protocol": "HTTP/1.1\r\nX: y"}, "must be printable ASCII"},
	}
	for _, tt := range bad {
		_, err := ParseOptions(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseOptions(%v) error = %v, want one containing %q", tt.in, err, tt.want)
		}
	}
}

func TestRawBytes(t *testing.T) {
	if b, err := RawBytes("a\u00e9"); err != nil || !bytes.Equal(b, []byte{'a', 0xe9}) {
		t.Errorf("RawBytes(string) = %q, %v", b, err)
	}
	if b, err := RawBytes([]byte{1, 2}); err != nil || !bytes.Equal(b, []byte{1, 2}) {
		t.Errorf("RawBytes(bytes) = %q, %v", b, err)
	}
	if _, err := RawBytes(42.0); err == nil || err.Error() != "raw must be a string or a Uint8Array, not a number" {
		t.Errorf("RawBytes(42) error = %v", err)
	}
}

// TestSendMatchesSim checks that a session is sim and nothing more: the
// same bytes through sim.Server directly give the same result.
func TestSendMatchesSim(t *testing.T) {
	tests := []struct {
		raw  string
		opts Options
	}{
		{"GET / HTTP/1.0\r\n\r\n", Options{}},
		{"GET /files/ HTTP/1.0\r\n\r\n", Options{Python: "3.12"}},
		{"GET /hello.txt HTTP/1.0\r\nHost: x\r\n\r\n", Options{Python: "3.12", Handler: "seed"}},
		{"GET /hello.txt HTTP/1.1\r\n\r\nGET /blog HTTP/1.1\r\n\r\n", Options{Python: "3.8", Protocol: "HTTP/1.1"}},
		{"get / HTTP/1.0\r\n\r\n", Options{Python: "2.7"}},
		{"GET /" + strings.Repeat("a", 70000) + " HTTP/1.0\r\n\r\n", Options{}},
	}
	for _, tt := range tests {
		s := NewSession()
		r, err := s.Send([]byte(tt.raw), tt.opts)
		if err != nil {
			t.Fatalf("Send(%.40q) error: %v", tt.raw, err)
		}
		p, cls, proto, _ := tt.opts.resolve()
		ref := &sim.Server{Profile: p, Handler: cls, Protocol: proto, FS: SampleSite(), Now: func() time.Time { return Clock }}
		// The log agrees with the banner: a server bound to :: sees
		// 127.0.0.1 as ::ffff:127.0.0.1 (checked against 3.8 and 3.12
		// with -b ::), one bound to 0.0.0.0 as 127.0.0.1.
		if strings.Contains(r.Banner, "on :: port") {
			ref.ClientAddr = "::ffff:127.0.0.1"
		}
		if !strings.HasPrefix(r.Stderr, ref.ClientAddr) || ref.ClientAddr == "" && !strings.HasPrefix(r.Stderr, "127.0.0.1 ") {
			t.Errorf("Send(%.40q): banner %q, but the log says %.30q", tt.raw, r.Banner, r.Stderr)
		}
		want := ref.Handle([]byte(tt.raw))
		if !bytes.Equal(r.Result.Response, want.Response) || r.Stderr != want.Stderr || r.Result.Stdout != want.Stdout {
			t.Errorf("Send(%.40q, %+v) differs from sim:\n got %q\nwant %q", tt.raw, tt.opts, r.Result.Response, want.Response)
		}
		var term strings.Builder
		for _, c := range r.Output {
			if !c.Startup {
				term.WriteString(c.Text)
			}
		}
		if term.Len() != len(want.Stderr)+len(want.Stdout) {
			t.Errorf("Send(%.40q) terminal has %d bytes, want stderr+stdout = %d", tt.raw, term.Len(), len(want.Stderr)+len(want.Stdout))
		}
	}
}

func TestSendOutputOrder(t *testing.T) {
	r, err := NewSession().Send([]byte("GET /hello.txt HTTP/1.0\r\nHost: x\r\n\r\n"), Options{Python: "3.12", Handler: "seed"})
	if err != nil {
		t.Fatal(err)
	}
	want := []Chunk{
		{Stream: "stderr", Text: "/srv/www/seed.py:6: DeprecationWarning: 'cgi' is deprecated and slated for removal in Python 3.13\n  import cgi\n", Startup: true},
		{Stream: "stdout", Text: "serving at port 8000\n", Startup: true},
		{Stream: "stdout", Text: "Host: x\n\n\n"},
		{Stream: "stderr", Text: "127.0.0.1 - - [01/Jan/2026 00:00:00] \"GET /hello.txt HTTP/1.0\" 200 -\n"},
	}
	if !reflect.DeepEqual(r.Output, want) {
		t.Errorf("Output = %+v\nwant %+v: the import warning, the banner, the printed headers, then the log line", r.Output, want)
	}
}

func TestSendStartupFailure(t *testing.T) {
	r, err := NewSession().Send([]byte("GET / HTTP/1.0\r\n\r\n"), Options{Python: "3.13", Handler: "seed"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Startup == nil || r.Result != nil {
		t.Fatalf("seed under 3.13: Startup = %v, Result = %v; want a startup error and no result", r.Startup, r.Result)
	}
	if !strings.HasSuffix(r.Stderr, "ModuleNotFoundError: No module named 'cgi'\n") || !strings.HasPrefix(r.Stderr, "Traceback (most recent call last):\n") {
		t.Errorf("Stderr = %q", r.Stderr)
	}
	tree := ReplyTree(r, nil)
	if tree["refused"] != true || len(tree["response"].([]byte)) != 0 {
		t.Errorf("ReplyTree refused = %v, response = %v", tree["refused"], tree["response"])
	}
}

func TestSendPut(t *testing.T) {
	s := NewSession()
	r, err := s.Send([]byte("PUT /files/new.txt HTTP/1.0\r\nContent-Length: 5\r\n\r\nhello"), Options{Python: "3.12", Handler: "upload"})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Result.Exchanges[0].Status; got != 201 {
		t.Fatalf("PUT status = %d, want 201", got)
	}
	if !reflect.DeepEqual(r.Changed, []string{"files/new.txt"}) {
		t.Errorf("Changed = %q", r.Changed)
	}
	if b, err := s.Read("/files/new.txt"); err != nil || string(b) != "hello" {
		t.Errorf("Read = %q, %v", b, err)
	}
}

func TestSampleSite(t *testing.T) {
	es, err := NewSession().List()
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]Entry{}
	for _, e := range es {
		have[e.Path] = e
	}
	for _, p := range []string{"index.html", "files", "files/notes & <ideas>.txt", "files/report 2025.txt", "files/my folder", "files/logo.png", "files/site-backup.tar.gz", "blog/index.html"} {
		if _, ok := have[p]; !ok {
			t.Errorf("sample site lacks %q", p)
		}
	}
	if _, ok := have["files/index.html"]; ok {
		t.Errorf("files/ must have no index, so that it is listed")
	}
	if png := have["files/logo.png"]; png.Size < 100 || !png.MTime.Equal(SampleTime) {
		t.Errorf("logo.png = %+v", png)
	}
}

func TestFileOps(t *testing.T) {
	s := NewSession()
	steps := []struct {
		name string
		do   func() error
		want string // error text, "" for none
	}{
		{"write nested", func() error { return s.Write("/new/dir/a.txt", []byte("a")) }, ""},
		{"mkdir", func() error { return s.Mkdir("empty") }, ""},
		{"rename", func() error { return s.Rename("new/dir/a.txt", "files/b.txt") }, ""},
		{"rename onto existing", func() error { return s.Rename("hello.txt", "index.html") }, "file already exists"},
		{"rename into itself", func() error { return s.Rename("files", "files/inner") }, "cannot move a directory into itself"},
		{"remove dir", func() error { return s.Remove("blog") }, ""},
		{"remove missing", func() error { return s.Remove("nope") }, "file does not exist"},
		{"remove root", func() error { return s.Remove("/") }, "the served directory itself cannot be changed"},
		{"dotdot", func() error { return s.Write("../etc/passwd", nil) }, "invalid path"},
		{"write over dir", func() error { return s.Write("files", nil) }, "is a directory"},
		{"mkdir over file", func() error { return s.Mkdir("hello.txt") }, "file already exists"},
	}
	for _, st := range steps {
		err := st.do()
		switch {
		case st.want == "" && err != nil:
			t.Errorf("%s: %v", st.name, err)
		case st.want != "" && (err == nil || !strings.Contains(err.Error(), st.want)):
			t.Errorf("%s: error %v, want %q", st.name, err, st.want)
		}
	}
	if b, err := s.Read("files/b.txt"); err != nil || string(b) != "a" {
		t.Errorf("after rename: %q, %v", b, err)
	}
	if _, err := s.Read("blog/index.html"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("after remove: %v", err)
	}
	s.Reset(false)
	if _, err := s.Read("blog/index.html"); err != nil {
		t.Errorf("after reset: %v", err)
	}
	s.Reset(true)
	if es, _ := s.List(); len(es) != 0 {
		t.Errorf("after reset(empty): %d entries", len(es))
	}
}

func TestDiffApply(t *testing.T) {
	s := NewSession()
	if c, err := s.Diff(); err != nil || len(c.Removed)+len(c.Dirs)+len(c.Files) != 0 || c.Empty {
		t.Fatalf("Diff of the sample = %+v, %v; want no changes", c, err)
	}
	must(t, s.Write("hello.txt", []byte("changed\n")))
	must(t, s.Write("new/deep/x.bin", []byte{0, 1, 2}))
	must(t, s.Mkdir("empty/sub"))
	must(t, s.Remove("files"))
	must(t, s.Remove("blog/first-post.html"))
	c, err := s.Diff()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.Removed, []string{"blog/first-post.html", "files"}) {
		t.Errorf("Removed = %q", c.Removed)
	}
	// Through the tree form, as a share link carries it.
	back, err := ParseChanges(ChangesTree(c))
	if err != nil {
		t.Fatal(err)
	}
	s2 := NewSession()
	must(t, s2.Apply(back))
	a, _ := s.List()
	b, _ := s2.List()
	if len(a) != len(b) {
		t.Fatalf("after Apply: %d entries, want %d", len(b), len(a))
	}
	for i := range a {
		if a[i].Path != b[i].Path || a[i].Dir != b[i].Dir || a[i].Size != b[i].Size {
			t.Errorf("entry %d = %+v, want %+v", i, b[i], a[i])
		}
	}
	empty := NewSession()
	empty.Reset(true)
	c, _ = empty.Diff()
	if !c.Empty {
		t.Errorf("Diff of an empty tree: Empty = false")
	}
}

func TestParseChangesErrors(t *testing.T) {
	bad := []struct {
		in   any
		want string
	}{
		{nil, "changes must be an object"},
		{map[string]any{"files": "x"}, "changes.files must be an array, not a string"},
		{map[string]any{"files": []any{map[string]any{"path": "a"}}}, "changes.files[0].data must be a string or a Uint8Array, not null"},
		{map[string]any{"removed": []any{1.0}}, "changes.removed[0] must be a string, a Uint8Array or {bytes: Uint8Array}, not a number"},
		{map[string]any{"extra": true}, "changes.extra is not a field"},
	}
	for _, tt := range bad {
		if _, err := ParseChanges(tt.in); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseChanges(%v) error = %v, want %q", tt.in, err, tt.want)
		}
	}
}

// TestTrees checks that every value the bridge receives is of a kind it
// converts.
func TestTrees(t *testing.T) {
	s := NewSession()
	r, err := s.Send([]byte("PUT /x.txt HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nxGET / HTTP/1.1\r\n\r\n"), Options{Python: "3.12", Handler: "upload", Protocol: "HTTP/1.1"})
	if err != nil {
		t.Fatal(err)
	}
	es, _ := s.List()
	src, err := HandlerSourceTree("seed", "3.13")
	if err != nil {
		t.Fatal(err)
	}
	c, _ := s.Diff()
	for name, v := range map[string]any{
		"reply": ReplyTree(r, es), "profiles": ProfilesTree(), "handlers": HandlersTree(),
		"source": src, "entries": EntriesTree(es), "changes": ChangesTree(c),
	} {
		checkTree(t, name, v)
	}
	tree := ReplyTree(r, es)
	exs := tree["exchanges"].([]any)
	if len(exs) != 2 {
		t.Fatalf("exchanges = %d, want 2", len(exs))
	}
	ex := exs[0].(Obj)
	if ex.Get("statusLine") != "HTTP/1.1 201 Created" || len(ex.Get("interim").([]any)) != 1 || ex.Get("closeConnection") != false {
		t.Errorf("exchange 0 = status %q, interim %v, close %v", ex.Get("statusLine"), ex.Get("interim"), ex.Get("closeConnection"))
	}
	if src["missing"] == nil {
		t.Errorf("handlerSource(seed, 3.13).missing = nil, want the cgi import error")
	}
}

func checkTree(t *testing.T, path string, v any) {
	t.Helper()
	switch v := v.(type) {
	case nil, string, float64, int, bool, []byte:
	case []any:
		for i, x := range v {
			checkTree(t, path+"["+itoa(i)+"]", x)
		}
	case map[string]any:
		for k, x := range v {
			checkTree(t, path+"."+k, x)
		}
	case Obj:
		for _, kv := range v {
			checkTree(t, path+"."+kv.K, kv.V)
		}
	default:
		t.Errorf("%s is a %T, which the bridge does not convert", path, v)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestScriptInTree: the seed handler's traceback and warnings name
// /srv/www/seed.py, so the served directory holds it during a send (GET
// /seed.py is the handler's source) and gives it back afterwards.
func TestScriptInTree(t *testing.T) {
	s := NewSession()
	before, _ := s.Diff()
	r, err := s.Send([]byte("GET /seed.py HTTP/1.0\r\n\r\n"), Options{Python: "3.12", Handler: "seed"})
	if err != nil {
		t.Fatal(err)
	}
	p312, _ := sim.Lookup("3.12")
	src, _ := sim.HandlerSource("seed", p312)
	if ex := r.Result.Exchanges[0]; ex.Status != 200 || !bytes.HasSuffix(ex.Response, []byte(src)) {
		t.Errorf("GET /seed.py under the seed handler: %d %.60q", ex.Status, ex.Response)
	}
	if !strings.Contains(r.Warnings, "/srv/www/seed.py:") {
		t.Errorf("warnings %q do not name /srv/www/seed.py", r.Warnings)
	}
	if after, _ := s.Diff(); !reflect.DeepEqual(after, before) {
		t.Errorf("the session's files changed: %v, was %v", after, before)
	}
	r, _ = s.Send([]byte("GET /seed.py HTTP/1.0\r\n\r\n"), Options{Python: "3.12", Handler: "simple"})
	if st := r.Result.Exchanges[0].Status; st != 404 {
		t.Errorf("GET /seed.py under python -m http.server: %d, want 404", st)
	}
}

// TestUndecodableNames: a name that is not UTF-8 goes in as bytes,
// comes out of fs.list as bytes beside a display string, is served as
// each version serves it, and survives the share-link form of the
// changes.
func TestUndecodableNames(t *testing.T) {
	const name = "dir\xfe/bad\xffname.txt"
	for _, arg := range []any{[]byte(name), map[string]any{"bytes": []byte(name)}, name} {
		if p, err := PathArg(arg, "path"); err != nil || p != name {
			t.Errorf("PathArg(%#v) = %q, %v", arg, p, err)
		}
	}
	for _, arg := range []any{nil, 1.0, map[string]any{"bytes": "x"}, map[string]any{"bytes": []byte("x"), "more": true}} {
		if _, err := PathArg(arg, "path"); err == nil {
			t.Errorf("PathArg(%#v) = nil error", arg)
		}
	}
	s := NewSession()
	must(t, s.Write(name, []byte("x\n")))
	es, err := s.List()
	if err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	for _, e := range EntriesTree(es) {
		if m := e.(map[string]any); m["pathBytes"] != nil {
			got = append(got, m)
		}
	}
	if len(got) != 2 || string(got[1]["pathBytes"].([]byte)) != name || got[1]["path"] != "dir\uFFFD/bad\uFFFDname.txt" || got[1]["name"] != "bad\uFFFDname.txt" {
		t.Errorf("entries with pathBytes = %v", got)
	}
	for _, c := range []struct{ python, target string }{{"2.7", "/dir%FE/bad%FFname.txt"}, {"3.12", "/dir%ED%B3%BE/bad%ED%B3%BFname.txt"}} {
		r, err := s.Send([]byte("GET "+c.target+" HTTP/1.0\r\n\r\n"), Options{Python: c.python})
		if err != nil || !bytes.HasPrefix(r.Result.Response, []byte("HTTP/1.0 200 ")) {
			t.Errorf("%s GET %s = %.40q, %v", c.python, c.target, r.Result.Response, err)
		}
	}
	c, err := s.Diff()
	if err != nil {
		t.Fatal(err)
	}
	tree := ChangesTree(c)
	if p := tree["files"].([]any)[0].(map[string]any)["path"]; !bytes.Equal(p.([]byte), []byte(name)) {
		t.Errorf("ChangesTree path = %#v, want the bytes", p)
	}
	back, err := ParseChanges(tree)
	if err != nil {
		t.Fatal(err)
	}
	s2 := NewSession()
	must(t, s2.Apply(back))
	if data, err := s2.Read(name); err != nil || string(data) != "x\n" {
		t.Errorf("after Apply: %q, %v", data, err)
	}
}
