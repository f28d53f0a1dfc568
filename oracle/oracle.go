// Package oracle runs the conformance corpus (testdata/corpus) against real
// servers: the CPython interpreters that httpsim imitates, and the httpsim
// binary itself.
//
// # The life of a case
//
// [Run] serves one case with one [Target] under one CPython [corpus.Version]:
//
//  1. A scratch directory gets a fresh copy of the fixture tree
//     (internal/fixture) in www/, which becomes the server's working
//     directory, so a PUT in one case cannot leak into another.
//  2. The target's command starts with a small fixed environment
//     (LC_ALL=C.UTF-8, TZ=UTC, ...) and port 0. Run reads the port from the
//     startup line on stdout ("Serving HTTP on 127.0.0.1 port N ...").
//     A server that exits before printing it (the seed handler under 3.13
//     cannot import cgi) is recorded as it is: no response, its stderr, its
//     exit status.
//  3. Run connects, writes the request bytes (in a goroutine, ignoring write
//     errors: a server may answer and close before reading everything), then
//     half-closes the connection so the server reads EOF after the request.
//  4. It reads the response until EOF; a connection reset after (or
//     instead of) data ends the response too, since a server that closes
//     with unread input resets the connection.
//  5. It drains the server's stdout and stderr pipes. By the time the
//     connection is closed, the server has written everything about it:
//     the access log comes before the response, handle_error runs before
//     the socket is shut down, and -u makes Python's writes unbuffered.
//  6. It kills the server and [corpus.Normalizer] replaces run-dependent
//     values (dates, ports, paths) with placeholders.
//
// [RunShared] serves several cases with one server, one connection after
// another, giving each case the startup output plus what the server wrote
// during its connection. Starting an interpreter is most of the cost of a
// case, so the tests use it for the cases that cannot change the served
// tree (see [Shareable]); TestLiveCPython then also proves that sharing
// makes no difference, because the recorder serves every case alone.
//
// The record command (go run ./oracle/cmd/record) stores the CPython
// transcripts in testdata/oracle; the tests in this package check that they
// are current and compare httpsim with CPython.
package oracle

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/httpsim/httpsim/internal/corpus"
	"github.com/httpsim/httpsim/internal/fixture"
)

// Timeouts; exceeding one is an error, never a recording.
const (
	StartTimeout = 20 * time.Second // until the startup line
	CaseTimeout  = 30 * time.Second // one connection
)

// A Target knows how to start one kind of server.
type Target struct {
	// Name identifies the target in messages: "cpython", "httpsim".
	Name string

	// Command returns the command line and the extra environment
	// ("KEY=value") that serve case c as version v. scratch is a private
	// directory of the run (the fixture is scratch/www and is the working
	// directory).
	Command func(v corpus.Version, c *corpus.Case, scratch string) (argv, env []string, err error)

	// Paths returns the paths to normalise for version v with the given
	// scratch directory, beyond the served directory ($ROOT, which Run
	// adds itself); see [corpus.Normalizer].
	Paths func(v corpus.Version, scratch string) map[string]string
}

// baseEnv is the whole environment of a server besides the target's own
// variables: nothing is inherited from the caller.
var baseEnv = []string{
	"PATH=/usr/local/bin:/usr/bin:/bin",
	"LC_ALL=C.UTF-8",
	"LANG=C.UTF-8",
	"TZ=UTC",
	"PYTHONDONTWRITEBYTECODE=1",
}

// Shareable reports whether c may share a server with other cases: it must
// not change the served tree. (The upload handler writes files.)
func Shareable(c *corpus.Case) bool { return c.Handler != corpus.Upload }

// Run serves case c alone with a new server of target t under version v
// and returns the normalised transcript.
func Run(ctx context.Context, t *Target, v corpus.Version, c *corpus.Case) (*corpus.Transcript, error) {
	trs, err := RunShared(ctx, t, v, []*corpus.Case{c})
	if err != nil {
		return nil, err
	}
	return trs[0], nil
}

// RunShared serves the cases, which must agree in handler and protocol,
// with one server of target t under version v, one connection after
// another, and returns their transcripts in order. Each transcript holds
// what the server wrote at startup plus what it wrote during the case's
// connection. If the server exits at startup, every case gets that
// transcript; if it exits later, that is an error.
func RunShared(ctx context.Context, t *Target, v corpus.Version, cases []*corpus.Case) ([]*corpus.Transcript, error) {
	if len(cases) == 0 {
		return nil, nil
	}
	first := cases[0]
	for _, c := range cases[1:] {
		if c.Handler != first.Handler || c.Protocol != first.Protocol || c.Server != first.Server {
			return nil, fmt.Errorf("oracle: cases %s and %s cannot share a server", first.Name, c.Name)
		}
	}
	name := first.Name
	if len(cases) > 1 {
		name = fmt.Sprintf("%s and %d more cases", first.Name, len(cases)-1)
	}
	trs, err := runShared(ctx, t, v, cases)
	if err != nil {
		return nil, fmt.Errorf("%s %s %s: %w", t.Name, v.Minor, name, err)
	}
	return trs, nil
}

func runShared(ctx context.Context, t *Target, v corpus.Version, cases []*corpus.Case) ([]*corpus.Transcript, error) {
	scratch, www, err := makeSite()
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(scratch)
	argv, env, err := t.Command(v, cases[0], scratch)
	if err != nil {
		return nil, err
	}
	paths := map[string]string{}
	if t.Paths != nil {
		paths = t.Paths(v, scratch)
	}
	paths[www] = corpus.RootPlaceholder
	if real, err := filepath.EvalSymlinks(www); err == nil {
		paths[real] = corpus.RootPlaceholder
	}
	norm := &corpus.Normalizer{Paths: paths}
	command := displayCommand(argv, env, norm)
	newTranscript := func(c *corpus.Case) *corpus.Transcript {
		return &corpus.Transcript{Case: c.Name, Version: v.Minor, Command: command}
	}

	s, err := start(ctx, argv, env, www)
	if err != nil {
		return nil, err
	}
	defer s.kill()
	startOut, startErr := s.stdout.take(), s.stderr.take()

	var trs []*corpus.Transcript
	if s.port == "" { // exited at startup
		code, err := s.exitCode()
		if err != nil {
			return nil, err
		}
		for _, c := range cases {
			tr := newTranscript(c)
			tr.Stdout, tr.Stderr = bytes.Clone(startOut), bytes.Clone(startErr)
			tr.Exited, tr.ExitCode = true, code
			norm.Normalize(tr)
			trs = append(trs, tr)
		}
		return trs, nil
	}

	for i, c := range cases {
		if s.hasExited() {
			return nil, fmt.Errorf("server exited after case %s\nstderr:\n%s", cases[i-1].Name, s.stderr.take())
		}
		cctx, cancel := context.WithTimeout(ctx, CaseTimeout)
		resp, err := exchange(cctx, "127.0.0.1:"+s.port, c.Request)
		cancel()
		if err != nil {
			return nil, fmt.Errorf("case %s: %v\nstderr:\n%s", c.Name, err, s.stderr.take())
		}
		tr := newTranscript(c)
		tr.Response = resp
		if len(cases) == 1 && s.hasExited() {
			// Alone, a server that died during its case is recorded so.
			if tr.ExitCode, err = s.exitCode(); err != nil {
				return nil, err
			}
			tr.Exited = true
		}
		tr.Stdout = append(bytes.Clone(startOut), s.stdout.take()...)
		tr.Stderr = append(bytes.Clone(startErr), s.stderr.take()...)
		norm.Normalize(tr)
		trs = append(trs, tr)
	}
	return trs, nil
}

// makeSite creates a scratch directory with the fixture site in its www
// subdirectory, which the server serves. The caller removes scratch.
func makeSite() (scratch, www string, err error) {
	scratch, err = makeScratch()
	if err != nil {
		return "", "", err
	}
	www = filepath.Join(scratch, "www")
	if err = os.Mkdir(www, 0o755); err == nil {
		err = fixture.Write(www)
	}
	if err != nil {
		os.RemoveAll(scratch)
		return "", "", err
	}
	return scratch, www, nil
}

// makeScratch creates a scratch directory. Its name has a fixed length, so
// that the served directory, scratch/www, has the length of
// [corpus.RecordedRoot]: one behaviour puts the served directory's name
// into a page, and so its length into Content-Length (the listing title of
// 3.6 and 3.7 when the URL does not unquote as UTF-8).
func makeScratch() (string, error) {
	base := scratchBase()
	for range 100 {
		dir := filepath.Join(base, fmt.Sprintf("httpsim-oracle-%08x", rand.Uint32()))
		err := os.Mkdir(dir, 0o700)
		if err == nil {
			return dir, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return "", err
		}
	}
	return "", errors.New("oracle: cannot create a scratch directory")
}

// scratchBase returns where scratch directories go: $HTTPSIM_ORACLE_TMP if
// set, else /dev/shm. Writing the fixture to tmpfs takes milliseconds; on a
// disk file system it can take a tenth of a second, most of a case.
func scratchBase() string {
	if d := os.Getenv("HTTPSIM_ORACLE_TMP"); d != "" {
		return d
	}
	return "/dev/shm"
}

// A server is a running server process.
type server struct {
	cmd            *exec.Cmd
	stdout, stderr *pipe
	port           string // "" if the server exited before printing its startup line
	exited         chan struct{}
	waitErr        error
	stopDrain      chan struct{}
}

// startupRE finds the port in the startup line, once the line is complete
// (print may write it in pieces).
var startupRE = regexp.MustCompile(`(?:Serving HTTP on \S+ port|serving at port) (\d+)[^\n]*\n`)

// start starts a server and waits for its startup line or its exit.
func start(ctx context.Context, argv, env []string, dir string) (*server, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = append(append([]string(nil), baseEnv...), env...)
	s := &server{cmd: cmd, exited: make(chan struct{}), stopDrain: make(chan struct{})}
	var err error
	var outW, errW *os.File
	if s.stdout, outW, err = newPipe(); err != nil {
		return nil, err
	}
	if s.stderr, errW, err = newPipe(); err != nil {
		s.stdout.close()
		outW.Close()
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = outW, errW
	err = cmd.Start()
	outW.Close()
	errW.Close()
	if err != nil {
		s.stdout.close()
		s.stderr.close()
		return nil, err
	}
	go func() { s.waitErr = cmd.Wait(); close(s.exited) }()
	// Keep the pipes from filling up while the server runs.
	go func() {
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				s.stdout.drain()
				s.stderr.drain()
			case <-s.stopDrain:
				return
			}
		}
	}()

	deadline := time.After(StartTimeout)
	poll := time.NewTicker(2 * time.Millisecond)
	defer poll.Stop()
	for {
		if m := startupRE.FindSubmatch(s.stdout.peek()); m != nil {
			s.port = string(m[1])
			return s, nil
		}
		select {
		case <-s.exited:
			s.finish()
			if m := startupRE.FindSubmatch(s.stdout.peek()); m != nil {
				return nil, fmt.Errorf("server exited right after starting: %v\nstderr:\n%s", s.waitErr, s.stderr.peek())
			}
			return s, nil
		case <-poll.C:
		case <-deadline:
			s.kill()
			return nil, fmt.Errorf("no startup line within %v\nstdout:\n%s\nstderr:\n%s", StartTimeout, s.stdout.peek(), s.stderr.peek())
		case <-ctx.Done():
			s.kill()
			return nil, ctx.Err()
		}
	}
}

func (s *server) hasExited() bool {
	select {
	case <-s.exited:
		return true
	default:
		return false
	}
}

// exitCode returns the status of a server that has exited by itself.
func (s *server) exitCode() (int, error) {
	<-s.exited
	if s.waitErr == nil {
		return 0, nil
	}
	var ee *exec.ExitError
	if errors.As(s.waitErr, &ee) && ee.Exited() {
		return ee.ExitCode(), nil
	}
	return 0, s.waitErr
}

// finish reads the rest of the output of an exited server and closes the
// pipes. It may be called more than once.
func (s *server) finish() {
	select {
	case <-s.stopDrain:
	default:
		close(s.stopDrain)
	}
	s.stdout.drain()
	s.stderr.drain()
	s.stdout.close()
	s.stderr.close()
}

// kill stops the server if it is still running.
func (s *server) kill() {
	if !s.hasExited() {
		s.cmd.Process.Kill()
		<-s.exited
	}
	s.finish()
}

// A pipe is the read end of a server's stdout or stderr. Reads never block:
// drain takes whatever the pipe holds, so after the server has written
// something (and, for example, then closed a connection), drain is sure to
// have it.
type pipe struct {
	mu     sync.Mutex
	f      *os.File
	buf    bytes.Buffer
	taken  int // bytes of buf handed out by take
	closed bool
}

func newPipe() (*pipe, *os.File, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, nil, err
	}
	return &pipe{f: r}, w, nil
}

// drain reads everything the pipe holds now.
func (p *pipe) drain() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	rc, err := p.f.SyscallConn()
	if err != nil {
		return
	}
	var tmp [32 << 10]byte
	rc.Read(func(fd uintptr) bool {
		for {
			n, err := syscall.Read(int(fd), tmp[:])
			if n > 0 {
				p.buf.Write(tmp[:n])
				continue
			}
			if err == syscall.EINTR {
				continue
			}
			return true // EOF, EAGAIN or an error: done for now
		}
	})
}

// peek drains the pipe and returns a copy of everything read so far.
func (p *pipe) peek() []byte {
	p.drain()
	p.mu.Lock()
	defer p.mu.Unlock()
	return bytes.Clone(p.buf.Bytes())
}

// take drains the pipe and returns what was read since the last take.
func (p *pipe) take() []byte {
	p.drain()
	p.mu.Lock()
	defer p.mu.Unlock()
	out := bytes.Clone(p.buf.Bytes()[p.taken:])
	p.taken = p.buf.Len()
	return out
}

func (p *pipe) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.closed {
		p.closed = true
		p.f.Close()
	}
}

// exchange sends req on a new connection to addr, half-closes it and
// returns everything read until EOF.
func exchange(ctx context.Context, addr string, req []byte) ([]byte, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if deadline, ok := ctx.Deadline(); ok {
		conn.SetDeadline(deadline)
	}
	tcp := conn.(*net.TCPConn)
	go func() {
		// Errors are expected when the server closes early (EPIPE, ECONNRESET).
		if _, err := tcp.Write(req); err == nil {
			tcp.CloseWrite()
		}
	}()
	var resp bytes.Buffer
	_, err = io.Copy(&resp, tcp)
	if err != nil && !errors.Is(err, syscall.ECONNRESET) {
		return resp.Bytes(), fmt.Errorf("reading the response after %d bytes: %w", resp.Len(), err)
	}
	return resp.Bytes(), nil
}

// displayCommand renders a command line for a transcript's comment.
func displayCommand(argv, env []string, norm *corpus.Normalizer) string {
	var parts []string
	for _, e := range env {
		if !strings.HasPrefix(e, "PYTHONPATH=") {
			parts = append(parts, e)
		}
	}
	parts = append(parts, filepath.Base(argv[0]))
	parts = append(parts, argv[1:]...)
	tr := &corpus.Transcript{Stdout: []byte(strings.Join(parts, " "))}
	norm.Normalize(tr)
	return string(tr.Stdout)
}
