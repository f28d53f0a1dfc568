package sim

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/httpsim/httpsim/sim/internal/pydata"
)

// Profile is one CPython version as the simulator reproduces it: its
// status table, its mimetypes defaults, the line numbers of its source
// and the behaviours that changed between releases.
type Profile struct {
	// Name is the short name users type: "2.7", "3.6" ... "3.14".
	Name string
	// Version is the exact interpreter version: "3.13.0".
	Version string

	minor int // 27, 36, ..., 314
	data  *pydata.Version

	locOnce sync.Once
	locs    map[string]srcLoc
	stmts   map[stmtKey]srcLoc // built with locs
}

type srcLoc struct {
	file string
	line int
	url  string
}

var profiles = func() []*Profile {
	var out []*Profile
	for _, v := range pydata.Versions {
		parts := strings.SplitN(v.Name, ".", 3)
		out = append(out, &Profile{Name: parts[0] + "." + parts[1], Version: v.Name, minor: v.Minor, data: v})
	}
	return out
}()

// Profiles returns every supported version, oldest first.
func Profiles() []*Profile { return append([]*Profile(nil), profiles...) }

// DefaultProfile is the profile used when none is chosen: the newest.
func DefaultProfile() *Profile { return profiles[len(profiles)-1] }

// Lookup returns the profile named "3.13", "3.13.0", "python3.13" or
// "py313". The error lists the names that exist.
func Lookup(name string) (*Profile, error) {
	n := strings.TrimSpace(strings.ToLower(name))
	n = strings.TrimPrefix(n, "python")
	n = strings.TrimPrefix(n, "py")
	for _, p := range profiles {
		if n == p.Name || n == p.Version || n == strings.ReplaceAll(p.Name, ".", "") {
			return p, nil
		}
	}
	names := make([]string, len(profiles))
	for i, p := range profiles {
		names[i] = p.Name
	}
	return nil, fmt.Errorf("sim: unknown Python version %q (have %s)", name, strings.Join(names, ", "))
}

func (p *Profile) String() string { return p.Version }

// The behaviours below changed between the releases installed on the
// reference machine. Several were security fixes backported into late
// patch releases, so "3.7" means 3.7.16 here, not every 3.7.
func (p *Profile) py3() bool { return p.minor >= 30 }

// reduceSlashes: gh-87389, "//host" paths reduced to "/host".
func (p *Profile) reduceSlashes() bool { return p.minor >= 37 }

// escapeLogs: gh-100001, control characters escaped in log_message.
func (p *Profile) escapeLogs() bool { return p.minor >= 37 }

// versionFromLastWord: 3.7 parses the last word of a 3+ word request
// line as the version before checking the word count.
func (p *Profile) versionFromLastWord() bool { return p.minor >= 37 }

// strictVersion: 3.11 requires digits only, at most 10 per component.
func (p *Profile) strictVersion() bool { return p.minor >= 311 }

// ifModifiedSince: send_head answers 304 from 3.7.
func (p *Profile) ifModifiedSince() bool { return p.minor >= 37 }

// redirectLength: the 301 for a directory carries Content-Length: 0 from 3.9.
func (p *Profile) redirectLength() bool { return p.minor >= 39 }

// indexIsFile: index.html must be a file (os.path.isfile) from 3.10,
// before that anything that exists (os.path.exists) is taken.
func (p *Profile) indexIsFile() bool { return p.minor >= 310 }

// trailingSlash404: the explicit trailing-slash check of 3.8 (Issue17324).
func (p *Profile) trailingSlash404() bool { return p.minor >= 38 }

// threading: python -m http.server uses ThreadingHTTPServer from 3.7.
func (p *Profile) threading() bool { return p.minor >= 37 }

// quoteTilde: urllib.parse.quote leaves '~' alone from 3.7.
func (p *Profile) quoteTilde() bool { return p.minor >= 37 }

// statusName: before 3.11 str(HTTPStatus.NOT_FOUND) is the member name,
// and the error page prints it.
func (p *Profile) statusName() bool { return p.minor >= 30 && p.minor < 311 }

// The 3.14 changes (read off the 3.13.0 → 3.14.2 diff of Lib/http/server.py
// and Lib/email/_policybase.py).

// http09NoHeaders: parse_request reads no header section after an
// HTTP/0.9 request line; self.headers is an empty dict.
func (p *Profile) http09NoHeaders() bool { return p.minor >= 314 }

// encodedSlashIsSlash: send_head takes a directory URL ending in %2f or
// %2F as ending in a slash (no redirect), and translate_path looks for the
// trailing slash after unquoting.
func (p *Profile) encodedSlashIsSlash() bool { return p.minor >= 314 }

// listingWithoutQuery: list_directory's title drops the query and the
// fragment of self.path.
func (p *Profile) listingWithoutQuery() bool { return p.minor >= 314 }

// colorScheme: the error page and the listing carry a <style> block with
// color-scheme: light dark.
func (p *Profile) colorScheme() bool { return p.minor >= 314 }

// stripFoldedValue: the compat32 policy strips line breaks as well as
// blanks from the start of a header value that begins on a continuation
// line.
func (p *Profile) stripFoldedValue() bool { return p.minor >= 314 }

// dualStackMixin: python -m http.server's finish_request override lives
// in DualStackServerMixin (3.14), mixed into HTTPDualStackServer, instead
// of DualStackServer.
func (p *Profile) dualStackMixin() bool { return p.minor >= 314 }

// HasTLSOptions reports whether python -m http.server has --tls-cert,
// --tls-key and --tls-password-file (3.14).
func (p *Profile) HasTLSOptions() bool { return p.minor >= 314 }

// HasCGI reports whether this version still ships the cgi module (it was
// removed in 3.13).
func (p *Profile) HasCGI() bool { return p.data.HasCGI }

// module returns the name of the module that defines a class in this
// version: m3 for 3.x, m2 for 2.7.
func (p *Profile) module(m3, m2 string) string {
	if p.py3() {
		return m3
	}
	return m2
}

// sourceURL links a Python-qualified function to its def line in this
// version's source on GitHub.
func (p *Profile) sourceURL(key string) (file string, line int, url string) {
	p.locOnce.Do(p.buildLocs)
	l := p.locs[key]
	return l.file, l.line, l.url
}

// stmtKey names a statement: the function's key and the statement.
type stmtKey struct{ fn, code string }

// buildLocs links every def and statement line once per profile, so a
// traced request builds no URLs.
func (p *Profile) buildLocs() {
	link := func(file string, line int) string {
		return "https://github.com/python/cpython/blob/v" + p.Version + "/" + file + "#L" + strconv.Itoa(line)
	}
	p.locs = make(map[string]srcLoc, len(p.data.Defs))
	for k, d := range p.data.Defs {
		p.locs[k] = srcLoc{d.File, d.Line, link(d.File, d.Line)}
	}
	p.stmts = make(map[stmtKey]srcLoc, len(p.data.Stmts))
	for k, line := range p.data.Stmts {
		fn, code, _ := strings.Cut(k, "|")
		file := p.data.Defs[fn].File
		p.stmts[stmtKey{fn, code}] = srcLoc{file, line, link(file, line)}
	}
}

// stmtURL links the statement code inside function key to its line.
func (p *Profile) stmtURL(key, code string) (line int, url string, ok bool) {
	p.locOnce.Do(p.buildLocs)
	l, ok := p.stmts[stmtKey{key, code}]
	return l.line, l.url, ok
}

// phrase returns the reason phrase and the long description that
// BaseHTTPRequestHandler.responses holds for code.
func (p *Profile) phrase(code int) (short, long string, ok bool) {
	st, ok := p.data.Responses[code]
	return st.Phrase, st.Description, ok
}

// codeString is "%(code)s" on the error page. The server passes
// HTTPStatus members (enum), which print as their names before 3.11;
// handler code may pass a plain int.
func (p *Profile) codeString(code int, enum bool) string {
	if enum && p.statusName() {
		if st, ok := p.data.Responses[code]; ok && st.Name != "" {
			return "HTTPStatus." + st.Name
		}
	}
	return fmt.Sprint(code)
}

// Threaded reports whether python -m http.server serves connections in
// parallel (ThreadingHTTPServer, 3.7 on) rather than one at a time.
func (p *Profile) Threaded() bool { return p.threading() }
