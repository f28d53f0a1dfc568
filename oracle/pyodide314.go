package oracle

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/httpsim/httpsim/internal/corpus"
	"github.com/httpsim/httpsim/oracle/pyodide"
)

// IsPyodide reports whether version v is judged by CPython in Pyodide
// (in memory, see oracle/pyodide) rather than by an interpreter under
// /root/.pyenv served over TCP.
func IsPyodide(v corpus.Version) bool { return v.Pyodide != "" }

// CheckInterpreter returns an error if what judges version v is missing:
// the pyenv interpreter, or Node and the Pyodide package. A missing one
// is a failure, never a skip.
func CheckInterpreter(v corpus.Version) error {
	if !IsPyodide(v) {
		_, err := Python(v)
		return err
	}
	if _, err := pyodide.Node(); err != nil {
		return err
	}
	_, _, err := pyodide.Dirs()
	return err
}

// pyodideNormalizer maps the paths inside Pyodide's file system to the
// placeholders of the TCP oracle's transcripts.
var pyodideNormalizer = &corpus.Normalizer{Paths: map[string]string{
	pyodide.WWW:    corpus.RootPlaceholder,
	pyodide.PySrc:  corpus.PySrcPlaceholder,
	pyodide.StdLib: corpus.PyLibPlaceholder,
}}

// pyodideCase returns the command line (after python -u) that serves c
// as a user would start it under CPython 3.14, the same as [CPython]'s
// (3.14's -m http.server has -p), and the handler script it runs.
func pyodideCase(pysrc string, c *corpus.Case) (*pyodide.Case, error) {
	pc := &pyodide.Case{Request: c.Request}
	script := func(file, as string) error {
		src, err := os.ReadFile(filepath.Join(pysrc, file))
		if err != nil {
			return err
		}
		pc.Scripts = append(pc.Scripts, pyodide.Script{Name: as, Source: string(src)})
		return nil
	}
	switch {
	case c.Server != "":
		if err := script("serve.py", "serve.py"); err != nil {
			return nil, err
		}
		if c.Handler == corpus.Upload {
			if err := script(c.Handler+"3.py", c.Handler+".py"); err != nil {
				return nil, err
			}
		}
		pc.Argv = []string{pyodide.PySrc + "/serve.py", "--server", c.Server, "--handler", c.Handler, "-b", "127.0.0.1"}
	case c.Handler == corpus.Simple:
		pc.Argv = []string{"-m", "http.server", "-b", "127.0.0.1"}
	default:
		if err := script(c.Handler+"3.py", c.Handler+".py"); err != nil {
			return nil, err
		}
		pc.Argv = []string{pyodide.PySrc + "/" + c.Handler + ".py", "-b", "127.0.0.1"}
	}
	if c.Protocol != corpus.HTTP10 {
		pc.Argv = append(pc.Argv, "-p", c.Protocol)
	}
	pc.Argv = append(pc.Argv, "0")
	return pc, nil
}

// A PyodideRunner serves cases with one Pyodide session, started on
// first use. Cases that cannot write share the fixture tree unless Alone
// is set; the recorder sets it, so that TestLiveCPython, which shares,
// also proves that sharing changes nothing.
type PyodideRunner struct {
	Alone bool // lay the tree anew for every case

	once    sync.Once
	session *pyodide.Session
	err     error

	mu    sync.Mutex
	dirty bool // the last case may have changed the tree
}

// Run serves case c under version v (which must be a Pyodide version)
// and returns the normalised transcript.
func (r *PyodideRunner) Run(ctx context.Context, v corpus.Version, c *corpus.Case) (*corpus.Transcript, error) {
	r.once.Do(func() { r.session, r.err = pyodide.Start(context.WithoutCancel(ctx)) })
	if r.err != nil {
		return nil, r.err
	}
	pysrc, err := PySrcDir()
	if err != nil {
		return nil, err
	}
	pc, err := pyodideCase(pysrc, c)
	if err != nil {
		return nil, err
	}
	// Serve runs one case at a time anyway; the lock keeps dirty in step.
	r.mu.Lock()
	pc.Fresh = r.Alone || r.dirty || !Shareable(c)
	r.dirty = !Shareable(c)
	res, err := r.session.Serve(pc)
	r.mu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("pyodide %s %s: %w", v.Minor, c.Name, err)
	}
	cmd := &corpus.Transcript{Stdout: []byte("python -u " + strings.Join(pc.Argv, " "))}
	pyodideNormalizer.Normalize(cmd)
	tr := &corpus.Transcript{
		Case: c.Name, Version: v.Minor, Command: string(cmd.Stdout),
		Response: res.Response, Stdout: res.Stdout, Stderr: res.Stderr,
		Exited: res.Exited, ExitCode: res.Code,
	}
	pyodideNormalizer.Normalize(tr)
	return tr, nil
}

// Close stops the session, if one was started.
func (r *PyodideRunner) Close() error {
	if r.session == nil {
		return nil
	}
	s := r.session
	r.session = nil
	return s.Close()
}
