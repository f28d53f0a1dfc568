package webui

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/httpsim/httpsim/internal/corpus"
	"github.com/httpsim/httpsim/sim"
)

func TestParseMtime(t *testing.T) {
	good := []struct {
		in   any
		want time.Time
	}{
		{0.0, time.Unix(0, 0)},
		{1767225600.0, time.Unix(1767225600, 0)},
		{1767225600.5, time.Unix(1767225600, 500000000)},
		{1767225601, time.Unix(1767225601, 0)},
		// The largest float below year 10000: os.utime floors it to
		// 23:59:59.999969482.
		{math.Nextafter(sim.MaxStMtime, 0), time.Unix(253402300799, 999969482)},
	}
	for _, tt := range good {
		got, err := ParseMtime(tt.in, "mtime")
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("ParseMtime(%v) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	bad := []struct {
		in   any
		want string
	}{
		{math.NaN(), "mtime NaN is not a number (NaN)"},
		{math.Inf(1), "mtime +Inf is infinite"},
		{math.Inf(-1), "mtime -Inf is infinite"},
		{-1.0, "mtime -1 is before 1970-01-01 00:00:00 UTC"},
		{-0.5, "mtime -0.5 is before 1970-01-01"},
		{float64(sim.MaxStMtime), "mtime 253402300800 is in the year 10000 or later: Python 3's email.utils.formatdate raises ValueError (year 10000 is out of range) for it, so give less than 253402300800"},
		{1e300, "mtime 1e+300 is in the year 10000 or later"},
		{"1767225600", "mtime must be a number of seconds since 1970-01-01 00:00:00 UTC (as os.stat's st_mtime), not a string"},
		{nil, "mtime must be a number of seconds since 1970-01-01 00:00:00 UTC (as os.stat's st_mtime), not null or undefined"},
	}
	for _, tt := range bad {
		if _, err := ParseMtime(tt.in, "mtime"); err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("ParseMtime(%v) error = %v, want %q", tt.in, err, tt.want)
		}
	}
}

func TestMtimeOption(t *testing.T) {
	if _, ok, err := MtimeOption(nil, "opts"); ok || err != nil {
		t.Errorf("MtimeOption(nil) = %v, %v", ok, err)
	}
	if got, ok, err := MtimeOption(map[string]any{"mtime": 1767225600.25}, "opts"); !ok || err != nil || !got.Equal(time.Unix(1767225600, 250000000)) {
		t.Errorf("MtimeOption({mtime}) = %v, %v, %v", got, ok, err)
	}
	for _, tt := range []struct {
		in   any
		want string
	}{
		{1767225600.0, "opts must be an object like {mtime: 1767225600}, not a number"},
		{map[string]any{"mtim": 1.0}, "opts.mtim is not an option (have mtime)"},
		{map[string]any{"mtime": 1.0, "x": 1.0}, "opts.x is not an option (have mtime)"},
		{map[string]any{"mtime": -3.0}, "opts.mtime -3 is before 1970"},
	} {
		if _, _, err := MtimeOption(tt.in, "opts"); err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("MtimeOption(%v) error = %v, want %q", tt.in, err, tt.want)
		}
	}
}

// TestSecondsRoundTrip: a time read from fs.list() and given back (a
// share link) is the same st_mtime, so the server answers the same.
func TestSecondsRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	check := func(tm time.Time) {
		x := Seconds(tm)
		if got := Seconds(FromSeconds(x)); got != x {
			t.Errorf("Seconds(FromSeconds(%v)) = %v (time %v)", x, got, tm)
		}
	}
	for range 20000 {
		check(time.Unix(r.Int64N(253402300800), r.Int64N(1e9)))
		check(time.Unix(r.Int64N(1<<23), r.Int64N(1e9))) // doubles finer than a nanosecond
	}
	check(time.Unix(0, 1))
	check(time.Unix(1767225600, 999999999))
}

// TestTouchLastModified drives the page's file times with the times
// sim/testdata/mtime recorded from CPython 3.12 and 2.7: fs.touch with
// the st_mtime CPython reported must give the Last-Modified it sent.
func TestTouchLastModified(t *testing.T) {
	for _, py := range []string{"2.7", "3.12"} {
		data, err := os.ReadFile("../../sim/testdata/mtime/" + py + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var recs []struct {
			StMtime         string  `json:"st_mtime"`
			LastModified    *string `json:"last_modified"`
			IfModifiedSince *string `json:"if_modified_since"`
			IMSStatus       string  `json:"ims_status"`
		}
		if err := json.Unmarshal(data, &recs); err != nil {
			t.Fatal(err)
		}
		for _, rec := range recs {
			x, _ := strconv.ParseFloat(rec.StMtime, 64)
			mt, err := ParseMtime(x, "mtime")
			if rec.LastModified == nil || x >= sim.MaxStMtime {
				if err == nil {
					t.Errorf("%s: ParseMtime(%v) accepted a time Python 3 cannot format", py, x)
				}
				continue
			}
			if err != nil {
				t.Fatalf("ParseMtime(%v): %v", x, err)
			}
			s := NewSession()
			must(t, s.Touch("hello.txt", mt))
			es, _ := s.List()
			for _, e := range EntriesTree(es) {
				if m := e.(map[string]any); m["path"] == "hello.txt" && m["mtime"] != x {
					t.Errorf("%s: fs.list() mtime %v after touch %v", py, m["mtime"], x)
				}
			}
			req := "GET /hello.txt HTTP/1.0\r\n"
			if rec.IfModifiedSince != nil {
				req += "If-Modified-Since: " + *rec.IfModifiedSince + "\r\n"
			}
			r, err := s.Send([]byte(req+"\r\n"), Options{Python: py})
			if err != nil {
				t.Fatal(err)
			}
			status, _, _ := strings.Cut(string(r.Result.Response), "\r\n")
			if rec.IfModifiedSince != nil && status != rec.IMSStatus {
				t.Errorf("%s: mtime %v, If-Modified-Since %s: %q, CPython %q", py, x, *rec.IfModifiedSince, status, rec.IMSStatus)
			}
			r, _ = s.Send([]byte("GET /hello.txt HTTP/1.0\r\n\r\n"), Options{Python: py})
			if !strings.Contains(string(r.Result.Response), "\r\nLast-Modified: "+*rec.LastModified+"\r\n") {
				t.Errorf("%s: mtime %v: response %q lacks Last-Modified: %s", py, x, r.Result.Response, *rec.LastModified)
			}
		}
	}
}

func TestTouchErrors(t *testing.T) {
	s := NewSession()
	for _, tt := range []struct{ path, want string }{
		{"nope.txt", "touch nope.txt: no such file or directory"},
		{"../x", "touch ../x: invalid path"},
		{"/", "touch /: the served directory itself cannot be changed"},
	} {
		if err := s.Touch(tt.path, Clock); err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("Touch(%q) = %v, want %q", tt.path, err, tt.want)
		}
	}
}

// TestDiffApplyTimes: a share link keeps every time a learner set, and
// one made before times were kept still applies.
func TestDiffApplyTimes(t *testing.T) {
	s := NewSession()
	t1, t2, t3 := time.Unix(1700000000, 123456789), time.Unix(1600000000, 0), time.Unix(1500000000, 500000000)
	must(t, s.Touch("hello.txt", t1)) // a sample file, contents unchanged
	must(t, s.Write("notes/a.txt", []byte("a\n")))
	must(t, s.Touch("notes/a.txt", t2))
	must(t, s.Mkdir("later"))
	must(t, s.Touch("later", t3))
	must(t, s.Write("files/new.txt", []byte("new\n"))) // changes the sample directory's time
	c, err := s.Diff()
	if err != nil {
		t.Fatal(err)
	}
	back := ChangesTree(c)
	c2, err := ParseChanges(back)
	if err != nil {
		t.Fatal(err)
	}
	s2 := NewSession()
	must(t, s2.Apply(c2))
	a, _ := s.List()
	b, _ := s2.List()
	if !reflect.DeepEqual(EntriesTree(a), EntriesTree(b)) {
		t.Errorf("after Apply:\n got %v\nwant %v", EntriesTree(b), EntriesTree(a))
	}
	var paths []string
	for _, x := range c.Times {
		paths = append(paths, x.Path)
	}
	if want := []string{"hello.txt", "later", "notes/a.txt"}; !reflect.DeepEqual(paths, want) {
		t.Errorf("Times for %q, want %q (only what Apply would not reproduce)", paths, want)
	}
	// A link from before times: no "times" key.
	delete(back, "times")
	old, err := ParseChanges(back)
	if err != nil {
		t.Fatal(err)
	}
	must(t, s2.Apply(old))
	es, _ := s2.List()
	for _, e := range es {
		if e.Path == "notes/a.txt" && !e.MTime.Equal(s2.now()) {
			t.Errorf("old link: notes/a.txt mtime %v, want the session clock", e.MTime)
		}
	}
	for _, bad := range []map[string]any{
		{"times": "x"},
		{"times": []any{map[string]any{"path": "hello.txt", "mtime": -1.0}}},
		{"times": []any{map[string]any{"path": "hello.txt"}}},
	} {
		if _, err := ParseChanges(bad); err == nil {
			t.Errorf("ParseChanges(%v) accepted it", bad)
		}
	}
	if err := NewSession().Apply(Changes{Times: []TimeData{{Path: "gone.txt", MTime: t1}}}); err == nil {
		t.Errorf("Apply of a time for a missing file: no error")
	}
}

// TestOutputBytes checks that the terminal keeps the bytes the process
// wrote: 2.7 logs a request line's raw bytes (corpus case
// log_high_bytes, recorded from CPython 2.7.18), which are not UTF-8.
func TestOutputBytes(t *testing.T) {
	c, err := corpus.LoadCase("log_high_bytes")
	if err != nil {
		t.Fatal(err)
	}
	want, err := corpus.LoadTranscript("2.7", "log_high_bytes")
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewSession().Send(c.Request, Options{Python: "2.7"})
	if err != nil {
		t.Fatal(err)
	}
	tree := ReplyTree(r, nil)
	var stderr []byte
	for _, ch := range tree["output"].([]any) {
		o := ch.(Obj)
		if o.Get("stream") == "stderr" {
			stderr = append(stderr, o.Get("bytes").([]byte)...)
		}
		if string(o.Get("bytes").([]byte)) != o.Get("text") {
			t.Errorf("chunk bytes %q and text %q hold different bytes", o.Get("bytes"), o.Get("text"))
		}
	}
	got := &corpus.Transcript{Response: r.Result.Response, Stderr: stderr, Stdout: want.Stdout}
	corpus.Normalize(got)
	if string(got.Stderr) != string(want.Stderr) {
		t.Errorf("stderr bytes\n got %q\nwant %q (CPython 2.7.18)", got.Stderr, want.Stderr)
	}
	if !strings.Contains(string(want.Stderr), "\xff") {
		t.Fatalf("the recorded stderr has no \\xff byte: the case no longer tests this")
	}
	if b := tree["stderrBytes"].([]byte); string(b) != r.Stderr {
		t.Errorf("stderrBytes = %q, want %q", b, r.Stderr)
	}
	ex := tree["exchanges"].([]any)[0].(Obj)
	logs, lb := ex.Get("log").([]any), ex.Get("logBytes").([]any)
	if len(logs) != 2 || len(lb) != 2 || !strings.Contains(string(lb[1].([]byte)), "GET /\x80\x9f\xe9\xff HTTP/1.0") {
		t.Errorf("exchange logBytes = %q", lb)
	}
	// The JSON form the bridge sends: text gets U+FFFD, bytes are blobs.
	js, blobs := EncodeTree(tree)
	if !strings.Contains(string(js), "\\\"GET /\ufffd\ufffd\ufffd\ufffd HTTP/1.0\\\"") {
		t.Errorf("encoded text lacks the replacement characters: %.300s", js)
	}
	found := false
	for _, b := range blobs {
		found = found || strings.Contains(string(b), "\x80\x9f\xe9\xff")
	}
	if !found {
		t.Errorf("no blob holds the raw bytes")
	}
}
