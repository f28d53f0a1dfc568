package worker_test

// BenchmarkWorker measures the Worker under wrangler dev: CPU time per
// request and latency. Run it with `make bench-worker`.
//
// CPU time is read from /proc for the workerd processes of each wrangler
// dev (process CPU, user plus system, in 10 ms ticks, so b.N should be a
// few hundred). That includes workerd's own HTTP handling and wrangler's
// dev routing, which a deployed Worker is not billed for, so the same
// requests are also sent to a null Worker: the same config with a
// one-line JS entry that reads the body and answers "{}". The
// difference, isolate-ms/op, estimates the CPU a request costs inside
// the isolate, which is what the Free plan's 10 ms limit counts.

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/httpsim/httpsim/wasm/worker/api"
)

// nullWorker is the baseline entry module.
const nullWorker = `export default {
  async fetch(req) {
    await req.arrayBuffer();
    return new Response("{}", { headers: { "content-type": "application/json" } });
  },
};
`

// benchCase is one kind of request.
type benchCase struct {
	name, method, path string
	body               []byte
}

func benchCases(tb testing.TB) []benchCase {
	small, err := json.Marshal(map[string]any{
		"raw":   base64.StdEncoding.EncodeToString([]byte("GET /hello.txt HTTP/1.1\r\nHost: localhost\r\nUser-Agent: bench\r\n\r\n")),
		"files": []api.File{{Path: "hello.txt", Data: base64.StdEncoding.EncodeToString([]byte("hello\n"))}},
	})
	if err != nil {
		tb.Fatal(err)
	}
	return []benchCase{
		{"exchange-small-GET", "POST", "/api/exchange", small},
		{"profiles", "GET", "/api/profiles", nil},
		{"live-file", "GET", "/live/hello.txt", nil},
		{"live-listing", "GET", "/live/files/", nil},
	}
}

func BenchmarkWorker(b *testing.B) {
	needWrangler(b)
	dir := b.TempDir()
	if err := buildWorker(dir); err != nil {
		b.Fatal(err)
	}
	reportBundle(b, dir)
	nullDir := b.TempDir()
	if err := os.WriteFile(filepath.Join(nullDir, "null.mjs"), []byte(nullWorker), 0o644); err != nil {
		b.Fatal(err)
	}
	web, _ := filepath.Abs(webDir)
	if err := writeConfig(nullDir, "./null.mjs", web); err != nil {
		b.Fatal(err)
	}
	srv, err := startDev(dir, "/api/profiles")
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	null, err := startDev(nullDir, "/api/profiles")
	if err != nil {
		b.Fatal(err)
	}
	defer null.Close()

	client := &http.Client{Timeout: 30 * time.Second}
	var summary []string
	for _, bc := range benchCases(b) {
		b.Run(bc.name, func(b *testing.B) {
			run := func(s *devServer, n int) (cpu time.Duration, lat []time.Duration) {
				b.Helper()
				ctx := context.Background()
				for range 200 { // warm up: the first request starts the Go instance
					sendBench(b, ctx, client, s, bc)
				}
				before := s.sampleCPU()
				for range n {
					t0 := time.Now()
					sendBench(b, ctx, client, s, bc)
					lat = append(lat, time.Since(t0))
				}
				cpu, err := s.cpuSince(before)
				if err != nil {
					b.Fatalf("%v\n%s", err, lastLines(s.Logs(), 60))
				}
				return cpu, lat
			}
			nullCPU, _ := run(null, b.N)
			b.ResetTimer()
			cpu, lat := run(srv, b.N)
			b.StopTimer()
			perOp := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) / float64(b.N) }
			slices.Sort(lat)
			p50, p99 := lat[len(lat)/2], lat[len(lat)*99/100]
			b.ReportMetric(perOp(cpu), "cpu-ms/op")
			b.ReportMetric(perOp(nullCPU), "null-cpu-ms/op")
			b.ReportMetric(perOp(cpu-nullCPU), "isolate-ms/op")
			b.ReportMetric(float64(p50)/float64(time.Millisecond), "p50-ms")
			b.ReportMetric(float64(p99)/float64(time.Millisecond), "p99-ms")
			if b.N >= 50 {
				summary = append(summary, fmt.Sprintf("%-20s n=%-5d workerd CPU %6.2f ms/req, null Worker %5.2f, isolate ≈ %5.2f ms/req; latency p50 %5.2f ms, p99 %5.2f ms",
					bc.name, b.N, perOp(cpu), perOp(nullCPU), perOp(cpu-nullCPU), float64(p50)/1e6, float64(p99)/1e6))
			}
		})
	}
	fmt.Println(strings.Join(summary, "\n"))
}

func sendBench(b *testing.B, ctx context.Context, c *http.Client, s *devServer, bc benchCase) {
	resp, body, err := do(ctx, c, bc.method, s.URL+bc.path, "application/json", bc.body)
	if err != nil {
		b.Fatalf("%s %s: %v\n%s", bc.method, bc.path, err, lastLines(s.Logs(), 20))
	}
	if resp.StatusCode != http.StatusOK && s.URL+bc.path != "" {
		b.Fatalf("%s %s: status %d: %s", bc.method, bc.path, resp.StatusCode, body)
	}
}

// reportBundle prints the size of what `wrangler deploy` would upload,
// as wrangler measures it (the static assets are uploaded separately and
// do not count), against the Free plan's 3 MiB gzipped.
func reportBundle(b *testing.B, dir string) {
	total, gz, err := uploadSize(dir)
	if err != nil {
		b.Fatal(err)
	}
	const limitKiB = 3 * 1024
	fmt.Printf("bundle: %.0f KiB, %.0f KiB gzipped: %.0f%% of the Free plan's %d KiB (gzipped)\n", total, gz, 100*gz/limitKiB, limitKiB)
}
