package sim_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/httpsim/httpsim/internal/corpus"
	"github.com/httpsim/httpsim/oracle/pyodide"
	"github.com/httpsim/httpsim/sim"
)

var updateMtime = flag.Bool("update-mtime", false, "re-record testdata/mtime/*.json from the live interpreters")

// mtimeCases are file times, as whole seconds and nanoseconds, around the
// places where versions round st_mtime differently: the half microsecond
// before a whole second, and the last second that Python 3's datetime can
// hold.
var mtimeCases = [][2]int64{
	{0, 0}, {0, 400000}, {1, 999999600},
	{1767225600, 0}, {1767225600, 500000000}, {1767225600, 999999400}, {1767225600, 999999500},
	{1767225600, 999999600}, {1767225600, 999999999},
	{253402300799, 0}, {253402300799, 999969000}, {253402300799, 999999999}, {253402300800, 0},
}

func mtimeName(c [2]int64) string { return fmt.Sprintf("%d.%09d", c[0], c[1]) }

type mtimeRecord struct {
	Name            string   `json:"name"`
	StMtime         string   `json:"st_mtime"`
	Status          string   `json:"status"`
	LastModified    *string  `json:"last_modified"`
	IfModifiedSince *string  `json:"if_modified_since"`
	IMSStatus       string   `json:"ims_status"`
	Raised          []string `json:"raised"`
}

// recordMtimes runs testdata/mtime.py under p's interpreter on a directory
// holding one file per case. It needs a file system that keeps
// nanoseconds and years past 2446 (tmpfs; ext4 with small inodes clamps).
func recordMtimes(t *testing.T, p *sim.Profile) []byte {
	dir, err := os.MkdirTemp("/dev/shm", "httpsim-mtime-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	for _, c := range mtimeCases {
		f := filepath.Join(dir, mtimeName(c))
		if err := os.WriteFile(f, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		mt := time.Unix(c[0], c[1])
		// Not os.Chtimes: it goes through UnixNano, which overflows
		// after 2262.
		ts := syscall.Timespec{Sec: c[0], Nsec: c[1]}
		if err := syscall.UtimesNano(f, []syscall.Timespec{ts, ts}); err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Stat(f); err != nil || !fi.ModTime().Equal(mt) {
			t.Fatalf("%s: the file system did not keep mtime %v (%v, %v)", f, mt, fi.ModTime(), err)
		}
	}
	python := "/root/.pyenv/versions/" + p.Version + "/bin/python"
	cmd := exec.Command(python, "testdata/mtime.py", dir)
	cmd.Env = append(os.Environ(), "TZ=UTC", "LC_ALL=C.UTF-8")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s testdata/mtime.py: %v", python, err)
	}
	return out
}

// isPyodide reports whether p is judged by CPython in Pyodide (3.14).
func isPyodide(p *sim.Profile) bool {
	v, ok := corpus.LookupVersion(p.Name)
	return ok && v.Pyodide != ""
}

// mtimeCasesOf returns the cases recorded for p: all of them, except for
// Pyodide, whose file system keeps milliseconds, so only the times that
// are whole milliseconds can be set there.
func mtimeCasesOf(p *sim.Profile) [][2]int64 {
	if !isPyodide(p) {
		return mtimeCases
	}
	var out [][2]int64
	for _, c := range mtimeCases {
		if c[1]%1e6 == 0 {
			out = append(out, c)
		}
	}
	return out
}

// recordMtimesPyodide records what testdata/mtime.py records, for the
// cases Pyodide can hold, with the in-memory oracle: python -m http.server
// serves one file per case, once plain and once with If-Modified-Since
// (mtime.py's threads and sockets do not exist there).
func recordMtimesPyodide(t *testing.T, p *sim.Profile) []byte {
	s, err := pyodide.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var files []pyodide.File
	var names []string
	for _, c := range mtimeCasesOf(p) {
		names = append(names, mtimeName(c))
		files = append(files, pyodide.File{Path: mtimeName(c), Data: []byte("x"), Sec: c[0], Nsec: c[1]})
	}
	get := func(name, ims string) *pyodide.Result {
		req := "GET /" + name + " HTTP/1.0\r\n"
		if ims != "" {
			req += "If-Modified-Since: " + ims + "\r\n"
		}
		r, err := s.Serve(&pyodide.Case{Argv: []string{"-m", "http.server", "-b", "127.0.0.1", "0"},
			Request: []byte(req + "\r\n"), Fresh: true, Files: files, Stat: names})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	status := func(r *pyodide.Result) string {
		first, _, _ := strings.Cut(string(r.Response), "\r\n")
		return first
	}
	// raised is mtime.py's '%s: %s' % (type(e).__name__, e): the last line
	// of the traceback handle_error prints.
	raised := func(r *pyodide.Result) []string {
		var out []string
		open := false
		lines := strings.Split(string(r.Stderr), "\n")
		for i, l := range lines {
			if l != strings.Repeat("-", 40) {
				continue
			}
			if open {
				out = append(out, lines[i-1])
			}
			open = !open
		}
		return out
	}
	var recs []map[string]any
	for i, c := range mtimeCasesOf(p) {
		name := names[i]
		r := get(name, "")
		exc := append([]string{}, raised(r)...)
		rec := map[string]any{"name": name, "st_mtime": r.Stats[name], "status": status(r),
			"last_modified": nil, "if_modified_since": nil, "ims_status": ""}
		if lm := headerValue(r.Response, "Last-Modified"); lm != "" {
			rec["last_modified"] = lm
		}
		if c[0] < 253402300800 {
			ims := time.Unix(c[0], 0).UTC().Format(http1123)
			ri := get(name, ims)
			rec["if_modified_since"] = ims
			rec["ims_status"] = status(ri)
			exc = append(exc, raised(ri)...)
		}
		rec["raised"] = exc
		recs = append(recs, rec)
	}
	out, err := json.MarshalIndent(recs, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return append(out, '\n')
}

// http1123 is email.utils.formatdate(sec, usegmt=True), which mtime.py
// sends as If-Modified-Since.
const http1123 = "Mon, 02 Jan 2006 15:04:05 GMT"

// TestMtimeRounding checks Last-Modified and the If-Modified-Since
// decision against what each interpreter did with the same file times.
func TestMtimeRounding(t *testing.T) {
	for _, p := range sim.Profiles() {
		file := filepath.Join("testdata", "mtime", p.Name+".json")
		if *updateMtime {
			if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
				t.Fatal(err)
			}
			record := recordMtimes
			if isPyodide(p) {
				record = recordMtimesPyodide
			}
			if err := os.WriteFile(file, record(t, p), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("%v (record with go test ./sim -run TestMtimeRounding -update-mtime)", err)
		}
		var recs []mtimeRecord
		if err := json.Unmarshal(data, &recs); err != nil {
			t.Fatal(err)
		}
		if len(recs) != len(mtimeCasesOf(p)) {
			t.Fatalf("%s: %d records for %d cases: re-record", file, len(recs), len(mtimeCasesOf(p)))
		}
		for _, rec := range recs {
			sec, nsec, _ := strings.Cut(rec.Name, ".")
			s, _ := strconv.ParseInt(sec, 10, 64)
			ns, _ := strconv.ParseInt(nsec, 10, 64)
			mt := time.Unix(s, ns)
			name := p.Name + "/" + rec.Name
			// Python's repr is the shortest string that reads back as
			// the same float, so comparing floats is exact.
			want, err := strconv.ParseFloat(rec.StMtime, 64)
			if err != nil {
				t.Fatalf("%s: st_mtime %q: %v", name, rec.StMtime, err)
			}
			if got := sim.StMtime(mt); got != want {
				t.Errorf("%s: StMtime = %v, CPython's st_mtime %s", name, got, rec.StMtime)
			}
			if strings.HasPrefix(p.Name, "3.") && (len(rec.Raised) > 0) != (want >= sim.MaxStMtime) {
				t.Errorf("%s: st_mtime %s raised %q; MaxStMtime says %v", name, rec.StMtime, rec.Raised, want >= sim.MaxStMtime)
			}
			if len(rec.Raised) > 0 {
				continue // the page refuses such times (internal/webui)
			}
			fsys := sim.NewMemFS(mt)
			if err := fsys.WriteFile("f.txt", []byte("x"), mt); err != nil {
				t.Fatal(err)
			}
			s0 := &sim.Server{Profile: p, FS: fsys}
			res := s0.Handle([]byte("GET /f.txt HTTP/1.0\r\n\r\n"))
			if got := headerValue(res.Response, "Last-Modified"); rec.LastModified == nil || got != *rec.LastModified {
				t.Errorf("%s: Last-Modified %q, CPython %v", name, got, deref(rec.LastModified))
			}
			if rec.IfModifiedSince == nil {
				continue
			}
			res = s0.Handle([]byte("GET /f.txt HTTP/1.0\r\nIf-Modified-Since: " + *rec.IfModifiedSince + "\r\n\r\n"))
			if got, _, _ := bytes.Cut(res.Response, []byte("\r\n")); string(got) != rec.IMSStatus {
				t.Errorf("%s: If-Modified-Since %s: %q, CPython %q", name, *rec.IfModifiedSince, got, rec.IMSStatus)
			}
		}
	}
}

func headerValue(resp []byte, name string) string {
	head, _, _ := bytes.Cut(resp, []byte("\r\n\r\n"))
	for _, l := range strings.Split(string(head), "\r\n") {
		if k, v, ok := strings.Cut(l, ": "); ok && k == name {
			return v
		}
	}
	return ""
}

func deref(s *string) string {
	if s == nil {
		return "(none)"
	}
	return *s
}
