package pycgi

import (
	goparser "go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestDeps is a statement of policy, in the manner of go/build's
// deps_test.go: pycgi is a pure computation over its inputs and may
// import only these standard packages, and sim/internal/pystr, the pure
// string helpers it shares with sim. Do not widen the list to fix a
// build; move the code that needs more to the caller.
func TestDeps(t *testing.T) {
	allowed := map[string]bool{
		"bytes": true, "errors": true, "fmt": true, "io": true, "sort": true,
		"strconv": true, "strings": true, "unicode/utf8": true,
		"github.com/httpsim/httpsim/sim/internal/pystr": true,
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := goparser.ParseFile(fset, name, nil, goparser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if !allowed[path] {
				t.Errorf("%s imports %q, which pycgi may not use", name, path)
			}
		}
	}
}
