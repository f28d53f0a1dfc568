package pydata

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// tbgenRun holds the output of one run of tbgen, which takes a while
// (every server is started once per trigger), shared by the tests that
// need it.
var tbgenRun struct {
	once    sync.Once
	src     []byte
	banners []tbBanner
	err     string
}

// tbBanner is tbgen's banner record.
type tbBanner struct {
	Version, Handler, Trigger string
	Stream, Before, After     string
}

// runTbgen runs `go run ./tbgen -stdout -banners FILE` once per test
// binary. Like TestGeneratedIsCurrent it needs every interpreter and
// fails without them.
func runTbgen(t *testing.T) ([]byte, []tbBanner) {
	t.Helper()
	for _, v := range Versions {
		python(t, v)
	}
	r := &tbgenRun
	r.once.Do(func() {
		goTool, err := exec.LookPath("go")
		if err != nil {
			r.err = "go tool not found: " + err.Error()
			return
		}
		dir, err := os.MkdirTemp("", "tbgentest")
		if err != nil {
			r.err = err.Error()
			return
		}
		defer os.RemoveAll(dir)
		file := filepath.Join(dir, "banners.json")
		cmd := exec.Command(goTool, "run", "./tbgen", "-stdout", "-banners", file)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		src, err := cmd.Output()
		if err != nil {
			r.err = "go run ./tbgen -stdout: " + err.Error() + "\n" + stderr.String()
			return
		}
		data, err := os.ReadFile(file)
		if err == nil {
			err = json.Unmarshal(data, &r.banners)
		}
		if err != nil {
			r.err = "reading banners: " + err.Error()
			return
		}
		r.src = src
	})
	if r.err != "" {
		t.Fatal(r.err)
	}
	return r.src, r.banners
}

// TestTracebacksAreCurrent re-runs tbgen and compares its output with
// the committed zz_tracebacks.go.
func TestTracebacksAreCurrent(t *testing.T) {
	got, _ := runTbgen(t)
	compareGenerated(t, "zz_tracebacks.go", got)
}

// TestTracebackBanners checks what handle_error printed around every
// recorded traceback against what the simulator prints: the wording
// changed in 3.9, and 2.7 prints the banner to stdout.
func TestTracebackBanners(t *testing.T) {
	_, banners := runTbgen(t)
	const dashes = "----------------------------------------\n"
	seen := make(map[tracebackKey]bool)
	for _, b := range banners {
		v := Lookup(b.Version)
		if v == nil {
			t.Errorf("banner for unknown version %q", b.Version)
			continue
		}
		key := tracebackKey{b.Version, b.Handler, b.Trigger}
		seen[key] = true
		word, stream := "occurred", "stderr"
		if v.Minor <= 38 {
			word = "happened"
		}
		if v.Minor == 27 {
			stream = "stdout"
		}
		want := dashes + "Exception " + word + " during processing of request from ('127.0.0.1', PORT)\n"
		if b.Before != want || b.After != dashes || b.Stream != stream {
			t.Errorf("%v: banner on %s = %q + traceback + %q, want on %s %q + traceback + %q",
				key, b.Stream, b.Before, b.After, stream, want, dashes)
		}
	}
	for key := range tracebacks {
		if !seen[key] {
			t.Errorf("%v: traceback without a banner", key)
		}
	}
	if len(seen) != len(tracebacks) {
		t.Errorf("%d banners for %d tracebacks", len(seen), len(tracebacks))
	}
}

func TestRender(t *testing.T) {
	tb := &Traceback{
		Entries: []string{
			"  File \"$PYLIB/socketserver.py\", line 1, in f\n    g()\n",
			"  File \"$ROOT/seed.py\", line 2, in g\n    h(\"$ROOT\")\n    ~^^^^^^^^^\n",
			"  File \"$PYLIB/cgi.py\", line 3, in h\n    k(a,\n      b)\n",
		},
		Exception: "ValueError: bad",
	}
	tests := []struct{ pylib, root, want string }{
		{"/usr/lib/python3.12", "/srv/www",
			"Traceback (most recent call last):\n" +
				"  File \"/usr/lib/python3.12/socketserver.py\", line 1, in f\n    g()\n" +
				"  File \"/srv/www/seed.py\", line 2, in g\n    h(\"$ROOT\")\n    ~^^^^^^^^^\n" +
				"  File \"/usr/lib/python3.12/cgi.py\", line 3, in h\n    k(a,\n      b)\n" +
				"ValueError: bad\n"},
		// An empty root gives the relative path of `python seed.py`.
		{"/L", "",
			"Traceback (most recent call last):\n" +
				"  File \"/L/socketserver.py\", line 1, in f\n    g()\n" +
				"  File \"seed.py\", line 2, in g\n    h(\"$ROOT\")\n    ~^^^^^^^^^\n" +
				"  File \"/L/cgi.py\", line 3, in h\n    k(a,\n      b)\n" +
				"ValueError: bad\n"},
		// "/" is a root like any other, not an empty one.
		{"$ROOT", "/",
			"Traceback (most recent call last):\n" +
				"  File \"$ROOT/socketserver.py\", line 1, in f\n    g()\n" +
				"  File \"//seed.py\", line 2, in g\n    h(\"$ROOT\")\n    ~^^^^^^^^^\n" +
				"  File \"$ROOT/cgi.py\", line 3, in h\n    k(a,\n      b)\n" +
				"ValueError: bad\n"},
	}
	for _, tt := range tests {
		if got := tb.Render(tt.pylib, tt.root); got != tt.want {
			t.Errorf("Render(%q, %q) = %q, want %q", tt.pylib, tt.root, got, tt.want)
		}
	}

	empty := &Traceback{Exception: "KeyError: 'content-type'"}
	if got, want := empty.Render("/L", "/R"), "Traceback (most recent call last):\nKeyError: 'content-type'\n"; got != want {
		t.Errorf("Render of no entries = %q, want %q", got, want)
	}
}

// TestRenderRecorded renders a recorded traceback and checks it line by
// line against the shape CPython prints.
func TestRenderRecorded(t *testing.T) {
	tb, ok := Lookup("3.12").Traceback("simple", TriggerNulGET)
	if !ok {
		t.Fatal(`Lookup("3.12").Traceback("simple", TriggerNulGET) not found`)
	}
	out := tb.Render("/usr/lib/python3.12", "/srv")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if lines[0] != "Traceback (most recent call last):" {
		t.Errorf("first line %q", lines[0])
	}
	if last := lines[len(lines)-1]; last != "ValueError: embedded null byte" {
		t.Errorf("last line %q", last)
	}
	if strings.Contains(out, "$PYLIB") || strings.Contains(out, "$ROOT") {
		t.Errorf("tokens left in\n%s", out)
	}
	if !strings.Contains(out, "  File \"/usr/lib/python3.12/http/server.py\", line ") {
		t.Errorf("no http/server.py frame in\n%s", out)
	}
}

// TestTriggerConstants checks that traceback.go documents exactly the
// recorded triggers, in order, each with its request bytes.
func TestTriggerConstants(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "traceback.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	type constDoc struct{ name, value, doc string }
	var consts []constDoc
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, s := range gd.Specs {
			vs := s.(*ast.ValueSpec)
			if !strings.HasPrefix(vs.Names[0].Name, "Trigger") {
				continue
			}
			lit, ok := vs.Values[0].(*ast.BasicLit)
			if !ok {
				t.Fatalf("%s is not a string literal", vs.Names[0].Name)
			}
			value, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatal(err)
			}
			consts = append(consts, constDoc{vs.Names[0].Name, value, vs.Doc.Text()})
		}
	}
	if len(consts) != len(Triggers) {
		t.Errorf("traceback.go has %d Trigger constants, Triggers has %d entries", len(consts), len(Triggers))
	}
	for i := 0; i < len(consts) && i < len(Triggers); i++ {
		c, tr := consts[i], Triggers[i]
		if c.value != tr.ID {
			t.Errorf("#%d: %s = %q, want %q (the order of Triggers)", i, c.name, c.value, tr.ID)
			continue
		}
		if !strings.Contains(c.doc, strconv.Quote(tr.Request)) {
			t.Errorf("%s: doc comment does not quote the request %s", c.name, strconv.Quote(tr.Request))
		}
	}
	for _, tr := range Triggers {
		for _, h := range tr.Handlers {
			if h != "simple" && h != "seed" && h != "upload" {
				t.Errorf("%s: unknown handler %q", tr.ID, h)
			}
		}
	}
}

var tbFileLine = regexp.MustCompile(`^  File "\$(PYLIB|ROOT)/([^"]+)", line (\d+), in (\S+)$`)

// TestTracebackEntries checks the shape of every recorded entry and, as
// TestDefLines does for defs, that each quoted source line is the line
// the File line names, in the local interpreter's Lib or in sim/pysrc.
func TestTracebackEntries(t *testing.T) {
	files := make(map[string][]string)
	lines := func(v *Version, rel string) []string {
		key := rel
		if v != nil {
			key = v.Name + " " + rel
		}
		if l, ok := files[key]; ok {
			return l
		}
		var l []string
		var err error
		if v == nil {
			l, err = readLines(rel)
		} else {
			l, err = sourceLines(v, rel)
		}
		if err != nil {
			t.Fatal(err)
		}
		files[key] = l
		return l
	}
	withCarets := make(map[string]bool)
	triggers := make(map[string]Trigger)
	for _, tr := range Triggers {
		triggers[tr.ID] = tr
	}
	for key, tb := range tracebacks {
		v := Lookup(key.version)
		if v == nil || v.Name != key.version {
			t.Errorf("%v: unknown version", key)
			continue
		}
		tr, ok := triggers[key.trigger]
		if !ok || !containsString(tr.Handlers, key.handler) {
			t.Errorf("%v: trigger not sent to that handler", key)
		}
		if tb.Exception == "" || strings.Contains(tb.Exception, "\n") {
			t.Errorf("%v: Exception = %q, want one line", key, tb.Exception)
		}
		if len(tb.Entries) < 3 {
			t.Errorf("%v: only %d entries", key, len(tb.Entries))
		}
		carets := false
		for _, e := range tb.Entries {
			el := strings.Split(strings.TrimSuffix(e, "\n"), "\n")
			m := tbFileLine.FindStringSubmatch(el[0])
			if m == nil || !strings.HasSuffix(e, "\n") || len(el) < 2 {
				t.Errorf("%v: malformed entry %q", key, e)
				continue
			}
			for _, l := range el[1:] {
				if !strings.HasPrefix(l, "    ") {
					t.Errorf("%v: entry line %q is not indented", key, l)
				}
				if strings.Trim(l, " ~^") == "" {
					carets = true
				}
			}
			var src []string
			if m[1] == "PYLIB" {
				src = lines(v, m[2])
			} else {
				name := strings.TrimSuffix(m[2], ".py") + "3.py"
				if v.Minor == 27 {
					name = strings.TrimSuffix(m[2], ".py") + "2.py"
				}
				src = lines(nil, filepath.Join("..", "..", "pysrc", name))
			}
			n, _ := strconv.Atoi(m[3])
			if n < 1 || n > len(src) {
				t.Errorf("%v: %s line %d is past the end", key, m[2], n)
				continue
			}
			if got, want := strings.TrimSpace(el[1]), strings.TrimSpace(src[n-1]); got != want {
				t.Errorf("%v: %s:%d quoted as %q, file has %q", key, m[2], n, got, want)
			}
		}
		// Caret lines came with 3.11 (3.11 and 3.12 leave them out
		// where they would underline the whole line).
		if carets {
			withCarets[v.Name] = true
		}
	}
	for _, v := range Versions {
		if withCarets[v.Name] != (v.Minor >= 311) {
			t.Errorf("%s: caret lines present = %t", v.Name, withCarets[v.Name])
		}
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestTracebackSites pins, independently of the generator, which
// trigger raises what and where in each version: the table in
// traceback.go's comments. Each row gives, per range of versions, the
// exception line's prefix and the function of the innermost frame; ""
// means the version answers (or, for seed on 3.13, never starts).
func TestTracebackSites(t *testing.T) {
	type site struct {
		from, to  int // Minor range, inclusive
		exception string
		frame     string // innermost frame's function and file
	}
	stat27 := "TypeError: stat() argument 1 must be encoded string without null bytes, not str"
	nul := []site{
		{27, 27, stat27, "isdir genericpath.py"},
		{36, 37, "ValueError: embedded null byte", "isdir genericpath.py"},
		{38, 314, "ValueError: embedded null byte", "send_head http/server.py"},
	}
	overflow := []site{
		{27, 27, "OverflowError: Python int too large to convert to C long", "read socket.py"},
	}
	tests := []struct {
		handler, trigger string
		sites            []site
	}{
		{"simple", TriggerNulGET, nul},
		{"seed", TriggerNulGET, nul},
		{"upload", TriggerNulGET, nul},
		{"simple", TriggerNulHEAD, nul},
		{"seed", TriggerNulHEAD, nul},
		{"upload", TriggerNulHEAD, nul},
		{"seed", TriggerNulPOST, nul},
		{"upload", TriggerNulPUT, []site{
			{27, 27, stat27, "isdir genericpath.py"},
			{36, 37, "ValueError: embedded null byte", "isdir genericpath.py"},
			{38, 314, "ValueError: embedded null byte", "do_PUT upload.py"},
		}},
		{"upload", TriggerPutNegativeLength, []site{
			{36, 36, "ValueError: read length must be positive or -1", "do_PUT upload.py"},
			{37, 314, "ValueError: read length must be non-negative or -1", "do_PUT upload.py"},
		}},
		{"upload", TriggerPutHugeLength, append(overflow,
			site{36, 314, "OverflowError: cannot fit 'int' into an index-sized integer", "do_PUT upload.py"})},
		{"seed", TriggerPostNoContentType, []site{
			{27, 27, "KeyError: 'content-type'", "__getitem__ rfc822.py"},
		}},
		{"seed", TriggerPostTextPlain, []site{
			{27, 312, "TypeError: 'NoneType' object is not iterable", "do_POST seed.py"},
		}},
		{"seed", TriggerPostTextPlainLength, []site{
			{27, 27, "TypeError: 'NoneType' object is not iterable", "do_POST seed.py"},
			{36, 312, "TypeError: write() argument must be str, not bytes", "read_binary cgi.py"},
		}},
		{"seed", TriggerPostNegativeLength, []site{
			{36, 36, "ValueError: read length must be positive or -1", "read_urlencoded cgi.py"},
			{37, 312, "ValueError: read length must be non-negative or -1", "read_urlencoded cgi.py"},
		}},
		{"seed", TriggerPostHugeLength, append(overflow,
			site{36, 312, "OverflowError: cannot fit 'int' into an index-sized integer", "read_urlencoded cgi.py"})},
		{"seed", TriggerPostBadLength, nil},
		{"seed", TriggerPostMultipartNoBoundary, []site{
			{27, 27, "ValueError: Invalid boundary in multipart form: ''", "read_multi cgi.py"},
			{36, 312, "ValueError: Invalid boundary in multipart form: b''", "read_multi cgi.py"},
		}},
		{"seed", TriggerPostMultipartBadBoundary, []site{
			{27, 27, "ValueError: Invalid boundary in multipart form: 'a '", "read_multi cgi.py"},
			{36, 312, "ValueError: Invalid boundary in multipart form: b'a '", "read_multi cgi.py"},
		}},
		{"seed", TriggerPostMultipartNestedNoBoundary, []site{
			{27, 27, "ValueError: Invalid boundary in multipart form: ''", "read_multi cgi.py"},
			{36, 312, "ValueError: Invalid boundary in multipart form: b''", "read_multi cgi.py"},
		}},
		{"seed", TriggerPostMultipartZeroLength, []site{
			{36, 36, "TypeError: unsupported operand type(s) for -: 'NoneType' and 'int'", "read_multi cgi.py"},
		}},
		{"seed", TriggerPostMultipartNegativeLength, nil},
		{"seed", TriggerPostMultipartBadLength, nil},
	}
	for _, tt := range tests {
		for _, v := range Versions {
			var want *site
			for i, s := range tt.sites {
				if s.from <= v.Minor && v.Minor <= s.to && (tt.handler != "seed" || v.HasCGI) {
					want = &tt.sites[i]
				}
			}
			tb, ok := v.Traceback(tt.handler, tt.trigger)
			switch {
			case want == nil && ok:
				t.Errorf("%s %s %s: raised %q, want an answer", v.Name, tt.handler, tt.trigger, tb.Exception)
			case want == nil:
			case !ok:
				t.Errorf("%s %s %s: no traceback, want %q", v.Name, tt.handler, tt.trigger, want.exception)
			default:
				if tb.Exception != want.exception {
					t.Errorf("%s %s %s: Exception = %q, want %q", v.Name, tt.handler, tt.trigger, tb.Exception, want.exception)
				}
				m := tbFileLine.FindStringSubmatch(strings.SplitN(tb.Entries[len(tb.Entries)-1], "\n", 2)[0])
				if m == nil {
					t.Errorf("%s %s %s: malformed last entry", v.Name, tt.handler, tt.trigger)
				} else if got := m[4] + " " + m[2]; got != want.frame {
					t.Errorf("%s %s %s: innermost frame %q, want %q", v.Name, tt.handler, tt.trigger, got, want.frame)
				}
			}
		}
	}

	// The seed handler's script imports cgi, which 3.13 and 3.14 lack.
	for key := range tracebacks {
		if key.handler == "seed" && (key.version == "3.13.0" || key.version == "3.14.2") {
			t.Errorf("%v: recorded, but seed cannot start on %s", key, key.version)
		}
	}
}
