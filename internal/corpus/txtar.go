package corpus

import (
	"bytes"
	"strings"
)

// An Archive is a txtar archive (the format of cmd/go's test scripts and
// golang.org/x/tools/txtar): a free-form comment, then files, each
// introduced by a marker line "-- NAME --".
type Archive struct {
	Comment []byte
	Files   []File
}

// A File is one section of an [Archive].
type File struct {
	Name string
	Data []byte
}

// ParseArchive parses data as a txtar archive. Every byte belongs to the
// comment or to a file; parsing never fails.
func ParseArchive(data []byte) *Archive {
	a := new(Archive)
	var name string
	a.Comment, name, data = findMarker(data)
	for name != "" {
		f := File{Name: name}
		f.Data, name, data = findMarker(data)
		a.Files = append(a.Files, f)
	}
	return a
}

// findMarker returns the text before the next marker line, that marker's
// name, and the text after the marker line. With no marker, it returns
// all of data and an empty name.
func findMarker(data []byte) (before []byte, name string, after []byte) {
	var i int
	for {
		if name, after := isMarker(data[i:]); name != "" {
			return data[:i], name, after
		}
		j := bytes.IndexByte(data[i:], '\n')
		if j < 0 {
			return data, "", nil
		}
		i += j + 1
	}
}

// isMarker reports whether data begins with a marker line; if so it
// returns the marker's name and the text after the line.
func isMarker(data []byte) (name string, after []byte) {
	if !bytes.HasPrefix(data, []byte("-- ")) {
		return "", nil
	}
	line := data
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		line, after = data[:i], data[i+1:]
	}
	line = bytes.TrimSuffix(line, []byte("\r"))
	if !bytes.HasSuffix(line, []byte(" --")) || len(line) < len("-- x --") {
		return "", nil
	}
	return strings.TrimSpace(string(line[3 : len(line)-3])), after
}

// Format returns the archive in txtar form. The comment and every file
// get a final newline if they lack one.
func (a *Archive) Format() []byte {
	var b bytes.Buffer
	b.Write(fixNL(a.Comment))
	for _, f := range a.Files {
		b.WriteString("-- " + f.Name + " --\n")
		b.Write(fixNL(f.Data))
	}
	return b.Bytes()
}

// File returns the data of the first file called name, and whether there is one.
func (a *Archive) File(name string) ([]byte, bool) {
	for _, f := range a.Files {
		if f.Name == name {
			return f.Data, true
		}
	}
	return nil, false
}

func fixNL(data []byte) []byte {
	if len(data) == 0 || data[len(data)-1] == '\n' {
		return data
	}
	return append(bytes.Clone(data), '\n')
}
