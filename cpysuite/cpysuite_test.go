package cpysuite

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/httpsim/httpsim/internal/corpus"
	"github.com/httpsim/httpsim/oracle"
)

// summary is the last line runner.py prints.
type summary struct {
	Python   string   `json:"python"`
	Tests    []string `json:"tests"`
	Run      int      `json:"run"`
	Failures []string `json:"failures"`
	Errors   []string `json:"errors"`
	Skipped  []string `json:"skipped"`
}

// TestSimpleHTTPServerTestCase runs each interpreter's own
// SimpleHTTPServerTestCase against `httpsim serve --python X.Y` and fails
// on any test of the class that fails, raises or is skipped. The nine
// profiles run in parallel: each has its own server processes, ports and
// temporary directory.
func TestSimpleHTTPServerTestCase(t *testing.T) {
	// The subtests run after this function returns, so the context
	// lives until the test's cleanup, not until a defer.
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	t.Cleanup(cancel)
	bin := filepath.Join(t.TempDir(), "httpsim")
	if err := oracle.BuildHTTPSim(ctx, bin); err != nil {
		t.Fatal(err)
	}
	runner, err := filepath.Abs("runner.py")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range corpus.Versions {
		if oracle.IsPyodide(v) {
			// Pyodide ships no Lib/test, and the runner needs a process
			// with real sockets: 3.14 is judged by the corpus alone.
			continue
		}
		t.Run(v.Minor, func(t *testing.T) {
			t.Parallel()
			py, err := oracle.Python(v)
			if err != nil {
				t.Fatal(err)
			}
			tmp := t.TempDir()
			cmd := exec.CommandContext(ctx, py, runner, bin, v.Minor)
			cmd.Dir = tmp
			cmd.Env = []string{"PATH=/usr/bin:/bin", "LC_ALL=C.UTF-8", "LANG=C.UTF-8", "TMPDIR=" + tmp, "HOME=" + tmp}
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			runErr := cmd.Run()
			lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
			var s summary
			if err := json.Unmarshal([]byte(lines[len(lines)-1]), &s); err != nil {
				t.Fatalf("runner: %v; no summary (%v)\nstdout:\n%s\nstderr:\n%s", runErr, err, stdout.Bytes(), stderr.Bytes())
			}
			if s.Python != v.Patch {
				t.Errorf("ran under Python %s, want %s", s.Python, v.Patch)
			}
			bad := slices.Concat(s.Failures, s.Errors, s.Skipped)
			if len(s.Tests) == 0 || s.Run != len(s.Tests) || len(bad) > 0 || runErr != nil {
				t.Errorf("%d of %d tests ran; failed %v, errors %v, skipped %v (exit: %v)\n%s",
					s.Run, len(s.Tests), s.Failures, s.Errors, s.Skipped, runErr, stderr.Bytes())
			}
			t.Logf("CPython %s SimpleHTTPServerTestCase: %d run, %d passed", s.Python, s.Run, s.Run-len(bad))
		})
	}
}

// TestRunnerHasNoCopy guards the rule that CPython's test file is not
// copied into this package: the runner imports the interpreter's own.
func TestRunnerHasNoCopy(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "test_") {
			t.Errorf("%s: CPython's tests are imported from each interpreter, not copied", e.Name())
		}
	}
}
