package corpus

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// A Transcript is what one server did with one case: everything it wrote
// to the client connection, to stderr and to stdout, after [Normalize].
type Transcript struct {
	Case    string // case name
	Version string // minor version, e.g. "3.13"
	Command string // the server command line, for the human reader (not parsed back)

	Response []byte // bytes read from the connection until EOF
	Stderr   []byte // server stderr: the access log, tracebacks
	Stdout   []byte // server stdout: the startup line, handler output
	Exited   bool   // the server exited by itself (it is normally killed after the case)
	ExitCode int    // its exit status, if Exited
}

// Sections of a transcript file, in order.
const (
	sectResponse = "response"
	sectStderr   = "stderr"
	sectStdout   = "stdout"
	sectExit     = "exit"
)

// Marshal returns t as a txtar file: a comment, then the sections
// response, stderr, stdout in the notation of [Encode], and "exit" (a
// decimal status) if the server exited by itself.
func (t *Transcript) Marshal() []byte {
	var c strings.Builder
	v, _ := LookupVersion(t.Version)
	if v.Pyodide != "" {
		fmt.Fprintf(&c, "Case %s as served by CPython %s in Pyodide %s (recorded by go run ./oracle/cmd/record).\n", t.Case, v.Patch, v.Pyodide)
	} else {
		fmt.Fprintf(&c, "Case %s as served by CPython %s (recorded by go run ./oracle/cmd/record).\n", t.Case, v.Patch)
	}
	if t.Command != "" {
		fmt.Fprintf(&c, "Command: %s\n", t.Command)
	}
	c.WriteString("Sections use the byte notation of testdata/corpus/README.md; dates, ports\n" +
		"and paths are normalised (internal/corpus/normalize.go).\n")
	a := &Archive{Comment: []byte(c.String()), Files: []File{
		{sectResponse, Encode(t.Response)},
		{sectStderr, Encode(t.Stderr)},
		{sectStdout, Encode(t.Stdout)},
	}}
	if t.Exited {
		a.Files = append(a.Files, File{sectExit, []byte(strconv.Itoa(t.ExitCode) + "\n")})
	}
	return a.Format()
}

// ParseTranscript parses a transcript file written by [Transcript.Marshal].
// Case, Version and Command are left empty.
func ParseTranscript(data []byte) (*Transcript, error) {
	a := ParseArchive(data)
	t := new(Transcript)
	seen := map[string]bool{}
	for _, f := range a.Files {
		if seen[f.Name] {
			return nil, fmt.Errorf("duplicate section %q", f.Name)
		}
		seen[f.Name] = true
		var dst *[]byte
		switch f.Name {
		case sectResponse:
			dst = &t.Response
		case sectStderr:
			dst = &t.Stderr
		case sectStdout:
			dst = &t.Stdout
		case sectExit:
			n, err := strconv.Atoi(strings.TrimSpace(string(f.Data)))
			if err != nil {
				return nil, fmt.Errorf("exit: %v", err)
			}
			t.Exited, t.ExitCode = true, n
			continue
		default:
			return nil, fmt.Errorf("unknown section %q", f.Name)
		}
		b, err := Decode(f.Data)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", f.Name, err)
		}
		*dst = b
	}
	for _, name := range []string{sectResponse, sectStderr, sectStdout} {
		if !seen[name] {
			return nil, fmt.Errorf("missing section %q", name)
		}
	}
	return t, nil
}

// Equal reports whether t and u hold the same bytes and exit status
// (Case, Version and Command are not compared).
func (t *Transcript) Equal(u *Transcript) bool {
	return bytes.Equal(t.Response, u.Response) &&
		bytes.Equal(t.Stderr, u.Stderr) &&
		bytes.Equal(t.Stdout, u.Stdout) &&
		t.Exited == u.Exited && (!t.Exited || t.ExitCode == u.ExitCode)
}

// TranscriptPath returns the file of the transcript of case name under
// version (minor) below dir, normally [OracleDir]: dir/3.13/name.txtar.
func TranscriptPath(dir, version, name string) string {
	return filepath.Join(dir, version, name+".txtar")
}

// ReadTranscript reads the transcript of case name under version (minor
// or patch form) from dir.
func ReadTranscript(dir, version, name string) (*Transcript, error) {
	v, ok := LookupVersion(version)
	if !ok {
		return nil, fmt.Errorf("corpus: unknown version %q", version)
	}
	file := TranscriptPath(dir, v.Minor, name)
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	t, err := ParseTranscript(data)
	if err != nil {
		return nil, fmt.Errorf("corpus: %s: %v", file, err)
	}
	t.Case, t.Version = name, v.Minor
	return t, nil
}

// LoadTranscript reads the recorded CPython transcript of case name under
// version ("3.13" or "3.13.0") from the repository's testdata/oracle.
//
// A golden test that runs a case in-process compares its own output with
// it after passing that output through [Normalize].
func LoadTranscript(version, name string) (*Transcript, error) {
	dir, err := OracleDir()
	if err != nil {
		return nil, err
	}
	return ReadTranscript(dir, version, name)
}

// WriteTranscript writes t to [TranscriptPath](dir, t.Version, t.Case),
// creating the version directory if needed.
func WriteTranscript(dir string, t *Transcript) error {
	file := TranscriptPath(dir, t.Version, t.Case)
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	return os.WriteFile(file, t.Marshal(), 0o644)
}
