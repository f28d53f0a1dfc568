package sim_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/httpsim/httpsim/internal/corpus"
	"github.com/httpsim/httpsim/internal/fixture"
	"github.com/httpsim/httpsim/sim"
)

var goldenVerbose = flag.Bool("golden.v", false, "print every golden mismatch in full")

// goldenRoot and goldenSrc stand for the served directory and the handler
// scripts' directory; the transcripts name them $ROOT and $PYSRC.
const (
	goldenRoot = corpus.RecordedRoot
	goldenSrc  = "/golden/pysrc"
	goldenLib  = "/golden/pylib"
)

// TestGolden replays every recorded CPython transcript in-process and
// requires the same response bytes, stderr and stdout.
func TestGolden(t *testing.T) {
	cases, err := corpus.Load(mustDir(t, corpus.CorpusDir))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no corpus cases")
	}
	odir := mustDir(t, corpus.OracleDir)
	pass := map[string]int{}
	total := map[string]int{}
	for _, p := range sim.Profiles() {
		for _, c := range cases {
			if !c.RunsOn(p.Name) {
				continue
			}
			want, err := corpus.ReadTranscript(odir, p.Name, c.Name)
			if err != nil {
				t.Errorf("%s/%s: no transcript (run make oracle): %v", p.Name, c.Name, err)
				continue
			}
			total[p.Name]++
			got := simulate(t, p, c)
			if got.Equal(want) {
				pass[p.Name]++
				continue
			}
			t.Errorf("%s/%s: differs from CPython %s\n%s", p.Name, c.Name, p.Version, describeDiff(got, want))
		}
	}
	var names []string
	for n := range total {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return corpus.Less(names[i], names[j]) })
	for _, n := range names {
		t.Logf("%-5s %3d/%3d identical", n, pass[n], total[n])
	}
}

func mustDir(t *testing.T, f func() (string, error)) string {
	t.Helper()
	d, err := f()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// simulate runs case c the way the recorder ran CPython: a fresh server on
// the fixture tree, one connection, then the server is stopped.
func simulate(t *testing.T, p *sim.Profile, c *corpus.Case) *corpus.Transcript {
	t.Helper()
	fsys := sim.NewMemFS(fixture.ModTime)
	if err := fixture.Build(fsys); err != nil {
		t.Fatal(err)
	}
	h, err := sim.LookupHandler(c.Handler)
	if err != nil {
		t.Fatal(err)
	}
	s := &sim.Server{
		Profile: p, Handler: h, FS: fsys, Directory: goldenRoot, ScriptDir: goldenSrc, PythonLib: goldenLib,
		Protocol: c.Protocol, ServerClass: c.Server, Now: func() time.Time { return time.Now().UTC() },
	}
	tr := &corpus.Transcript{Case: c.Name, Version: p.Name}
	res := s.Handle(c.Request)
	if res.Refused {
		tr.Stderr = []byte(res.Startup)
		tr.Exited, tr.ExitCode = true, 1
	} else {
		tr.Stdout = []byte(s.Banner("127.0.0.1", 0) + "\n" + res.Stdout)
		tr.Stderr = []byte(res.Startup + res.Stderr)
		tr.Response = res.Response
	}
	n := corpus.Normalizer{Paths: map[string]string{goldenRoot: corpus.RootPlaceholder, goldenSrc: corpus.PySrcPlaceholder, goldenLib: corpus.PyLibPlaceholder}}
	n.Normalize(tr)
	return tr
}

func describeDiff(got, want *corpus.Transcript) string {
	var b strings.Builder
	show := func(name string, g, w []byte) {
		if string(g) == string(w) {
			return
		}
		gl, wl := strings.SplitAfter(string(g), "\n"), strings.SplitAfter(string(w), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var a, e string
			if i < len(gl) {
				a = gl[i]
			}
			if i < len(wl) {
				e = wl[i]
			}
			if a != e {
				if !*goldenVerbose {
					a, e = clip(a), clip(e)
				}
				fmt.Fprintf(&b, "  %s line %d:\n    got  %q\n    want %q\n", name, i+1, a, e)
				return
			}
		}
	}
	show("response", got.Response, want.Response)
	show("stderr", got.Stderr, want.Stderr)
	show("stdout", got.Stdout, want.Stdout)
	if got.Exited != want.Exited || got.ExitCode != want.ExitCode {
		fmt.Fprintf(&b, "  exit: got %v/%d, want %v/%d\n", got.Exited, got.ExitCode, want.Exited, want.ExitCode)
	}
	return b.String()
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

var _ = os.Getenv
var _ = filepath.Join
