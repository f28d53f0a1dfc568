//go:build ignore

// Gen writes zz_generated.go: it runs dump.py under every pinned CPython
// interpreter and turns the JSON each one prints into Go literals. The
// 3.14 interpreter is the CPython that Pyodide ships (web/node_modules/pyodide),
// which dump.py runs in under Node through oracle/pyodide/driver.mjs.
//
// Usage (from this directory; go generate does this):
//
//	go run gen.go [-stdout] [-pyenv DIR]
//
// The interpreters are DIR/versions/<release>/bin/python, DIR defaulting
// to $PYENV_ROOT or else /root/.pyenv, and node with the Pyodide package
// for 3.14. A missing interpreter is an error: the output would silently
// lose a version otherwise.
//
// The output depends only on what the interpreters report, never on the
// host or the time, so that TestGeneratedIsCurrent can compare it with the
// committed file. Tables that are identical in several versions are
// emitted once and shared.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// flags
var (
	toStdout = flag.Bool("stdout", false, "write the generated file to stdout instead of zz_generated.go")
	pyenv    = flag.String("pyenv", pyenvRoot(), "pyenv root holding versions/<release>/bin/python")
)

// releases are the pinned interpreters, oldest first; Versions keeps this order.
var releases = []string{
	"2.7.18", "3.6.15", "3.7.16", "3.8.18", "3.9.18",
	"3.10.13", "3.11.7", "3.12.1", "3.13.0", pyodideRelease,
}

// pyodideRelease is the CPython inside the pinned Pyodide package, which
// runs under Node rather than from pyenv.
const pyodideRelease = "3.14.2"

// The driver and the package, from this directory.
const (
	pyodideDriver  = "../../../oracle/pyodide/driver.mjs"
	pyodidePackage = "../../../web/node_modules/pyodide"
)

func pyenvRoot() string {
	if r := os.Getenv("PYENV_ROOT"); r != "" {
		return r
	}
	return "/root/.pyenv"
}

// dump is the JSON object dump.py prints.
type dump struct {
	Name                  string            `json:"name"`
	Minor                 int               `json:"minor"`
	FilesystemEncoding    string            `json:"filesystem_encoding"`
	ServerVersion         string            `json:"server_version"`
	SysVersion            string            `json:"sys_version"`
	ProtocolVersion       string            `json:"protocol_version"`
	DefaultRequestVersion string            `json:"default_request_version"`
	IndexPages            []string          `json:"index_pages"`
	MaxLine               int               `json:"max_line"`
	MaxHeaders            int               `json:"max_headers"`
	CopyBufSize           int               `json:"copy_bufsize"`
	Responses             []status          `json:"responses"`
	TypesMap              map[string]string `json:"types_map"`
	CommonTypes           map[string]string `json:"common_types"`
	SuffixMap             map[string]string `json:"suffix_map"`
	EncodingsMap          map[string]string `json:"encodings_map"`
	HandlerExtensions     map[string]string `json:"handler_extensions_map"`
	HasCGI                bool              `json:"has_cgi"`
	CGIDeprecated         bool              `json:"cgi_deprecated"`
	Defs                  map[string]def    `json:"defs"`
	Stmts                 map[string]int    `json:"stmts"`
}

type status struct {
	Code        int    `json:"code"`
	Phrase      string `json:"phrase"`
	Description string `json:"description"`
	Name        string `json:"name"`
	Str         string `json:"str"`
}

type def struct {
	File string `json:"file"`
	Line int    `json:"line"`
}

func main() {
	log.SetPrefix("gen: ")
	log.SetFlags(0)
	flag.Parse()

	dumps, err := runAll(*pyenv)
	if err != nil {
		log.Fatal(err)
	}
	src, err := generate(dumps)
	if err != nil {
		log.Fatal(err)
	}
	if *toStdout {
		os.Stdout.Write(src)
		return
	}
	if err := os.WriteFile("zz_generated.go", src, 0o644); err != nil {
		log.Fatal(err)
	}
}

// runAll runs dump.py under every release in parallel and returns the
// dumps in release order.
func runAll(root string) ([]*dump, error) {
	dumps := make([]*dump, len(releases))
	errs := make([]error, len(releases))
	var wg sync.WaitGroup
	for i, rel := range releases {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dumps[i], errs[i] = run(root, rel)
		}()
	}
	wg.Wait()
	var msgs []string
	for _, err := range errs {
		if err != nil {
			msgs = append(msgs, err.Error())
		}
	}
	if msgs != nil {
		return nil, fmt.Errorf("%s", strings.Join(msgs, "\n"))
	}
	return dumps, nil
}

// run runs dump.py under one release.
func run(root, rel string) (*dump, error) {
	python := filepath.Join(root, "versions", rel, "bin", "python")
	// -E ignores PYTHON* variables, -s the user site directory; the
	// locale fixes the filesystem encoding.
	args := []string{"-E", "-s", "dump.py"}
	if rel == pyodideRelease {
		if _, err := os.Stat(filepath.Join(pyodidePackage, "pyodide.mjs")); err != nil {
			return nil, fmt.Errorf("pyodide for %s (cd web && npm ci): %v", rel, err)
		}
		node, err := exec.LookPath("node")
		if err != nil {
			return nil, fmt.Errorf("node for %s: %v", rel, err)
		}
		python, args = node, []string{pyodideDriver, pyodidePackage, "run", "dump.py"}
	} else if _, err := os.Stat(python); err != nil {
		return nil, fmt.Errorf("interpreter for %s: %v", rel, err)
	}
	cmd := exec.Command(python, args...)
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s dump.py: %v\n%s", python, err, stderr.Bytes())
	}
	d := new(dump)
	if err := json.Unmarshal(out, d); err != nil {
		return nil, fmt.Errorf("%s dump.py: %v", python, err)
	}
	if d.Name != rel {
		return nil, fmt.Errorf("%s reports version %q, want %q", python, d.Name, rel)
	}
	if len(d.Defs) == 0 || len(d.Stmts) == 0 || len(d.Responses) == 0 || len(d.TypesMap) == 0 {
		return nil, fmt.Errorf("%s dump.py: empty tables", python)
	}
	return d, nil
}

// generator accumulates the output; tables shared between versions are
// emitted once as package variables.
type generator struct {
	buf    bytes.Buffer // the Versions and version variables
	tables bytes.Buffer // the shared tables
	shared map[string]string
}

func generate(dumps []*dump) ([]byte, error) {
	g := &generator{shared: make(map[string]string)}
	g.printf("var Versions = []*Version{")
	for _, d := range dumps {
		g.printf("v%d, ", d.Minor)
	}
	g.printf("}\n\n")
	for _, d := range dumps {
		g.version(d)
	}

	var out bytes.Buffer
	out.WriteString("// Code generated by gen.go from dump.py under the pinned CPython interpreters. DO NOT EDIT.\n\n")
	out.WriteString("package pydata\n\n")
	out.WriteString("// Versions are the pinned CPython releases, oldest first.\n")
	out.Write(g.buf.Bytes())
	out.Write(g.tables.Bytes())
	src, err := format.Source(out.Bytes())
	if err != nil {
		return nil, fmt.Errorf("formatting output: %v", err)
	}
	return src, nil
}

func (g *generator) printf(format string, args ...any) {
	fmt.Fprintf(&g.buf, format, args...)
}

func (g *generator) version(d *dump) {
	id := strconv.Itoa(d.Minor)
	g.printf("var v%s = &Version{\n", id)
	g.printf("Name: %q,\nMinor: %d,\n", d.Name, d.Minor)
	g.printf("Responses: %s,\n", g.table("responses"+id, "map[int]Status", responses(d.Responses)))
	g.printf("TypesMap: %s,\n", g.table("typesMap"+id, "map[string]string", strMap(d.TypesMap)))
	g.printf("CommonTypes: %s,\n", g.table("commonTypes"+id, "map[string]string", strMap(d.CommonTypes)))
	g.printf("SuffixMap: %s,\n", g.table("suffixMap"+id, "map[string]string", strMap(d.SuffixMap)))
	g.printf("EncodingsMap: %s,\n", g.table("encodingsMap"+id, "map[string]string", strMap(d.EncodingsMap)))
	g.printf("HandlerExtensions: %s,\n", g.table("handlerExtensions"+id, "map[string]string", strMap(d.HandlerExtensions)))
	g.printf("FilesystemEncoding: %q,\n", d.FilesystemEncoding)
	g.printf("ServerVersion: %q,\nSysVersion: %q,\n", d.ServerVersion, d.SysVersion)
	g.printf("ProtocolVersion: %q,\nDefaultRequestVersion: %q,\n", d.ProtocolVersion, d.DefaultRequestVersion)
	if len(d.IndexPages) > 0 {
		g.printf("IndexPages: %#v,\n", d.IndexPages)
	}
	g.printf("MaxLine: %d,\nMaxHeaders: %d,\nCopyBufSize: %d,\n", d.MaxLine, d.MaxHeaders, d.CopyBufSize)
	g.printf("HasCGI: %t,\nCGIDeprecated: %t,\n", d.HasCGI, d.CGIDeprecated)
	g.printf("Defs: %s,\n", g.table("defs"+id, "map[string]Def", defs(d.Defs)))
	g.printf("Stmts: %s,\n", g.table("stmts"+id, "map[string]int", stmts(d.Stmts)))
	g.printf("}\n\n")
}

// table emits body (the lines of a composite literal of type typ) as the
// variable name, or returns the name of an earlier identical variable.
func (g *generator) table(name, typ, body string) string {
	key := typ + body
	if prev, ok := g.shared[key]; ok {
		return prev
	}
	g.shared[key] = name
	fmt.Fprintf(&g.tables, "var %s = %s{\n%s}\n\n", name, typ, body)
	return name
}

func responses(rows []status) string {
	sort.Slice(rows, func(i, j int) bool { return rows[i].Code < rows[j].Code })
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "%d: {%q, %q, %q, %q},\n", r.Code, r.Phrase, r.Description, r.Name, r.Str)
	}
	return b.String()
}

func strMap(m map[string]string) string {
	var b strings.Builder
	for _, k := range sortedKeys(m) {
		fmt.Fprintf(&b, "%q: %q,\n", k, m[k])
	}
	return b.String()
}

// defs lists m by key, with a blank line between classes (and between
// the functions of different modules) so that gofmt aligns each group on
// its own.
func defs(m map[string]def) string {
	var b strings.Builder
	group := ""
	for i, k := range sortedKeys(m) {
		g := k[:strings.LastIndexByte(k, '.')]
		if i > 0 && g != group {
			b.WriteString("\n")
		}
		group = g
		fmt.Fprintf(&b, "%q: {%q, %d},\n", k, m[k].File, m[k].Line)
	}
	return b.String()
}

func stmts(m map[string]int) string {
	var b strings.Builder
	for _, k := range sortedKeys(m) {
		fmt.Fprintf(&b, "%q: %d,\n", k, m[k])
	}
	return b.String()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
