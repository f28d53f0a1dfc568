package webui

import (
	_ "embed"
	"time"

	"github.com/httpsim/httpsim/sim"
)

// The sample site's binary files. Names with spaces and &<> are made in
// code below: module zips do not allow <, > or & in file names.
var (
	//go:embed sample/logo.png
	sampleLogo []byte
	//go:embed sample/site-backup.tar.gz
	sampleTarGz []byte
)

// SampleTime is the modification time of every file of the sample site:
// a week before sim's fixed clock, so If-Modified-Since can be shown in
// both directions.
var SampleTime = time.Date(2025, 12, 24, 18, 30, 0, 0, time.UTC)

// sampleFile is one entry of the sample site; a nil data with dir set is
// a directory.
type sampleFile struct {
	name string
	dir  bool
	data string
}

var sampleFiles = []sampleFile{
	{name: "index.html", data: `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Sample site</title>
<link rel="stylesheet" href="style.css">
</head>
<body>
<h1><img src="files/logo.png" alt="" width="48" height="48"> A sample site</h1>
<p>This page is /index.html. SimpleHTTPRequestHandler serves it for <code>GET /</code>
because a directory with an index.html is answered with that file instead of a listing.</p>
<ul>
<li><a href="hello.txt">hello.txt</a>, a plain text file</li>
<li><a href="files/">files/</a>, a folder without an index: you get a directory listing</li>
<li><a href="blog">blog</a>, a folder asked for without its trailing slash: you get a 301</li>
</ul>
<form method="post" action="/">
<p><label>Name <input name="name" value="Ada"></label>
<label>Language <input name="lang" value="Python"></label>
<button>POST it</button></p>
</form>
</body>
</html>
`},
	{name: "style.css", data: `body { font: 16px/1.5 system-ui, sans-serif; max-width: 40em; margin: 2em auto; padding: 0 1em; color: #1f2937; }
h1 { display: flex; align-items: center; gap: .4em; color: #2b5b84; }
code { background: #f1f5f9; padding: 0 .25em; border-radius: 3px; }
`},
	{name: "hello.txt", data: "Hello from the simulated server!\n"},
	{name: "blog", dir: true},
	{name: "blog/index.html", data: `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Blog</title></head>
<body>
<h1>Blog</h1>
<p>You reached /blog/. Relative links on this page resolve against /blog/,
which is why http.server redirects /blog to /blog/ first.</p>
<p><a href="first-post.html">First post</a></p>
</body>
</html>
`},
	{name: "blog/first-post.html", data: `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>First post</title></head>
<body><h1>First post</h1><p>Served from the blog folder. <a href="./">Back to the blog</a></p></body>
</html>
`},
	{name: "files", dir: true},
	{name: "files/logo.png"},
	{name: "files/site-backup.tar.gz"},
	{name: "files/notes & <ideas>.txt", data: "A file name with an ampersand and angle brackets.\nThe listing escapes them as &amp; &lt; &gt; and quotes the link as %26 %3C %3E.\n"},
	{name: "files/report 2025.txt", data: "A file name with a space: the listing links it as report%202025.txt.\n"},
	{name: "files/data.json", data: "{\"name\": \"httpsim\", \"served_by\": \"http.server\"}\n"},
	{name: "files/my folder", dir: true},
	{name: "files/my folder/readme.md", data: "# A folder whose name has a space\n\nIt has no index.html either, so it is listed too.\n"},
}

// SampleSite returns a fresh copy of the sample site: index.html, a
// stylesheet, a text file, a blog folder with an index (for the 301
// redirect), and a files folder without one (for the listing) holding an
// image, a .tar.gz, names with spaces and &<>, and a subfolder.
func SampleSite() *sim.MemFS {
	m := sim.NewMemFS(SampleTime)
	for _, f := range sampleFiles {
		var err error
		switch {
		case f.dir:
			err = m.MkdirAll(f.name, SampleTime)
		case f.name == "files/logo.png":
			err = m.WriteFile(f.name, sampleLogo, SampleTime)
		case f.name == "files/site-backup.tar.gz":
			err = m.WriteFile(f.name, sampleTarGz, SampleTime)
		default:
			err = m.WriteFile(f.name, []byte(f.data), SampleTime)
		}
		if err != nil {
			panic("webui: sample site: " + err.Error()) // static data
		}
	}
	for _, f := range sampleFiles {
		if f.dir {
			_ = m.Chtimes(f.name, SampleTime)
		}
	}
	_ = m.Chtimes(".", SampleTime)
	return m
}
