package oracle

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"

	"github.com/httpsim/httpsim/internal/corpus"
)

// PyenvDir holds the interpreters, one directory per patch release:
// PyenvDir/3.13.0/bin/python.
const PyenvDir = "/root/.pyenv/versions"

//go:embed sitecustomize.py
var sitecustomize []byte

// Python returns the path of the interpreter of version v, or an error if
// it is not installed. The oracle never skips a missing interpreter.
func Python(v corpus.Version) (string, error) {
	p := filepath.Join(PyenvDir, v.Patch, "bin", "python")
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("CPython %s is not installed: %w", v.Patch, err)
	}
	return p, nil
}

// pyLib returns the standard library directory of version v.
func pyLib(v corpus.Version) string {
	return filepath.Join(PyenvDir, v.Patch, "lib", "python"+v.Minor)
}

// handlerSource returns the file name of a handler script under sim/pysrc.
func handlerSource(v corpus.Version, handler string) string {
	if v.Minor == "2.7" {
		return handler + "2.py"
	}
	return handler + "3.py"
}

// installHandler copies the handler script for version v into
// scratch/pysrc under the name a user gives it (seed.py, upload.py, as the
// scripts' own usage lines say) and returns its path. Tracebacks and
// warnings show that path, normalised to $PYSRC/seed.py.
func installHandler(pysrc, scratch string, v corpus.Version, handler string) (string, error) {
	return installScript(pysrc, scratch, handlerSource(v, handler), handler+".py")
}

// installScript copies sim/pysrc/name into scratch/pysrc as as.
func installScript(pysrc, scratch, name, as string) (string, error) {
	src, err := os.ReadFile(filepath.Join(pysrc, name))
	if err != nil {
		return "", err
	}
	dir := filepath.Join(scratch, "pysrc")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	dst := filepath.Join(dir, as)
	return dst, os.WriteFile(dst, src, 0o644)
}

// PySrcDir returns the directory of the handler scripts, sim/pysrc.
func PySrcDir() (string, error) {
	root, err := corpus.RepoRoot()
	if err != nil {
		return "", err
	}
	return filepath.Join(root, "sim", "pysrc"), nil
}

// CPython returns the target that runs the real interpreters:
//
//	simple, 3.x:  python -u -m http.server -b 127.0.0.1 [-p HTTP/1.1] 0
//	simple, 2.7:  python -u -m SimpleHTTPServer 0
//	seed, 3.x:    python -u $PYSRC/seed.py -b 127.0.0.1 [-p HTTP/1.1] 0
//	seed, 2.7:    python -u $PYSRC/seed.py 0          (upload likewise)
//	server: C:    python -u $PYSRC/serve.py --server C --handler H [-b 127.0.0.1] [-p HTTP/1.1] 0
//
// where $PYSRC/seed.py is a copy of sim/pysrc/seed3.py (2.7: seed2.py) in
// the scratch directory.
//
// Every interpreter imports the oracle's sitecustomize.py (see that file),
// which pins mimetypes to the built-in table and, through HTTPSIM_BIND and
// HTTPSIM_PROTOCOL, binds 2.7 to 127.0.0.1 and sets protocol_version where
// the command line cannot (-m http.server before 3.11, all of 2.7).
func CPython() (*Target, error) {
	pysrc, err := PySrcDir()
	if err != nil {
		return nil, err
	}
	return &Target{
		Name: "cpython",
		Command: func(v corpus.Version, c *corpus.Case, scratch string) ([]string, []string, error) {
			py, err := Python(v)
			if err != nil {
				return nil, nil, err
			}
			site := filepath.Join(scratch, "site")
			if err := os.Mkdir(site, 0o755); err != nil {
				return nil, nil, err
			}
			if err := os.WriteFile(filepath.Join(site, "sitecustomize.py"), sitecustomize, 0o644); err != nil {
				return nil, nil, err
			}
			env := []string{"PYTHONPATH=" + site}
			py2 := v.Minor == "2.7"
			if py2 {
				env = append(env, "HTTPSIM_BIND=127.0.0.1")
			}
			argv := []string{py, "-u"}
			switch {
			case c.Server != "":
				script, err := installScript(pysrc, scratch, "serve.py", "serve.py")
				if err != nil {
					return nil, nil, err
				}
				if c.Handler == corpus.Upload {
					if _, err := installHandler(pysrc, scratch, v, c.Handler); err != nil {
						return nil, nil, err
					}
				}
				argv = append(argv, script, "--server", c.Server, "--handler", c.Handler)
				if !py2 {
					argv = append(argv, "-b", "127.0.0.1")
				}
			case c.Handler == corpus.Simple && py2:
				argv = append(argv, "-m", "SimpleHTTPServer")
			case c.Handler == corpus.Simple:
				argv = append(argv, "-m", "http.server", "-b", "127.0.0.1")
			default:
				script, err := installHandler(pysrc, scratch, v, c.Handler)
				if err != nil {
					return nil, nil, err
				}
				argv = append(argv, script)
				if !py2 {
					argv = append(argv, "-b", "127.0.0.1")
				}
			}
			if c.Protocol != corpus.HTTP10 {
				nativeFlag := !py2 && (c.Handler != corpus.Simple || c.Server != "" || !corpus.Less(v.Minor, "3.11"))
				if nativeFlag {
					argv = append(argv, "-p", c.Protocol)
				} else {
					env = append(env, "HTTPSIM_PROTOCOL="+c.Protocol)
				}
			}
			argv = append(argv, "0")
			return argv, env, nil
		},
		Paths: func(v corpus.Version, scratch string) map[string]string {
			return map[string]string{
				pyLib(v):                        corpus.PyLibPlaceholder,
				filepath.Join(scratch, "pysrc"): corpus.PySrcPlaceholder,
			}
		},
	}, nil
}
