package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/httpsim/httpsim/sim"
)

// dirFS serves a real directory, read afresh at every request as
// http.server reads it. It is os.DirFS without the demand that names be
// UTF-8 (a directory can hold any bytes in a name, and CPython serves
// them; see [sim.ValidName]). Like os.DirFS it follows symbolic links
// wherever they point, as CPython does. Writes (the upload handler's
// do_PUT) go through an os.Root, so they cannot leave the directory.
type dirFS struct {
	dir  string
	root *os.Root
}

var _ sim.WritableFS = (*dirFS)(nil)

func newDirFS(dir string) (*dirFS, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &dirFS{dir: dir, root: root}, nil
}

// join is the OS path of name, or an *fs.PathError when name is not one
// that sim produces.
func (d *dirFS) join(op, name string) (string, error) {
	if !sim.ValidName(name) {
		return "", &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return d.dir, nil
	}
	return filepath.Join(d.dir, filepath.FromSlash(name)), nil
}

func (d *dirFS) Open(name string) (fs.File, error) {
	p, err := d.join("open", name)
	if err != nil {
		return nil, err
	}
	return os.Open(p)
}

func (d *dirFS) Stat(name string) (fs.FileInfo, error) {
	p, err := d.join("stat", name)
	if err != nil {
		return nil, err
	}
	return os.Stat(p)
}

func (d *dirFS) Lstat(name string) (fs.FileInfo, error) {
	p, err := d.join("lstat", name)
	if err != nil {
		return nil, err
	}
	return os.Lstat(p)
}

func (d *dirFS) ReadDir(name string) ([]fs.DirEntry, error) {
	p, err := d.join("readdir", name)
	if err != nil {
		return nil, err
	}
	return os.ReadDir(p)
}

func (d *dirFS) ReadFile(name string) ([]byte, error) {
	p, err := d.join("read", name)
	if err != nil {
		return nil, err
	}
	return os.ReadFile(p)
}

func (d *dirFS) ReadLink(name string) (string, error) {
	p, err := d.join("readlink", name)
	if err != nil {
		return "", err
	}
	return os.Readlink(p)
}

func (d *dirFS) WriteFile(name string, data []byte, mtime time.Time) error {
	f, err := d.root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return d.root.Chtimes(name, mtime, mtime)
}
