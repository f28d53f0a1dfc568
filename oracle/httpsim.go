package oracle

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"

	"github.com/httpsim/httpsim/internal/corpus"
)

// BuildHTTPSim builds ./cmd/httpsim into the file out.
func BuildHTTPSim(ctx context.Context, out string) error {
	root, err := corpus.RepoRoot()
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, "./cmd/httpsim")
	cmd.Dir = root
	if msg, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build ./cmd/httpsim: %v\n%s", err, msg)
	}
	return nil
}

// HTTPSim returns the target that runs the httpsim binary at path bin:
//
//	httpsim serve --python 3.13 --handler seed -b 127.0.0.1 [--server C] [-p HTTP/1.1] 0
//
// The contract, shared with CPython's command line: the server serves its
// working directory, prints the startup line of the version on stdout
// (unbuffered), writes the access log to stderr and handler output to
// stdout, and keeps serving until killed.
//
// Paths are normalised to the same placeholders as CPython's: the
// simulator's default standard library directory /usr/lib/pythonX.Y
// (sim.Server.PythonLib) becomes $PYLIB, and the handler script, which the
// simulator places in the served directory (sim.Server.ScriptDir), becomes
// $PYSRC/seed.py or $PYSRC/upload.py.
func HTTPSim(bin string) (*Target, error) {
	return &Target{
		Name: "httpsim",
		Command: func(v corpus.Version, c *corpus.Case, scratch string) ([]string, []string, error) {
			argv := []string{bin, "serve", "--python", v.Minor, "--handler", c.Handler, "-b", "127.0.0.1"}
			if c.Server != "" {
				argv = append(argv, "--server", c.Server)
			}
			if c.Protocol != corpus.HTTP10 {
				argv = append(argv, "-p", c.Protocol)
			}
			return append(argv, "0"), nil, nil
		},
		Paths: func(v corpus.Version, scratch string) map[string]string {
			www := filepath.Join(scratch, "www")
			return map[string]string{
				"/usr/lib/python" + v.Minor:             corpus.PyLibPlaceholder,
				pyLib(v):                                corpus.PyLibPlaceholder,
				filepath.Join(www, corpus.Seed+".py"):   corpus.PySrcPlaceholder + "/" + corpus.Seed + ".py",
				filepath.Join(www, corpus.Upload+".py"): corpus.PySrcPlaceholder + "/" + corpus.Upload + ".py",
			}
		},
	}, nil
}
