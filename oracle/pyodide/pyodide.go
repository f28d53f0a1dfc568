// Package pyodide runs CPython 3.14 as Pyodide ships it (the pinned npm
// package in web/node_modules/pyodide) under Node, in memory: one Node
// process loads the interpreter once and then serves any number of
// connections, each with a fresh copy of the fixture tree and a fresh
// server started the way a user starts it. See oracle314.py for what
// stands in for the sockets and threads that Pyodide lacks, and
// driver.mjs for the line protocol.
package pyodide

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"

	"github.com/httpsim/httpsim/internal/corpus"
	"github.com/httpsim/httpsim/internal/fixture"
)

// Release is the Pyodide package the oracle runs, and Python the CPython
// release inside it.
const (
	Release = "314.0.8"
	Python  = "3.14.2"
)

// Paths inside Pyodide's file system (oracle314.py), for normalisation.
const (
	Scratch = "/dev/shm/httpsim-oracle-00000000"
	WWW     = Scratch + "/www"
	PySrc   = Scratch + "/pysrc"
	// StdLib is where Pyodide's standard library lives: the zip file
	// itself is on sys.path, and tracebacks name files inside it.
	StdLib = "/lib/python314.zip"
	// ClientPort is the port every connection comes from (CLIENT in
	// oracle314.py).
	ClientPort = 54321
)

// Dirs returns the directory of the Pyodide package and of this
// package's driver files. A missing package is an error that says how to
// install it; nothing is ever skipped.
func Dirs() (pkg, driver string, err error) {
	root, err := corpus.RepoRoot()
	if err != nil {
		return "", "", err
	}
	pkg = filepath.Join(root, "web", "node_modules", "pyodide")
	for _, f := range []string{"pyodide.mjs", "python_stdlib.zip", "pyodide.asm.wasm"} {
		if _, err := os.Stat(filepath.Join(pkg, f)); err != nil {
			return "", "", fmt.Errorf("pyodide %s is not installed (run: cd web && npm ci): %w", Release, err)
		}
	}
	return pkg, filepath.Join(root, "oracle", "pyodide"), nil
}

// Node returns the path of the node binary, or an error if there is none.
func Node() (string, error) {
	p, err := exec.LookPath("node")
	if err != nil {
		return "", fmt.Errorf("node (20 or later) is needed to run Pyodide: %w", err)
	}
	return p, nil
}

// A Script is a file the server runs: the __main__ script, or a module
// it imports from its directory.
type Script struct {
	Name   string `json:"name"`          // file name: "upload.py"
	Source string `json:"source"`        // its text
	Dir    string `json:"dir,omitempty"` // where it goes: PySrc if "", or WWW
}

// A Case is one server start with one connection.
type Case struct {
	// Argv is the command line after "python -u": "-m", "http.server",
	// ... or PySrc+"/upload.py", ...
	Argv    []string `json:"argv"`
	Scripts []Script `json:"scripts,omitempty"`
	Request []byte   `json:"request"`
	// Fresh lays the fixture tree anew before the case. Cases that cannot
	// write (see oracle.Shareable) may share one tree, as the TCP
	// oracle's cases share a server.
	Fresh bool `json:"fresh,omitempty"`
	// Files are written into WWW, over the fixture, before the server
	// starts; Stat names files of WWW whose os.stat().st_mtime the
	// result reports (as repr) from before the server runs.
	Files []File   `json:"files,omitempty"`
	Stat  []string `json:"stat,omitempty"`
}

// A File is one extra file of a case, modified at Unix time Sec plus
// Nsec nanoseconds. Pyodide's file system keeps milliseconds: Nsec must
// be a multiple of 1e6.
type File struct {
	Path string `json:"path"` // relative to WWW
	Data []byte `json:"data"`
	Sec  int64  `json:"sec"`
	Nsec int64  `json:"nsec"`
}

// A Result is what the server did.
type Result struct {
	Response []byte            `json:"response"`
	Stdout   []byte            `json:"stdout"`
	Stderr   []byte            `json:"stderr"`
	Exited   bool              `json:"exited"` // exited by itself rather than being stopped after the connection
	Code     int               `json:"code"`
	Stats    map[string]string `json:"stats"` // repr(st_mtime) of each Case.Stat file
	Error    string            `json:"error"` // a failure of the driver, not of the server
}

// A Session is one Node process with Pyodide loaded. Its methods may be
// called from several goroutines; cases run one at a time.
type Session struct {
	mu     sync.Mutex
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	stderr *lockedBuffer
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf []byte
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	return len(p), nil
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}

// A fixtureEntry is one entry of internal/fixture for the driver. Names
// and link targets go as bytes (base64): some are not UTF-8, which a JSON
// string cannot carry.
type fixtureEntry struct {
	Path []byte `json:"path"`
	Dir  bool   `json:"dir,omitempty"`
	Link []byte `json:"link,omitempty"`
	Data []byte `json:"data,omitempty"`
}

// Start starts Node, loads Pyodide and hands it the fixture tree.
func Start(ctx context.Context) (*Session, error) {
	node, err := Node()
	if err != nil {
		return nil, err
	}
	pkg, driver, err := Dirs()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, node, filepath.Join(driver, "driver.mjs"), pkg, "serve")
	s := &Session{cmd: cmd, stderr: new(lockedBuffer)}
	cmd.Stderr = s.stderr
	if s.in, err = cmd.StdinPipe(); err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	s.out = bufio.NewReaderSize(stdout, 1<<20)
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	var entries []fixtureEntry
	for _, e := range fixture.Entries() {
		fe := fixtureEntry{Path: []byte(e.Path), Dir: e.IsDir(), Data: e.Data}
		if e.IsSymlink() {
			fe.Link = []byte(e.Target)
		}
		entries = append(entries, fe)
	}
	var ready struct{ Ready bool }
	if err := s.call(map[string]any{"fixture": entries, "mtime": fixture.ModTime.Unix()}, &ready); err != nil {
		s.Close()
		return nil, err
	}
	if !ready.Ready {
		s.Close()
		return nil, errors.New("pyodide: the driver did not start")
	}
	return s, nil
}

func (s *Session) call(req, resp any) error {
	b, err := json.Marshal(req)
	if err != nil {
		return err
	}
	if _, err := s.in.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("pyodide: writing to the driver: %v\nstderr:\n%s", err, s.stderr)
	}
	line, err := s.out.ReadBytes('\n')
	if err != nil {
		return fmt.Errorf("pyodide: reading from the driver: %v\nstderr:\n%s", err, s.stderr)
	}
	return json.Unmarshal(line, resp)
}

// Serve runs one case.
func (s *Session) Serve(c *Case) (*Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := new(Result)
	if err := s.call(c, r); err != nil {
		return nil, err
	}
	if r.Error != "" {
		return nil, fmt.Errorf("pyodide driver: %s\nstderr:\n%s", r.Error, s.stderr)
	}
	for _, f := range c.Files {
		if f.Nsec%1e6 != 0 {
			return nil, fmt.Errorf("pyodide: %s: mtime %d.%09d is not whole milliseconds, which is all Pyodide's file system keeps", f.Path, f.Sec, f.Nsec)
		}
	}
	return r, nil
}

// Close stops the Node process.
func (s *Session) Close() error {
	s.in.Close()
	return s.cmd.Wait()
}
