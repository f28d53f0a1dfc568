package sim_test

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/httpsim/httpsim/sim"
)

// The benchmarks measure one connection in process, with traces (the
// default, what the web page and the request subcommand use) and with
// NoTrace (what `httpsim serve` uses). Targets on the reference machine:
// a small GET in 20 µs and a 100-entry listing in 100 µs.
//
//	go test -run XXX -bench . -benchmem ./sim
//	go test -run XXX -bench 'GetSmall/notrace' -cpuprofile cpu.out ./sim

var benchMtime = time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)

// benchSmall is the small file: 1 KiB of text, as bench/ serves it.
var benchSmall = bytes.Repeat([]byte("0123456789abcdef0123456789abcde\n"), 32)

// benchFS is a served directory with a small file and a directory of 100
// files, the two scenarios of make bench-compare.
func benchFS(b *testing.B) *sim.MemFS {
	b.Helper()
	m := sim.NewMemFS(benchMtime)
	if err := m.WriteFile("small.txt", benchSmall, benchMtime); err != nil {
		b.Fatal(err)
	}
	if err := m.MkdirAll("many", benchMtime); err != nil {
		b.Fatal(err)
	}
	for i := range 100 {
		if err := m.WriteFile(fmt.Sprintf("many/n%03d.txt", i), []byte("x\n"), benchMtime); err != nil {
			b.Fatal(err)
		}
	}
	return m
}

// benchHandle runs raw through Handle once per iteration, with and
// without traces, and checks the first result so a broken server does not
// benchmark as a fast one.
func benchHandle(b *testing.B, s sim.Server, raw string, wantStatus ...int) {
	for _, mode := range []struct {
		name    string
		noTrace bool
	}{{"trace", false}, {"notrace", true}} {
		b.Run(mode.name, func(b *testing.B) {
			srv := s
			srv.NoTrace = mode.noTrace
			req := []byte(raw)
			res := srv.Handle(req)
			checkStatuses(b, res, wantStatus)
			b.ReportAllocs()
			b.SetBytes(int64(len(res.Response)))
			for b.Loop() {
				srv.Handle(req)
			}
		})
	}
}

func checkStatuses(b *testing.B, res *sim.Result, want []int) {
	b.Helper()
	if res.Refused {
		b.Fatalf("the server refused to start: %s", res.Startup)
	}
	if len(res.Exchanges) != len(want) {
		b.Fatalf("%d exchanges, want %d (stderr %q)", len(res.Exchanges), len(want), res.Stderr)
	}
	for i, ex := range res.Exchanges {
		if ex.Status != want[i] {
			b.Fatalf("exchange %d: status %d, want %d (stderr %q)", i, ex.Status, want[i], res.Stderr)
		}
	}
}

func BenchmarkGetSmallFile(b *testing.B) {
	benchHandle(b, sim.Server{FS: benchFS(b)}, "GET /small.txt HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", 200)
}

func BenchmarkListing100(b *testing.B) {
	benchHandle(b, sim.Server{FS: benchFS(b)}, "GET /many/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", 200)
}

func BenchmarkNotFound(b *testing.B) {
	benchHandle(b, sim.Server{FS: benchFS(b)}, "GET /missing.txt HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", 404)
}

// BenchmarkSeedPost is the seed handler's do_POST on an urlencoded form:
// print(self.headers), cgi.FieldStorage, print each item, then do_GET.
// It runs on 3.12, the newest version that still has cgi.
func BenchmarkSeedPost(b *testing.B) {
	p, err := sim.Lookup("3.12")
	if err != nil {
		b.Fatal(err)
	}
	form := "name=Ada+Lovelace&lang=python&lang=go&note=%E2%9C%93+ok"
	raw := "POST /small.txt HTTP/1.0\r\nHost: 127.0.0.1\r\n" +
		"Content-Type: application/x-www-form-urlencoded\r\n" +
		fmt.Sprintf("Content-Length: %d\r\n\r\n", len(form)) + form
	benchHandle(b, sim.Server{Profile: p, Handler: sim.SeedHandler, FS: benchFS(b)}, raw, 200)
}

// BenchmarkKeepAlive10 is ten GETs of the small file on one HTTP/1.1
// connection.
func BenchmarkKeepAlive10(b *testing.B) {
	raw := strings.Repeat("GET /small.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 10)
	want := []int{200, 200, 200, 200, 200, 200, 200, 200, 200, 200}
	benchHandle(b, sim.Server{FS: benchFS(b), Protocol: "HTTP/1.1"}, raw, want...)
}

// BenchmarkServeConn is the per-connection work of `httpsim serve`
// without the network: ServeConn with NoTrace and a wall clock, reading
// the request from a reader and writing to one, and logging each request
// to a Stderr writer.
func BenchmarkServeConn(b *testing.B) {
	for _, tt := range []struct{ name, raw string }{
		{"small", "GET /small.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: wrk\r\n\r\n"},
		{"listing100", "GET /many/ HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: wrk\r\n\r\n"},
	} {
		b.Run(tt.name, func(b *testing.B) {
			s := &sim.Server{FS: benchFS(b), Now: time.Now, NoTrace: true, Stderr: io.Discard}
			req := strings.NewReader(tt.raw)
			var out bytes.Buffer
			b.ReportAllocs()
			for b.Loop() {
				req.Reset(tt.raw)
				out.Reset()
				if err := s.ServeConn(req, &out, nil); err != nil {
					b.Fatal(err)
				}
			}
			if !bytes.HasPrefix(out.Bytes(), []byte("HTTP/1.0 200 ")) {
				b.Fatalf("response %q", out.Bytes()[:min(out.Len(), 100)])
			}
		})
	}
}
