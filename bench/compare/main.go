// Command compare measures `httpsim serve` against CPython's http.server
// and Go's net/http FileServer: the three serve the same directory on
// 127.0.0.1 (each on a port the OS picks), wrk loads each in turn, and
// the table gives requests per second and the ratios httpsim/CPython and
// httpsim/FileServer. All three close the connection after every
// response (HTTP/1.0 for the first two, Connection: close for
// FileServer), so every request pays for a new connection.
//
// make bench-compare builds the servers and runs it:
//
//	compare -httpsim bin/httpsim -fileserver bin/fileserver \
//		-python /root/.pyenv/versions/3.13.0/bin/python -duration 5s
//
// Every process it starts is stopped before it exits, on an interrupt too.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"
)

// flags
var (
	httpsimBin    = flag.String("httpsim", "bin/httpsim", "the httpsim `binary`")
	fileserverBin = flag.String("fileserver", "bin/fileserver", "the bench/fileserver `binary`")
	pythonBin     = flag.String("python", "/root/.pyenv/versions/3.13.0/bin/python", "the CPython `interpreter`")
	wrkBin        = flag.String("wrk", "wrk", "the wrk `binary`")
	duration      = flag.Duration("duration", 5*time.Second, "length of each measured wrk run")
	warmup        = flag.Duration("warmup", time.Second, "length of the wrk run before each server's first measurement in a scenario")
	target        = flag.Float64("target", 0.8, "the least httpsim/FileServer ratio that passes")
	strict        = flag.Bool("strict", false, "exit 1 when a ratio is below -target")
)

// smallFile is the small file: 1 KiB of text (the same as sim's benchmarks).
var smallFile = bytes.Repeat([]byte("0123456789abcdef0123456789abcde\n"), 32)

// A scenario is one URL path every server is loaded with.
type scenario struct{ name, path string }

var scenarios = []scenario{
	{"small file", "/small.txt"},
	{"100-entry listing", "/many/"},
}

// A mode is one wrk load.
type mode struct {
	name           string
	threads, conns int
}

var modes = []mode{
	{"2 threads, 8 conns", 2, 8},
	{"1 conn", 1, 1},
}

// A server is one process under test.
type server struct {
	name string
	argv []string
	cmd  *exec.Cmd
	port int
	done chan struct{}
}

var (
	mu      sync.Mutex
	started []*server
)

func main() {
	log.SetPrefix("bench-compare: ")
	log.SetFlags(0)
	flag.Parse()
	if flag.NArg() != 0 {
		flag.Usage()
		os.Exit(2)
	}
	if _, err := exec.LookPath(*wrkBin); err != nil {
		log.Fatalf("%s not found: make bench-compare installs it (apt-get install wrk)", *wrkBin)
	}
	dir, err := os.MkdirTemp("", "bench-compare-")
	if err != nil {
		log.Fatal(err)
	}
	code := run(dir)
	stopAll()
	os.RemoveAll(dir)
	os.Exit(code)
}

func run(dir string) int {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sigs
		stopAll()
		os.RemoveAll(dir)
		os.Exit(130)
	}()
	if err := writeFixture(dir); err != nil {
		log.Print(err)
		return 1
	}
	abs := func(p string) string {
		if a, err := filepath.Abs(p); err == nil && strings.Contains(p, "/") {
			return a
		}
		return p
	}
	servers := []*server{
		{name: "httpsim", argv: []string{abs(*httpsimBin), "serve", "--python", "3.13", "-b", "127.0.0.1", "-d", dir, "0"}}, // the profile of the CPython it is compared with
		{name: "CPython", argv: []string{*pythonBin, "-u", "-m", "http.server", "-b", "127.0.0.1", "0"}},
		{name: "FileServer", argv: []string{abs(*fileserverBin), "-b", "127.0.0.1", "-d", dir, "0"}},
	}
	for _, s := range servers {
		if err := s.start(dir); err != nil {
			log.Printf("%s: %v", s.name, err)
			return 1
		}
		if err := s.check(); err != nil {
			log.Printf("%s: %v", s.name, err)
			return 1
		}
		log.Printf("%s: %s on port %d", s.name, strings.Join(s.argv, " "), s.port)
	}

	type row struct {
		sc     scenario
		md     mode
		rps    []float64
		errors []string
	}
	var rows []row
	for _, sc := range scenarios {
		for _, s := range servers {
			if _, err := s.wrk(sc.path, modes[0], *warmup); err != nil {
				log.Printf("%s warm-up: %v", s.name, err)
				return 1
			}
		}
		for _, md := range modes {
			r := row{sc: sc, md: md}
			for _, s := range servers {
				res, err := s.wrk(sc.path, md, *duration)
				if err != nil {
					log.Printf("%s %s %s: %v", s.name, sc.name, md.name, err)
					return 1
				}
				r.rps = append(r.rps, res.rps)
				if res.errors != "" {
					r.errors = append(r.errors, s.name+": "+res.errors)
				}
			}
			rows = append(rows, r)
		}
	}

	fmt.Printf("\nRequests/sec, wrk %v per run, every response closes its connection:\n\n", *duration)
	tw := tabwriter.NewWriter(os.Stdout, 2, 8, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\tload\thttpsim\tCPython\tFileServer\thttpsim/CPython\thttpsim/FileServer\t\t")
	below := false
	for _, r := range rows {
		verdict := "ok"
		fsRatio := r.rps[0] / r.rps[2]
		if fsRatio < *target {
			verdict = fmt.Sprintf("below %.2f", *target)
			below = true
		}
		fmt.Fprintf(tw, "%s\t%s\t%.0f\t%.0f\t%.0f\t%.2fx\t%.2fx\t%s\t\n",
			r.sc.name, r.md.name, r.rps[0], r.rps[1], r.rps[2], r.rps[0]/r.rps[1], fsRatio, verdict)
	}
	tw.Flush()
	for _, r := range rows {
		for _, e := range r.errors {
			fmt.Printf("%s, %s: %s\n", r.sc.name, r.md.name, e)
		}
	}
	if below && *strict {
		return 1
	}
	return 0
}

// writeFixture lays out the served directory: small.txt and many/ with
// 100 files.
func writeFixture(dir string) error {
	if err := os.WriteFile(filepath.Join(dir, "small.txt"), smallFile, 0o644); err != nil {
		return err
	}
	if err := os.Mkdir(filepath.Join(dir, "many"), 0o755); err != nil {
		return err
	}
	for i := range 100 {
		name := filepath.Join(dir, "many", fmt.Sprintf("n%03d.txt", i))
		if err := os.WriteFile(name, []byte("x\n"), 0o644); err != nil {
			return err
		}
	}
	return nil
}

var portRE = regexp.MustCompile(`Serving HTTP on \S+ port (\d+)`)

// start runs the server in its own process group in dir and waits for
// the banner that names its port.
func (s *server) start(dir string) error {
	s.cmd = exec.Command(s.argv[0], s.argv[1:]...)
	s.cmd.Dir = dir
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		return err
	}
	// The request log goes to a file, not a pipe: copying it would cost
	// this process CPU that the servers and wrk compete for.
	logFile, err := os.CreateTemp("", "bench-compare-"+s.name+"-*.log")
	if err != nil {
		return err
	}
	defer os.Remove(logFile.Name())
	defer logFile.Close()
	s.cmd.Stderr = logFile
	if err := s.cmd.Start(); err != nil {
		return err
	}
	s.done = make(chan struct{})
	mu.Lock()
	started = append(started, s)
	mu.Unlock()
	go func() { s.cmd.Wait(); close(s.done) }()

	ports := make(chan int, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := portRE.FindStringSubmatch(sc.Text()); m != nil {
				p, _ := strconv.Atoi(m[1])
				select {
				case ports <- p:
				default:
				}
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	select {
	case s.port = <-ports:
		return nil
	case <-s.done:
		head := make([]byte, 4<<10)
		n, _ := logFile.ReadAt(head, 0)
		return fmt.Errorf("exited before listening: %s", head[:n])
	case <-time.After(15 * time.Second):
		return errors.New("no banner within 15s")
	}
}

// check fetches both scenarios once and checks the answers.
func (s *server) check() error {
	c := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	for _, sc := range scenarios {
		resp, err := c.Get(s.url(sc.path))
		if err != nil {
			return err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		if resp.StatusCode != 200 {
			return fmt.Errorf("GET %s: %s", sc.path, resp.Status)
		}
		if sc.path == "/small.txt" && !bytes.Equal(body, smallFile) {
			return fmt.Errorf("GET %s: wrong body (%d bytes)", sc.path, len(body))
		}
		if sc.path == "/many/" && !bytes.Contains(body, []byte("n099.txt")) {
			return fmt.Errorf("GET %s: the listing lacks n099.txt", sc.path)
		}
	}
	return nil
}

func (s *server) url(p string) string { return "http://127.0.0.1:" + strconv.Itoa(s.port) + p }

// wrkResult is what one wrk run reported.
type wrkResult struct {
	rps    float64
	errors string // socket errors and non-2xx/3xx counts, if any
}

var (
	rpsRE     = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	sockErrRE = regexp.MustCompile(`Socket errors:[^\n]*`)
	non2xxRE  = regexp.MustCompile(`Non-2xx or 3xx responses:[^\n]*`)
)

// wrk loads path with md for d and parses the report.
func (s *server) wrk(path string, md mode, d time.Duration) (wrkResult, error) {
	ctx, cancel := context.WithTimeout(context.Background(), d+30*time.Second)
	defer cancel()
	secs := max(1, int(d.Round(time.Second)/time.Second))
	cmd := exec.CommandContext(ctx, *wrkBin, "-t", strconv.Itoa(md.threads), "-c", strconv.Itoa(md.conns),
		"-d", strconv.Itoa(secs)+"s", "--timeout", "5s", s.url(path))
	out, err := cmd.CombinedOutput()
	if err != nil {
		return wrkResult{}, fmt.Errorf("%v: %s", err, out)
	}
	m := rpsRE.FindSubmatch(out)
	if m == nil {
		return wrkResult{}, fmt.Errorf("no Requests/sec in wrk's output: %s", out)
	}
	rps, _ := strconv.ParseFloat(string(m[1]), 64)
	var errs []string
	for _, re := range []*regexp.Regexp{sockErrRE, non2xxRE} {
		if m := re.Find(out); m != nil {
			errs = append(errs, strings.TrimSpace(string(m)))
		}
	}
	return wrkResult{rps: rps, errors: strings.Join(errs, "; ")}, nil
}

// stopAll ends every server started: SIGTERM to its process group, then
// SIGKILL if it has not exited within 5s.
func stopAll() {
	mu.Lock()
	defer mu.Unlock()
	for _, s := range started {
		if s.cmd.Process == nil {
			continue
		}
		pgid := s.cmd.Process.Pid
		syscall.Kill(-pgid, syscall.SIGTERM)
		select {
		case <-s.done:
		case <-time.After(5 * time.Second):
			syscall.Kill(-pgid, syscall.SIGKILL)
			<-s.done
		}
	}
	started = nil
}
