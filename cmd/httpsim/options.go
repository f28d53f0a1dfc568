package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/httpsim/httpsim/sim"
)

// options are the flags serve and request share, spelled as python -m
// http.server spells them.
type options struct {
	python, handler, server, bind, dir, protocol, trace string
	port                                                int
	profile                                             *sim.Profile
	class                                               *sim.Class
	tls                                                 string // the first TLS option given, "--tls-cert"
}

// tlsFlags are python -m http.server's HTTPS options (3.14). They are
// recognised so that they can be refused clearly: httpsim speaks plain
// HTTP only.
var tlsFlags = []string{"tls-cert", "tls-key", "tls-password-file"}

func (o *options) flags(name string, withTrace bool) *flag.FlagSet {
	fs := flag.NewFlagSet("httpsim "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.python, "python", sim.DefaultProfile().Name, "Python `version` to simulate (2.7, 3.6 ... 3.14)")
	fs.StringVar(&o.handler, "handler", "simple", "handler class: simple, seed or upload")
	fs.StringVar(&o.server, "server", "", "server `class`: TCPServer, HTTPServer, ThreadingHTTPServer or cli (default: the handler program's own, cli for simple, TCPServer for seed)")
	fs.StringVar(&o.bind, "bind", "", "bind to this `address` (default: all interfaces)")
	fs.StringVar(&o.bind, "b", "", "short for --bind")
	fs.StringVar(&o.dir, "directory", ".", "serve this `directory`")
	fs.StringVar(&o.dir, "d", ".", "short for --directory")
	fs.StringVar(&o.protocol, "protocol", "HTTP/1.0", "conform to this HTTP `version`")
	fs.StringVar(&o.protocol, "p", "HTTP/1.0", "short for --protocol")
	if withTrace {
		fs.StringVar(&o.trace, "trace", "", "write the exchanges and their traces as JSON to `file`")
	}
	for _, name := range tlsFlags {
		fs.Func(name, "refused: TLS is out of scope (Python 3.14's HTTPS option)", func(string) error {
			if o.tls == "" {
				o.tls = "--" + name
			}
			return nil
		})
	}
	return fs
}

// parse reads flags and positional arguments in any order, as argparse
// does, and checks them.
func (o *options) parse(name string, args []string, withTrace, wantPort bool) error {
	fs := o.flags(name, withTrace)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(os.Stderr)
				fs.PrintDefaults()
				return exitError(0)
			}
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	o.port = 8000
	switch {
	case len(pos) == 1 && wantPort:
		p, err := strconv.Atoi(pos[0])
		if err != nil || p < 0 || p > 65535 {
			return fmt.Errorf("invalid port %q: want a number from 0 to 65535", pos[0])
		}
		o.port = p
	case len(pos) > 0:
		return fmt.Errorf("unexpected argument %q", strings.Join(pos, " "))
	}
	var err error
	if o.profile, err = sim.Lookup(o.python); err != nil {
		return err
	}
	if strings.HasSuffix(strings.ToLower(o.handler), ".py") {
		// A learner's script needs a Python interpreter, which only the
		// page has (Pyodide in the browser); the CLI is Go alone.
		return fmt.Errorf("--handler %s: handler scripts run only in the page (httpsim web, in the browser, on Pyodide); here --handler is simple, seed or upload", o.handler)
	}
	if o.class, err = sim.LookupHandler(o.handler); err != nil {
		return err
	}
	if o.server, err = sim.ParseServerClass(o.server); err != nil {
		return err
	}
	if o.tls != "" {
		if !o.profile.HasTLSOptions() {
			return fmt.Errorf("%s: python -m http.server has TLS options from 3.14 on, not in %s", o.tls, o.profile.Name)
		}
		return fmt.Errorf("%s: TLS is out of scope: httpsim serves plain HTTP only (Python %s would serve HTTPS)", o.tls, o.profile.Name)
	}
	switch o.protocol {
	case "HTTP/1.0", "HTTP/1.1":
	default:
		if !strings.HasPrefix(o.protocol, "HTTP/") {
			return fmt.Errorf("invalid protocol %q: want HTTP/1.0 or HTTP/1.1", o.protocol)
		}
	}
	abs, err := filepath.Abs(o.dir)
	if err != nil {
		return err
	}
	info, err := os.Stat(abs)
	if err != nil {
		return fmt.Errorf("directory %s: %v", o.dir, errors.Unwrap(err))
	}
	if !info.IsDir() {
		return fmt.Errorf("directory %s: not a directory", o.dir)
	}
	o.dir = abs
	return nil
}
