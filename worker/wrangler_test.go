package worker_test

// The harness: build the Worker into a temporary directory and run it
// under `wrangler dev --local` on a free loopback port, offline.

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Paths, relative to this package's directory (the working directory of
// its tests).
const (
	workerDir   = "."
	webDir      = "../web"
	wranglerBin = "node_modules/.bin/wrangler"
	// wranglerVersion is the version package-lock.json pins; the newest
	// whose engines allow Node 20.
	wranglerVersion = "4.86.0"
)

// startTimeout bounds how long wrangler dev may take to answer.
const startTimeout = 90 * time.Second

var npmOnce = sync.OnceValue(func() error {
	if _, err := os.Stat(wranglerBin); err == nil {
		return nil
	}
	// A fresh clone: install exactly what the committed lockfile says.
	cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund")
	cmd.Dir = workerDir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("npm ci in worker/ (node_modules is missing): %v\n%s", err, out)
	}
	return nil
})

// needWrangler installs the npm packages if they are missing and checks
// the wrangler version. It fails the test; it never skips it.
func needWrangler(tb testing.TB) {
	tb.Helper()
	if err := npmOnce(); err != nil {
		tb.Fatal(err)
	}
	out, err := exec.Command(wranglerBin, "--version").CombinedOutput()
	if err != nil {
		tb.Fatalf("%s --version: %v\n%s", wranglerBin, err, out)
	}
	if !strings.Contains(string(out), wranglerVersion) {
		tb.Fatalf("%s --version = %q, want %s (run npm ci in worker/)", wranglerBin, strings.TrimSpace(string(out)), wranglerVersion)
	}
}

// buildWorker builds the Worker into dir as `make worker` builds it into
// worker/build: the glue from workers-assets-gen, app.wasm, and beside
// them entry.mjs and a wrangler.jsonc that is the committed one with the
// assets directory made absolute.
func buildWorker(dir string) error {
	goCmd := func(env []string, args ...string) error {
		cmd := exec.Command("go", args...)
		cmd.Dir = workerDir
		cmd.Env = append(os.Environ(), env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return nil
	}
	build := filepath.Join(dir, "build")
	if err := goCmd(nil, "run", "github.com/syumai/workers/cmd/workers-assets-gen", "-mode=go", "-o", build); err != nil {
		return err
	}
	if err := goCmd([]string{"GOOS=js", "GOARCH=wasm"}, "build", "-trimpath", "-ldflags=-s -w", "-o", filepath.Join(build, "app.wasm"), "../wasm/worker"); err != nil {
		return err
	}
	entry, err := os.ReadFile(filepath.Join(workerDir, "entry.mjs"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "entry.mjs"), entry, 0o644); err != nil {
		return err
	}
	web, err := filepath.Abs(webDir)
	if err != nil {
		return err
	}
	return writeConfig(dir, "./entry.mjs", web)
}

// writeConfig writes dir/wrangler.jsonc: the committed config with main
// and the assets directory replaced.
func writeConfig(dir, main, assets string) error {
	conf, err := os.ReadFile(filepath.Join(workerDir, "wrangler.jsonc"))
	if err != nil {
		return err
	}
	var out []string
	replaced := 0
	for line := range strings.SplitSeq(string(conf), "\n") {
		key, _, _ := strings.Cut(strings.TrimSpace(line), ":")
		switch key {
		case `"$schema"`:
			continue
		case `"main"`:
			line = fmt.Sprintf("  \"main\": %q,", main)
			replaced++
		case `"directory"`:
			line = fmt.Sprintf("    \"directory\": %q,", assets)
			replaced++
		}
		out = append(out, line)
	}
	if replaced != 2 {
		return fmt.Errorf("worker/wrangler.jsonc: want one \"main\" and one \"directory\" line, found %d", replaced)
	}
	return os.WriteFile(filepath.Join(dir, "wrangler.jsonc"), []byte(strings.Join(out, "\n")), 0o644)
}

// uploadSize runs `wrangler deploy --dry-run` on the Worker built in dir,
// which bundles it as a deploy would and stops before any network
// access, and returns the sizes wrangler reports for the upload in KiB:
// everything, and gzipped (the figure the plan limits apply to). Static
// assets are uploaded separately and not included.
func uploadSize(dir string) (total, gzip float64, err error) {
	tmp, err := os.MkdirTemp("", "httpsim-dryrun-")
	if err != nil {
		return 0, 0, err
	}
	defer os.RemoveAll(tmp)
	bin, err := filepath.Abs(wranglerBin)
	if err != nil {
		return 0, 0, err
	}
	cmd := exec.Command(bin, "deploy", "--dry-run", "--outdir", filepath.Join(tmp, "out"))
	cmd.Dir = dir
	cmd.Env = wranglerEnv(tmp)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return 0, 0, fmt.Errorf("wrangler deploy --dry-run: %v\n%s", err, out)
	}
	m := uploadRE.FindSubmatch(out)
	if m == nil {
		return 0, 0, fmt.Errorf("wrangler deploy --dry-run printed no upload size:\n%s", out)
	}
	total, _ = strconv.ParseFloat(string(m[1]), 64)
	gzip, _ = strconv.ParseFloat(string(m[2]), 64)
	return total, gzip, nil
}

var uploadRE = regexp.MustCompile(`Total Upload: ([0-9.]+) KiB / gzip: ([0-9.]+) KiB`)

// devServer is one `wrangler dev --local` process group.
type devServer struct {
	URL    string // http://127.0.0.1:PORT
	cmd    *exec.Cmd
	logs   *syncBuffer
	done   chan struct{}
	tmp    string
	closed sync.Once
}

// freePort returns a loopback TCP port that was free a moment ago.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// wranglerEnv is the environment of wrangler: offline, no telemetry, no
// credentials, its config, cache and logs in tmp.
func wranglerEnv(tmp string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "CLOUDFLARE_") || strings.HasPrefix(k, "CF_") || strings.HasPrefix(k, "WRANGLER_") ||
			k == "HOME" || k == "XDG_CONFIG_HOME" || k == "NO_COLOR" || k == "FORCE_COLOR" {
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"HOME="+filepath.Join(tmp, "home"),
		"XDG_CONFIG_HOME="+filepath.Join(tmp, "config"),
		"WRANGLER_LOG_PATH="+filepath.Join(tmp, "logs"),
		"WRANGLER_CACHE_DIR="+filepath.Join(tmp, "cache"),
		"WRANGLER_SEND_METRICS=false",
		"WRANGLER_SEND_ERROR_REPORTS=false",
		"WRANGLER_HIDE_BANNER=true", // the banner asks the npm registry for a newer wrangler
		"CLOUDFLARE_CF_FETCH_ENABLED=false",
		"WRANGLER_CI_DISABLE_CONFIG_WATCHING=true", // nothing here edits the config while it runs
		"npm_config_registry=http://127.0.0.1:9/",  // any other update check fails at once
		"NO_COLOR=1",
	)
}

// startDev runs wrangler dev on the Worker built in dir and waits until
// probe answers 200. vars are name=value pairs passed with --var.
func startDev(dir, probe string, vars ...string) (*devServer, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	inspector, err := freePort()
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "httpsim-wrangler-")
	if err != nil {
		return nil, err
	}
	bin, err := filepath.Abs(wranglerBin)
	if err != nil {
		return nil, err
	}
	args := []string{"dev", "--local", "--ip", "127.0.0.1", "--port", strconv.Itoa(port),
		"--inspector-port", strconv.Itoa(inspector), "--inspector-ip", "127.0.0.1", "--persist-to", filepath.Join(tmp, "state"),
		"--show-interactive-dev-session=false", "--log-level", "info"}
	for _, v := range vars {
		args = append(args, "--var", strings.Replace(v, "=", ":", 1))
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = wranglerEnv(tmp)
	cmd.Stdin = nil
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // so Close can end workerd too
	s := &devServer{URL: fmt.Sprintf("http://127.0.0.1:%d", port), cmd: cmd, logs: &syncBuffer{}, done: make(chan struct{}), tmp: tmp}
	cmd.Stdout, cmd.Stderr = s.logs, s.logs
	if err := cmd.Start(); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	go func() { cmd.Wait(); close(s.done) }()
	deadline := time.Now().Add(startTimeout)
	for {
		select {
		case <-s.done:
			s.Close()
			return nil, fmt.Errorf("wrangler dev exited before it was ready:\n%s", s.logs)
		default:
		}
		if time.Now().After(deadline) {
			s.Close()
			return nil, fmt.Errorf("wrangler dev not ready after %v:\n%s", startTimeout, s.logs)
		}
		resp, err := http.Get(s.URL + probe)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// Close ends the whole process group (wrangler's node and its workerd
// children), waits for it and removes the temporary directory.
func (s *devServer) Close() {
	s.closed.Do(func() {
		pgid := s.cmd.Process.Pid
		syscall.Kill(-pgid, syscall.SIGTERM)
		select {
		case <-s.done:
		case <-time.After(10 * time.Second):
			syscall.Kill(-pgid, syscall.SIGKILL)
			<-s.done
		}
		// workerd may outlive its parent briefly; make sure none is left.
		for _, pid := range groupPIDs(pgid, "") {
			syscall.Kill(pid, syscall.SIGKILL)
		}
		os.RemoveAll(s.tmp)
	})
}

// Logs returns what wrangler has printed so far.
func (s *devServer) Logs() string { return s.logs.String() }

// groupPIDs lists the processes in process group pgid, only those whose
// command name is comm if comm is not empty.
func groupPIDs(pgid int, comm string) []int {
	ents, _ := os.ReadDir("/proc")
	var pids []int
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		f, err := procStat(pid)
		if err != nil || f.pgrp != pgid || (comm != "" && f.comm != comm) {
			continue
		}
		pids = append(pids, pid)
	}
	return pids
}

type statFields struct {
	comm        string
	pgrp        int
	utime, stim int64 // clock ticks
}

// procStat reads /proc/PID/stat (see proc(5)).
func procStat(pid int) (statFields, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return statFields{}, err
	}
	open, close := bytes.IndexByte(b, '('), bytes.LastIndexByte(b, ')')
	if open < 0 || close < open {
		return statFields{}, errors.New("malformed stat")
	}
	rest := strings.Fields(string(b[close+1:]))
	// rest[0] is field 3 (state); pgrp is field 5, utime 14, stime 15.
	if len(rest) < 13 {
		return statFields{}, errors.New("short stat")
	}
	pgrp, _ := strconv.Atoi(rest[2])
	ut, _ := strconv.ParseInt(rest[11], 10, 64)
	st, _ := strconv.ParseInt(rest[12], 10, 64)
	return statFields{comm: string(b[open+1 : close]), pgrp: pgrp, utime: ut, stim: st}, nil
}

// clockTick is USER_HZ, the unit of utime and stime: 100 on Linux.
const clockTick = 10 * time.Millisecond

// cpuSample is the CPU time, in clock ticks, of each workerd process of
// a dev server at one moment.
type cpuSample map[int]int64

// sampleCPU reads the CPU time used so far by the workerd processes of s.
func (s *devServer) sampleCPU() cpuSample {
	m := cpuSample{}
	for _, pid := range groupPIDs(s.cmd.Process.Pid, "workerd") {
		if f, err := procStat(pid); err == nil {
			m[pid] = f.utime + f.stim
		}
	}
	return m
}

// cpuSince is the CPU time the workerd processes of s used since
// before. It is an error if a workerd process came or went in between
// (wrangler restarted it), since the difference would mean nothing.
func (s *devServer) cpuSince(before cpuSample) (time.Duration, error) {
	after := s.sampleCPU()
	var ticks int64
	for pid, t := range after {
		t0, ok := before[pid]
		if !ok {
			return 0, fmt.Errorf("workerd process %d started during the measurement", pid)
		}
		ticks += t - t0
	}
	for pid := range before {
		if _, ok := after[pid]; !ok {
			return 0, fmt.Errorf("workerd process %d exited during the measurement", pid)
		}
	}
	return time.Duration(ticks) * clockTick, nil
}

// syncBuffer is a bytes.Buffer safe for the two writers of a process.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// lastLines is the end of s, for failure messages.
func lastLines(s string, n int) string {
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// do sends one request and returns the status, headers and whole body.
func do(ctx context.Context, c *http.Client, method, url, contentType string, body []byte) (*http.Response, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	if err != nil {
		return nil, nil, err
	}
	if body == nil {
		req.Body = nil
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}
