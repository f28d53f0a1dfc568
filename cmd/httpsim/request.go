package main

import (
	"encoding/json"
	"io"
	"os"
	"time"

	"github.com/httpsim/httpsim/sim"
)

func request(args []string) error {
	var o options
	if err := o.parse("request", args, true, false); err != nil {
		return err
	}
	fsys, err := newDirFS(o.dir)
	if err != nil {
		return err
	}
	raw, err := io.ReadAll(os.Stdin)
	if err != nil {
		return err
	}
	srv := &sim.Server{Profile: o.profile, Handler: o.class, ServerClass: o.server, FS: fsys, Directory: o.dir, Protocol: o.protocol, Now: time.Now}
	warn, perr := srv.Startup()
	io.WriteString(os.Stderr, warn)
	if perr != nil {
		io.WriteString(os.Stderr, perr.Format())
		return exitError(1)
	}
	res := srv.Handle(raw)
	os.Stderr.WriteString(res.Stderr)
	os.Stderr.WriteString(res.Stdout)
	if _, err := os.Stdout.Write(res.Response); err != nil {
		return err
	}
	if o.trace != "" {
		b, err := json.MarshalIndent(res, "", "  ")
		if err != nil {
			return err
		}
		return os.WriteFile(o.trace, append(b, '\n'), 0o644)
	}
	return nil
}
