package webui

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/httpsim/httpsim/sim"
)

// Entry is one file or directory of the session's tree.
type Entry struct {
	// Path is slash-separated and relative to the served directory:
	// "files/my folder/readme.md".
	Path  string
	Dir   bool
	Size  int64
	MTime time.Time
	// Link is the target of a symbolic link ("" for other entries).
	Link string
}

// cleanPath turns a path typed in the page ("/files/a.txt", "files/")
// into a name in the tree: any bytes but NUL, UTF-8 or not, as on disk
// (see [sim.ValidName]). The root "." is allowed only where root is.
func cleanPath(op, p string, root bool) (string, error) {
	name := strings.Trim(p, "/")
	if name == "" {
		name = "."
	}
	if !sim.ValidName(name) {
		return "", &fs.PathError{Op: op, Path: p, Err: errors.New("invalid path: use names separated by /, without . or .. elements or empty names")}
	}
	if name == "." && !root {
		return "", &fs.PathError{Op: op, Path: p, Err: errors.New("the served directory itself cannot be changed")}
	}
	return name, nil
}

// List returns every entry under the served directory in lexical order
// of path, directories before their contents.
func (s *Session) List() ([]Entry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return list(s.fs)
}

func list(m *sim.MemFS) ([]Entry, error) {
	var out []Entry
	err := fs.WalkDir(m, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if name == "." {
			return nil
		}
		info, err := m.Lstat(name)
		if err != nil {
			return err
		}
		e := Entry{Path: name, Dir: info.IsDir(), Size: info.Size(), MTime: info.ModTime()}
		if info.Mode()&fs.ModeSymlink != 0 {
			e.Link, _ = m.ReadLink(name)
		}
		if e.Dir {
			e.Size = 0
		}
		out = append(out, e)
		return nil
	})
	return out, err
}

// Read returns the contents of the file name.
func (s *Session) Read(name string) ([]byte, error) {
	n, err := cleanPath("read", name, false)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fs.ReadFile(n)
}

// Write creates or replaces the file name, creating missing parent
// directories, with the session clock as its modification time.
func (s *Session) Write(name string, data []byte) error {
	n, err := cleanPath("write", name, false)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return writeFile(s.fs, n, data, s.now())
}

func writeFile(m *sim.MemFS, name string, data []byte, t time.Time) error {
	if i := strings.LastIndexByte(name, '/'); i > 0 {
		if err := m.MkdirAll(name[:i], t); err != nil {
			return err
		}
	}
	if info, err := m.Lstat(name); err == nil && info.IsDir() {
		return &fs.PathError{Op: "write", Path: name, Err: errors.New("is a directory")}
	}
	return m.WriteFile(name, data, t)
}

// Mkdir creates the directory name and any missing parents.
func (s *Session) Mkdir(name string) error {
	n, err := cleanPath("mkdir", name, false)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if info, err := s.fs.Lstat(n); err == nil && !info.IsDir() {
		return &fs.PathError{Op: "mkdir", Path: n, Err: fs.ErrExist}
	}
	return s.fs.MkdirAll(n, s.now())
}

// Remove deletes name, and everything under it if it is a directory.
func (s *Session) Remove(name string) error {
	n, err := cleanPath("remove", name, false)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fs.Remove(n)
}

// Rename moves oldname to newname. It refuses to replace an existing
// entry, so that a slip in the page never loses a file.
func (s *Session) Rename(oldname, newname string) error {
	o, err := cleanPath("rename", oldname, false)
	if err != nil {
		return err
	}
	n, err := cleanPath("rename", newname, false)
	if err != nil {
		return err
	}
	if o == n {
		return nil
	}
	if strings.HasPrefix(n, o+"/") {
		return &fs.PathError{Op: "rename", Path: n, Err: errors.New("cannot move a directory into itself")}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.fs.Lstat(n); err == nil {
		return &fs.PathError{Op: "rename", Path: n, Err: fs.ErrExist}
	}
	if i := strings.LastIndexByte(n, '/'); i > 0 {
		if err := s.fs.MkdirAll(n[:i], s.now()); err != nil {
			return err
		}
	}
	return s.fs.Rename(o, n)
}

// Reset puts the sample site back, or an empty directory if empty is set.
func (s *Session) Reset(empty bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if empty {
		s.fs = sim.NewMemFS(SampleTime)
	} else {
		s.fs = SampleSite()
	}
}

// Changes are the differences between a session's tree and the sample
// site, small enough to put in a share link.
type Changes struct {
	// Empty says the tree started empty rather than from the sample.
	Empty bool
	// Removed are sample entries that are gone (only the topmost of a
	// removed subtree).
	Removed []string
	// Dirs are directories the sample does not have.
	Dirs []string
	// Files are files that are new or whose contents differ.
	Files []FileData
	// Times are the modification times that applying the rest does not
	// reproduce (a touched file, a file written with its own mtime).
	// Links made before times were kept have none.
	Times []TimeData
}

// FileData is a file's path and contents.
type FileData struct {
	Path string
	Data []byte
}

// Diff returns the changes that turn the sample site into the session's
// tree, modification times included.
func (s *Session) Diff() (Changes, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := diff(SampleSite(), s.fs)
	if err != nil {
		return c, err
	}
	c.Times, err = diffTimes(c, s.fs, s.now())
	return c, err
}

func diff(base, cur *sim.MemFS) (Changes, error) {
	var c Changes
	be, err := list(base)
	if err != nil {
		return c, err
	}
	ce, err := list(cur)
	if err != nil {
		return c, err
	}
	if len(ce) == 0 && len(be) > 0 {
		return Changes{Empty: true}, nil
	}
	curDir := map[string]bool{}
	for _, e := range ce {
		curDir[e.Path] = e.Dir
	}
	baseDir := map[string]bool{}
	for _, e := range be {
		baseDir[e.Path] = e.Dir
	}
	var gone []string
	for _, e := range be {
		if d, ok := curDir[e.Path]; !ok || d != e.Dir {
			if !slices.ContainsFunc(gone, func(g string) bool { return strings.HasPrefix(e.Path, g+"/") }) {
				gone = append(gone, e.Path)
			}
		}
	}
	c.Removed = gone
	for _, e := range ce {
		if e.Link != "" {
			continue
		}
		d, inBase := baseDir[e.Path]
		if e.Dir {
			if !inBase || !d {
				c.Dirs = append(c.Dirs, e.Path)
			}
			continue
		}
		data, err := cur.ReadFile(e.Path)
		if err != nil {
			return c, err
		}
		if inBase && !d {
			old, err := base.ReadFile(e.Path)
			if err == nil && bytes.Equal(old, data) {
				continue
			}
		}
		c.Files = append(c.Files, FileData{Path: e.Path, Data: data})
	}
	return c, nil
}

// Apply resets the tree to the sample site (or an empty one) and applies
// c. Entries created get the session clock unless c.Times says otherwise.
func (s *Session) Apply(c Changes) error {
	m, err := build(c, s.now())
	if err != nil {
		return err
	}
	for _, ft := range c.Times {
		n, err := cleanPath("touch", ft.Path, false)
		if err != nil {
			return err
		}
		if err := m.Chtimes(n, ft.MTime); err != nil {
			return fmt.Errorf("webui: apply %s: %w", ft.Path, err)
		}
	}
	s.mu.Lock()
	s.fs = m
	s.mu.Unlock()
	return nil
}

// build applies c but its times to a fresh sample site, each entry it
// makes stamped t.
func build(c Changes, t time.Time) (*sim.MemFS, error) {
	m := SampleSite()
	if c.Empty {
		m = sim.NewMemFS(SampleTime)
	}
	for _, p := range c.Removed {
		n, err := cleanPath("remove", p, false)
		if err != nil {
			return nil, err
		}
		if err := m.Remove(n); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	for _, p := range c.Dirs {
		n, err := cleanPath("mkdir", p, false)
		if err != nil {
			return nil, err
		}
		if err := m.MkdirAll(n, t); err != nil {
			return nil, err
		}
	}
	for _, f := range c.Files {
		n, err := cleanPath("write", f.Path, false)
		if err != nil {
			return nil, err
		}
		if err := writeFile(m, n, f.Data, t); err != nil {
			return nil, fmt.Errorf("webui: apply %s: %w", f.Path, err)
		}
	}
	return m, nil
}
