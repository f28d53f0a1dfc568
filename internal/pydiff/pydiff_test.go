package pydiff

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/httpsim/httpsim/internal/corpus"
)

// TestDifferential runs every script of testdata/handlers under live
// CPython 3.6, 3.9, 3.12 and 3.13 and through the page's runtime under
// Node, and wants the same startup output, and for each connection the
// same response bytes, stdout and stderr.
func TestDifferential(t *testing.T) {
	root, err := corpus.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	cases, err := Load(filepath.Join(root, "testdata", "handlers"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no scripts in testdata/handlers")
	}
	node, err := StartNode(root)
	if err != nil {
		t.Fatal(err)
	}
	defer node.Close()
	t.Logf("runtime cold load under Node: %.0f ms", node.LoadMs)
	// PYDIFF_VERSIONS=3.7,3.8 runs others as well (make test runs these four).
	versions := []string{"3.6", "3.9", "3.12", "3.13"}
	if v := os.Getenv("PYDIFF_VERSIONS"); v != "" {
		versions = strings.Split(v, ",")
	}
	pass := map[string]int{}
	for _, v := range versions {
		for _, c := range cases {
			t.Run(v+"/"+c.Name, func(t *testing.T) {
				want, err := RunCPython(v, c, t.TempDir())
				if err != nil {
					t.Fatal(err)
				}
				got, err := node.RunSim(v, c)
				if err != nil {
					t.Fatal(err)
				}
				if d := Diff(want, got); d != "" {
					t.Errorf("CPython %s and the page differ:\n%s", v, d)
					return
				}
				pass[v]++
			})
		}
	}
	for _, v := range versions {
		fmt.Printf("pydiff: %s: %d/%d scripts identical\n", v, pass[v], len(cases))
	}
}
