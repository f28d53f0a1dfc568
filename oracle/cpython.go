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

// handlerScript returns the file name of a handler script under sim/pysrc.
func handlerScript(v corpus.Version, handler string) string {
	if v.Minor == "2.7" {
		return handler + "2.py"
	}
	return handler + "3.py"
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
//	seed, 3.x:    python -u $PYSRC/seed3.py -b 127.0.0.1 [-p HTTP/1.1] 0
//	seed, 2.7:    python -u $PYSRC/seed2.py 0          (upload likewise)
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
			case c.Handler == corpus.Simple && py2:
				argv = append(argv, "-m", "SimpleHTTPServer")
			case c.Handler == corpus.Simple:
				argv = append(argv, "-m", "http.server", "-b", "127.0.0.1")
			case py2:
				argv = append(argv, filepath.Join(pysrc, handlerScript(v, c.Handler)))
			default:
				argv = append(argv, filepath.Join(pysrc, handlerScript(v, c.Handler)), "-b", "127.0.0.1")
			}
			if c.Protocol != corpus.HTTP10 {
				nativeFlag := !py2 && (c.Handler != corpus.Simple || !corpus.Less(v.Minor, "3.11"))
				if nativeFlag {
					argv = append(argv, "-p", c.Protocol)
				} else {
					env = append(env, "HTTPSIM_PROTOCOL="+c.Protocol)
				}
			}
			argv = append(argv, "0")
			return argv, env, nil
		},
		Paths: func(v corpus.Version) map[string]string {
			return map[string]string{pyLib(v): corpus.PyLibPlaceholder, pysrc: corpus.PySrcPlaceholder}
		},
	}, nil
}
