// Command record re-records the oracle: it serves every corpus case
// (testdata/corpus) with every live CPython interpreter (3.14: the one in
// Pyodide, in memory under Node) and writes the normalised transcripts to
// testdata/oracle/<version>/<case>.txtar.
//
// Usage:
//
//	go run ./oracle/cmd/record [-versions 2.7,3.13] [-run REGEXP] [-j N]
//
// With no filter it also deletes transcripts of cases that no longer exist
// or no longer run on a version. It exits 1 if any case failed; a missing
// interpreter is a failure.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/httpsim/httpsim/internal/corpus"
	"github.com/httpsim/httpsim/oracle"
)

// flags
var (
	versionsFlag = flag.String("versions", "", "comma-separated versions to record (default: all)")
	runFlag      = flag.String("run", "", "record only cases whose name matches this regexp")
	jobsFlag     = flag.Int("j", runtime.NumCPU()+1, "servers to run at once")
	quietFlag    = flag.Bool("q", false, "print only changes and failures")
)

type job struct {
	v corpus.Version
	c *corpus.Case
}

func main() {
	log.SetPrefix("record: ")
	log.SetFlags(0)
	flag.Parse()
	if flag.NArg() != 0 {
		flag.Usage()
		os.Exit(2)
	}

	versions := corpus.Versions
	if *versionsFlag != "" {
		versions = nil
		for s := range strings.SplitSeq(*versionsFlag, ",") {
			v, ok := corpus.LookupVersion(strings.TrimSpace(s))
			if !ok {
				log.Fatalf("unknown version %q", s)
			}
			versions = append(versions, v)
		}
	}
	var runRE *regexp.Regexp
	if *runFlag != "" {
		runRE = regexp.MustCompile(*runFlag)
	}
	cdir, err := corpus.CorpusDir()
	if err != nil {
		log.Fatal(err)
	}
	odir, err := corpus.OracleDir()
	if err != nil {
		log.Fatal(err)
	}
	cases, err := corpus.Load(cdir)
	if err != nil {
		log.Fatal(err)
	}
	target, err := oracle.CPython()
	if err != nil {
		log.Fatal(err)
	}
	for _, v := range versions {
		if err := oracle.CheckInterpreter(v); err != nil {
			log.Fatal(err)
		}
	}
	pyodide := &oracle.PyodideRunner{Alone: true} // one session serves every 3.14 case, one at a time, each on a fresh tree

	var jobs []job
	for _, v := range versions {
		for _, c := range cases {
			if c.RunsOn(v.Minor) && (runRE == nil || runRE.MatchString(c.Name)) {
				jobs = append(jobs, job{v, c})
			}
		}
	}

	start := time.Now()
	var (
		mu                      sync.Mutex
		done, changed, failures int
	)
	ch := make(chan job)
	var wg sync.WaitGroup
	for range max(1, *jobsFlag) {
		wg.Go(func() {
			for j := range ch {
				t0 := time.Now()
				var tr *corpus.Transcript
				var err error
				if oracle.IsPyodide(j.v) {
					tr, err = pyodide.Run(context.Background(), j.v, j.c)
				} else {
					tr, err = oracle.Run(context.Background(), target, j.v, j.c)
				}
				status := "same"
				if err == nil {
					status, err = write(odir, tr)
				}
				mu.Lock()
				done++
				switch {
				case err != nil:
					failures++
					fmt.Printf("[%d/%d] %-5s %s FAILED: %v\n", done, len(jobs), j.v.Minor, j.c.Name, err)
				case status != "same":
					changed++
					fallthrough
				case !*quietFlag:
					fmt.Printf("[%d/%d] %-5s %-40s %-7s %.2fs\n", done, len(jobs), j.v.Minor, j.c.Name, status, time.Since(t0).Seconds())
				}
				mu.Unlock()
			}
		})
	}
	for _, j := range jobs {
		ch <- j
	}
	close(ch)
	wg.Wait()

	removed := 0
	if runRE == nil {
		removed = prune(odir, versions, cases)
	}
	pyodide.Close()
	fmt.Printf("recorded %d transcripts (%d cases × %d versions) in %.1fs: %d new or changed, %d removed, %d failed\n",
		len(jobs), len(cases), len(versions), time.Since(start).Seconds(), changed, removed, failures)
	if failures > 0 {
		os.Exit(1) // after Close: deferred calls do not run
	}
}

// write stores tr unless the file already holds the same bytes, and says
// which happened: "same", "changed" or "new".
func write(dir string, tr *corpus.Transcript) (string, error) {
	file := corpus.TranscriptPath(dir, tr.Version, tr.Case)
	old, err := os.ReadFile(file)
	switch {
	case err == nil && bytes.Equal(old, tr.Marshal()):
		return "same", nil
	case err == nil:
		return "changed", corpus.WriteTranscript(dir, tr)
	}
	return "new", corpus.WriteTranscript(dir, tr)
}

// prune deletes transcripts of the given versions whose case is gone or no
// longer runs on that version, and returns how many it deleted.
func prune(dir string, versions []corpus.Version, cases []*corpus.Case) int {
	byName := map[string]*corpus.Case{}
	for _, c := range cases {
		byName[c.Name] = c
	}
	n := 0
	for _, v := range versions {
		files, _ := filepath.Glob(filepath.Join(dir, v.Minor, "*.txtar"))
		for _, f := range files {
			c := byName[strings.TrimSuffix(filepath.Base(f), ".txtar")]
			if c == nil || !c.RunsOn(v.Minor) {
				if err := os.Remove(f); err != nil {
					log.Print(err)
					continue
				}
				fmt.Printf("removed %s\n", f)
				n++
			}
		}
	}
	return n
}
