package pycgi

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// outcome is what one interpreter (or Parse) did for one case.
type outcome struct {
	headers  map[string]string // handler-visible values; absent keys are absent headers
	items    []string
	consumed int64
	err      *PyError
	stderr   string
}

// testHeaders is a [Headers] holding the values Python reported.
type testHeaders map[string]string

func (h testHeaders) Get(name string) (string, bool) {
	v, ok := h[strings.ToLower(name)]
	return v, ok
}

// run is Parse on a case, with the headers an interpreter reported.
func (c diffCase) run(minor int, headers map[string]string) outcome {
	var opts Options
	if c.maxFields >= 0 {
		n := c.maxFields
		opts.MaxNumFields = &n
	}
	opts.HeaderBytes = int64(len(c.request()))
	res := Parse(minor, testHeaders(headers), strings.NewReader(c.body), opts)
	return outcome{headers: headers, items: res.Items, consumed: res.Consumed, err: res.Err}
}

// driverInput is the stdin of testdata/driver.py for cases.
func driverInput(cases []diffCase) []byte {
	var b bytes.Buffer
	for _, c := range cases {
		mf := "-"
		if c.maxFields >= 0 {
			mf = strconv.Itoa(c.maxFields)
		}
		fmt.Fprintf(&b, "%s %s %s %s\n", c.name, hexOrEmpty(c.request()), hexOrEmpty(c.body), mf)
	}
	return b.Bytes()
}

func hexOrEmpty(s string) string {
	if s == "" {
		return `""`
	}
	return hex.EncodeToString([]byte(s))
}

func unhexField(t *testing.T, s string) string {
	if s == `""` {
		return ""
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatalf("bad hex %q: %v", s, err)
	}
	return string(b)
}

// parseDriver reads driver.py's output into outcomes by case name.
func parseDriver(t *testing.T, out []byte) map[string]*outcome {
	res := map[string]*outcome{}
	var cur *outcome
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case "case":
			cur = &outcome{headers: map[string]string{}}
			res[f[1]] = cur
		case "hdr":
			if f[2] != "-" {
				cur.headers[f[1]] = unhexField(t, f[2])
			}
		case "item":
			cur.items = append(cur.items, unhexField(t, f[1]))
		case "consumed":
			cur.consumed, _ = strconv.ParseInt(f[1], 10, 64)
		case "exc":
			cur.err = &PyError{Type: f[1], Message: unhexField(t, f[2])}
		case "frame":
			n, _ := strconv.Atoi(f[2])
			cur.err.Frames = append(cur.err.Frames, Frame{Func: f[1], File: f[3], Line: n})
		case "stderr":
			cur.stderr = unhexField(t, f[1])
		case "end":
			cur = nil
		default:
			t.Fatalf("driver output: unexpected line %q", line)
		}
	}
	return res
}

// diffOutcome describes how got differs from want, or returns "".
func diffOutcome(got, want outcome) string {
	var d []string
	if !reflect.DeepEqual(got.items, want.items) {
		d = append(d, fmt.Sprintf("items:\n  got  %q\n  want %q", got.items, want.items))
	}
	if got.consumed != want.consumed {
		d = append(d, fmt.Sprintf("consumed %d, want %d", got.consumed, want.consumed))
	}
	ge, we := "<nil>", "<nil>"
	if got.err != nil {
		ge = fmt.Sprintf("%s %v", got.err.Error(), got.err.Frames)
	}
	if want.err != nil {
		we = fmt.Sprintf("%s %v", want.err.Error(), want.err.Frames)
	}
	if ge != we {
		d = append(d, fmt.Sprintf("error %q, want %q", ge, we))
	}
	if want.stderr != "" {
		d = append(d, fmt.Sprintf("Python wrote to stderr: %q", want.stderr))
	}
	return strings.Join(d, "\n")
}

// TestDifferential runs every case through each pinned interpreter and
// through Parse and compares them. A missing interpreter fails. With
// -update it records the interpreters' outcomes in testdata/golden.
func TestDifferential(t *testing.T) {
	names := map[string]bool{}
	for _, c := range diffCases {
		if names[c.name] {
			t.Fatalf("duplicate case %s", c.name)
		}
		names[c.name] = true
	}
	input := driverInput(diffCases)
	recorded := map[string]map[int]outcome{}
	pass := map[int]int{}
	for _, in := range interpreters {
		out := runPython(t, in.version, "testdata/driver.py", input)
		got := parseDriver(t, out)
		for _, c := range diffCases {
			want, ok := got[c.name]
			if !ok {
				t.Errorf("%s: %s: no output from the driver", in.version, c.name)
				continue
			}
			if recorded[c.name] == nil {
				recorded[c.name] = map[int]outcome{}
			}
			recorded[c.name][in.minor] = *want
			if d := diffOutcome(c.run(in.minor, want.headers), *want); d != "" {
				t.Errorf("%s %s:\n%s", in.version, c.name, d)
				continue
			}
			pass[in.minor]++
		}
	}
	for _, in := range interpreters {
		t.Logf("%s: %d/%d cases match", in.version, pass[in.minor], len(diffCases))
	}
	if *update {
		writeGolden(t, recorded)
	}
}

// TestGolden checks Parse against the recorded outcomes, without Python.
func TestGolden(t *testing.T) {
	for _, c := range diffCases {
		t.Run(c.name, func(t *testing.T) {
			want := readGolden(t, c.name)
			for _, in := range interpreters {
				w, ok := want[in.minor]
				if !ok {
					t.Fatalf("testdata/golden/%s.txtar has no section %d; run go test -update", c.name, in.minor)
				}
				if d := diffOutcome(c.run(in.minor, w.headers), w); d != "" {
					t.Errorf("%s:\n%s", in.version, d)
				}
			}
		})
	}
}

// The golden files are txtar archives, one per case: a comment that
// quotes the request, then one section per interpreter, named by its
// minor number, with lines
//
//	hdr NAME "VALUE"        a header the handler sees (Go-quoted)
//	item ITEM               a line print(item) wrote
//	consumed N
//	exc TYPE "MESSAGE"      the exception, if any
//	frame FUNC LINE FILE    its frames, outermost first

func goldenPath(name string) string {
	return filepath.Join("testdata", "golden", name+".txtar")
}

func writeGolden(t *testing.T, recorded map[string]map[int]outcome) {
	if err := os.MkdirAll(filepath.Join("testdata", "golden"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range diffCases {
		var b bytes.Buffer
		req := c.request() + c.body
		if len(req) > 600 {
			req = req[:600]
		}
		fmt.Fprintf(&b, "Case %s, recorded from the pinned interpreters by go test -update.\n", c.name)
		if c.maxFields >= 0 {
			fmt.Fprintf(&b, "max_num_fields=%d\n", c.maxFields)
		}
		fmt.Fprintf(&b, "Input (first 600 bytes, %d in all): %s\n", len(c.request()+c.body), strconv.Quote(req))
		for _, in := range interpreters {
			o := recorded[c.name][in.minor]
			fmt.Fprintf(&b, "-- %d --\n", in.minor)
			keys := make([]string, 0, len(o.headers))
			for k := range o.headers {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				fmt.Fprintf(&b, "hdr %s %s\n", k, strconv.Quote(o.headers[k]))
			}
			for _, it := range o.items {
				fmt.Fprintf(&b, "item %s\n", it)
			}
			fmt.Fprintf(&b, "consumed %d\n", o.consumed)
			if o.err != nil {
				fmt.Fprintf(&b, "exc %s %s\n", o.err.Type, strconv.Quote(o.err.Message))
				for _, f := range o.err.Frames {
					fmt.Fprintf(&b, "frame %s %d %s\n", f.Func, f.Line, f.File)
				}
			}
			if o.stderr != "" {
				fmt.Fprintf(&b, "stderr %s\n", strconv.Quote(o.stderr))
			}
		}
		if err := os.WriteFile(goldenPath(c.name), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func readGolden(t *testing.T, name string) map[int]outcome {
	data, err := os.ReadFile(goldenPath(name))
	if err != nil {
		t.Fatalf("%v; run go test -update", err)
	}
	res := map[int]outcome{}
	minor := -1
	var cur outcome
	flush := func() {
		if minor >= 0 {
			res[minor] = cur
		}
	}
	unquote := func(s string) string {
		u, err := strconv.Unquote(s)
		if err != nil {
			t.Fatalf("%s: bad quoted string %s", name, s)
		}
		return u
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "-- ") && strings.HasSuffix(line, " --") {
			flush()
			minor, _ = strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(line, "-- "), " --"))
			cur = outcome{headers: map[string]string{}}
			continue
		}
		if minor < 0 || line == "" {
			continue
		}
		kind, rest, _ := strings.Cut(line, " ")
		switch kind {
		case "hdr":
			k, v, _ := strings.Cut(rest, " ")
			cur.headers[k] = unquote(v)
		case "item":
			cur.items = append(cur.items, rest)
		case "consumed":
			cur.consumed, _ = strconv.ParseInt(rest, 10, 64)
		case "exc":
			typ, msg, _ := strings.Cut(rest, " ")
			cur.err = &PyError{Type: typ, Message: unquote(msg)}
		case "frame":
			f := strings.Fields(rest)
			if len(f) != 3 {
				t.Fatalf("%s: bad frame line %q", name, line)
			}
			n, _ := strconv.Atoi(f[1])
			cur.err.Frames = append(cur.err.Frames, Frame{Func: f[0], File: f[2], Line: n})
		case "stderr":
			cur.stderr = unquote(rest)
		default:
			t.Fatalf("%s: unexpected line %q", name, line)
		}
	}
	flush()
	return res
}
