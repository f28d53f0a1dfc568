package pydata

import (
	"archive/zip"
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// pyenvRoot is where the pinned interpreters live, as in gen.go.
func pyenvRoot() string {
	if r := os.Getenv("PYENV_ROOT"); r != "" {
		return r
	}
	return "/root/.pyenv"
}

// pyodideRelease is the version read from Pyodide's CPython, as in gen.go.
const pyodideRelease = "3.14.2"

// pyodideStdlib is Pyodide's standard library, from this directory.
const pyodideStdlib = "../../../web/node_modules/pyodide/python_stdlib.zip"

// python returns v's interpreter; it fails the test if it is missing,
// because then neither the data nor the links can be checked. For the
// Pyodide release that is node and the package.
func python(t *testing.T, v *Version) string {
	t.Helper()
	if v.Name == pyodideRelease {
		node, err := exec.LookPath("node")
		if err != nil {
			t.Fatalf("node is missing, needed to run Pyodide's CPython %s: %v", v.Name, err)
		}
		if _, err := os.Stat(pyodideStdlib); err != nil {
			t.Fatalf("Pyodide for %s is missing: %v (cd web && npm ci)", v.Name, err)
		}
		return node
	}
	p := filepath.Join(pyenvRoot(), "versions", v.Name, "bin", "python")
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("interpreter for %s is missing: %v (install it, or set PYENV_ROOT)", v.Name, err)
	}
	return p
}

// sourceLines returns the lines of rel (a path under Lib/) in v's
// standard library: the pyenv install's sources, or the files in
// Pyodide's python_stdlib.zip.
func sourceLines(v *Version, rel string) ([]string, error) {
	if v.Name != pyodideRelease {
		dir := filepath.Join(pyenvRoot(), "versions", v.Name, "lib", "python"+series(v.Name))
		return readLines(filepath.Join(dir, filepath.FromSlash(rel)))
	}
	z, err := zip.OpenReader(pyodideStdlib)
	if err != nil {
		return nil, err
	}
	defer z.Close()
	f, err := z.Open(rel)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return scanLines(f)
}

// TestGeneratedIsCurrent re-runs the generator and compares its output
// with the committed zz_generated.go, in the style of cmd/compile's
// TestBuiltin. It needs every interpreter and fails without them.
func TestGeneratedIsCurrent(t *testing.T) {
	for _, v := range Versions {
		python(t, v)
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("go tool not found: %v", err)
	}
	cmd := exec.Command(goTool, "run", "gen.go", "-stdout")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	got, err := cmd.Output()
	if err != nil {
		t.Fatalf("go run gen.go -stdout: %v\n%s", err, stderr.Bytes())
	}
	compareGenerated(t, "zz_generated.go", got)
}

// compareGenerated fails the test at the first line where the committed
// file differs from what the generator printed.
func compareGenerated(t *testing.T, file string, got []byte) {
	t.Helper()
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(got, want) {
		return
	}
	gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(gl) || i < len(wl); i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			t.Fatalf("%s is stale; run go generate. First difference at line %d:\ngenerated: %q\ncommitted: %q", file, i+1, g, w)
		}
	}
}

// TestDefLines opens every def's file in the local interpreter's sources
// and checks that its line holds `def <name>`, which proves each link that
// URL builds (the pyenv installs are the release sources; Pyodide ships
// 3.14.2's Lib/ files in its zip).
func TestDefLines(t *testing.T) {
	for _, v := range Versions {
		python(t, v)
		files := make(map[string][]string)
		n := 0
		for key, d := range v.Defs {
			lines, ok := files[d.File]
			if !ok {
				rel, found := strings.CutPrefix(d.File, "Lib/")
				if !found {
					t.Errorf("%s: Defs[%q].File = %q, want a path under Lib/", v.Name, key, d.File)
					continue
				}
				var err error
				lines, err = sourceLines(v, rel)
				if err != nil {
					t.Fatalf("%s: %v", v.Name, err)
				}
				files[d.File] = lines
			}
			name := key[strings.LastIndexByte(key, '.')+1:]
			re := regexp.MustCompile(`^\s*(async\s+)?def\s+` + regexp.QuoteMeta(name) + `\s*\(`)
			if d.Line < 1 || d.Line > len(lines) {
				t.Errorf("%s: %s: %s:%d is past the end (%d lines)", v.Name, key, d.File, d.Line, len(lines))
				continue
			}
			if !re.MatchString(lines[d.Line-1]) {
				t.Errorf("%s: %s: %s:%d = %q, want def %s", v.Name, key, d.File, d.Line, lines[d.Line-1], name)
				continue
			}
			n++
		}
		if n == 0 {
			t.Errorf("%s: no defs checked", v.Name)
		}
	}
}

// TestStmtLines: each statement line the trace links to holds the
// statement its label names, inside the function it belongs to, in the
// interpreter's own source. A labelled call with a status code,
// "send_error(404)", must be that call with that code (a number in 2.7,
// the HTTPStatus member in 3.x) on its line or the two after it.
func TestStmtLines(t *testing.T) {
	call := regexp.MustCompile(`^(send_\w+)\((\d+)\)$`)
	for _, v := range Versions {
		python(t, v)
		if len(v.Stmts) < 9 {
			t.Errorf("%s: %d statement lines, want at least 9", v.Name, len(v.Stmts))
		}
		for k, line := range v.Stmts {
			key, label, _ := strings.Cut(k, "|")
			d, ok := v.Defs[key]
			if !ok {
				t.Errorf("%s: Stmts[%q]: no def %s", v.Name, k, key)
				continue
			}
			lines, err := sourceLines(v, strings.TrimPrefix(d.File, "Lib/"))
			if err != nil {
				t.Fatal(err)
			}
			if line <= d.Line || line > len(lines) {
				t.Errorf("%s: %s: line %d is not after its def at %d", v.Name, k, line, d.Line)
				continue
			}
			got := strings.TrimSpace(lines[line-1])
			if m := call.FindStringSubmatch(label); m != nil {
				code, _ := strconv.Atoi(m[2])
				want := m[2]
				if name := v.Responses[code].Name; name != "" {
					want = "HTTPStatus." + name
				}
				near := strings.Join(lines[line-1:min(line+2, len(lines))], " ")
				if alias := regexp.MustCompile(`\(\s*HTTPStatus\.(\w+)`).FindStringSubmatch(near); alias != nil && want != m[2] && "HTTPStatus."+alias[1] != want {
					// An alias of the member (REQUEST_URI_TOO_LONG for
					// URI_TOO_LONG from 3.13): the name another version
					// gives that code.
					for _, o := range Versions {
						if o.Responses[code].Name == alias[1] {
							want = "HTTPStatus." + alias[1]
						}
					}
				}
				if !strings.HasPrefix(got, "self."+m[1]+"(") || !regexp.MustCompile(`\(\s*`+regexp.QuoteMeta(want)+`\b`).MatchString(near) {
					t.Errorf("%s: %s: %s:%d = %q, want self.%s(%s", v.Name, k, d.File, line, near, m[1], want)
				}
				continue
			}
			if got != label {
				t.Errorf("%s: %s: %s:%d = %q, want %q", v.Name, k, d.File, line, got, label)
			}
		}
	}
}

func readLines(name string) ([]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return scanLines(f)
}

func scanLines(f io.Reader) ([]string, error) {
	var lines []string
	s := bufio.NewScanner(f)
	s.Buffer(nil, 1<<20)
	for s.Scan() {
		lines = append(lines, s.Text())
	}
	return lines, s.Err()
}

func TestVersionsOrder(t *testing.T) {
	want := []string{"2.7.18", "3.6.15", "3.7.16", "3.8.18", "3.9.18", "3.10.13", "3.11.7", "3.12.1", "3.13.0", "3.14.2"}
	if len(Versions) != len(want) {
		t.Fatalf("len(Versions) = %d, want %d", len(Versions), len(want))
	}
	for i, v := range Versions {
		if v.Name != want[i] {
			t.Errorf("Versions[%d].Name = %q, want %q", i, v.Name, want[i])
		}
		if i > 0 && v.Minor <= Versions[i-1].Minor {
			t.Errorf("Versions[%d].Minor = %d, not above %d", i, v.Minor, Versions[i-1].Minor)
		}
	}
}

func TestLookup(t *testing.T) {
	tests := []struct{ name, want string }{
		{"2.7", "2.7.18"},
		{"2.7.18", "2.7.18"},
		{"3.6", "3.6.15"},
		{"3.9.18", "3.9.18"},
		{"3.10", "3.10.13"},
		{"3.13", "3.13.0"},
		{"3.13.0", "3.13.0"},
		{"3.14", "3.14.2"},
		{"3.14.2", "3.14.2"},
	}
	for _, tt := range tests {
		v := Lookup(tt.name)
		if v == nil {
			t.Errorf("Lookup(%q) = nil, want %s", tt.name, tt.want)
			continue
		}
		if v.Name != tt.want {
			t.Errorf("Lookup(%q).Name = %q, want %q", tt.name, v.Name, tt.want)
		}
	}

	// Names that must not match: other releases, partial or padded
	// names, other spellings.
	bad := []string{
		"", "3", "2", "3.1", "3.13.1", "2.7.17", "3.15", "3.14.0", "3.5",
		"313", "3.13.", ".13", " 3.13", "3.13 ", "v3.13.0", "python3.13", "3.13.0a1", "3.13.00",
	}
	for _, name := range bad {
		if v := Lookup(name); v != nil {
			t.Errorf("Lookup(%q) = %s, want nil", name, v.Name)
		}
	}
}

func TestURL(t *testing.T) {
	// Line numbers from /work/shared/cpython/README.md §11, which got
	// them with awk rather than ast: an independent check.
	tests := []struct{ version, key, want string }{
		{"3.13", "http.server.BaseHTTPRequestHandler.handle_one_request",
			"https://github.com/python/cpython/blob/v3.13.0/Lib/http/server.py#L395"},
		{"3.13", "socketserver.BaseServer.serve_forever",
			"https://github.com/python/cpython/blob/v3.13.0/Lib/socketserver.py#L218"},
		{"3.13", "http.server.SimpleHTTPRequestHandler.send_head",
			"https://github.com/python/cpython/blob/v3.13.0/Lib/http/server.py#L689"},
		// 3.14: grep -n in Pyodide's python_stdlib.zip, unpacked.
		{"3.14", "http.server.BaseHTTPRequestHandler.handle_one_request",
			"https://github.com/python/cpython/blob/v3.14.2/Lib/http/server.py#L455"},
		{"3.14", "socketserver.BaseServer.serve_forever",
			"https://github.com/python/cpython/blob/v3.14.2/Lib/socketserver.py#L218"},
		{"3.14", "http.server.SimpleHTTPRequestHandler.send_head",
			"https://github.com/python/cpython/blob/v3.14.2/Lib/http/server.py#L749"},
		{"3.14", "http.server.DualStackServerMixin.finish_request",
			"https://github.com/python/cpython/blob/v3.14.2/Lib/http/server.py#L1421"},
		{"2.7", "BaseHTTPServer.BaseHTTPRequestHandler.handle_one_request",
			"https://github.com/python/cpython/blob/v2.7.18/Lib/BaseHTTPServer.py#L301"},
		{"2.7", "SocketServer.ThreadingMixIn.process_request",
			"https://github.com/python/cpython/blob/v2.7.18/Lib/SocketServer.py#L605"},
		{"2.7", "SimpleHTTPServer.SimpleHTTPRequestHandler.guess_type",
			"https://github.com/python/cpython/blob/v2.7.18/Lib/SimpleHTTPServer.py#L194"},
	}
	for _, tt := range tests {
		got, ok := Lookup(tt.version).URL(tt.key)
		if !ok || got != tt.want {
			t.Errorf("Lookup(%q).URL(%q) = %q, %t, want %q, true", tt.version, tt.key, got, ok, tt.want)
		}
	}

	missing := []struct{ version, key string }{
		{"3.13", ""},
		{"3.13", "cgi.FieldStorage.__init__"}, // cgi is gone in 3.13
		{"3.13", "http.server.BaseHTTPRequestHandler"},
		{"3.13", "BaseHTTPServer.BaseHTTPRequestHandler.handle_one_request"},
		{"2.7", "http.server.BaseHTTPRequestHandler.handle_one_request"},
		{"2.7", "BaseHTTPServer.BaseHTTPRequestHandler.handle_expect_100"},
	}
	for _, tt := range missing {
		if got, ok := Lookup(tt.version).URL(tt.key); ok {
			t.Errorf("Lookup(%q).URL(%q) = %q, true, want false", tt.version, tt.key, got)
		}
	}
}

// TestData spot-checks facts recorded in /work/shared/cpython/README.md
// and its tables-*-builtin.json dumps, so that a generator bug that keeps
// the file current but wrong still shows up.
func TestData(t *testing.T) {
	for _, v := range Versions {
		if got, want := v.SysVersion, "Python/"+v.Name; got != want {
			t.Errorf("%s: SysVersion = %q, want %q", v.Name, got, want)
		}
		if v.ServerVersion != "SimpleHTTP/0.6" || v.ProtocolVersion != "HTTP/1.0" || v.DefaultRequestVersion != "HTTP/0.9" {
			t.Errorf("%s: versions = %q %q %q", v.Name, v.ServerVersion, v.ProtocolVersion, v.DefaultRequestVersion)
		}
		if got, want := v.HasCGI, v.Minor < 313; got != want {
			t.Errorf("%s: HasCGI = %t, want %t", v.Name, got, want)
		}
		if got, want := v.CGIDeprecated, v.Minor == 311 || v.Minor == 312; got != want {
			t.Errorf("%s: CGIDeprecated = %t, want %t", v.Name, got, want)
		}
		_, hasEmpty := v.HandlerExtensions[""]
		if old := v.Minor <= 38; hasEmpty != old || (!old && len(v.HandlerExtensions) != 4) {
			t.Errorf("%s: HandlerExtensions has %d entries, '' present %t", v.Name, len(v.HandlerExtensions), hasEmpty)
		}
		s := v.Responses[404]
		wantStr := "404"
		if v.Minor >= 36 && v.Minor < 311 {
			wantStr = "HTTPStatus.NOT_FOUND"
		}
		if s.Phrase != "Not Found" || s.Description != "Nothing matches the given URI" || s.Str != wantStr {
			t.Errorf("%s: Responses[404] = %+v, want Str %q", v.Name, s, wantStr)
		}
		if wantJS := "application/javascript"; v.Minor >= 312 {
			if v.TypesMap[".js"] != "text/javascript" {
				t.Errorf("%s: TypesMap[.js] = %q, want text/javascript", v.Name, v.TypesMap[".js"])
			}
		} else if v.TypesMap[".js"] != wantJS {
			t.Errorf("%s: TypesMap[.js] = %q, want %s", v.Name, v.TypesMap[".js"], wantJS)
		}
	}
	for name, want := range map[string]string{"3.12": "Request-URI Too Long", "3.13": "URI Too Long", "2.7": "Request-URI Too Long"} {
		if got := Lookup(name).Responses[414].Phrase; got != want {
			t.Errorf("%s: Responses[414].Phrase = %q, want %q", name, got, want)
		}
	}
	if got := Lookup("3.6").FilesystemEncoding; got != "utf-8" {
		t.Errorf("3.6 FilesystemEncoding = %q, want utf-8", got)
	}
	if got := Lookup("2.7").FilesystemEncoding; got != "UTF-8" {
		t.Errorf("2.7 FilesystemEncoding = %q, want UTF-8", got)
	}
	if got := Lookup("3.8").HandlerExtensions[".py"]; got != "text/plain" {
		t.Errorf("3.8 HandlerExtensions[.py] = %q, want text/plain", got)
	}
	if got := Lookup("3.9").TypesMap[".py"]; got != "text/x-python" {
		t.Errorf("3.9 TypesMap[.py] = %q, want text/x-python", got)
	}
	if got := Lookup("3.13").TypesMap[".md"]; got != "text/markdown" {
		t.Errorf("3.13 TypesMap[.md] = %q, want text/markdown", got)
	}
}
