// Package corpus loads the oracle's conformance cases (testdata/corpus) and
// reads and writes the transcripts recorded from live CPython
// (testdata/oracle).
//
// A case is one txtar file: a comment that explains it and carries
// directives, and a "request" section holding the exact bytes a client
// sends on one connection, in the notation of [Decode]:
//
//	A directory without its trailing slash is redirected; the query
//	string and fragment are kept.
//
//	handler: simple
//	protocol: HTTP/1.0
//	versions: all
//	-- request --
//	GET /sub?x=1#frag HTTP/1.0\r\n
//	\r\n
//
// A transcript records what one CPython version did with a case: the
// response bytes, the server's stderr and stdout, and its exit status if it
// exited by itself; see [Transcript].
package corpus

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// Handlers a case may name.
const (
	Simple = "simple" // python -m http.server (2.7: -m SimpleHTTPServer)
	Seed   = "seed"   // sim/pysrc/seed3.py (2.7: seed2.py): prints headers, parses POST forms with cgi
	Upload = "upload" // sim/pysrc/upload3.py (2.7: upload2.py): adds do_PUT
)

// Server classes a case may name besides the handler program's own
// (directive "server:"); see sim/pysrc/serve.py, which the oracle runs for
// them.
var ServerClasses = []string{"TCPServer", "HTTPServer", "ThreadingHTTPServer"}

// Protocols a case may ask the server to speak (its protocol_version).
const (
	HTTP10 = "HTTP/1.0"
	HTTP11 = "HTTP/1.1"
)

// A Case is one conformance case.
type Case struct {
	Name     string   // file name without .txtar
	Comment  string   // the txtar comment: prose and directives
	Handler  string   // Simple, Seed or Upload (directive "handler:", default Simple)
	Protocol string   // HTTP10 or HTTP11 (directive "protocol:", default HTTP10)
	Server   string   // one of ServerClasses, or "" for the handler program's own (directive "server:")
	Versions []string // minors the case runs on, in [Versions] order (directive "versions:", default all)
	Request  []byte   // decoded bytes of the request section
}

// RunsOn reports whether c runs on the version with the given minor.
func (c *Case) RunsOn(minor string) bool { return slices.Contains(c.Versions, minor) }

var (
	nameRE      = regexp.MustCompile(`^[a-z0-9][a-z0-9_]*$`)
	directiveRE = regexp.MustCompile(`^([a-z][a-z0-9_-]*):(.*)$`)
)

// ParseCase parses the txtar text of the case called name.
func ParseCase(name string, data []byte) (*Case, error) {
	if !nameRE.MatchString(name) {
		return nil, fmt.Errorf("%s: case names are lower-case letters, digits and _", name)
	}
	a := ParseArchive(data)
	c := &Case{Name: name, Comment: string(a.Comment), Handler: Simple, Protocol: HTTP10}
	var versions string
	for line := range strings.SplitSeq(string(a.Comment), "\n") {
		m := directiveRE.FindStringSubmatch(strings.TrimRight(line, "\r"))
		if m == nil {
			continue
		}
		key, val := m[1], strings.TrimSpace(m[2])
		switch key {
		case "handler":
			if val != Simple && val != Seed && val != Upload {
				return nil, fmt.Errorf("%s: handler %q: want simple, seed or upload", name, val)
			}
			c.Handler = val
		case "protocol":
			if val != HTTP10 && val != HTTP11 {
				return nil, fmt.Errorf("%s: protocol %q: want HTTP/1.0 or HTTP/1.1", name, val)
			}
			c.Protocol = val
		case "server":
			if !slices.Contains(ServerClasses, val) {
				return nil, fmt.Errorf("%s: server %q: want one of %s", name, val, strings.Join(ServerClasses, ", "))
			}
			c.Server = val
		case "versions":
			versions = val
		default:
			return nil, fmt.Errorf("%s: unknown directive %q (prose lines must not look like \"word: ...\")", name, key)
		}
	}
	if versions == "" {
		versions = "all"
	}
	var err error
	if c.Versions, err = parseVersions(versions); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if c.Server != "" && c.Handler == Seed {
		// serve.py imports the handler: seed.py's cgi warning, shown
		// only in __main__, would go quiet.
		return nil, fmt.Errorf("%s: server: is for the simple and upload handlers", name)
	}
	if len(a.Files) != 1 || a.Files[0].Name != "request" {
		return nil, fmt.Errorf("%s: want exactly one section, -- request --", name)
	}
	if c.Request, err = Decode(a.Files[0].Data); err != nil {
		return nil, fmt.Errorf("%s: request: %v", name, err)
	}
	if len(c.Request) == 0 {
		return nil, fmt.Errorf("%s: empty request", name)
	}
	return c, nil
}

// Load reads every *.txtar case in dir, sorted by name.
func Load(dir string) ([]*Case, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("corpus: no *.txtar cases in %s", dir)
	}
	slices.Sort(files)
	var cases []*Case
	var errs []error
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		c, err := ParseCase(strings.TrimSuffix(filepath.Base(f), ".txtar"), data)
		if err != nil {
			errs = append(errs, fmt.Errorf("corpus: %w", err))
			continue
		}
		cases = append(cases, c)
	}
	return cases, errors.Join(errs...)
}

// LoadCase reads the case called name from the repository's corpus.
func LoadCase(name string) (*Case, error) {
	dir, err := CorpusDir()
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(filepath.Join(dir, name+".txtar"))
	if err != nil {
		return nil, err
	}
	return ParseCase(name, data)
}
