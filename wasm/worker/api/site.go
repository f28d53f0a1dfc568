package api

import (
	"io/fs"

	"github.com/httpsim/httpsim/internal/webui"
)

// DefaultSite returns a fresh copy of the sample site, the same one the
// page starts with ([webui.SampleSite]): index.html (so GET / is a
// page), a stylesheet, hello.txt, blog/ with an index.html (blog
// without its slash is a 301), and files/ without one (a directory
// listing) holding an image, a .tar.gz, names with spaces and &<>, and a
// subfolder. Every entry's modification time is [webui.SampleTime],
// "Wed, 24 Dec 2025 18:30:00 GMT" in an HTTP date.
func DefaultSite() fs.FS {
	return webui.SampleSite()
}
