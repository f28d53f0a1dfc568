// Package pyproc runs a handler script under a live CPython interpreter
// and talks to it as a client of the page would: one raw connection per
// request on a loopback port, the sending side closed, the answer read
// until the server closes, and the process's stdout and stderr taken
// piece by piece so that each piece belongs to one request. Both the
// gallery's recorder (e2e/record) and the differential tests of
// learners' scripts (internal/pydiff) drive CPython this way.
package pyproc

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"os/exec"
	"sync"
	"time"
)

// FreePort returns a loopback TCP port that was free a moment ago: the
// script is told it on its command line, as a learner would run it.
func FreePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// Exchange sends raw on one connection to addr, closes the sending side
// as the page's client does, and reads until the server closes. timeout
// bounds the dial and, from then on, the whole exchange, so that a
// script that never answers fails the run instead of hanging it.
func Exchange(addr string, raw []byte, timeout time.Duration) ([]byte, error) {
	c, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(timeout))
	if _, err := c.Write(raw); err != nil {
		return nil, err
	}
	c.(*net.TCPConn).CloseWrite()
	return io.ReadAll(c)
}

// WaitFor polls ok until it holds or d has passed.
func WaitFor(ok func() bool, d time.Duration) error {
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if ok() {
			return nil
		}
	}
	return fmt.Errorf("timed out after %v", d)
}

// Output collects one stream of a process. The process's copying
// goroutine writes while the caller reads, hence the lock.
type Output struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (o *Output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.Write(p)
}

// String returns what came since the last Take.
func (o *Output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

// Len is the length of what came since the last Take.
func (o *Output) Len() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.Len()
}

// Take returns what came since the last Take.
func (o *Output) Take() []byte {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := bytes.Clone(o.buf.Bytes())
	o.buf.Reset()
	return out
}

// Settle waits until none of outs has grown for a while: the process
// writes its log before it closes the connection, but the pipe may lag.
func Settle(outs ...*Output) {
	last := -1
	for i := 0; i < 100; i++ {
		n := 0
		for _, o := range outs {
			n += o.Len()
		}
		if n == last {
			return
		}
		last = n
		time.Sleep(60 * time.Millisecond)
	}
}

// Proc is a started interpreter with its two streams collected.
type Proc struct {
	Cmd            *exec.Cmd
	Stdout, Stderr Output
	done           chan struct{}
}

// Start starts cmd with its stdout and stderr going to the Proc's.
func Start(cmd *exec.Cmd) (*Proc, error) {
	p := &Proc{Cmd: cmd, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = &p.Stdout, &p.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() { cmd.Wait(); close(p.done) }()
	return p, nil
}

// Exited reports whether the process has ended (by itself, for a script
// that failed or returned, until Stop is called).
func (p *Proc) Exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// Stop kills the process and waits for it, and for its streams.
func (p *Proc) Stop() {
	p.Cmd.Process.Kill()
	<-p.done
}
