package sim

import (
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/httpsim/httpsim/sim/internal/pydata"
	"github.com/httpsim/httpsim/sim/internal/pystr"
)

// SimpleHandler is SimpleHTTPRequestHandler: do_GET and do_HEAD serve
// files and directory listings from the server's [FS].
var SimpleHandler = register("simple", &Class{
	Name:    "SimpleHTTPRequestHandler",
	Module3: "http.server", Module2: "SimpleHTTPServer",
	Base:        BaseHandler,
	Methods:     map[string]Method{},
	Description: "python -m http.server: GET and HEAD serve files and listings; every other method gets 501.",
	Server:      func(*Profile) string { return CLIServer },
	Source: func(p *Profile) string {
		if !p.py3() {
			return "# python2 -m SimpleHTTPServer 8000\n"
		}
		return "# python3 -m http.server 8000\n"
	},
})

// pyFile is an open file object as send_head returns it.
type pyFile struct {
	name string
	data []byte
}

func init() {
	m := SimpleHandler.Methods
	m["do_GET"] = func(h *Handler, _ ...any) (any, error) {
		h.stmt("f = self.send_head()")
		f, err := h.Call("send_head")
		if err != nil {
			return nil, err
		}
		if file, ok := f.(*pyFile); ok && file != nil {
			if h.tracing() {
				h.Set("f", "<open file "+pyRepr(file.name, h.p.py3())+">")
			}
			h.stmt("self.copyfile(f, self.wfile)")
			_, err = h.Call("copyfile", file)
		} else {
			h.Set("f", "None")
		}
		return nil, err
	}
	m["do_HEAD"] = func(h *Handler, _ ...any) (any, error) {
		f, err := h.Call("send_head")
		if file, ok := f.(*pyFile); ok && file != nil {
			if h.tracing() {
				h.Set("f", "<open file "+pyRepr(file.name, h.p.py3())+">")
			}
			h.Note("HEAD: the headers are sent and the file is closed unread.")
		}
		return nil, err
	}
	m["send_head"] = func(h *Handler, _ ...any) (any, error) { return h.sendHead() }
	m["list_directory"] = func(h *Handler, args ...any) (any, error) { return h.listDirectory(args[0].(string)) }
	m["translate_path"] = func(h *Handler, args ...any) (any, error) { return h.translatePath(args[0].(string)), nil }
	m["copyfile"] = func(h *Handler, args ...any) (any, error) {
		f := args[0].(*pyFile)
		h.SetInt("bytes", len(f.data))
		h.write(f.data)
		return nil, nil
	}
	m["guess_type"] = func(h *Handler, args ...any) (any, error) { return h.guessType(args[0].(string)), nil }
}

// translatePath is SimpleHTTPRequestHandler.translate_path.
func (h *Handler) translatePath(p string) string {
	py3 := h.p.py3()
	h.SetRepr("path", p)
	p, _, _ = strings.Cut(p, "?")
	p, _, _ = strings.Cut(p, "#")
	var trailing bool
	if py3 {
		trailing = strings.HasSuffix(strings.TrimRightFunc(p, pystr.IsSpace3), "/")
		u, ok := unquote3(p)
		if !ok {
			h.Note("The path is not valid UTF-8 once unquoted, so it is unquoted again with errors='replace'.")
		}
		p = u
		if h.p.encodedSlashIsSlash() {
			trailing = strings.HasSuffix(p, "/")
		}
	} else {
		trailing = strings.HasSuffix(strings.TrimRight(p, " \t\n\r\x0b\x0c"), "/")
		p = string(unquoteBytes(p))
	}
	p = normpath(p)
	out := h.s.directory()
	var skipped []string
	for _, w := range strings.Split(p, "/") {
		if w == "" {
			continue
		}
		if w == "." || w == ".." {
			skipped = append(skipped, w)
			continue
		}
		out += "/" + w
	}
	if trailing {
		out += "/"
	}
	if len(skipped) > 0 {
		h.Note("Components %s are dropped, so the path cannot leave the served directory.", strings.Join(skipped, " "))
	}
	h.SetRepr("return", out)
	return out
}

// osPath maps a path the handler built (rooted at Directory) to a name
// in the FS. ok is false for paths outside the served directory.
func (h *Handler) osPath(p string) (name string, trailing, ok bool) {
	dir := h.s.directory()
	switch {
	case p == dir:
		return ".", false, true
	case strings.HasPrefix(p, dir+"/"):
		p = p[len(dir)+1:]
	default:
		return "", false, false
	}
	trailing = strings.HasSuffix(p, "/")
	p = strings.Trim(p, "/")
	if p == "" {
		return ".", trailing, true
	}
	// The kernel treats "a//b" as "a/b" and "a/./b" as "a/b".
	var parts []string
	for _, w := range strings.Split(p, "/") {
		switch w {
		case "", ".":
		case "..":
			if len(parts) == 0 {
				return "", false, false
			}
			parts = parts[:len(parts)-1]
		default:
			parts = append(parts, w)
		}
	}
	if len(parts) == 0 {
		return ".", trailing, true
	}
	return strings.Join(parts, "/"), trailing, true
}

// nulError is what os.stat and open raise for a path with a NUL byte.
func (h *Handler) nulError() *PyError {
	trigger := "nul-" + h.command
	if h.cls.key == "seed" && h.command == "POST" {
		trigger = "nul-POST"
	}
	if h.p.py3() {
		return h.raise(trigger, "ValueError", "embedded null byte")
	}
	return h.raise(trigger, "TypeError", "stat() argument 1 must be encoded string without null bytes, not str")
}

// stat is os.stat (follow) or os.lstat.
func (h *Handler) stat(p string, follow bool) (fs.FileInfo, error) {
	name, trailing, ok := h.osPath(p)
	if !ok {
		return nil, fs.ErrNotExist
	}
	var info fs.FileInfo
	var err error
	if follow || trailing {
		info, err = h.fs.Stat(name)
	} else {
		info, err = h.fs.Lstat(name)
	}
	if err != nil {
		return nil, err
	}
	if trailing && !info.IsDir() {
		return nil, errNotDir
	}
	return info, nil
}

// isdir is os.path.isdir; it raises for NUL bytes before 3.8.
func (h *Handler) isdir(p string) (bool, error) {
	if strings.IndexByte(p, 0) >= 0 {
		if h.p.minor >= 38 {
			return false, nil
		}
		return false, h.nulError()
	}
	info, err := h.stat(p, true)
	return err == nil && info.IsDir(), nil
}

func (h *Handler) isfile(p string) bool {
	if strings.IndexByte(p, 0) >= 0 {
		return false
	}
	info, err := h.stat(p, true)
	return err == nil && info.Mode().IsRegular()
}

func (h *Handler) exists(p string) bool {
	if strings.IndexByte(p, 0) >= 0 {
		return false
	}
	_, err := h.stat(p, true)
	return err == nil
}

// open is open(path, 'rb'): ok false is the OSError (IOError in 2.7)
// that send_head turns into 404.
func (h *Handler) open(p string) (*pyFile, time.Time, bool, error) {
	if strings.IndexByte(p, 0) >= 0 {
		return nil, time.Time{}, false, h.nulError()
	}
	name, trailing, ok := h.osPath(p)
	if !ok || trailing {
		return nil, time.Time{}, false, nil
	}
	info, err := h.fs.Stat(name)
	if err != nil || info.IsDir() {
		return nil, time.Time{}, false, nil
	}
	data, err := fs.ReadFile(h.fs, name)
	if err != nil {
		return nil, time.Time{}, false, nil
	}
	return &pyFile{name: p, data: data}, info.ModTime(), true, nil
}

// sendHead is SimpleHTTPRequestHandler.send_head.
func (h *Handler) sendHead() (any, error) {
	p := h.p
	v, err := h.Call("translate_path", h.path)
	if err != nil {
		return nil, err
	}
	fpath, _ := v.(string)
	isDir, err := h.isdir(fpath)
	if err != nil {
		return nil, err
	}
	h.Set("os.path.isdir(path)", pyBool(isDir))
	if isDir {
		urlPath, rest := splitURLPath(h.path)
		endsInSlash := strings.HasSuffix(urlPath, "/")
		if p.encodedSlashIsSlash() && (strings.HasSuffix(urlPath, "%2f") || strings.HasSuffix(urlPath, "%2F")) {
			endsInSlash = true
			h.Note("The URL ends in an encoded slash, which 3.14 takes for a trailing slash: no redirect.")
		}
		if !endsInSlash {
			h.Note("A directory without a trailing slash: redirect to the same URL with one, so relative links in the listing work.")
			h.stmt("send_response(301)")
			if _, err := h.Call("send_response", httpStatus(301)); err != nil {
				return nil, err
			}
			loc := urlPath + "/" + rest
			if _, err := h.Call("send_header", "Location", loc); err != nil {
				return nil, err
			}
			if p.redirectLength() {
				if _, err := h.Call("send_header", "Content-Length", "0"); err != nil {
					return nil, err
				}
			}
			_, err := h.Call("end_headers")
			return nil, err
		}
		found := false
		for _, index := range []string{"index.html", "index.htm"} {
			ip := strings.TrimSuffix(fpath, "/") + "/" + index
			if strings.HasSuffix(fpath, "/") {
				ip = fpath + index
			}
			var hit bool
			if p.indexIsFile() {
				hit = h.isfile(ip)
			} else {
				hit = h.exists(ip)
			}
			if hit {
				h.SetRepr("index", ip)
				h.Note("The directory has %s, so that file is served instead of a listing.", index)
				fpath = ip
				found = true
				break
			}
		}
		if !found {
			h.Note("No index.html or index.htm: list the directory.")
			return h.Call("list_directory", fpath)
		}
	}
	ctype, err := h.callString("guess_type", fpath)
	if err != nil {
		return nil, err
	}
	if p.trailingSlash404() && strings.HasSuffix(fpath, "/") {
		h.Note("A trailing slash on a file: 404 (Issue17324).")
		_, err := h.Call("send_error", httpStatus(404), "File not found")
		return nil, err
	}
	f, mtime, ok, err := h.open(fpath)
	if err != nil {
		return nil, err
	}
	if !ok {
		h.Note("open() failed: 404.")
		h.stmt("send_error(404)")
		_, err := h.Call("send_error", httpStatus(404), "File not found")
		return nil, err
	}
	if p.ifModifiedSince() {
		ims, hasIMS := h.headers.Get("If-Modified-Since")
		if hasIMS && !h.headers.Has("If-None-Match") {
			h.SetRepr("If-Modified-Since", ims)
			if t, utc, ok := parseDate(ims); ok && utc {
				last := p.mtimeSecond(mtime)
				if !last.After(t) {
					h.Note("The file has not changed since the client's copy: 304 and no body.")
					if _, err := h.Call("send_response", httpStatus(304)); err != nil {
						return nil, err
					}
					_, err := h.Call("end_headers")
					return nil, err
				}
				h.Note("The file is newer than the client's copy: send it.")
			} else if ok {
				h.Note("The date is not in UTC, so it is ignored.")
			} else {
				h.Note("The date does not parse, so it is ignored.")
			}
		}
	}
	if _, err := h.Call("send_response", httpStatus(200)); err != nil {
		return nil, err
	}
	if _, err := h.Call("send_header", "Content-type", ctype); err != nil {
		return nil, err
	}
	if _, err := h.Call("send_header", "Content-Length", strconv.Itoa(len(f.data))); err != nil {
		return nil, err
	}
	lm, err := h.callString("date_time_string", timestamp{mtime})
	if err != nil {
		return nil, err
	}
	if _, err := h.Call("send_header", "Last-Modified", lm); err != nil {
		return nil, err
	}
	if _, err := h.Call("end_headers"); err != nil {
		return nil, err
	}
	return f, nil
}

// splitURLPath is the part of urlsplit/urlunsplit that send_head uses:
// the path component and everything after it (query and fragment), so
// that path + "/" + rest is the redirect target. A path that starts with
// "//" (only possible before the gh-87389 fix, in 2.7 and 3.6) has a
// netloc: urlsplit takes it up to the next "/", "?" or "#", and
// urlunsplit writes "//" + netloc back only when the netloc is not
// empty. So "//host/sub" keeps its prefix, while "///sub" loses its
// first two slashes ("/sub/") and "////sub" keeps one pair ("//sub/").
// A path that does not start with "/" never has a scheme or netloc
// here: the directory would have to be named like "http:".
func splitURLPath(u string) (urlPath, rest string) {
	s, fragment, _ := strings.Cut(u, "#")
	s, query, _ := strings.Cut(s, "?")
	// urlunsplit drops an empty query or fragment with its delimiter.
	if query != "" {
		rest = "?" + query
	}
	if fragment != "" {
		rest += "#" + fragment
	}
	if !strings.HasPrefix(s, "//") {
		return s, rest
	}
	netloc, p := s[2:], ""
	if j := strings.IndexByte(netloc, '/'); j >= 0 {
		netloc, p = netloc[:j], netloc[j:]
	}
	if netloc == "" {
		return p, rest
	}
	return "//" + netloc + p, rest
}

// listDirectory is SimpleHTTPRequestHandler.list_directory.
func (h *Handler) listDirectory(dirPath string) (any, error) {
	p := h.p
	py3 := p.py3()
	name, _, ok := h.osPath(dirPath)
	var entries []fs.DirEntry
	var err error
	if ok {
		entries, err = h.fs.ReadDir(name)
	}
	if !ok || err != nil {
		_, err := h.Call("send_error", httpStatus(404), "No permission to list directory")
		return nil, err
	}
	// Sort by name.lower(), stably, computing each key once.
	type item struct {
		name, key string
		entry     fs.DirEntry
	}
	items := make([]item, len(entries))
	for i, e := range entries {
		key := pyLower(e.Name(), py3)
		if py3 {
			// Compare code points: a surrogate escape sorts below U+E000.
			key = surrogatePass(key)
		}
		items[i] = item{e.Name(), key, e}
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].key < items[j].key })
	var display string
	shown := h.path // what the title shows, before unquoting
	if py3 {
		var ok bool
		if p.listingWithoutQuery() {
			shown, _, _ = strings.Cut(shown, "#")
			shown, _, _ = strings.Cut(shown, "?")
		}
		display, ok = unquote3(shown)
		if !ok && p.minor < 38 {
			// Before 3.8 the fallback unquoted the filesystem path by
			// mistake, so the title shows the served directory.
			display, _ = unquote3(dirPath)
		}
	} else {
		display = string(unquoteBytes(h.path))
	}
	title := htmlEscape(display)
	rows := make([][2]string, 0, len(items))
	base := strings.TrimSuffix(dirPath, "/")
	for _, it := range items {
		n := it.name
		disp, link := n, n
		// The entry's type is what lstat says: only a symbolic link needs
		// a stat to learn whether it points at a directory.
		isLink := it.entry.Type()&fs.ModeSymlink != 0
		isDir := it.entry.IsDir()
		if isLink {
			isDir, _ = h.isdir(base + "/" + n)
		}
		if isDir {
			disp, link = n+"/", n+"/"
		}
		if isLink {
			disp = n + "@"
		}
		rows = append(rows, [2]string{quotePath(link, p.quoteTilde(), py3), htmlEscape(disp)})
	}
	if py3 {
		if prefix, cp, ok := unquoteLone(shown); ok {
			// The page is encoded with surrogateescape, which has no
			// byte for this surrogate: UnicodeEncodeError, nothing sent.
			page := string(listingPage(p, "\x00", nil))
			pos := cpLen(page[:strings.IndexByte(page, 0)]) + cpLen(htmlEscape(prefix))
			h.Note("The title unquotes to a surrogate that the page's encoding cannot write.")
			return nil, h.raise(pydata.TriggerListingLoneSurrogate, "UnicodeEncodeError",
				fmt.Sprintf("'utf-8' codec can't encode character '\\u%04x' in position %d: surrogates not allowed", cp, pos))
		}
	}
	body := listingPage(p, title, rows)
	h.SetInt("entries", len(items))
	h.SetInt("len(encoded)", len(body))
	if _, err := h.Call("send_response", httpStatus(200)); err != nil {
		return nil, err
	}
	if _, err := h.Call("send_header", "Content-type", "text/html; charset="+listingCharset(p)); err != nil {
		return nil, err
	}
	if _, err := h.Call("send_header", "Content-Length", strconv.Itoa(len(body))); err != nil {
		return nil, err
	}
	if _, err := h.Call("end_headers"); err != nil {
		return nil, err
	}
	return &pyFile{name: "<listing>", data: body}, nil
}

// guessType is SimpleHTTPRequestHandler.guess_type.
func (h *Handler) guessType(p string) string {
	d := h.p.data
	_, ext := splitext(p)
	if t, ok := d.HandlerExtensions[ext]; ok {
		return t
	}
	if t, ok := d.HandlerExtensions[pyLower(ext, h.p.py3())]; ok {
		return t
	}
	if h.p.minor < 39 {
		return d.HandlerExtensions[""]
	}
	if t := mimeGuess(d.SuffixMap, d.EncodingsMap, d.TypesMap, p); t != "" {
		return t
	}
	return "application/octet-stream"
}

// mimeGuess is mimetypes.guess_type(path)[0] with strict=True.
func mimeGuess(suffix, enc, types map[string]string, p string) string {
	base, ext := splitext(p)
	for i := 0; i < 100; i++ {
		s, ok := suffix[strings.ToLower(ext)]
		if !ok {
			break
		}
		base, ext = splitext(base + s)
	}
	if _, ok := enc[ext]; ok {
		_, ext = splitext(base)
	}
	return types[strings.ToLower(ext)]
}
