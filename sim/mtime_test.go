package sim_test

import (
	"bytes"
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

// TestMtimeRounding checks Last-Modified and the If-Modified-Since
// decision against what each interpreter did with the same file times.
func TestMtimeRounding(t *testing.T) {
	for _, p := range sim.Profiles() {
		file := filepath.Join("testdata", "mtime", p.Name+".json")
		if *updateMtime {
			if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, recordMtimes(t, p), 0o644); err != nil {
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
		if len(recs) != len(mtimeCases) {
			t.Fatalf("%s: %d records for %d cases: re-record", file, len(recs), len(mtimeCases))
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
