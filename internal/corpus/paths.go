package corpus

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
)

const modulePath = "github.com/httpsim/httpsim"

// RepoRoot returns the root directory of the httpsim module: the nearest
// directory at or above the working directory whose go.mod declares the
// module, or else the directory this file was compiled from (which works
// for tests and go run in a checkout).
func RepoRoot() (string, error) {
	if wd, err := os.Getwd(); err == nil {
		for dir := wd; ; {
			if isModuleRoot(dir) {
				return dir, nil
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	if _, file, _, ok := runtime.Caller(0); ok {
		dir := filepath.Join(filepath.Dir(file), "..", "..")
		if isModuleRoot(dir) {
			return filepath.Clean(dir), nil
		}
	}
	return "", errors.New("corpus: cannot find the httpsim module root (go.mod of " + modulePath + ")")
}

func isModuleRoot(dir string) bool {
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return false
	}
	first, _, _ := bytes.Cut(data, []byte("\n"))
	return string(bytes.TrimSpace(first)) == "module "+modulePath
}

// CorpusDir returns the directory of the cases, testdata/corpus.
func CorpusDir() (string, error) { return repoPath("testdata", "corpus") }

// OracleDir returns the directory of the transcripts, testdata/oracle.
func OracleDir() (string, error) { return repoPath("testdata", "oracle") }

func repoPath(elem ...string) (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	return filepath.Join(append([]string{root}, elem...)...), nil
}
