package sim

import (
	"errors"
	"io/fs"
	"testing"
	"testing/fstest"
	"time"
)

var t0 = time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)

func sampleMemFS(t *testing.T) *MemFS {
	t.Helper()
	m := NewMemFS(t0)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(m.MkdirAll("sub/deep", t0))
	must(m.WriteFile("a.txt", []byte("hello\n"), t0))
	must(m.WriteFile("sub/b.txt", []byte("b"), t0))
	must(m.Symlink("sub", "link", t0))
	must(m.Symlink("../a.txt", "sub/up", t0))
	must(m.Symlink("../../../../a.txt", "sub/deep/far", t0))
	return m
}

func TestMemFSConformance(t *testing.T) {
	m := sampleMemFS(t)
	if err := fstest.TestFS(m, "a.txt", "sub/b.txt", "sub/deep"); err != nil {
		t.Fatal(err)
	}
}

func TestMemFSLinks(t *testing.T) {
	m := sampleMemFS(t)
	for _, tt := range []struct{ name, want string }{
		{"link/b.txt", "b"}, {"sub/up", "hello\n"}, {"sub/deep/far", "hello\n"},
	} {
		got, err := m.ReadFile(tt.name)
		if err != nil || string(got) != tt.want {
			t.Errorf("ReadFile(%q) = %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
	info, err := m.Lstat("link")
	if err != nil || info.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("Lstat(link) = %v, %v; want a symlink", info, err)
	}
	if err := m.Symlink("loop2", "loop1", t0); err != nil {
		t.Fatal(err)
	}
	if err := m.Symlink("loop1", "loop2", t0); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Stat("loop1"); err == nil {
		t.Error("Stat(loop1) succeeded on a symlink loop")
	}
}

func TestMemFSErrors(t *testing.T) {
	m := sampleMemFS(t)
	for _, name := range []string{"../a.txt", "/a.txt", "a.txt/", "nope", "a.txt/x", ""} {
		if _, err := m.Open(name); err == nil {
			t.Errorf("Open(%q) succeeded, want an error", name)
		} else if pe := (*fs.PathError)(nil); !errors.As(err, &pe) {
			t.Errorf("Open(%q) error %T, want *fs.PathError", name, err)
		}
	}
	if err := m.WriteFile("missing/x", nil, t0); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("WriteFile into a missing directory: %v, want ErrNotExist", err)
	}
	if err := m.WriteFile("sub", nil, t0); err == nil {
		t.Error("WriteFile over a directory succeeded")
	}
	if err := m.Rename("sub", "sub/deep/x"); err == nil {
		t.Error("Rename of a directory into itself succeeded")
	}
	if err := m.Remove("nope"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Remove(nope) = %v, want ErrNotExist", err)
	}
}

func TestCopyFS(t *testing.T) {
	src := fstest.MapFS{
		"a.txt":     {Data: []byte("a"), ModTime: t0},
		"d/b.txt":   {Data: []byte("b"), ModTime: t0.Add(time.Hour)},
		"d/e/c.txt": {Data: []byte("c"), ModTime: t0},
	}
	m, err := CopyFS(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := fstest.TestFS(m, "a.txt", "d/b.txt", "d/e/c.txt"); err != nil {
		t.Fatal(err)
	}
	info, _ := m.Stat("d/b.txt")
	if !info.ModTime().Equal(t0.Add(time.Hour)) {
		t.Errorf("mtime = %v, want %v", info.ModTime(), t0.Add(time.Hour))
	}
}
