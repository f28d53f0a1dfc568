package oracle

import (
	"context"
	"flag"
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/httpsim/httpsim/internal/corpus"
)

var (
	versionsFlag = flag.String("versions", "", "comma-separated versions to test (default: all)")
	casesFlag    = flag.String("cases", "", "test only cases whose name matches this regexp")
)

// selection returns the versions and cases the flags select.
func selection(t *testing.T) ([]corpus.Version, []*corpus.Case) {
	t.Helper()
	versions := corpus.Versions
	if *versionsFlag != "" {
		versions = nil
		for s := range strings.SplitSeq(*versionsFlag, ",") {
			v, ok := corpus.LookupVersion(strings.TrimSpace(s))
			if !ok {
				t.Fatalf("-versions: unknown version %q", s)
			}
			versions = append(versions, v)
		}
	}
	dir, err := corpus.CorpusDir()
	if err != nil {
		t.Fatal(err)
	}
	cases, err := corpus.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if *casesFlag != "" {
		re, err := regexp.Compile(*casesFlag)
		if err != nil {
			t.Fatalf("-cases: %v", err)
		}
		cases = slices.DeleteFunc(cases, func(c *corpus.Case) bool { return !re.MatchString(c.Name) })
	}
	for _, v := range versions {
		if err := CheckInterpreter(v); err != nil {
			t.Fatal(err) // never skip: a missing interpreter (or Node, or Pyodide) is a failure
		}
	}
	return versions, cases
}

type key struct{ version, name string }

type result struct {
	tr  *corpus.Transcript
	err error
}

// A batch is cases served by one server.
type batch struct {
	v     corpus.Version
	cases []*corpus.Case
}

// runBatches runs the batches on a pool of workers and returns the result
// of every case.
func runBatches(t *testing.T, target *Target, batches []batch) map[key]result {
	// Longest first, for a balanced pool.
	slices.SortStableFunc(batches, func(a, b batch) int { return len(b.cases) - len(a.cases) })
	results := map[key]result{}
	var mu sync.Mutex
	ch := make(chan batch)
	var wg sync.WaitGroup
	for range runtime.NumCPU() + 1 {
		wg.Go(func() {
			for b := range ch {
				trs, err := RunShared(context.Background(), target, b.v, b.cases)
				mu.Lock()
				for i, c := range b.cases {
					r := result{err: err}
					if err == nil {
						r.tr = trs[i]
					}
					results[key{b.v.Minor, c.Name}] = r
				}
				mu.Unlock()
			}
		})
	}
	for _, b := range batches {
		ch <- b
	}
	close(ch)
	wg.Wait()
	return results
}

// live caches the live CPython transcripts for all tests of one run.
var live struct {
	once           sync.Once
	results        map[key]result
	elapsed        time.Duration
	pyodideElapsed time.Duration
}

// pyodideResults serves the cases of the Pyodide versions among versions
// with one Pyodide session and says how long that took.
func pyodideResults(versions []corpus.Version, cases []*corpus.Case) (map[key]result, time.Duration) {
	res := map[key]result{}
	start := time.Now()
	r := new(PyodideRunner)
	defer r.Close()
	for _, v := range versions {
		if !IsPyodide(v) {
			continue
		}
		for _, c := range cases {
			if c.RunsOn(v.Minor) {
				tr, err := r.Run(context.Background(), v, c)
				res[key{v.Minor, c.Name}] = result{tr, err}
			}
		}
	}
	return res, time.Since(start)
}

// liveResults serves the selected cases with live CPython. Cases that
// cannot change the served tree share a server per version, handler and
// protocol; the others get a server each. The Pyodide version (3.14) runs
// in one Node process beside the pool, every case with a server of its
// own (and the tree shared as [PyodideRunner] does).
func liveResults(t *testing.T, versions []corpus.Version, cases []*corpus.Case) map[key]result {
	t.Helper()
	live.once.Do(func() {
		target, err := CPython()
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		var pyodideRes map[key]result
		var pyodideWG sync.WaitGroup
		pyodideWG.Go(func() {
			pyodideRes, live.pyodideElapsed = pyodideResults(versions, cases)
		})
		var batches []batch
		for _, v := range versions {
			if IsPyodide(v) {
				continue
			}
			groups := map[string]*batch{}
			var order []string
			for _, c := range cases {
				if !c.RunsOn(v.Minor) {
					continue
				}
				if !Shareable(c) {
					batches = append(batches, batch{v, []*corpus.Case{c}})
					continue
				}
				g := c.Handler + " " + c.Protocol + " " + c.Server
				if groups[g] == nil {
					groups[g] = &batch{v: v}
					order = append(order, g)
				}
				groups[g].cases = append(groups[g].cases, c)
			}
			for _, g := range order {
				batches = append(batches, *groups[g])
			}
		}
		live.results = runBatches(t, target, batches)
		pyodideWG.Wait()
		maps.Copy(live.results, pyodideRes)
		live.elapsed = time.Since(start)
	})
	if live.results == nil {
		t.Fatal("live CPython runs failed")
	}
	return live.results
}

// TestLiveCPython serves the corpus with every live interpreter and
// compares the result with the recorded transcripts in testdata/oracle: it
// proves that they are current (and that sharing a server between cases
// changes nothing, since the recorder gives each case its own).
func TestLiveCPython(t *testing.T) {
	versions, cases := selection(t)
	results := liveResults(t, versions, cases)
	t.Logf("live CPython: %d transcripts in %v (the Pyodide ones in %v)", len(results),
		live.elapsed.Round(time.Millisecond), live.pyodideElapsed.Round(time.Millisecond))
	odir, err := corpus.OracleDir()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range versions {
		for _, c := range cases {
			if !c.RunsOn(v.Minor) {
				continue
			}
			t.Run(v.Minor+"/"+c.Name, func(t *testing.T) {
				r := results[key{v.Minor, c.Name}]
				if r.err != nil {
					t.Fatal(r.err)
				}
				rec, err := corpus.ReadTranscript(odir, v.Minor, c.Name)
				if err != nil {
					t.Fatalf("%v\n(record with: go run ./oracle/cmd/record -run '^%s$')", err, c.Name)
				}
				if d := Diff("recorded", rec, "live", r.tr); d != "" {
					t.Errorf("%s under CPython %s%s differs from %s:\n%s(re-record with: go run ./oracle/cmd/record -run '^%s$')",
						c.Name, v.Patch, inPyodide(v), filepath.Join("testdata/oracle", v.Minor, c.Name+".txtar"), d, c.Name)
				}
			})
		}
	}
}

// TestDifferential serves the corpus with live CPython and with httpsim
// serve (built from ./cmd/httpsim) and compares response bytes, stderr and
// stdout after normalisation. It logs a pass count per version.
func TestDifferential(t *testing.T) {
	versions, cases := selection(t)
	bin := filepath.Join(t.TempDir(), "httpsim")
	if err := BuildHTTPSim(context.Background(), bin); err != nil {
		t.Fatal(err)
	}
	target, err := HTTPSim(bin)
	if err != nil {
		t.Fatal(err)
	}
	want := liveResults(t, versions, cases)

	// httpsim: a server per case, so that no state can leak between cases.
	var batches []batch
	for _, v := range versions {
		for _, c := range cases {
			if c.RunsOn(v.Minor) {
				batches = append(batches, batch{v, []*corpus.Case{c}})
			}
		}
	}
	start := time.Now()
	got := runBatches(t, target, batches)
	t.Logf("httpsim: %d transcripts in %v", len(got), time.Since(start).Round(time.Millisecond))

	pass := map[string]int{}
	total := map[string]int{}
	for _, v := range versions {
		for _, c := range cases {
			if !c.RunsOn(v.Minor) {
				continue
			}
			total[v.Minor]++
			ok := t.Run(v.Minor+"/"+c.Name, func(t *testing.T) {
				k := key{v.Minor, c.Name}
				w, g := want[k], got[k]
				if w.err != nil {
					t.Fatalf("CPython: %v", w.err)
				}
				if g.err != nil {
					t.Fatalf("httpsim: %v", g.err)
				}
				if d := Diff("CPython "+v.Patch+inPyodide(v), w.tr, "httpsim --python "+v.Minor, g.tr); d != "" {
					t.Errorf("%s: %s\n%s", c.Name, strings.TrimSpace(strings.SplitN(c.Comment, "\n\n", 2)[0]), d)
				}
			})
			if ok {
				pass[v.Minor]++
			}
		}
	}
	var summary strings.Builder
	for _, v := range versions {
		fmt.Fprintf(&summary, "\n  %-5s %3d/%d", v.Minor, pass[v.Minor], total[v.Minor])
	}
	t.Logf("httpsim vs CPython, cases passing per version:%s", summary.String())
}

// inPyodide names the Pyodide release that judges v, if one does.
func inPyodide(v corpus.Version) string {
	if IsPyodide(v) {
		return " in Pyodide " + v.Pyodide
	}
	return ""
}
