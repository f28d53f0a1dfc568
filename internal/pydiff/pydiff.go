// Package pydiff runs learners' handler scripts two ways and compares
// what each printed and sent: live CPython (`python -u FILE PORT` in a
// directory holding the page's sample site) and the page's own code path
// under Node (web/js/pynode.mjs: the Go wasm and Pyodide in one process,
// through js/pyruntime.js). The scripts and their requests live in
// testdata/handlers.
package pydiff

//go:generate go run framesgen/main.go

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/httpsim/httpsim/internal/pyproc"
	"github.com/httpsim/httpsim/internal/webui"
)

// Case is one script and the connections sent to it, in order.
type Case struct {
	Name   string
	Source string
	// Requests are each one connection's bytes (latin-1 text in the
	// .json file).
	Requests []string
}

// Transcript is what one run produced.
type Transcript struct {
	StartupStdout, StartupStderr string
	// Refused is set when the server never listened (the script failed).
	Refused  bool
	Requests []Exchange
}

// Exchange is one connection: the bytes back and what the process wrote
// meanwhile.
type Exchange struct {
	Response       []byte
	Stdout, Stderr string
}

// Load reads testdata/handlers/*.py and their .json request lists.
func Load(dir string) ([]Case, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.py"))
	if err != nil {
		return nil, err
	}
	var out []Case
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var spec struct{ Requests []string }
		j, err := os.ReadFile(strings.TrimSuffix(f, ".py") + ".json")
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(j, &spec); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		out = append(out, Case{Name: strings.TrimSuffix(filepath.Base(f), ".py"), Source: string(src), Requests: spec.Requests})
	}
	return out, nil
}

// ScriptFile is the name both runs give the script, in the served
// directory (python server.py PORT, run from there).
const ScriptFile = "server.py"

// SiteDir is where the page's server runs; CPython's scratch directory
// is shown as it.
const SiteDir = "/srv/www"

// WriteSite writes the page's sample site, with its modification times,
// and the script into dir.
func WriteSite(dir, source string) error {
	m := webui.SampleSite()
	err := fs.WalkDir(m, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == "." {
			return err
		}
		dst := filepath.Join(dir, filepath.FromSlash(p))
		info, err := m.Lstat(p)
		if err != nil {
			return err
		}
		switch {
		case info.Mode()&fs.ModeSymlink != 0:
			target, err := m.ReadLink(p)
			if err != nil {
				return err
			}
			return os.Symlink(target, dst)
		case info.IsDir():
			if err := os.MkdirAll(dst, 0o755); err != nil {
				return err
			}
		default:
			data, err := m.ReadFile(p)
			if err != nil {
				return err
			}
			if err := os.WriteFile(dst, data, 0o644); err != nil {
				return err
			}
		}
		return os.Chtimes(dst, info.ModTime(), info.ModTime())
	})
	if err != nil {
		return err
	}
	// Directory times after their contents, which changed them.
	fs.WalkDir(m, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && p != "." {
			if info, err := m.Lstat(p); err == nil {
				os.Chtimes(filepath.Join(dir, p), info.ModTime(), info.ModTime())
			}
		}
		return nil
	})
	script := filepath.Join(dir, ScriptFile)
	if err := os.WriteFile(script, []byte(source), 0o644); err != nil {
		return err
	}
	return os.Chtimes(script, webui.Clock, webui.Clock)
}

// --- CPython -------------------------------------------------------------

// PyenvDir holds the interpreters.
const PyenvDir = "/root/.pyenv/versions"

// Patch is the installed release of each profile the suite runs.
var Patch = map[string]string{
	"3.6": "3.6.15", "3.7": "3.7.16", "3.8": "3.8.18", "3.9": "3.9.18", "3.10": "3.10.13",
	"3.11": "3.11.7", "3.12": "3.12.1", "3.13": "3.13.0",
}

// sitecustomize pins mimetypes to the interpreter's built-in table, as
// the oracle's does (oracle/sitecustomize.py).
const sitecustomize = "import mimetypes\nmimetypes.knownfiles[:] = []\nmimetypes.init()\n"

// RunCPython runs c under live CPython version v.
func RunCPython(v string, c Case, scratch string) (*Transcript, error) {
	py := filepath.Join(PyenvDir, Patch[v], "bin", "python")
	if _, err := os.Stat(py); err != nil {
		return nil, fmt.Errorf("CPython %s is not installed: %w", v, err)
	}
	www := filepath.Join(scratch, "www")
	site := filepath.Join(scratch, "site")
	for _, d := range []string{www, site} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	if err := WriteSite(www, c.Source); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(site, "sitecustomize.py"), []byte(sitecustomize), 0o644); err != nil {
		return nil, err
	}
	port, err := pyproc.FreePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(py, "-u", ScriptFile, strconv.Itoa(port))
	cmd.Dir = www
	cmd.Env = append(os.Environ(), "PYTHONPATH="+site, "PYTHONDONTWRITEBYTECODE=1", "PYTHONIOENCODING=utf-8")
	proc, err := pyproc.Start(cmd)
	if err != nil {
		return nil, err
	}
	defer proc.Stop()
	out, errOut := &proc.Stdout, &proc.Stderr
	addr := "127.0.0.1:" + strconv.Itoa(port)
	tr := &Transcript{}
	norm := normalizer(v, www, port)
	up := func() bool {
		if proc.Exited() {
			tr.Refused = true
			return true
		}
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return true
		}
		return false
	}
	if pyproc.WaitFor(up, 20*time.Second) != nil {
		return nil, errors.New("the server neither listened nor exited in 20 s")
	}
	pyproc.Settle(out, errOut)
	// The probe connection above was a connection too: its log, if any,
	// belongs to nobody. Handlers log nothing for a connection that
	// sends no request line.
	tr.StartupStdout, tr.StartupStderr = norm(string(out.Take())), norm(string(errOut.Take()))
	if tr.Refused {
		return tr, nil
	}
	for _, r := range c.Requests {
		resp, err := pyproc.Exchange(addr, []byte(latin1(r)), 20*time.Second)
		if err != nil {
			return nil, err
		}
		pyproc.Settle(out, errOut)
		tr.Requests = append(tr.Requests, Exchange{Response: []byte(norm(string(resp))), Stdout: norm(string(out.Take())), Stderr: norm(string(errOut.Take()))})
	}
	return tr, nil
}

// latin1 turns the .json text (each character one byte) into bytes.
func latin1(s string) string {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r))
	}
	return string(b)
}

var (
	dateHeader = regexp.MustCompile(`(?m)^(Date|Last-Modified): [A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT\r$`)
	logTime    = regexp.MustCompile(`\[\d\d/[A-Z][a-z]{2}/\d{4} \d\d:\d\d:\d\d\]`)
	clientPort = regexp.MustCompile(`\('127\.0\.0\.1', \d+\)`)
)

// normalizer masks what cannot be equal: Date headers and log times
// (the page's clock is fixed), the client's port, the server's port and
// the scratch directory (the page serves /srv/www on port 8000), and
// the standard library's path.
func normalizer(v, www string, port int) func(string) string {
	lib := filepath.Join(PyenvDir, Patch[v], "lib", "python"+v)
	return func(s string) string {
		s = strings.ReplaceAll(s, lib, "/usr/lib/python"+v)
		s = strings.ReplaceAll(s, www, SiteDir)
		s = strings.ReplaceAll(s, strconv.Itoa(port), "8000")
		return Normalize(s)
	}
}

// started is when the tests began, give or take the clock's resolution.
var started = time.Now().Add(-time.Minute)

// Normalize masks the clock and the client's port.
func Normalize(s string) string {
	s = dateHeader.ReplaceAllStringFunc(s, func(m string) string {
		name, value, _ := strings.Cut(m, ": ")
		if name == "Date" {
			return "Date: <date>\r"
		}
		// A file written while the test ran has the time of writing: the
		// page's clock is fixed, CPython's is the wall clock.
		t, err := time.Parse(time.RFC1123, strings.TrimSuffix(value, "\r"))
		if err == nil && (t.Equal(webui.Clock) || t.After(started)) {
			return "Last-Modified: <written>\r"
		}
		return m
	})
	s = logTime.ReplaceAllString(s, "[<time>]")
	return clientPort.ReplaceAllString(s, "('127.0.0.1', <port>)")
}

// --- the page's code path under Node --------------------------------------

// Node is web/js/pynode.mjs running: one Pyodide and one Go instance,
// reused across scripts as the page's Worker reuses them.
type Node struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	LoadMs float64
}

// StartNode starts web/js/pynode.mjs under the repository root.
func StartNode(root string) (*Node, error) {
	for _, f := range []string{"web/dist/httpsim.wasm", "web/dist/wasm_exec.js", "web/node_modules/pyodide/pyodide.mjs"} {
		if _, err := os.Stat(filepath.Join(root, f)); err != nil {
			return nil, fmt.Errorf("%s is missing: run `make web` and `(cd web && npm ci)`", f)
		}
	}
	cmd := exec.Command("node", filepath.Join(root, "web/js/pynode.mjs"))
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	outPipe, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	n := &Node{cmd: cmd, in: in, out: bufio.NewReaderSize(outPipe, 1<<20)}
	var ready struct {
		Ready  bool
		LoadMs float64
	}
	if err := n.read(&ready); err != nil {
		n.Close()
		return nil, err
	}
	n.LoadMs = ready.LoadMs
	return n, nil
}

func (n *Node) read(v any) error {
	line, err := n.out.ReadBytes('\n')
	if err != nil {
		return fmt.Errorf("pynode: %w", err)
	}
	return json.Unmarshal(line, v)
}

// Close stops the process.
func (n *Node) Close() {
	n.in.Close()
	done := make(chan struct{})
	go func() { n.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		n.cmd.Process.Kill()
		<-done
	}
}

// Result is the part of a send's result the comparison reads.
type Result struct {
	Fail     string
	Refused  bool
	Response b64
	Stdout   string
	Stderr   string
	SendMs   float64
	Files    json.RawMessage
	Output   []struct {
		Stream, Text string
		Startup      bool
	}
	Error *struct {
		Type, Message string
		Line, Col     *int
	}
}

type b64 []byte

func (b *b64) UnmarshalJSON(j []byte) error {
	var v struct {
		B64 string `json:"$b64"`
	}
	if err := json.Unmarshal(j, &v); err != nil {
		return err
	}
	d, err := base64.StdEncoding.DecodeString(v.B64)
	*b = d
	return err
}

// Send runs one connection through the runtime.
func (n *Node) Send(raw []byte, opts map[string]any, files any) (*Result, error) {
	req, _ := json.Marshal(map[string]any{"raw": base64.StdEncoding.EncodeToString(raw), "opts": opts, "files": files})
	if _, err := n.in.Write(append(req, '\n')); err != nil {
		return nil, err
	}
	var r Result
	if err := n.read(&r); err != nil {
		return nil, err
	}
	if r.Fail != "" {
		return nil, errors.New(r.Fail)
	}
	return &r, nil
}

// RunSim runs c through the runtime under profile v.
func (n *Node) RunSim(v string, c Case) (*Transcript, error) {
	opts := map[string]any{"python": v, "handlerSource": c.Source, "handlerFile": ScriptFile}
	files := map[string]any{"files": []any{map[string]any{"path": ScriptFile, "data": c.Source}}}
	tr := &Transcript{}
	// A send with no bytes starts the process: the startup output and a
	// connection that closes at once, which logs nothing.
	first, err := n.Send(nil, opts, files)
	if err != nil {
		return nil, err
	}
	for _, ch := range first.Output {
		if !ch.Startup {
			continue
		}
		if ch.Stream == "stdout" {
			tr.StartupStdout += ch.Text
		} else {
			tr.StartupStderr += ch.Text
		}
	}
	tr.StartupStdout, tr.StartupStderr = Normalize(tr.StartupStdout), Normalize(tr.StartupStderr)
	if first.Refused {
		tr.Refused = true
		return tr, nil
	}
	var state any = first.Files
	for _, raw := range c.Requests {
		r, err := n.Send([]byte(latin1(raw)), opts, state)
		if err != nil {
			return nil, err
		}
		// The page keeps what the script wrote: its tree goes back in.
		state = r.Files
		tr.Requests = append(tr.Requests, Exchange{Response: []byte(Normalize(string(r.Response))), Stdout: Normalize(r.Stdout), Stderr: Normalize(r.Stderr)})
	}
	return tr, nil
}

// Diff describes the first differences between want (CPython) and got.
func Diff(want, got *Transcript) string {
	var b strings.Builder
	cmp := func(what, w, g string) {
		if w != g {
			fmt.Fprintf(&b, "%s:\n  cpython: %q\n  page:    %q\n", what, w, g)
		}
	}
	cmp("startup stdout", want.StartupStdout, got.StartupStdout)
	cmp("startup stderr", want.StartupStderr, got.StartupStderr)
	if want.Refused != got.Refused {
		fmt.Fprintf(&b, "refused: cpython %v, page %v\n", want.Refused, got.Refused)
	}
	for i := range max(len(want.Requests), len(got.Requests)) {
		var w, g Exchange
		if i < len(want.Requests) {
			w = want.Requests[i]
		}
		if i < len(got.Requests) {
			g = got.Requests[i]
		}
		cmp(fmt.Sprintf("request %d response", i+1), string(w.Response), string(g.Response))
		cmp(fmt.Sprintf("request %d stdout", i+1), w.Stdout, g.Stdout)
		cmp(fmt.Sprintf("request %d stderr", i+1), w.Stderr, g.Stderr)
	}
	return b.String()
}
