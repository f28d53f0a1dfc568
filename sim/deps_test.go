package sim

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestDeps is a statement of policy: the simulator core does no I/O of
// its own, so it runs unchanged in a browser, a Worker and a native
// server. Do not edit this list to fix a build; move the I/O to an edge.
func TestDeps(t *testing.T) {
	allowed := map[string]bool{
		"bufio": true, "bytes": true, "embed": true, "encoding/base64": true, "errors": true,
		"fmt": true, "io": true, "io/fs": true, "path": true, "slices": true, "sort": true,
		"strconv": true, "strings": true, "sync": true, "time": true, "unicode": true,
		"unicode/utf8": true,
	}
	const self = "github.com/httpsim/httpsim/sim"
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "pysrc") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(src), "//go:build ignore") {
			return nil // generators run on the host, not in the core
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, src, parser.ImportsOnly)
		if err != nil {
			return err
		}
		if f.Name.Name == "main" {
			return nil // a generator program: it runs on the host, not in the core
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if !allowed[p] && !strings.HasPrefix(p, self+"/") && p != self {
				t.Errorf("%s imports %q, which the core must not use", path, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestNoWallClock keeps time.Now out of the core: the clock is injected.
func TestNoWallClock(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, _ := os.ReadFile(f)
		if strings.Contains(string(src), "time.Now(") {
			t.Errorf("%s calls time.Now; use Server.Now", f)
		}
	}
}
