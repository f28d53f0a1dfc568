package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestDirFS: names that are not UTF-8 are read as the bytes on disk,
// and no name can climb out of the directory.
func TestDirFS(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "www")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(parent, "secret"), []byte("no"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "d\xfe"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "d\xfe", "bad\xff.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := newDirFS(dir)
	if err != nil {
		t.Fatal(err)
	}
	if data, err := d.ReadFile("d\xfe/bad\xff.txt"); err != nil || string(data) != "x" {
		t.Errorf("ReadFile = %q, %v", data, err)
	}
	es, err := d.ReadDir("d\xfe")
	if err != nil || len(es) != 1 || es[0].Name() != "bad\xff.txt" {
		t.Errorf("ReadDir = %v, %v", es, err)
	}
	if fi, err := d.Stat("d\xfe"); err != nil || !fi.IsDir() {
		t.Errorf("Stat = %v, %v", fi, err)
	}
	for _, name := range []string{"../secret", "d\xfe/../../secret", "/secret", "", "a//b", "a\x00b"} {
		if _, err := d.ReadFile(name); !errors.Is(err, fs.ErrInvalid) {
			t.Errorf("ReadFile(%q) = %v, want fs.ErrInvalid", name, err)
		}
	}
	if err := d.WriteFile("../escape", []byte("x"), time.Unix(0, 0)); err == nil {
		t.Error("WriteFile(../escape) succeeded")
	}
}
