// Command record runs each of the gallery's script scenarios (the
// `script` entries of web/js/scenarios.js, with their files in
// web/scripts/) under live CPython 3.12, as a learner would run it:
// `python server.py PORT` in a copy of the page's sample site. It sends
// the scenario's request, the bytes the page's composer makes (read by
// running scenarios.js and wire.js under Node), and writes what CPython
// did to e2e/testdata/scripts/ID.txtar: the startup output (and the exit
// status if the script ended by itself), then the response bytes, stderr
// and stdout. The browser tests compare the page with those files.
//
//	make e2e-record     (go run ./e2e/record)
//
// Only what cannot be equal is normalised: the Date header, log times,
// the port in "serving at port", the client port, and the script's
// directory ($SCRIPTDIR) and the standard library's ($PYLIB).
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"time"

	"github.com/httpsim/httpsim/internal/corpus"
	"github.com/httpsim/httpsim/internal/pyproc"
	"github.com/httpsim/httpsim/internal/webui"
	"github.com/httpsim/httpsim/oracle"
)

// Placeholders for the directories in tracebacks and warnings.
const (
	ScriptDir = "$SCRIPTDIR"
	PyLib     = "$PYLIB"
)

// A scenario is a gallery entry with a script, as scenarios.js has it.
type scenario struct {
	ID     string `json:"id"`
	Script string `json:"script"`
	Raw    []byte `json:"raw"` // the composer's bytes
}

// dumpJS prints the script scenarios as JSON, under Node.
const dumpJS = `
const { scriptScenarios } = await import(process.argv[1] + '/scenarios.js');
const wire = await import(process.argv[1] + '/wire.js');
const b64 = (u) => Buffer.from(u).toString('base64');
console.log(JSON.stringify(scriptScenarios.map((s) => ({ id: s.id, script: s.script, raw: b64(wire.connectionBytes(s.requests)) }))));
`

func scenarios(root string) ([]scenario, error) {
	cmd := exec.Command("node", "--input-type=module", "-e", dumpJS, filepath.Join(root, "web", "js"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("node (reading web/js/scenarios.js): %v\n%s", err, stderr.Bytes())
	}
	var list []scenario
	return list, json.Unmarshal(out, &list)
}

func main() {
	log.SetPrefix("record: ")
	log.SetFlags(0)
	out := flag.String("o", "e2e/testdata/scripts", "the directory of the transcripts")
	flag.Parse()
	root, err := corpus.RepoRoot()
	if err != nil {
		log.Fatal(err)
	}
	list, err := scenarios(root)
	if err != nil {
		log.Fatal(err)
	}
	dir := *out
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(root, dir)
	}
	for _, sc := range list {
		if err := record(root, sc, filepath.Join(dir, sc.ID+".txtar")); err != nil {
			log.Fatalf("%s: %v", sc.ID, err)
		}
	}
	log.Printf("%d scenarios recorded in %s", len(list), *out)
}

func record(root string, sc scenario, out string) error {
	v, ok := corpus.LookupVersion("3.12")
	if !ok {
		return fmt.Errorf("no version 3.12 in internal/corpus")
	}
	py, err := oracle.Python(v)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "httpsim-e2e-record-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	site, src, pkgs := filepath.Join(tmp, "www"), filepath.Join(tmp, "src"), filepath.Join(tmp, "site")
	if err := writeSample(site); err != nil {
		return err
	}
	script, err := os.ReadFile(filepath.Join(root, "web", "scripts", sc.Script))
	if err != nil {
		return err
	}
	custom, err := os.ReadFile(filepath.Join(root, "oracle", "sitecustomize.py"))
	if err != nil {
		return err
	}
	for dir, f := range map[string][2]string{src: {"server.py", string(script)}, pkgs: {"sitecustomize.py", string(custom)}} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, f[0]), []byte(f[1]), 0o644); err != nil {
			return err
		}
	}
	port, err := pyproc.FreePort()
	if err != nil {
		return err
	}
	cmd := exec.Command(py, "-u", filepath.Join(src, "server.py"), strconv.Itoa(port))
	cmd.Dir = site
	cmd.Env = append(os.Environ(), "PYTHONPATH="+pkgs, "HTTPSIM_BIND=127.0.0.1", "PYTHONDONTWRITEBYTECODE=1")
	proc, err := pyproc.Start(cmd)
	if err != nil {
		return err
	}
	defer proc.Stop()
	stdout, stderr := &proc.Stdout, &proc.Stderr
	// print() writes its arguments one by one: wait for the whole line.
	started := func() bool { return servingRE.MatchString(stdout.String()) }
	ended := proc.Exited
	if err := pyproc.WaitFor(func() bool { return started() || ended() }, 10*time.Second); err != nil {
		return fmt.Errorf("the script neither served nor exited: %v\nstderr: %s", err, stderr.String())
	}
	lib := filepath.Join(oracle.PyenvDir, v.Patch, "lib", "python"+v.Minor)
	norm := func(b []byte) []byte {
		b = bytes.ReplaceAll(b, []byte(src+string(filepath.Separator)), []byte(ScriptDir+"/"))
		b = bytes.ReplaceAll(b, []byte(lib+string(filepath.Separator)), []byte(PyLib+"/"))
		b = bytes.ReplaceAll(b, []byte("serving at port "+strconv.Itoa(port)), []byte("serving at port 8000"))
		t := &corpus.Transcript{Stderr: b}
		corpus.Normalize(t)
		return t.Stderr
	}
	var files []corpus.File
	if ended() {
		files = append(files,
			corpus.File{Name: "startup/stdout", Data: corpus.Encode(norm(stdout.Take()))},
			corpus.File{Name: "startup/stderr", Data: corpus.Encode(norm(stderr.Take()))},
			corpus.File{Name: "exit", Data: []byte(strconv.Itoa(cmd.ProcessState.ExitCode()) + "\n")})
	} else {
		files = append(files,
			corpus.File{Name: "startup/stdout", Data: corpus.Encode(norm(stdout.Take()))},
			corpus.File{Name: "startup/stderr", Data: corpus.Encode(norm(stderr.Take()))})
		resp, err := pyproc.Exchange(net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), sc.Raw, 10*time.Second)
		if err != nil {
			return err
		}
		time.Sleep(200 * time.Millisecond) // the log line follows the response
		files = append(files,
			corpus.File{Name: "request", Data: corpus.Encode(sc.Raw)},
			corpus.File{Name: "response", Data: corpus.Encode(NormalizeDate(resp))},
			corpus.File{Name: "stderr", Data: corpus.Encode(norm(stderr.Take()))},
			corpus.File{Name: "stdout", Data: corpus.Encode(norm(stdout.Take()))})
	}
	a := &corpus.Archive{
		Comment: []byte(fmt.Sprintf("Scenario %s: web/scripts/%s run by CPython %s as `python -u server.py PORT`\n"+
			"in a copy of the page's sample site (recorded by `make e2e-record`; do not edit).\n"+
			"Byte notation of testdata/corpus/README.md; $DATE, [$TIME], $CPORT, %s and %s are normalised.\n", sc.ID, sc.Script, v.Patch, ScriptDir, PyLib)),
		Files: files,
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	return os.WriteFile(out, a.Format(), 0o644)
}

var servingRE = regexp.MustCompile(`serving at port \d+\n`)

// dateRE is a Date header, which send_response writes with the time of
// the request; the page's clock is fixed.
var dateRE = regexp.MustCompile(`(?m)^Date: [^\r\n]*\r$`)

// NormalizeDate replaces the Date header's value with $DATE, as
// internal/corpus does (the sample site's Last-Modified stays: the page
// serves the same times).
func NormalizeDate(b []byte) []byte { return dateRE.ReplaceAll(b, []byte("Date: $$DATE\r")) }

// writeSample writes the page's sample site into dir, with its times.
func writeSample(dir string) error {
	fsys := webui.SampleSite()
	var dirs []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		to := filepath.Join(dir, filepath.FromSlash(p))
		if d.IsDir() {
			dirs = append(dirs, to)
			return os.MkdirAll(to, 0o755)
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		if err := os.WriteFile(to, b, 0o644); err != nil {
			return err
		}
		return os.Chtimes(to, webui.SampleTime, webui.SampleTime)
	})
	if err != nil {
		return err
	}
	for i := len(dirs) - 1; i >= 0; i-- {
		if err := os.Chtimes(dirs[i], webui.SampleTime, webui.SampleTime); err != nil {
			return err
		}
	}
	return nil
}
