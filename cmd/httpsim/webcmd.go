package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/httpsim/httpsim/web"
)

// webCmd serves the page embedded in the binary; it needs no network.
func webCmd(args []string) error {
	fs := flag.NewFlagSet("httpsim web", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	bind := fs.String("bind", "127.0.0.1", "bind to this `address`")
	fs.StringVar(bind, "b", "127.0.0.1", "short for --bind")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(os.Stderr)
			fs.PrintDefaults()
			return exitError(0)
		}
		return err
	}
	port := 8000
	switch fs.NArg() {
	case 0:
	case 1:
		p, err := strconv.Atoi(fs.Arg(0))
		if err != nil || p < 0 || p > 65535 {
			return fmt.Errorf("invalid port %q: want a number from 0 to 65535", fs.Arg(0))
		}
		port = p
	default:
		return fmt.Errorf("unexpected arguments %q", fs.Args()[1:])
	}
	h, err := web.Handler()
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(*bind, strconv.Itoa(port)))
	if err != nil {
		return fmt.Errorf("cannot listen on %s port %d: %v", *bind, port, err)
	}
	fmt.Printf("httpsim: serving the page on http://%s/ (Ctrl-C stops)\n", ln.Addr())
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	return srv.Serve(ln)
}
