package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/httpsim/httpsim/sim"
)

// lockedWriter keeps lines from concurrent connections whole.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// exitError ends the program with a status and no further message.
type exitError int

func (e exitError) Error() string { return "exit status " + strconv.Itoa(int(e)) }

func serve(args []string) error {
	var o options
	if err := o.parse("serve", args, false, true); err != nil {
		return err
	}
	fsys, err := newDirFS(o.dir)
	if err != nil {
		return err
	}
	stdout := &lockedWriter{w: os.Stdout}
	stderr := &lockedWriter{w: os.Stderr}
	srv := &sim.Server{
		Profile: o.profile, Handler: o.class, ServerClass: o.server, FS: fsys, Directory: o.dir,
		Protocol: o.protocol, Now: time.Now, Stderr: stderr, Stdout: stdout, NoTrace: true,
	}
	warn, perr := srv.Startup()
	io.WriteString(stderr, warn)
	if perr != nil {
		io.WriteString(stderr, perr.Format())
		return exitError(1)
	}
	bind := o.bind
	if bind == "" {
		bind = srv.DefaultBind()
	}
	network := "tcp4"
	if ip := net.ParseIP(bind); ip == nil || ip.To4() == nil {
		network = "tcp"
	}
	ln, err := net.Listen(network, net.JoinHostPort(bind, strconv.Itoa(o.port)))
	if err != nil {
		var se *os.SyscallError
		if errors.As(err, &se) && errors.Is(se.Err, syscall.EADDRINUSE) {
			return fmt.Errorf("cannot listen on %s port %d: address already in use", bind, o.port)
		}
		return fmt.Errorf("cannot listen on %s port %d: %v", bind, o.port, err)
	}
	addr := ln.Addr().(*net.TCPAddr)
	host := addr.IP.String()
	dualStack := addr.IP.To4() == nil && addr.IP.IsUnspecified()
	fmt.Fprintln(stdout, srv.Banner(host, addr.Port))

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		sig := <-sigs
		if sig == os.Interrupt {
			io.WriteString(stdout, srv.Interrupted())
			if o.class != sim.SeedHandler && !o.profile.Threaded() {
				io.WriteString(stderr, "KeyboardInterrupt\n")
				os.Exit(1)
			}
		}
		os.Exit(0)
	}()

	// A single-threaded class (TCPServer, HTTPServer) accepts the next
	// connection only when the current one is over, so a client that
	// sends half a request holds up every other, as in CPython: the
	// others wait in the listen backlog.
	var backoff time.Duration
	for {
		c, err := ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return err
			}
			// socketserver logs nothing and keeps serving when accept
			// fails (out of file descriptors, say); wait a little, as
			// net/http does, so the loop does not spin.
			backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
			time.Sleep(backoff)
			continue
		}
		backoff = 0
		cs := *srv
		ra := c.RemoteAddr().(*net.TCPAddr)
		cs.ClientAddr, cs.ClientPort = ra.IP.String(), ra.Port
		if dualStack && ra.IP.To4() != nil {
			cs.ClientAddr = "::ffff:" + ra.IP.To4().String()
		}
		run := func() {
			cs.ServeConn(c, c, nil)
			if tc, ok := c.(*net.TCPConn); ok {
				tc.CloseWrite()
			}
			c.Close()
		}
		if srv.Threaded() {
			go run()
		} else {
			run()
		}
	}
}
