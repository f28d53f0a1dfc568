package pycgi

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.txtar and zz_printable.go from the real interpreters")

// interpreters are the pinned CPython builds that have the cgi module,
// by the minor numbers Parse takes.
var interpreters = []struct {
	minor   int
	version string
}{
	{27, "2.7.18"},
	{36, "3.6.15"},
	{37, "3.7.16"},
	{38, "3.8.18"},
	{39, "3.9.18"},
	{310, "3.10.13"},
	{311, "3.11.7"},
	{312, "3.12.1"},
}

// pythonPath is where the pinned interpreter for version lives.
func pythonPath(version string) string {
	return "/root/.pyenv/versions/" + version + "/bin/python"
}

// runPython runs script under the interpreter for version with stdin as
// its input and returns its standard output. A missing interpreter fails
// the test: the differential tests are the point of this package.
func runPython(t *testing.T, version, script string, stdin []byte) []byte {
	t.Helper()
	py := pythonPath(version)
	if _, err := os.Stat(py); err != nil {
		t.Fatalf("interpreter %s: %v", version, err)
	}
	cmd := exec.Command(py, script)
	cmd.Stdin = bytes.NewReader(stdin)
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8", "PYTHONIOENCODING=utf-8", "PYTHONDONTWRITEBYTECODE=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", py, script, err, stderr.Bytes())
	}
	return out
}
