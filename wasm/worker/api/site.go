package api

import (
	"io/fs"
	"testing/fstest"
	"time"
)

// siteModTime is the modification time of every entry of the sample
// site; in an HTTP date it reads "Thu, 02 Jan 2020 03:04:05 GMT".
var siteModTime = time.Date(2020, time.January, 2, 3, 4, 5, 0, time.UTC)

// DefaultSite returns the sample site: a small tree with a page, a
// listing-only directory, a directory with an index, names that need
// quoting, and symlinks, so that live mode shows each branch of
// SimpleHTTPRequestHandler.send_head.
func DefaultSite() fs.FS {
	file := func(data string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(data), Mode: 0o644, ModTime: siteModTime}
	}
	dir := &fstest.MapFile{Mode: fs.ModeDir | 0o755, ModTime: siteModTime}
	link := func(target string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(target), Mode: fs.ModeSymlink | 0o777, ModTime: siteModTime}
	}
	return fstest.MapFS{
		"hello.txt":            file("Hello from python -m http.server, simulated.\n"),
		"page.html":            file("<!DOCTYPE html>\n<title>page</title>\n<p>A page &amp; a paragraph.</p>\n"),
		"data.json":            file("{\"a\": 1, \"b\": [true, null]}\n"),
		"style.css":            file("body { color: #333; }\n"),
		"docs":                 dir,
		"docs/guide.txt":       file("Directories without an index.html get a listing.\n"),
		"docs/a b & <c>.txt":   file("A name that needs quoting and escaping.\n"),
		"withindex":            dir,
		"withindex/index.html": file("<!DOCTYPE html>\n<title>index</title>\n<h1>index.html is served for its directory</h1>\n"),
		"withindex/other.txt":  file("other\n"),
		"empty":                dir,
		"hello-link.txt":       link("hello.txt"),
		"docs-link":            link("docs"),
		"broken-link":          link("missing.txt"),
	}
}
