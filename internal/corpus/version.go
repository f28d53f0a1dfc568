package corpus

import (
	"fmt"
	"strconv"
	"strings"
)

// A Version is one CPython release the oracle records.
type Version struct {
	Minor string // "3.13": the name used by cases, transcript directories and httpsim --python
	Patch string // "3.13.0": the release installed and recorded

	// Pyodide is the Pyodide release whose CPython judges this version
	// ("314.0.8" for 3.14.2), run in memory under Node by oracle/pyodide;
	// "" for the interpreters installed under /root/.pyenv, which the
	// oracle runs over TCP.
	Pyodide string
}

func (v Version) String() string { return v.Minor }

// Versions are the recorded releases, oldest first. Several behaviours were
// backported into late patch releases, so a transcript speaks for its patch
// release (for example, 3.7.16 has the '//' redirect fix; 3.6.15 does not).
var Versions = []Version{
	{"2.7", "2.7.18", ""},
	{"3.6", "3.6.15", ""},
	{"3.7", "3.7.16", ""},
	{"3.8", "3.8.18", ""},
	{"3.9", "3.9.18", ""},
	{"3.10", "3.10.13", ""},
	{"3.11", "3.11.7", ""},
	{"3.12", "3.12.1", ""},
	{"3.13", "3.13.0", ""},
	{"3.14", "3.14.2", "314.0.8"},
}

// LookupVersion returns the [Version] named by s, either its minor
// ("3.13") or its patch ("3.13.0") form.
func LookupVersion(s string) (Version, bool) {
	for _, v := range Versions {
		if s == v.Minor || s == v.Patch {
			return v, true
		}
	}
	return Version{}, false
}

// index returns the position of minor in [Versions], or -1.
func index(minor string) int {
	for i, v := range Versions {
		if v.Minor == minor {
			return i
		}
	}
	return -1
}

// parseVersions parses a versions directive: a comma-separated list of
// "all", "X.Y", "X.Y+" (X.Y and later) and "X.Y-X.Z" (inclusive), and
// returns the selected minors in [Versions] order.
func parseVersions(s string) ([]string, error) {
	sel := make([]bool, len(Versions))
	for item := range strings.SplitSeq(s, ",") {
		item = strings.TrimSpace(item)
		lo, hi := -1, -1
		switch {
		case item == "all":
			lo, hi = 0, len(Versions)-1
		case strings.HasSuffix(item, "+"):
			lo, hi = index(strings.TrimSuffix(item, "+")), len(Versions)-1
		case strings.Contains(item, "-"):
			a, b, _ := strings.Cut(item, "-")
			lo, hi = index(a), index(b)
		default:
			lo = index(item)
			hi = lo
		}
		if lo < 0 || hi < 0 || lo > hi {
			return nil, fmt.Errorf("bad versions item %q (known: %s)", item, knownVersions())
		}
		for i := lo; i <= hi; i++ {
			sel[i] = true
		}
	}
	var out []string
	for i, ok := range sel {
		if ok {
			out = append(out, Versions[i].Minor)
		}
	}
	return out, nil
}

func knownVersions() string {
	var s []string
	for _, v := range Versions {
		s = append(s, v.Minor)
	}
	return strings.Join(s, " ")
}

// Less reports whether minor version a is older than b ("3.9" < "3.10").
func Less(a, b string) bool {
	pa, pb := parseMinor(a), parseMinor(b)
	if pa[0] != pb[0] {
		return pa[0] < pb[0]
	}
	return pa[1] < pb[1]
}

func parseMinor(s string) [2]int {
	a, b, _ := strings.Cut(s, ".")
	x, _ := strconv.Atoi(a)
	y, _ := strconv.Atoi(b)
	return [2]int{x, y}
}
