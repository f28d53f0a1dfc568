package sim

import (
	"errors"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"time"
)

// FS is the file tree a [Server] serves. It is an io/fs file system that
// can also report symbolic links, which the directory listing marks with
// "@". [MemFS] implements it in memory; os.DirFS implements it on disk.
type FS interface {
	fs.StatFS
	fs.ReadDirFS
	fs.ReadLinkFS
}

// WritableFS is an [FS] that handler code can write to, as the upload
// handler's do_PUT does.
type WritableFS interface {
	FS
	// WriteFile creates or replaces the regular file name with data and
	// sets its modification time to mtime. The parent directory must exist.
	WriteFile(name string, data []byte, mtime time.Time) error
}

var (
	_ FS         = (*MemFS)(nil)
	_ WritableFS = (*MemFS)(nil)
)

// ValidName reports whether name is a valid name of a file in an [FS]:
// fs.ValidPath without its demand for UTF-8. A directory on disk can
// hold any bytes but '/' and NUL in a name, and http.server serves them
// (2.7 as bytes, 3.x as surrogate escapes), so sim's file systems take
// the bytes as they are.
func ValidName(name string) bool {
	if name == "." {
		return true
	}
	for {
		i := strings.IndexByte(name, '/')
		if i < 0 {
			i = len(name)
		}
		switch name[:i] {
		case "", ".", "..":
			return false
		}
		if strings.IndexByte(name[:i], 0) >= 0 {
			return false
		}
		if i == len(name) {
			return true
		}
		name = name[i+1:]
	}
}

// maxSymlinks bounds symbolic link resolution, like the kernel's ELOOP.
const maxSymlinks = 40

// MemFS is a writable in-memory [FS] with directories, regular files,
// symbolic links and modification times. The zero value is not usable;
// call [NewMemFS]. A MemFS is safe for concurrent use.
type MemFS struct {
	mu   sync.RWMutex
	root *memNode
}

type memNode struct {
	name     string
	mode     fs.FileMode // fs.ModeDir, fs.ModeSymlink or 0, plus permission bits
	data     []byte
	target   string // symlink target
	mtime    time.Time
	children map[string]*memNode
}

// NewMemFS returns an empty MemFS whose root directory has modification
// time mtime.
func NewMemFS(mtime time.Time) *MemFS {
	return &MemFS{root: &memNode{name: ".", mode: fs.ModeDir | 0o755, mtime: mtime, children: map[string]*memNode{}}}
}

// lookup walks name from the root. It follows symbolic links in every
// element but the last, and in the last too when follow is set. Links
// resolve relative to their directory and never above the root: ".."
// at the root stays at the root, as an absolute target starts there.
func (m *MemFS) lookup(op, name string, follow bool) (*memNode, string, error) {
	if !ValidName(name) {
		return nil, "", &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return m.root, ".", nil
	}
	hops := 0
	pending := strings.Split(name, "/")
	var stack []*memNode // directories from the root down to the current one
	stack = append(stack, m.root)
	var resolved []string
	for len(pending) > 0 {
		elem := pending[0]
		pending = pending[1:]
		dir := stack[len(stack)-1]
		switch elem {
		case "", ".":
			continue
		case "..":
			if len(stack) > 1 {
				stack = stack[:len(stack)-1]
				resolved = resolved[:len(resolved)-1]
			}
			continue
		}
		if !dir.mode.IsDir() {
			return nil, "", &fs.PathError{Op: op, Path: name, Err: errNotDir}
		}
		n, ok := dir.children[elem]
		if !ok {
			return nil, "", &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
		}
		last := len(pending) == 0
		if n.mode&fs.ModeSymlink != 0 && (!last || follow) {
			hops++
			if hops > maxSymlinks {
				return nil, "", &fs.PathError{Op: op, Path: name, Err: errLoop}
			}
			t := n.target
			if strings.HasPrefix(t, "/") {
				stack = stack[:1]
				resolved = resolved[:0]
			}
			pending = append(strings.Split(strings.Trim(t, "/"), "/"), pending...)
			continue
		}
		if last {
			return n, strings.Join(append(resolved, elem), "/"), nil
		}
		stack = append(stack, n)
		resolved = append(resolved, elem)
	}
	top := stack[len(stack)-1]
	if len(resolved) == 0 {
		return top, ".", nil
	}
	return top, strings.Join(resolved, "/"), nil
}

var (
	errNotDir = errors.New("not a directory")
	errIsDir  = errors.New("is a directory")
	errLoop   = errors.New("too many levels of symbolic links")
)

// Open opens name for reading, following symbolic links.
func (m *MemFS) Open(name string) (fs.File, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	n, _, err := m.lookup("open", name, true)
	if err != nil {
		return nil, err
	}
	if n.mode.IsDir() {
		return &memDir{info: n.info(path.Base(name)), entries: n.entries()}, nil
	}
	return &memFile{info: n.info(path.Base(name)), r: strings.NewReader(string(n.data))}, nil
}

// Stat returns the FileInfo of name, following symbolic links.
func (m *MemFS) Stat(name string) (fs.FileInfo, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	n, _, err := m.lookup("stat", name, true)
	if err != nil {
		return nil, err
	}
	return n.info(path.Base(name)), nil
}

// Lstat returns the FileInfo of name without following a final symbolic link.
func (m *MemFS) Lstat(name string) (fs.FileInfo, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	n, _, err := m.lookup("lstat", name, false)
	if err != nil {
		return nil, err
	}
	return n.info(path.Base(name)), nil
}

// ReadLink returns the target of the symbolic link name.
func (m *MemFS) ReadLink(name string) (string, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	n, _, err := m.lookup("readlink", name, false)
	if err != nil {
		return "", err
	}
	if n.mode&fs.ModeSymlink == 0 {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	return n.target, nil
}

// ReadDir lists the directory name sorted by file name.
func (m *MemFS) ReadDir(name string) ([]fs.DirEntry, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	n, _, err := m.lookup("readdir", name, true)
	if err != nil {
		return nil, err
	}
	if !n.mode.IsDir() {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errNotDir}
	}
	return n.entries(), nil
}

// ReadFile returns the contents of the regular file name.
func (m *MemFS) ReadFile(name string) ([]byte, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	n, _, err := m.lookup("open", name, true)
	if err != nil {
		return nil, err
	}
	if n.mode.IsDir() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errIsDir}
	}
	return slices.Clone(n.data), nil
}

// parent finds the directory that holds name, following links on the way.
func (m *MemFS) parent(op, name string) (*memNode, string, error) {
	if !ValidName(name) || name == "." {
		return nil, "", &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	dir, base := path.Split(name)
	dir = strings.TrimSuffix(dir, "/")
	if dir == "" {
		dir = "."
	}
	d, _, err := m.lookup(op, dir, true)
	if err != nil {
		return nil, "", err
	}
	if !d.mode.IsDir() {
		return nil, "", &fs.PathError{Op: op, Path: name, Err: errNotDir}
	}
	return d, base, nil
}

// WriteFile creates or replaces the regular file name. A symbolic link in
// the last element is followed, as open(path, 'wb') does.
func (m *MemFS) WriteFile(name string, data []byte, mtime time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if n, _, err := m.lookup("open", name, true); err == nil {
		if n.mode.IsDir() {
			return &fs.PathError{Op: "open", Path: name, Err: errIsDir}
		}
		n.data = slices.Clone(data)
		n.mtime = mtime
		return nil
	}
	d, base, err := m.parent("open", name)
	if err != nil {
		return err
	}
	if old, ok := d.children[base]; ok && old.mode&fs.ModeSymlink != 0 {
		return &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist} // dangling link
	}
	d.children[base] = &memNode{name: base, mode: 0o644, data: slices.Clone(data), mtime: mtime}
	d.mtime = mtime
	return nil
}

// MkdirAll creates the directory name and any missing parents.
func (m *MemFS) MkdirAll(name string, mtime time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !ValidName(name) {
		return &fs.PathError{Op: "mkdir", Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return nil
	}
	cur := ""
	for _, elem := range strings.Split(name, "/") {
		if cur == "" {
			cur = elem
		} else {
			cur += "/" + elem
		}
		n, _, err := m.lookup("mkdir", cur, true)
		if err == nil {
			if !n.mode.IsDir() {
				return &fs.PathError{Op: "mkdir", Path: cur, Err: errNotDir}
			}
			continue
		}
		d, base, perr := m.parent("mkdir", cur)
		if perr != nil {
			return perr
		}
		d.children[base] = &memNode{name: base, mode: fs.ModeDir | 0o755, mtime: mtime, children: map[string]*memNode{}}
	}
	return nil
}

// Symlink creates name as a symbolic link to target.
func (m *MemFS) Symlink(target, name string, mtime time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	d, base, err := m.parent("symlink", name)
	if err != nil {
		return err
	}
	if _, ok := d.children[base]; ok {
		return &fs.PathError{Op: "symlink", Path: name, Err: fs.ErrExist}
	}
	d.children[base] = &memNode{name: base, mode: fs.ModeSymlink | 0o777, target: target, mtime: mtime}
	return nil
}

// Remove deletes name, and everything under it if it is a directory. A
// symbolic link is removed, not its target.
func (m *MemFS) Remove(name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	d, base, err := m.parent("remove", name)
	if err != nil {
		return err
	}
	if _, ok := d.children[base]; !ok {
		return &fs.PathError{Op: "remove", Path: name, Err: fs.ErrNotExist}
	}
	delete(d.children, base)
	return nil
}

// Rename moves oldname to newname, replacing a file (not a directory) there.
func (m *MemFS) Rename(oldname, newname string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	od, obase, err := m.parent("rename", oldname)
	if err != nil {
		return err
	}
	n, ok := od.children[obase]
	if !ok {
		return &fs.PathError{Op: "rename", Path: oldname, Err: fs.ErrNotExist}
	}
	nd, nbase, err := m.parent("rename", newname)
	if err != nil {
		return err
	}
	if n.mode.IsDir() && (newname == oldname || strings.HasPrefix(newname, oldname+"/")) {
		return &fs.PathError{Op: "rename", Path: newname, Err: fs.ErrInvalid}
	}
	if old, ok := nd.children[nbase]; ok && old.mode.IsDir() {
		return &fs.PathError{Op: "rename", Path: newname, Err: fs.ErrExist}
	}
	delete(od.children, obase)
	n.name = nbase
	nd.children[nbase] = n
	return nil
}

// Chtimes sets the modification time of name (following links).
func (m *MemFS) Chtimes(name string, mtime time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	n, _, err := m.lookup("chtimes", name, true)
	if err != nil {
		return err
	}
	n.mtime = mtime
	return nil
}

// CopyFS returns a MemFS holding a copy of src: directories, regular
// files, symbolic links (when src implements fs.ReadLinkFS) and
// modification times.
func CopyFS(src fs.FS) (*MemFS, error) {
	rootInfo, err := fs.Stat(src, ".")
	if err != nil {
		return nil, err
	}
	m := NewMemFS(rootInfo.ModTime())
	rl, _ := src.(fs.ReadLinkFS)
	err = fs.WalkDir(src, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if name == "." {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0 && rl != nil:
			t, err := rl.ReadLink(name)
			if err != nil {
				return err
			}
			return m.Symlink(t, name, info.ModTime())
		case d.IsDir():
			if err := m.MkdirAll(name, info.ModTime()); err != nil {
				return err
			}
			return m.Chtimes(name, info.ModTime())
		default:
			data, err := fs.ReadFile(src, name)
			if err != nil {
				return err
			}
			return m.WriteFile(name, data, info.ModTime())
		}
	})
	if err != nil {
		return nil, err
	}
	// Writing children touched directory times; put the originals back.
	_ = fs.WalkDir(src, ".", func(name string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			if info, err := d.Info(); err == nil {
				_ = m.Chtimes(name, info.ModTime())
			}
		}
		return nil
	})
	return m, nil
}

func (n *memNode) info(name string) *memInfo {
	size := int64(len(n.data))
	if n.mode&fs.ModeSymlink != 0 {
		size = int64(len(n.target))
	}
	return &memInfo{name: name, size: size, mode: n.mode, mtime: n.mtime}
}

func (n *memNode) entries() []fs.DirEntry {
	out := make([]fs.DirEntry, 0, len(n.children))
	for name, c := range n.children {
		out = append(out, fs.FileInfoToDirEntry(c.info(name)))
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out
}

type memInfo struct {
	name  string
	size  int64
	mode  fs.FileMode
	mtime time.Time
}

func (i *memInfo) Name() string       { return i.name }
func (i *memInfo) Size() int64        { return i.size }
func (i *memInfo) Mode() fs.FileMode  { return i.mode }
func (i *memInfo) ModTime() time.Time { return i.mtime }
func (i *memInfo) IsDir() bool        { return i.mode.IsDir() }
func (i *memInfo) Sys() any           { return nil }

type memFile struct {
	info *memInfo
	r    *strings.Reader
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Read(p []byte) (int, error) { return f.r.Read(p) }
func (f *memFile) Close() error               { return nil }
func (f *memFile) Seek(off int64, whence int) (int64, error) {
	return f.r.Seek(off, whence)
}
func (f *memFile) ReadAt(p []byte, off int64) (int, error) { return f.r.ReadAt(p, off) }

type memDir struct {
	info    *memInfo
	entries []fs.DirEntry
	off     int
}

func (d *memDir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *memDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.name, Err: errIsDir}
}
func (d *memDir) Close() error { return nil }
func (d *memDir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.off:]
	if n <= 0 {
		d.off = len(d.entries)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	if n > len(rest) {
		n = len(rest)
	}
	d.off += n
	return rest[:n], nil
}
