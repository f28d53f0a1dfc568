// Tbgen writes zz_tracebacks.go: the tracebacks that socketserver's
// handle_error prints when an exception escapes one of our handlers,
// recorded from the pinned CPython interpreters.
//
// Usage (from the pydata directory; go generate does this):
//
//	go run ./tbgen [-stdout] [-banners FILE] [-v] [-pyenv DIR] [-pysrc DIR]
//
// For every release, handler and trigger it starts the real server the
// way users run it, in a fresh directory ($ROOT) holding a.txt, sub/ and,
// for the script handlers, the script copied in as seed.py or upload.py:
//
//	python -u -m http.server -b 127.0.0.1 0      simple, 3.x
//	python -u -m SimpleHTTPServer 0              simple, 2.7
//	python -u $ROOT/seed.py -b 127.0.0.1 0       seed and upload, 3.x
//	python -u $ROOT/seed.py 0                    seed and upload, 2.7
//	python -u $ROOT/serve.py --server C [-b 127.0.0.1] 0   simple under class C
//
// The last form records, for each server class C (TCPServer, HTTPServer,
// ThreadingHTTPServer), the frames above the handler: the entries up to
// the last finish_request, which depend on the class and not on the
// handler. The simple handler's own runs give them for the CLI's class.
//
// with LC_ALL=C.UTF-8, TZ=UTC and a sitecustomize.py on PYTHONPATH that
// pins mimetypes to its built-in table and, in 2.7, binds 127.0.0.1
// instead of the empty host. It reads the port from the startup line, sends the
// trigger's bytes, half-closes, reads to EOF and kills the server. By
// then handle_error has written everything: it runs before
// shutdown_request closes the socket, and -u makes the writes unbuffered.
// The traceback is cut from stderr; the interpreter's Lib directory and
// $ROOT in its File lines become the tokens $PYLIB and $ROOT.
//
// CPython 3.14.2 is the one Pyodide ships: its runs go through the
// in-memory oracle (oracle/pyodide), which starts the same command lines
// inside Pyodide under Node with the fixture tree as the served
// directory ($ROOT) and the scripts copied into it.
//
// A missing interpreter is an error, and so is any output the parser
// does not understand: a chained traceback, a File line outside $PYLIB
// and $ROOT, a raw path left in the text, a run that neither raises nor
// answers. The one tolerated failure is the seed script on a release
// without the cgi module (3.13), which dies at import; it is recorded as
// having no tracebacks.
//
// The output depends only on what the interpreters print, never on the
// host, the ports or the time, so TestTracebacksAreCurrent can compare it
// with the committed file. -banners writes, as JSON, the banner lines
// around every traceback (with the client port replaced by PORT), which
// the test checks; -v logs a one-line summary of every run to stderr.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"io"
	"log"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/httpsim/httpsim/oracle/pyodide"
)

// flags
var (
	toStdout   = flag.Bool("stdout", false, "write the generated file to stdout instead of zz_tracebacks.go")
	bannerFile = flag.String("banners", "", "write the observed handle_error banners to this file as JSON")
	verbose    = flag.Bool("v", false, "log a summary of every run to stderr")
	pyenv      = flag.String("pyenv", pyenvRoot(), "pyenv root holding versions/<release>/bin/python")
	pysrc      = flag.String("pysrc", filepath.Join("..", "..", "pysrc"), "directory holding seed3.py, seed2.py, upload3.py, upload2.py")
)

// releases are the pinned interpreters, oldest first, as in gen.go.
var releases = []string{
	"2.7.18", "3.6.15", "3.7.16", "3.8.18", "3.9.18",
	"3.10.13", "3.11.7", "3.12.1", "3.13.0", pyodide.Python,
}

// handlers are the handler names the simulator uses, in output order.
var handlers = []string{"simple", "seed", "upload"}

// serverClasses are the classes serve.py builds; "cli" (python -m
// http.server) comes from the simple handler's own runs.
var serverClasses = []string{"TCPServer", "HTTPServer", "ThreadingHTTPServer"}

// A trigger is a request that is sent to some handlers. The IDs and
// the bytes are documented, with what raises, in ../traceback.go.
type trigger struct {
	id       string
	handlers []string
	request  string
}

const (
	multipartBody = "--xx\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--xx--\r\n"
	nestedBody    = "--xx\r\nContent-Disposition: form-data; name=\"a\"\r\nContent-Type: multipart/mixed\r\n\r\nv\r\n--xx--\r\n"
)

var triggers = []trigger{
	{"nul-GET", handlers, "GET /a%00b HTTP/1.0\r\n\r\n"},
	{"nul-HEAD", handlers, "HEAD /a%00b HTTP/1.0\r\n\r\n"},
	{"nul-POST", []string{"seed"}, "POST /a%00b HTTP/1.0\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\nk=v"},
	{"nul-PUT", []string{"upload"}, "PUT /x%00y HTTP/1.0\r\nContent-Length: 1\r\n\r\nz"},
	{"put-negative-length", []string{"upload"}, "PUT /x HTTP/1.0\r\nContent-Length: -5\r\n\r\nz"},
	{"put-huge-length", []string{"upload"}, "PUT /x HTTP/1.0\r\nContent-Length: 99999999999999999999\r\n\r\nz"},
	{"post-no-content-type", []string{"seed"}, "POST / HTTP/1.0\r\nContent-Length: 3\r\n\r\nk=v"},
	{"post-text-plain", []string{"seed"}, "POST / HTTP/1.0\r\nContent-Type: text/plain\r\n\r\nz"},
	{"post-text-plain-length", []string{"seed"}, "POST / HTTP/1.0\r\nContent-Type: text/plain\r\nContent-Length: 1\r\n\r\nz"},
	{"post-negative-length", []string{"seed"}, "POST / HTTP/1.0\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: -5\r\n\r\nk=v"},
	{"post-huge-length", []string{"seed"}, "POST / HTTP/1.0\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 99999999999999999999\r\n\r\nk=v"},
	{"post-bad-length", []string{"seed"}, "POST / HTTP/1.0\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: abc\r\n\r\nk=v"},
	{"post-multipart-no-boundary", []string{"seed"}, "POST / HTTP/1.0\r\nContent-Type: multipart/form-data\r\nContent-Length: 1\r\n\r\nz"},
	{"post-multipart-bad-boundary", []string{"seed"}, "POST / HTTP/1.0\r\nContent-Type: multipart/form-data; boundary=\"a \"\r\nContent-Length: 1\r\n\r\nz"},
	{"post-multipart-nested-no-boundary", []string{"seed"}, "POST / HTTP/1.0\r\nContent-Type: multipart/form-data; boundary=xx\r\nContent-Length: " + strconv.Itoa(len(nestedBody)) + "\r\n\r\n" + nestedBody},
	{"post-multipart-zero-length", []string{"seed"}, "POST / HTTP/1.0\r\nContent-Type: multipart/form-data; boundary=xx\r\nContent-Length: 0\r\n\r\n" + multipartBody},
	{"post-multipart-negative-length", []string{"seed"}, "POST / HTTP/1.0\r\nContent-Type: multipart/form-data; boundary=xx\r\nContent-Length: -5\r\n\r\n" + multipartBody},
	{"post-multipart-bad-length", []string{"seed"}, "POST / HTTP/1.0\r\nContent-Type: multipart/form-data; boundary=xx\r\nContent-Length: abc\r\n\r\n" + multipartBody},
	{"listing-lone-surrogate", handlers, "GET /sub/?%ED%A0%80 HTTP/1.0\r\n\r\n"},
}

func pyenvRoot() string {
	if r := os.Getenv("PYENV_ROOT"); r != "" {
		return r
	}
	return "/root/.pyenv"
}

// A run is one server start: release × handler × trigger.
type run struct {
	rel, handler string
	trig         *trigger

	// server is the class serve.py builds ("" for the handler's own
	// program); only the server frames of such a run are kept.
	server string

	// Results.
	noStart bool       // the handler cannot start on rel (seed without cgi)
	status  string     // first line of the response, "" if none
	tb      *traceback // nil if nothing was raised
	banner  banner
	elapsed time.Duration
}

// A traceback is what the generated file stores: the entries with their
// paths tokenized, and the exception line(s) without the final newline.
type traceback struct {
	entries   []string
	exception string
}

// A banner is what handle_error prints around a traceback.
type banner struct {
	Version string `json:"version"`
	Handler string `json:"handler"`
	Trigger string `json:"trigger"`
	Stream  string `json:"stream"` // "stdout" or "stderr": where Before and After went
	Before  string `json:"before"` // the lines before the traceback, client port as PORT
	After   string `json:"after"`  // the lines after it
}

func main() {
	log.SetPrefix("tbgen: ")
	log.SetFlags(0)
	flag.Parse()

	start := time.Now()
	runs, err := runAll()
	if err != nil {
		log.Fatal(err)
	}
	if *verbose {
		for _, r := range runs {
			log.Print(r.summary())
		}
		log.Printf("%d runs in %v", len(runs), time.Since(start).Round(time.Millisecond))
	}
	src, err := generate(runs)
	if err != nil {
		log.Fatal(err)
	}
	if *bannerFile != "" {
		var bs []banner
		for _, r := range runs {
			if r.tb != nil && r.server == "" {
				bs = append(bs, r.banner)
			}
		}
		out, err := json.MarshalIndent(bs, "", "\t")
		if err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(*bannerFile, append(out, '\n'), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	if *toStdout {
		os.Stdout.Write(src)
		return
	}
	if err := os.WriteFile("zz_tracebacks.go", src, 0o644); err != nil {
		log.Fatal(err)
	}
}

func (r *run) summary() string {
	s := fmt.Sprintf("%-8s %-7s %-20s %-34s %5dms ", r.rel, r.handler, r.server, r.trig.id, r.elapsed.Milliseconds())
	switch {
	case r.noStart:
		return s + "does not start"
	case r.tb != nil:
		last := r.tb.entries[len(r.tb.entries)-1]
		last = last[:strings.IndexByte(last, '\n')]
		return s + r.tb.exception + " <-" + strings.TrimPrefix(last, " ")
	default:
		return s + "answers " + r.status
	}
}

// runAll runs every release × handler × trigger, a few servers at a
// time, and returns the runs in output order.
func runAll() ([]*run, error) {
	for _, rel := range releases {
		if rel == pyodide.Python {
			if _, err := pyodide.Node(); err != nil {
				return nil, err
			}
			if _, _, err := pyodide.Dirs(); err != nil {
				return nil, err
			}
			continue
		}
		if _, err := os.Stat(python(rel)); err != nil {
			return nil, fmt.Errorf("interpreter for %s: %v", rel, err)
		}
	}
	var runs []*run
	for _, rel := range releases {
		for _, c := range serverClasses {
			runs = append(runs, &run{rel: rel, handler: "simple", server: c, trig: &triggers[0]})
		}
		for _, h := range handlers {
			for i := range triggers {
				t := &triggers[i]
				for _, th := range t.handlers {
					if th == h {
						runs = append(runs, &run{rel: rel, handler: h, trig: t})
					}
				}
			}
		}
	}
	// The servers mostly wait on the network and on process start-up,
	// so run more of them than there are CPUs.
	sem := make(chan struct{}, 2*runtime.NumCPU()+2)
	errs := make([]error, len(runs))
	var wg sync.WaitGroup
	for i, r := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			t0 := time.Now()
			errs[i] = r.do()
			r.elapsed = time.Since(t0)
			if errs[i] != nil {
				errs[i] = fmt.Errorf("%s %s%s %s: %v", r.rel, r.handler, r.server, r.trig.id, errs[i])
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	// A server that fails to start fails for every trigger or none.
	noStart := make(map[string]bool)
	for _, r := range runs {
		key := r.rel + " " + r.handler + " " + r.server
		if prev, ok := noStart[key]; ok && prev != r.noStart {
			return nil, fmt.Errorf("%s starts for some triggers only", key)
		}
		noStart[key] = r.noStart
	}
	return runs, nil
}

func python(rel string) string {
	return filepath.Join(*pyenv, "versions", rel, "bin", "python")
}

// pylib is the directory of rel's standard library, as tracebacks name it.
func pylib(rel string) string {
	if rel == pyodide.Python {
		return pyodide.StdLib
	}
	return filepath.Join(*pyenv, "versions", rel, "lib", "python"+rel[:strings.LastIndexByte(rel, '.')])
}

// sitecustomize pins mimetypes as dump.py does (the data here does not
// depend on it, but the server should see what the simulator models) and
// makes 2.7's servers, which bind the empty host, bind the loopback address.
const sitecustomize = `import mimetypes
mimetypes.knownfiles[:] = []
mimetypes.init(files=[])
import sys
if sys.version_info[0] == 2:
    import SocketServer
    _server_bind = SocketServer.TCPServer.server_bind
    def server_bind(self):
        self.server_address = ('127.0.0.1', self.server_address[1])
        _server_bind(self)
    SocketServer.TCPServer.server_bind = server_bind
`

const (
	startTimeout = 30 * time.Second
	ioTimeout    = 30 * time.Second
)

// startupLine is test()'s start-up line or seed.py's.
var startupLine = regexp.MustCompile(`(?:Serving HTTP on \S+ port|serving at port) (\d+)\D`)

// session is the one Pyodide process that serves every 3.14 run.
var session struct {
	once sync.Once
	s    *pyodide.Session
	err  error
}

// doPyodide runs r's server once in Pyodide and fills in its results.
func (r *run) doPyodide() error {
	session.once.Do(func() { session.s, session.err = pyodide.Start(context.Background()) })
	if session.err != nil {
		return session.err
	}
	c := &pyodide.Case{Request: []byte(r.trig.request), Fresh: true}
	switch {
	case r.server != "":
		text, err := os.ReadFile(filepath.Join(*pysrc, "serve.py"))
		if err != nil {
			return err
		}
		c.Scripts = []pyodide.Script{{Name: "serve.py", Source: string(text), Dir: pyodide.WWW}}
		c.Argv = []string{pyodide.WWW + "/serve.py", "--server", r.server, "-b", "127.0.0.1", "0"}
	case r.handler == "simple":
		c.Argv = []string{"-m", "http.server", "-b", "127.0.0.1", "0"}
	default:
		text, err := os.ReadFile(filepath.Join(*pysrc, r.handler+"3.py"))
		if err != nil {
			return err
		}
		name := r.handler + ".py"
		c.Scripts = []pyodide.Script{{Name: name, Source: string(text), Dir: pyodide.WWW}}
		c.Argv = []string{pyodide.WWW + "/" + name, "-b", "127.0.0.1", "0"}
	}
	res, err := session.s.Serve(c)
	if err != nil {
		return err
	}
	if res.Exited {
		if r.handler == "seed" && strings.Contains(string(res.Stderr), "No module named 'cgi'") {
			r.noStart = true
			return nil
		}
		return fmt.Errorf("server exited (status %d)\nstdout:\n%s\nstderr:\n%s", res.Code, res.Stdout, res.Stderr)
	}
	resp := res.Response
	if i := bytes.IndexByte(resp, '\n'); i >= 0 {
		r.status = strings.TrimRight(string(resp[:i]), "\r")
	} else {
		r.status = string(resp)
	}
	return r.parse(string(res.Stdout), string(res.Stderr), pyodide.ClientPort, pyodide.WWW)
}

// do runs r's server once and fills in its results.
func (r *run) do() error {
	if r.rel == pyodide.Python {
		return r.doPyodide()
	}
	tmp, err := os.MkdirTemp("", "tbgen")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	// Python prints real paths (os.getcwd), so resolve any symlinked TMPDIR.
	if tmp, err = filepath.EvalSymlinks(tmp); err != nil {
		return err
	}
	root, site := filepath.Join(tmp, "root"), filepath.Join(tmp, "site")
	for _, d := range []string{filepath.Join(root, "sub"), site} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(root, "a.txt"), []byte("hello\n"), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(site, "sitecustomize.py"), []byte(sitecustomize), 0o644); err != nil {
		return err
	}

	py2 := strings.HasPrefix(r.rel, "2.")
	args := []string{"-u"}
	switch {
	case r.server != "":
		text, err := os.ReadFile(filepath.Join(*pysrc, "serve.py"))
		if err != nil {
			return err
		}
		script := filepath.Join(root, "serve.py")
		if err := os.WriteFile(script, text, 0o644); err != nil {
			return err
		}
		args = append(args, script, "--server", r.server)
		if !py2 {
			args = append(args, "-b", "127.0.0.1")
		}
		args = append(args, "0")
	case r.handler == "simple" && py2:
		args = append(args, "-m", "SimpleHTTPServer", "0")
	case r.handler == "simple":
		args = append(args, "-m", "http.server", "-b", "127.0.0.1", "0")
	default:
		src := r.handler + "3.py"
		if py2 {
			src = r.handler + "2.py"
		}
		text, err := os.ReadFile(filepath.Join(*pysrc, src))
		if err != nil {
			return err
		}
		script := filepath.Join(root, r.handler+".py")
		if err := os.WriteFile(script, text, 0o644); err != nil {
			return err
		}
		args = append(args, script)
		if !py2 {
			args = append(args, "-b", "127.0.0.1")
		}
		args = append(args, "0")
	}

	cmd := exec.Command(python(r.rel), args...)
	cmd.Dir = root
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + tmp,
		"LC_ALL=C.UTF-8",
		"TZ=UTC",
		"PYTHONPATH=" + site,
	}
	stdout := &portWatcher{port: make(chan int, 1)}
	var stderr lockedBuffer
	cmd.Stdout, cmd.Stderr = stdout, &stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop := func() {
		cmd.Process.Kill()
		<-exited
	}

	var port int
	select {
	case port = <-stdout.port:
	case err := <-exited:
		if r.handler == "seed" && strings.Contains(stderr.String(), "No module named 'cgi'") {
			r.noStart = true
			return nil
		}
		return fmt.Errorf("server exited before listening (%v)\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	case <-time.After(startTimeout):
		stop()
		return fmt.Errorf("no startup line after %v\nstdout:\n%s\nstderr:\n%s", startTimeout, stdout.String(), stderr.String())
	}

	resp, clientPort, err := exchange(port, r.trig.request)
	stop()
	if err != nil {
		return err
	}
	if i := bytes.IndexByte(resp, '\n'); i >= 0 {
		r.status = strings.TrimRight(string(resp[:i]), "\r")
	} else {
		r.status = string(resp)
	}
	return r.parse(stdout.String(), stderr.String(), clientPort, root)
}

// exchange sends request to the server on port, half-closes and reads
// the response to EOF. It returns the response and the client's port.
func exchange(port int, request string) ([]byte, int, error) {
	c, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), ioTimeout)
	if err != nil {
		return nil, 0, err
	}
	defer c.Close()
	conn := c.(*net.TCPConn)
	conn.SetDeadline(time.Now().Add(ioTimeout))
	if _, err := io.WriteString(conn, request); err != nil {
		return nil, 0, err
	}
	if err := conn.CloseWrite(); err != nil {
		return nil, 0, err
	}
	resp, err := io.ReadAll(conn)
	if err != nil {
		return nil, 0, err
	}
	return resp, conn.LocalAddr().(*net.TCPAddr).Port, nil
}

const (
	dashes    = "----------------------------------------"
	tbHeader  = "Traceback (most recent call last):"
	filePrefx = "  File \""
)

var (
	bannerLine = regexp.MustCompile(`^Exception \w+ during processing of request from `)
	fileLine   = regexp.MustCompile(`^  File "([^"]*)", line \d+, in \S+$`)
)

// parse cuts the traceback and its banner out of the server's output.
func (r *run) parse(stdout, stderr string, clientPort int, root string) error {
	errLines := strings.Split(stderr, "\n")
	tbAt := -1
	for i, l := range errLines {
		if l == tbHeader {
			if tbAt >= 0 {
				return fmt.Errorf("more than one traceback on stderr:\n%s", stderr)
			}
			tbAt = i
		}
	}
	if tbAt < 0 {
		if strings.Contains(stdout+stderr, "during processing of request") {
			return fmt.Errorf("a banner but no traceback:\nstdout:\n%s\nstderr:\n%s", stdout, stderr)
		}
		if r.status == "" {
			return fmt.Errorf("no traceback and no response\nstderr:\n%s", stderr)
		}
		return nil
	}

	// Entries: a File line, then its source and caret lines.
	tb := new(traceback)
	i := tbAt + 1
	var cur strings.Builder
	for ; i < len(errLines) && strings.HasPrefix(errLines[i], "  "); i++ {
		l := errLines[i]
		if strings.HasPrefix(l, filePrefx) {
			if cur.Len() > 0 {
				tb.entries = append(tb.entries, cur.String())
				cur.Reset()
			}
			m := fileLine.FindStringSubmatch(l)
			if m == nil {
				return fmt.Errorf("cannot parse %q", l)
			}
			tok, err := tokenize(m[1], pylib(r.rel), root)
			if err != nil {
				return err
			}
			l = strings.Replace(l, m[1], tok, 1)
		} else if cur.Len() == 0 || !strings.HasPrefix(l, "    ") {
			return fmt.Errorf("unexpected line %q in traceback:\n%s", l, stderr)
		}
		cur.WriteString(l + "\n")
	}
	if cur.Len() == 0 {
		return fmt.Errorf("traceback without entries:\n%s", stderr)
	}
	tb.entries = append(tb.entries, cur.String())

	// The exception: up to the closing dashes in 3.x, to the end of
	// stderr in 2.7, where handle_error prints the banner to stdout.
	j := i
	for j < len(errLines) && errLines[j] != dashes {
		j++
	}
	exc := strings.TrimRight(strings.Join(errLines[i:j], "\n"), "\n")
	if exc == "" {
		return fmt.Errorf("traceback without exception:\n%s", stderr)
	}
	if strings.Contains(exc, "During handling of the above exception") || strings.Contains(exc, "direct cause of the following") {
		return fmt.Errorf("chained traceback; tbgen does not record those:\n%s", stderr)
	}
	tb.exception = exc
	all := strings.Join(tb.entries, "") + exc
	for _, p := range []string{*pyenv, root, filepath.Dir(root)} {
		if strings.Contains(all, p) {
			return fmt.Errorf("path %s left in the traceback:\n%s", p, all)
		}
	}
	r.tb = tb

	// The banner: two lines before the traceback and a line after it,
	// on stderr (3.x) or on stdout around nothing (2.7).
	port := "('127.0.0.1', " + strconv.Itoa(clientPort) + ")"
	b := banner{Version: r.rel, Handler: r.handler, Trigger: r.trig.id}
	outLines := strings.Split(stdout, "\n")
	switch {
	case tbAt >= 2 && bannerLine.MatchString(errLines[tbAt-1]):
		b.Stream = "stderr"
		b.Before = errLines[tbAt-2] + "\n" + errLines[tbAt-1] + "\n"
		if j < len(errLines) {
			b.After = errLines[j] + "\n"
		}
	default:
		for k := 1; k+1 < len(outLines); k++ {
			if bannerLine.MatchString(outLines[k]) {
				if b.Stream != "" {
					return fmt.Errorf("two banners on stdout:\n%s", stdout)
				}
				b.Stream = "stdout"
				b.Before = outLines[k-1] + "\n" + outLines[k] + "\n"
				b.After = outLines[k+1] + "\n"
			}
		}
		if b.Stream == "" {
			return fmt.Errorf("no banner found\nstdout:\n%s\nstderr:\n%s", stdout, stderr)
		}
	}
	b.Before = strings.Replace(b.Before, port, "('127.0.0.1', PORT)", 1)
	r.banner = b
	return nil
}

// tokenize replaces the library directory or root at the start of path
// by $PYLIB or $ROOT.
func tokenize(path, lib, root string) (string, error) {
	if rest, ok := strings.CutPrefix(path, lib+"/"); ok {
		return "$PYLIB/" + rest, nil
	}
	if rest, ok := strings.CutPrefix(path, root+"/"); ok {
		return "$ROOT/" + rest, nil
	}
	return "", fmt.Errorf("traceback names %s, outside %s and %s", path, lib, root)
}

// lockedBuffer is a bytes.Buffer that the process's writer goroutine and
// ours may share.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// portWatcher collects stdout and sends the port of the startup line,
// once, on port.
type portWatcher struct {
	lockedBuffer
	port chan int
	sent bool
}

func (w *portWatcher) Write(p []byte) (int, error) {
	n, err := w.lockedBuffer.Write(p)
	if !w.sent {
		if m := startupLine.FindStringSubmatch(w.String()); m != nil {
			w.sent = true
			port, _ := strconv.Atoi(m[1])
			w.port <- port
		}
	}
	return n, err
}

// generate renders the Go file. Entries and tracebacks shared between
// runs (most frames are) are emitted once.
func generate(runs []*run) ([]byte, error) {
	var (
		body     bytes.Buffer // the tracebacks map
		tbs      bytes.Buffer // the tbN variables
		consts   bytes.Buffer // the entry constants
		entryIDs = map[string]string{}
		tbIDs    = map[string]string{}
	)
	entryID := func(e string) string {
		id, ok := entryIDs[e]
		if !ok {
			id = "tbe" + strconv.Itoa(len(entryIDs))
			entryIDs[e] = id
			fmt.Fprintf(&consts, "%s = %q\n", id, e)
		}
		return id
	}
	var servers bytes.Buffer
	servers.WriteString("var serverEntries = map[serverKey][]string{\n")
	for _, r := range runs {
		if r.trig.id != triggers[0].id || r.handler != "simple" || r.tb == nil {
			continue
		}
		class := r.server
		if class == "" {
			class = "cli"
		}
		n, err := serverPart(r.tb.entries)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %v", r.rel, class, err)
		}
		var names []string
		for _, e := range r.tb.entries[:n] {
			names = append(names, entryID(e))
		}
		fmt.Fprintf(&servers, "{%q, %q}: {%s},\n", r.rel, class, strings.Join(names, ", "))
	}
	servers.WriteString("}\n\n")
	// The handler part under every class must be the one the simple
	// handler's own run shows, or splicing would be wrong.
	own := map[string][]string{}
	for _, r := range runs {
		if r.trig.id == triggers[0].id && r.handler == "simple" && r.server == "" && r.tb != nil {
			n, _ := serverPart(r.tb.entries)
			own[r.rel] = r.tb.entries[n:]
		}
	}
	for _, r := range runs {
		if r.server == "" || r.tb == nil {
			continue
		}
		n, _ := serverPart(r.tb.entries)
		if got, want := strings.Join(r.tb.entries[n:], ""), strings.Join(own[r.rel], ""); got != want || r.tb.exception == "" {
			return nil, fmt.Errorf("%s under %s: the handler's frames differ from python -m http.server's:\n%s\nwant\n%s", r.rel, r.server, got, want)
		}
	}

	body.WriteString("var tracebacks = map[tracebackKey]*Traceback{\n")
	prev := ""
	for _, r := range runs {
		if r.tb == nil || r.server != "" {
			continue
		}
		if prev != "" && prev != r.rel {
			body.WriteString("\n")
		}
		prev = r.rel
		var names []string
		for _, e := range r.tb.entries {
			names = append(names, entryID(e))
		}
		key := strings.Join(names, ",") + "\x00" + r.tb.exception
		id, ok := tbIDs[key]
		if !ok {
			id = "tb" + strconv.Itoa(len(tbIDs))
			tbIDs[key] = id
			fmt.Fprintf(&tbs, "%s = &Traceback{[]string{%s}, %q}\n", id, strings.Join(names, ", "), r.tb.exception)
		}
		fmt.Fprintf(&body, "{%q, %q, %q}: %s,\n", r.rel, r.handler, r.trig.id, id)
	}
	body.WriteString("}\n\n")

	var out bytes.Buffer
	out.WriteString("// Code generated by tbgen from the pinned CPython interpreters. DO NOT EDIT.\n\n")
	out.WriteString("package pydata\n\n")
	out.WriteString("// Triggers are the requests whose tracebacks were recorded, in the order\n")
	out.WriteString("// of the constants in traceback.go.\n")
	out.WriteString("var Triggers = []Trigger{\n")
	for _, t := range triggers {
		fmt.Fprintf(&out, "{%q, %#v, %q},\n", t.id, t.handlers, t.request)
	}
	out.WriteString("}\n\n")
	out.Write(body.Bytes())
	out.WriteString("// serverEntries are the entries above the handler's, up to the last\n")
	out.WriteString("// finish_request, under each server class.\n")
	out.Write(servers.Bytes())
	out.WriteString("var (\n")
	out.Write(tbs.Bytes())
	out.WriteString(")\n\n")
	out.WriteString("// Traceback entries, each a File line with its source and caret lines.\n")
	out.WriteString("const (\n")
	out.Write(consts.Bytes())
	out.WriteString(")\n")
	src, err := format.Source(out.Bytes())
	if err != nil {
		return nil, fmt.Errorf("formatting output: %v", err)
	}
	return src, nil
}

// serverPart returns how many of entries belong to the server class: up
// to and including the last finish_request.
func serverPart(entries []string) (int, error) {
	for i := len(entries) - 1; i >= 0; i-- {
		first, _, _ := strings.Cut(entries[i], "\n")
		if strings.HasSuffix(first, ", in finish_request") {
			return i + 1, nil
		}
	}
	return 0, errors.New("no finish_request entry")
}
