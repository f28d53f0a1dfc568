package main

import (
	"io/fs"
	"os"
	"time"

	"github.com/httpsim/httpsim/sim"
)

// dirFS serves a real directory, read afresh at every request as
// http.server reads it. Writes (the upload handler's do_PUT) go through
// an os.Root, so they cannot leave the directory.
type dirFS struct {
	fs.FS
	root *os.Root
}

var _ sim.WritableFS = (*dirFS)(nil)

func newDirFS(dir string) (*dirFS, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &dirFS{FS: os.DirFS(dir), root: root}, nil
}

func (d *dirFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(d.FS, name) }
func (d *dirFS) ReadDir(name string) ([]fs.DirEntry, error) {
	return fs.ReadDir(d.FS, name)
}
func (d *dirFS) ReadFile(name string) ([]byte, error) { return fs.ReadFile(d.FS, name) }
func (d *dirFS) Lstat(name string) (fs.FileInfo, error) {
	return fs.Lstat(d.FS, name)
}
func (d *dirFS) ReadLink(name string) (string, error) { return fs.ReadLink(d.FS, name) }

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
