package sim

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The fuzz targets check properties, never exact bytes (the golden and
// oracle tests do that):
//
//   - Handle returns: a watchdog panics, which the fuzz engine records as
//     a crasher, if one run takes longer than hangLimit.
//   - Output is deterministic: the same input gives the same Result.
//   - Tracing is only a record: NoTrace changes no byte on the wire or
//     in the logs.
//   - [Server.ServeConn] reading the input in small chunks writes exactly
//     what [Server.Handle] returns.
//   - Every reply starts with "HTTP/1.x NNN " (100 <= NNN <= 599) unless
//     it is a body-only HTTP/0.9 reply; a HEAD reply is header blocks
//     only; no request line is longer than readline(65537) allows; no
//     exchange reads more body than MaxBody; the response stays within a
//     bound set by the input and the fixture.
//   - Nothing outside the served directory is touched: the FS is a view
//     of a larger tree (fuzzTree) whose parent holds secret files, and
//     any name that is not a ValidName or that would resolve outside the
//     view is recorded as a violation.
//
// Run one target at a time:
//
//	go test -run XXX -fuzz '^FuzzHandle$' -fuzztime 3m ./sim
//	go test -run XXX -fuzz '^FuzzParseRequestLine$' -fuzztime 3m ./sim
//
// Crashers land in testdata/fuzz/<Target>/ and run as ordinary tests
// from then on.

// hangLimit is how long one fuzz input may take before it counts as a
// hang. A run takes well under a millisecond; a hang never ends.
const hangLimit = 10 * time.Second

// secretData is the content of the files outside the served directory.
// No request may ever bring it back.
const secretData = "S3CR3T-8d1f0a6c2b9e47d5a3f6-OUTSIDE-THE-SERVED-DIRECTORY"

// fuzzWWW is the served directory inside fuzzTree, and fuzzDirectory the
// path the handler sees for it ([Server.Directory]).
const (
	fuzzWWW       = "srv/www"
	fuzzDirectory = "/srv/www"
)

var fuzzMtime = time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)

// fuzzTree builds the whole tree: secrets at the root and beside the
// served directory, and a small served directory with the corners of
// send_head and list_directory (index files, symlinks, names that need
// quoting or escaping, a file larger than the read buffers).
func fuzzTree() *MemFS {
	m := NewMemFS(fuzzMtime)
	mk := func(name string) { must(m.MkdirAll(name, fuzzMtime)) }
	wr := func(name, data string) { must(m.WriteFile(name, []byte(data), fuzzMtime)) }
	ln := func(target, name string) { must(m.Symlink(target, name, fuzzMtime)) }
	wr("secret.txt", secretData)
	mk("etc")
	wr("etc/passwd", secretData)
	mk("srv")
	wr("srv/secret.txt", secretData)
	mk("srv/www-private")
	wr("srv/www-private/secret.txt", secretData) // a prefix trap: "www-private" starts with "www"
	w := func(name string) string { return fuzzWWW + "/" + name }
	mk(fuzzWWW)
	wr(w("a.txt"), "hello\n")
	wr(w("index.htm.txt"), "not an index\n")
	wr(w("UP.TXT"), "upper\n")
	wr(w("s.js"), "js\n")
	wr(w("t.tar.gz"), "gz\n")
	wr(w("noext"), "noext\n")
	wr(w("caf\xc3\xa9.txt"), "caf\xc3\xa9\n")
	wr(w("bad\xffname.txt"), "not UTF-8\n")
	mk(w("dir\xfe"))
	wr(w(`back\slash.txt`), "backslash\n")
	wr(w("sp ace.txt"), "space\n")
	wr(w(`<b>&"q'.txt`), "escape me\n")
	wr(w("big.bin"), strings.Repeat("0123456789abcdef", 320)) // 5 KiB: more than ServeConn's 4 KiB reader
	mk(w("dir"))
	wr(w("dir/b.html"), "<p>b</p>\n")
	wr(w("dir/%41.txt"), "percent\n")
	mk(w("dir/sub"))
	mk(w("withidx"))
	wr(w("withidx/index.html"), "<h1>index</h1>\n")
	mk(w("withhtm"))
	wr(w("withhtm/index.htm"), "<h1>htm</h1>\n")
	mk(w("idxdir"))
	mk(w("idxdir/index.html")) // a directory named index.html
	mk(w("empty"))
	mk(w("many"))
	for i := range 12 {
		wr(w(fmt.Sprintf("many/n%02d.txt", i)), strconv.Itoa(i)+"\n")
	}
	ln("a.txt", w("alink"))
	ln("dir", w("dlink"))
	ln("nowhere", w("dangling"))
	ln("loop", w("loop"))
	return m
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// viewFS serves the subtree dir of a larger MemFS. It joins names onto
// dir naively, as a careless os-backed FS would, so a name that climbs
// out reaches the secrets; every such name, and every name that is not
// a ValidName, is recorded. Symbolic links resolve in the whole tree;
// the fixture has none that point out of the view, since CPython follows
// those on purpose.
type viewFS struct {
	m   *MemFS
	dir string

	mu  sync.Mutex
	bad []string
}

var _ WritableFS = (*viewFS)(nil)

func (v *viewFS) name(op, name string) string {
	full := path.Join(v.dir, name)
	// Invalid UTF-8 is no escape: names are bytes, as on disk.
	valid := ValidName(name)
	if !valid || full != v.dir && !strings.HasPrefix(full, v.dir+"/") {
		v.mu.Lock()
		v.bad = append(v.bad, fmt.Sprintf("%s(%q)", op, name))
		v.mu.Unlock()
	}
	return full
}

func (v *viewFS) violations() []string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return append([]string(nil), v.bad...)
}

func (v *viewFS) Open(name string) (fs.File, error) { return v.m.Open(v.name("Open", name)) }
func (v *viewFS) Stat(name string) (fs.FileInfo, error) {
	return v.m.Stat(v.name("Stat", name))
}
func (v *viewFS) Lstat(name string) (fs.FileInfo, error) {
	return v.m.Lstat(v.name("Lstat", name))
}
func (v *viewFS) ReadDir(name string) ([]fs.DirEntry, error) {
	return v.m.ReadDir(v.name("ReadDir", name))
}
func (v *viewFS) ReadFile(name string) ([]byte, error) {
	return v.m.ReadFile(v.name("ReadFile", name))
}
func (v *viewFS) ReadLink(name string) (string, error) {
	return v.m.ReadLink(v.name("ReadLink", name))
}
func (v *viewFS) WriteFile(name string, data []byte, mtime time.Time) error {
	return v.m.WriteFile(v.name("WriteFile", name), data, mtime)
}

// fuzzConfig is the server a fuzz input runs against, chosen by the
// input's selector.
type fuzzConfig struct {
	profile  *Profile
	class    *Class
	protocol string
	maxBody  int64
}

func (c fuzzConfig) String() string {
	return fmt.Sprintf("python %s, %s, %s, MaxBody %d", c.profile.Name, c.class.Name, c.protocol, c.maxBody)
}

var fuzzMaxBodies = [...]int64{DefaultMaxBody, 64, 1024, 1}

// fuzzClasses are the handlers a selector picks from.
func fuzzClasses() []*Class { return []*Class{SimpleHandler, SeedHandler, UploadHandler} }

// fuzzSelect builds a selector: the profile index into Profiles(), the
// handler index into fuzzClasses, HTTP/1.1 or not, and the index into
// fuzzMaxBodies.
func fuzzSelect(profile, handler int, http11 bool, body int) uint16 {
	s := uint16(profile) | uint16(handler)<<4 | uint16(body)<<7
	if http11 {
		s |= 1 << 6
	}
	return s
}

func fuzzConfigOf(sel uint16) fuzzConfig {
	cls := fuzzClasses()
	c := fuzzConfig{
		profile:  profiles[int(sel&15)%len(profiles)],
		class:    cls[int(sel>>4&3)%len(cls)],
		protocol: "HTTP/1.0",
		maxBody:  fuzzMaxBodies[sel>>7&3],
	}
	if sel&(1<<6) != 0 {
		c.protocol = "HTTP/1.1"
	}
	return c
}

// sharedTree serves the handlers that never write. Building a tree costs
// as much as a request, so only the upload handler, whose do_PUT writes,
// gets a fresh one per run.
var sharedTree = fuzzTree()

func (c fuzzConfig) tree() *MemFS {
	if c.class == UploadHandler {
		return fuzzTree()
	}
	return sharedTree
}

// run serves raw once and returns the result and the view's violations.
func (c fuzzConfig) run(raw []byte, noTrace bool) (*Result, []string) {
	v := &viewFS{m: c.tree(), dir: fuzzWWW}
	s := &Server{Profile: c.profile, Handler: c.class, FS: v, Directory: fuzzDirectory,
		Protocol: c.protocol, MaxBody: c.maxBody, NoTrace: noTrace}
	return s.Handle(raw), v.violations()
}

// serveConn serves raw through ServeConn, handing it over chunk bytes at
// a time, and returns what was written.
func (c fuzzConfig) serveConn(raw []byte, chunk int) ([]byte, []*Exchange, error) {
	v := &viewFS{m: c.tree(), dir: fuzzWWW}
	s := &Server{Profile: c.profile, Handler: c.class, FS: v, Directory: fuzzDirectory,
		Protocol: c.protocol, MaxBody: c.maxBody, NoTrace: true}
	var out bytes.Buffer
	var exs []*Exchange
	err := s.ServeConn(&chunkReader{b: raw, n: chunk}, &out, func(ex *Exchange) { exs = append(exs, ex) })
	return out.Bytes(), exs, err
}

// chunkReader returns at most n bytes per Read, as a socket might.
type chunkReader struct {
	b []byte
	n int
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	k := min(len(p), r.n, len(r.b))
	copy(p, r.b[:k])
	r.b = r.b[k:]
	return k, nil
}

// watchdog panics if stop is not called within hangLimit. The panic
// kills the process, and the fuzz engine keeps the input as a crasher.
func watchdog(what string, raw []byte) (stop func() bool) {
	t := time.AfterFunc(hangLimit, func() {
		panic(fmt.Sprintf("sim: %s did not return within %v (hang) on %d input bytes starting %q",
			what, hangLimit, len(raw), raw[:min(len(raw), 200)]))
	})
	return t.Stop
}

// fuzzTreeBytes is the size of every file in the served view, a bound on
// what one reply can copy from it.
var fuzzTreeBytes = func() int {
	n := 0
	_ = fs.WalkDir(fuzzTree(), fuzzWWW, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				n += int(info.Size())
			}
		}
		return nil
	})
	return n
}()

// responseBound is the most a connection may write for input raw: each
// request line (at most one per LF, plus the unterminated tail) may cost
// a whole file or a listing plus an error page, and the request text may
// be echoed a few times over (repr turns a byte into \xNN, an escaped
// "&" is "&amp;", and the message is in both the status line and the
// page).
func responseBound(raw []byte) int {
	requests := bytes.Count(raw, []byte("\n")) + 1
	return 16*len(raw) + requests*(fuzzTreeBytes+16<<10)
}

// checkResult asserts the properties of one Handle result.
func checkResult(t *testing.T, c fuzzConfig, raw []byte, res *Result, bad []string) {
	t.Helper()
	if len(bad) > 0 {
		t.Errorf("%v: the handler reached outside the served directory: %s", c, strings.Join(bad, ", "))
	}
	if bytes.Contains(res.Response, []byte(secretData)) && !bytes.Contains(unquoteBytes(string(raw)), []byte(secretData)) {
		t.Errorf("%v: the response holds a secret from outside the served directory", c)
	}
	if res.Refused {
		if len(res.Response) > 0 || len(res.Exchanges) > 0 {
			t.Errorf("%v: a refused connection produced %d bytes and %d exchanges", c, len(res.Response), len(res.Exchanges))
		}
		return
	}
	if n, bound := len(res.Response), responseBound(raw); n > bound {
		t.Errorf("%v: response is %d bytes for %d input bytes, more than the bound %d", c, n, len(raw), bound)
	}
	if n, bound := len(res.Stderr)+len(res.Stdout), responseBound(raw); n > bound {
		t.Errorf("%v: stderr and stdout are %d bytes for %d input bytes, more than the bound %d", c, n, len(raw), bound)
	}
	var all []byte
	var body int64
	for i, ex := range res.Exchanges {
		all = append(all, ex.Response...)
		body += int64(len(ex.Body))
		if len(ex.RequestLine) > maxLine+1 {
			t.Errorf("%v: exchange %d: request line is %d bytes, more than readline(%d) returns", c, i, len(ex.RequestLine), maxLine+1)
		}
		if len(ex.RequestLine) == 0 {
			t.Errorf("%v: exchange %d has an empty request line", c, i)
		}
		if ex.Status != 0 && (ex.Status < 100 || ex.Status > 599) {
			t.Errorf("%v: exchange %d: status %d", c, i, ex.Status)
		}
		checkReply(t, c, i, ex)
	}
	if body > c.maxBody {
		t.Errorf("%v: the exchanges read %d body bytes, more than MaxBody %d", c, body, c.maxBody)
	}
	if !bytes.Equal(all, res.Response) {
		t.Errorf("%v: the exchanges' responses (%d bytes) are not the connection's response (%d bytes)", c, len(all), len(res.Response))
	}
}

// checkReply checks the shape of one exchange's reply.
func checkReply(t *testing.T, c fuzzConfig, i int, ex *Exchange) {
	t.Helper()
	r := ex.Response
	if len(r) == 0 {
		return
	}
	if !bytes.HasPrefix(r, []byte("HTTP/")) {
		// A body-only reply: the request line never got past HTTP/0.9
		// (request_version is still the default when parse_request fails
		// on the line, or it is a two-word GET).
		if strings.HasPrefix(ex.Version, "HTTP/1.") {
			t.Errorf("%v: exchange %d (%q, version %s) replied without a status line: %q", c, i, ex.Requestline, ex.Version, head(r))
		}
		if ex.Command == "HEAD" {
			t.Errorf("%v: exchange %d (%q): HTTP/0.9 HEAD reply has a body: %q", c, i, ex.Requestline, head(r))
		}
		return
	}
	if ex.Version == "HTTP/0.9" {
		t.Errorf("%v: exchange %d (%q) is HTTP/0.9 but replied with a status line: %q", c, i, ex.Requestline, head(r))
	}
	for len(r) > 0 {
		code, ok := statusLine(r, c.protocol)
		if !ok {
			t.Errorf("%v: exchange %d (%q): reply does not start with %q and a status 100..599: %q", c, i, ex.Requestline, c.protocol, head(r))
			return
		}
		end := bytes.Index(r, []byte("\r\n\r\n"))
		if end < 0 {
			t.Errorf("%v: exchange %d (%q): header block never ends: %q", c, i, ex.Requestline, head(r))
			return
		}
		r = r[end+4:]
		if code >= 200 || !bytes.HasPrefix(r, []byte("HTTP/")) {
			break // the final response; an interim 1xx is followed by another
		}
	}
	if ex.Command == "HEAD" && len(r) > 0 {
		t.Errorf("%v: exchange %d (%q): HEAD reply has %d bytes after the headers: %q", c, i, ex.Requestline, len(r), head(r))
	}
}

// statusLine parses "HTTP/1.x NNN " at the start of r.
func statusLine(r []byte, protocol string) (int, bool) {
	p := protocol + " "
	if !bytes.HasPrefix(r, []byte(p)) || len(r) < len(p)+4 || r[len(p)+3] != ' ' && r[len(p)+3] != '\r' {
		return 0, false
	}
	code, err := strconv.Atoi(string(r[len(p) : len(p)+3]))
	return code, err == nil && code >= 100 && code <= 599
}

func head(b []byte) []byte { return b[:min(len(b), 120)] }

// wire is what a Result says on the wire and in its logs, without traces.
type wire struct {
	Response, Stderr, Stdout, Startup string
	Refused                           bool
	Exchanges                         []Exchange
}

func wireOf(res *Result) wire {
	w := wire{Response: string(res.Response), Stderr: res.Stderr, Stdout: res.Stdout, Startup: res.Startup, Refused: res.Refused}
	for _, ex := range res.Exchanges {
		e := *ex
		e.Trace = nil
		w.Exchanges = append(w.Exchanges, e)
	}
	return w
}

// fuzzHandle runs every check on one input.
func fuzzHandle(t *testing.T, sel uint16, raw []byte) {
	c := fuzzConfigOf(sel)
	stop := watchdog("Handle", raw)
	defer stop()

	res, bad := c.run(raw, false)
	checkResult(t, c, raw, res, bad)

	again, _ := c.run(raw, false)
	if !reflect.DeepEqual(res, again) {
		t.Errorf("%v: two runs of the same input differ:\n%+v\n%+v", c, wireOf(res), wireOf(again))
	}
	quiet, bad := c.run(raw, true)
	checkResult(t, c, raw, quiet, bad)
	if w, q := wireOf(res), wireOf(quiet); !reflect.DeepEqual(w, q) {
		t.Errorf("%v: NoTrace changed the output:\n trace:   %+v\n notrace: %+v", c, w, q)
	}
	for _, ex := range quiet.Exchanges {
		if ex.Trace != nil {
			t.Errorf("%v: NoTrace still recorded %d frames", c, len(ex.Trace))
			break
		}
	}
	if res.Refused {
		return // the CLI never gets to ServeConn: the server does not start
	}
	chunk := 1 + int(sel>>9)%4096
	if len(raw) > 1<<16 {
		chunk = max(chunk, 512) // keep one-byte reads of huge inputs from dominating the run
	}
	out, exs, err := c.serveConn(raw, chunk)
	if err != nil {
		t.Errorf("%v: ServeConn: %v", c, err)
	}
	if !bytes.Equal(out, res.Response) {
		t.Errorf("%v: ServeConn with %d-byte reads wrote\n%q\nbut Handle returned\n%q", c, chunk, head(out), head(res.Response))
	}
	if len(exs) != len(res.Exchanges) {
		t.Errorf("%v: ServeConn reported %d exchanges, Handle %d", c, len(exs), len(res.Exchanges))
	}
}

// fuzzRequests are realistic requests and the path tricks the view must
// survive.
var fuzzRequests = []string{
	"GET /a.txt HTTP/1.0\r\n\r\n",
	"GET / HTTP/1.0\r\n\r\n",
	"GET /dir HTTP/1.0\r\n\r\n",
	"GET /dir/?x=1#frag HTTP/1.0\r\n\r\n",
	"GET /withidx/ HTTP/1.0\r\n\r\n",
	"GET /withhtm/ HTTP/1.0\r\n\r\n",
	"GET /idxdir/ HTTP/1.0\r\n\r\n",
	"GET /many/ HTTP/1.1\r\nHost: x\r\n\r\n",
	"GET /big.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
	"GET /alink HTTP/1.0\r\n\r\n",
	"GET /dlink/ HTTP/1.0\r\n\r\n",
	"GET /dangling HTTP/1.0\r\n\r\n",
	"GET /loop HTTP/1.0\r\n\r\n",
	"GET /caf%C3%A9.txt HTTP/1.0\r\n\r\n",
	"GET /caf%E9.txt HTTP/1.0\r\n\r\n",
	"GET /sp%20ace.txt HTTP/1.0\r\n\r\n",
	"GET /%3Cb%3E%26%22q%27.txt HTTP/1.0\r\n\r\n",
	"GET /a.txt/ HTTP/1.0\r\n\r\n",
	"GET /nope HTTP/1.0\r\n\r\n",
	"GET /<script>&\"x HTTP/1.0\r\n\r\n",
	"HEAD /a.txt HTTP/1.0\r\n\r\n",
	"HEAD / HTTP/1.0\r\n\r\n",
	"HEAD /nope HTTP/1.0\r\n\r\n",
	"HEAD /a.txt HTTP/0.9\r\n\r\n",
	"HEAD /a.txt HTTP/1.1\r\nExpect: 100-continue\r\n\r\n",
	"HEAD /dir HTTP/1.0\r\n\r\n",
	"GET /a.txt\r\n",
	"GET /\r\n",
	"HEAD /a.txt\r\n",
	"POST /a.txt\r\n",
	"GET / HTTP/2.0\r\n\r\n",
	"GET / HTTP/1.x\r\n\r\n",
	"GET / HTTP/+1.1\r\n\r\n",
	"GET / HTTP/1_1.0\r\n\r\n",
	"GET / HTTP/01.1\r\n\r\n",
	"GET / FOO/1.0\r\n\r\n",
	"GET /a b HTTP/1.0\r\n\r\n",
	"GET / HTTP/1.0 x\r\n\r\n",
	"GET\r\n\r\n",
	"\r\n",
	"\n\n",
	"get / HTTP/1.0\r\n\r\n",
	"BREW /pot HTTP/1.0\r\n\r\n",
	"GET /a.txt HTTP/1.0\r\nIf-Modified-Since: Sat, 01 Jan 2022 00:00:00 GMT\r\n\r\n",
	"GET /a.txt HTTP/1.0\r\nIf-Modified-Since: Wed, 01 Jan 2020 00:00:00 GMT\r\n\r\n",
	"GET /a.txt HTTP/1.0\r\nIf-Modified-Since: Sat, 01 Jan 2022 00:00:00 +0100\r\n\r\n",
	"GET /a.txt HTTP/1.0\r\nIf-Modified-Since: garbage\r\nIf-None-Match: \"x\"\r\n\r\n",
	"GET /a.txt HTTP/1.0\r\nX: a\r\n folded\r\n\tagain\r\nY: \xe9\xff\r\n\r\n",
	"GET /a.txt HTTP/1.0\r\nFrom nobody\r\nX: 1\r\nnot a header\r\nY: 2\r\n\r\n",
	"GET /a.txt HTTP/1.0\r\n : empty name\r\n:colon\r\n\r\n",
	"GET /a.txt HTTP/1.0\r\nX: " + strings.Repeat("a", maxLine+10) + "\r\n\r\n",
	"GET /a.txt HTTP/1.0\r\n" + strings.Repeat("X-H: v\r\n", maxHeaders+1) + "\r\n",
	"GET /" + strings.Repeat("a", maxLine+10) + " HTTP/1.0\r\n\r\n",
	"GET /" + strings.Repeat("a", maxLine-15) + " HTTP/1.0\r\n\r\n",
	"GET /\x1b[31mred\x7f\\x HTTP/1.0\r\n\r\n",
	// Keep-alive and pipelining.
	"GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\nGET /many/ HTTP/1.1\r\nHost: x\r\n\r\nHEAD /dir/ HTTP/1.1\r\nConnection: close\r\n\r\n",
	"GET /a.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /nope HTTP/1.0\r\n\r\n",
	"GET /a.txt HTTP/1.1\r\nExpect: 100-continue\r\n\r\nGET /a.txt HTTP/1.1\r\n\r\n",
	"GET /a.txt HTTP/1.1\r\n\r\n\r\nGET /a.txt HTTP/1.1\r\n\r\n",
	// Bodies: the upload handler's PUT and the seed handler's POST.
	"PUT /new.txt HTTP/1.0\r\nContent-Length: 5\r\n\r\nhello",
	"PUT /new.txt HTTP/1.1\r\nContent-Length: 5000\r\n\r\nshort",
	"PUT /new.txt HTTP/1.1\r\nContent-Length: 100\r\n\r\n" + strings.Repeat("x", 100) + "GET /new.txt HTTP/1.1\r\n\r\n",
	"PUT /new.txt HTTP/1.0\r\nContent-Length: -1\r\n\r\nbody",
	"PUT /new.txt HTTP/1.0\r\nContent-Length: -5\r\n\r\nbody",
	"PUT /new.txt HTTP/1.0\r\nContent-Length: x\r\n\r\n",
	"PUT /new.txt HTTP/1.0\r\n\r\n",
	"PUT /dir HTTP/1.0\r\nContent-Length: 1\r\n\r\nx",
	"PUT /dir/ HTTP/1.0\r\nContent-Length: 1\r\n\r\nx",
	"PUT /missing/x.txt HTTP/1.0\r\nContent-Length: 1\r\n\r\nx",
	"PUT /alink HTTP/1.0\r\nContent-Length: 1\r\n\r\nx",
	"PUT /dangling HTTP/1.0\r\nContent-Length: 1\r\n\r\nx",
	"PUT /%2e%2e/%2e%2e/secret.txt HTTP/1.0\r\nContent-Length: 1\r\n\r\nx",
	"PUT /a%00b HTTP/1.0\r\nContent-Length: 1\r\n\r\nx",
	"POST /a.txt HTTP/1.0\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 13\r\n\r\nname=x&age=42",
	"POST /a.txt HTTP/1.0\r\nContent-Type: multipart/form-data; boundary=B\r\nContent-Length: 68\r\n\r\n--B\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nvalue\r\n--B--\r\n",
	"POST /a.txt HTTP/1.1\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\na=b&",
	"POST /a.txt?x=1&y=2 HTTP/1.0\r\n\r\n",
}

// fuzzPaths are the encodings that must not leave the directory; each
// runs as a GET and a HEAD.
var fuzzPaths = []string{
	"/../secret.txt", "/../../secret.txt", "/../../../../../../etc/passwd",
	"/%2e%2e/%2e%2e/secret.txt", "/%2E%2E%2F%2E%2E%2Fsecret.txt", "/..%2f..%2fsecret.txt",
	"/%252e%252e/secret.txt", "/.%2e/.%2e/secret.txt", "/dir/../../secret.txt",
	"/..\\..\\secret.txt", "/%5c..%5c..%5csecret.txt", "/..%5c..%5csecret.txt",
	"/a.txt%00", "/%00../secret.txt", "/a\x00b", "/..%00/secret.txt",
	"//srv/secret.txt", "///etc/passwd", "//../secret.txt", "/./.././secret.txt",
	"/srv/www/../secret.txt", "/../www-private/secret.txt", "/..;/secret.txt",
	"http://example.com/../secret.txt", "../secret.txt", "secret.txt", "*",
	"/%c0%ae%c0%ae/secret.txt", "/%e0%80%ae%e0%80%ae/secret.txt", "/\xc0\xae\xc0\xae/secret.txt",
	"/dlink/../../secret.txt", "/dlink/%2e%2e/%2e%2e/secret.txt", "/alink/../../secret.txt",
	"/" + strings.Repeat("../", 2000) + "secret.txt",
	"/" + strings.Repeat("a/", 20000) + strings.Repeat("../", 20002) + "secret.txt",
	"/" + strings.Repeat("%2e%2e%2f", 3000) + "etc/passwd",
}

// corpusSeed is one request read from testdata/corpus.
type corpusSeed struct {
	name    string
	handler int // index into fuzzClasses
	http11  bool
	request []byte
}

// loadCorpusSeeds reads the request section of every case in
// ../testdata/corpus (the conformance corpus another package owns). It
// is deliberately tolerant: a file it cannot read is skipped, since seeds
// only steer the fuzzer.
func loadCorpusSeeds() []corpusSeed {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "corpus", "*.txtar"))
	var out []corpusSeed
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		comment, req, ok := txtarSection(data, "request")
		if !ok {
			continue
		}
		raw, ok := decodeNotation(req, 1<<20)
		if !ok {
			continue
		}
		s := corpusSeed{name: filepath.Base(f), request: raw}
		for _, line := range strings.Split(comment, "\n") {
			k, v, _ := strings.Cut(strings.TrimSpace(line), ":")
			switch v = strings.TrimSpace(v); k {
			case "handler":
				switch v {
				case "seed":
					s.handler = 1
				case "upload":
					s.handler = 2
				}
			case "protocol":
				s.http11 = v == "HTTP/1.1"
			}
		}
		out = append(out, s)
	}
	return out
}

// txtarSection returns the comment of a txtar archive and the body of its
// section called name.
func txtarSection(data []byte, name string) (comment string, body []byte, ok bool) {
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	marker := "-- " + name + " --\n"
	i := strings.Index(text, marker)
	if i < 0 || i > 0 && text[i-1] != '\n' {
		return "", nil, false
	}
	first := strings.Index(text, "\n-- ")
	comment = text[:max(first, 0)]
	if strings.HasPrefix(text, "-- ") {
		comment = ""
	}
	rest := text[i+len(marker):]
	if j := strings.Index(rest, "\n-- "); j >= 0 {
		rest = rest[:j+1]
	}
	return comment, []byte(rest), true
}

// decodeNotation decodes the corpus byte notation (testdata/corpus/README.md):
// line breaks are layout; \r \n \t \\ \} \xHH are bytes; \{repeat N TEXT}
// repeats TEXT. ok is false for anything it does not understand or for
// output past limit bytes.
func decodeNotation(src []byte, limit int) (out []byte, ok bool) {
	out, rest, ok := decodeUntil(src, false, limit)
	return out, ok && len(rest) == 0
}

func decodeUntil(src []byte, inRepeat bool, limit int) (out, rest []byte, ok bool) {
	for len(src) > 0 {
		c := src[0]
		switch {
		case c == '\n' || c == '\r':
			src = src[1:]
			continue
		case c == '}' && inRepeat:
			return out, src[1:], true
		case c != '\\':
			out = append(out, c)
			src = src[1:]
		case len(src) < 2:
			return nil, nil, false
		default:
			switch e := src[1]; e {
			case 'r', 'n', 't', '\\', '}':
				out = append(out, map[byte]byte{'r': '\r', 'n': '\n', 't': '\t', '\\': '\\', '}': '}'}[e])
				src = src[2:]
			case 'x':
				if len(src) < 4 || !isHex(src[2]) || !isHex(src[3]) {
					return nil, nil, false
				}
				out = append(out, unhex(src[2])<<4|unhex(src[3]))
				src = src[4:]
			case '{':
				const kw = "\\{repeat "
				if !bytes.HasPrefix(src, []byte(kw)) {
					return nil, nil, false
				}
				src = src[len(kw):]
				sp := bytes.IndexByte(src, ' ')
				if sp < 0 {
					return nil, nil, false
				}
				n, err := strconv.Atoi(string(src[:sp]))
				if err != nil || n < 0 {
					return nil, nil, false
				}
				var text []byte
				text, src, ok = decodeUntil(src[sp+1:], true, limit)
				if !ok || n > 0 && len(text) > 0 && n > (limit-len(out))/len(text) {
					return nil, nil, false
				}
				out = append(out, bytes.Repeat(text, n)...)
			default:
				return nil, nil, false
			}
		}
		if len(out) > limit {
			return nil, nil, false
		}
	}
	return out, nil, !inRepeat
}

func FuzzHandle(f *testing.F) {
	n := len(profiles)
	for i, r := range fuzzRequests {
		// Spread the realistic requests over versions, handlers and
		// protocols; the newest and the oldest see every one.
		f.Add(fuzzSelect(n-1, i%3, i%2 == 1, 0), []byte(r))
		f.Add(fuzzSelect(0, (i+1)%3, i%2 == 0, i%4), []byte(r))
		f.Add(fuzzSelect(i%n, (i+2)%3, i%3 == 0, (i+1)%4), []byte(r))
	}
	for i, p := range fuzzPaths {
		for j, m := range []string{"GET", "HEAD"} {
			f.Add(fuzzSelect((i+j)%n, 0, false, 0), []byte(m+" "+p+" HTTP/1.0\r\n\r\n"))
		}
		f.Add(fuzzSelect(i%n, 2, true, 0), []byte("PUT "+p+" HTTP/1.1\r\nContent-Length: 2\r\n\r\nxx"))
		f.Add(fuzzSelect((i+4)%n, 0, false, 0), []byte("GET "+p+"\r\n"))
	}
	for i, s := range loadCorpusSeeds() {
		f.Add(fuzzSelect(i%n, s.handler, s.http11, 0), s.request)
		f.Add(fuzzSelect(n-1, s.handler, s.http11, 0), s.request)
	}
	f.Fuzz(fuzzHandle)
}

// parseOutcome is what parse_request made of a request line.
type parseOutcome struct {
	status                 int    // 0 when the line was dispatched or blank
	message                string // the send_error message, for errors
	command, path, version string // for a dispatched line
	blank                  bool
}

// parseRequestLine313 transcribes BaseHTTPRequestHandler.parse_request
// of CPython 3.11–3.13 (identical in the three; Lib/http/server.py) for
// the request line alone, written from the Python and not from sim, to
// check sim against.
func parseRequestLine313(requestline string) parseOutcome {
	words := pySplit(requestline, true)
	if len(words) == 0 {
		return parseOutcome{blank: true}
	}
	version := "HTTP/0.9"
	if len(words) >= 3 {
		version = words[len(words)-1]
		bad := parseOutcome{status: 400, message: "Bad request version (" + pyRepr(version, true) + ")"}
		if !strings.HasPrefix(version, "HTTP/") {
			return bad
		}
		base := strings.SplitN(version, "/", 2)[1]
		nums := strings.Split(base, ".")
		if len(nums) != 2 {
			return bad
		}
		var n [2]int
		for i, s := range nums {
			// str.isdigit() is true for the latin-1 superscripts too, but
			// int() then fails: a ValueError either way.
			if s == "" || len(s) > 10 || strings.Trim(s, "0123456789") != "" {
				return bad
			}
			v, _ := strconv.Atoi(s) // at most 10 digits: fits
			n[i] = v
		}
		if n[0] >= 2 {
			return parseOutcome{status: 505, message: "Invalid HTTP version (" + base + ")"}
		}
	}
	if len(words) < 2 || len(words) > 3 {
		return parseOutcome{status: 400, message: "Bad request syntax (" + pyRepr(requestline, true) + ")"}
	}
	if len(words) == 2 && words[0] != "GET" {
		return parseOutcome{status: 400, message: "Bad HTTP/0.9 request type (" + pyRepr(words[0], true) + ")"}
	}
	return parseOutcome{command: words[0], path: words[1], version: version}
}

// fuzzParseRequestLine sends one request line (and the blank line that
// ends the headers) through Handle.
func fuzzParseRequestLine(t *testing.T, sel uint8, line []byte) {
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	c := fuzzConfig{profile: profiles[int(sel)%len(profiles)], class: SimpleHandler, protocol: "HTTP/1.0", maxBody: DefaultMaxBody}
	if sel&0x80 != 0 {
		c.protocol = "HTTP/1.1"
	}
	raw := append(append([]byte(nil), line...), "\r\n\r\n"...)
	stop := watchdog("Handle", raw)
	defer stop()
	res, bad := c.run(raw, false)
	checkResult(t, c, raw, res, bad)
	quiet, _ := c.run(raw, true)
	if w, q := wireOf(res), wireOf(quiet); !reflect.DeepEqual(w, q) {
		t.Fatalf("%v: NoTrace changed the output:\n trace:   %+v\n notrace: %+v", c, w, q)
	}
	if len(res.Exchanges) != 1 {
		t.Fatalf("%v: %q gave %d exchanges, want 1", c, raw, len(res.Exchanges))
	}
	ex := res.Exchanges[0]
	wantLine := raw[:min(len(raw), maxLine+1)]
	if i := bytes.IndexByte(wantLine, '\n'); i >= 0 {
		wantLine = wantLine[:i+1]
	}
	if !bytes.Equal(ex.RequestLine, wantLine) {
		t.Fatalf("%v: RequestLine = %q, want %q", c, head(ex.RequestLine), head(wantLine))
	}
	if len(wantLine) > maxLine {
		if ex.Status != 414 {
			t.Errorf("%v: a %d-byte request line got status %d, want 414", c, len(wantLine), ex.Status)
		}
		return
	}
	if !c.profile.py3() {
		return
	}
	requestline := strings.TrimRight(latin1(line), "\r\n")
	if ex.Requestline != requestline {
		t.Errorf("%v: Requestline = %q, want %q", c, ex.Requestline, requestline)
	}
	if ex.Command != "" {
		words := pySplit(requestline, true)
		if ex.Command != words[0] || ex.Path != words[1] {
			t.Errorf("%v: %q parsed as command %q path %q", c, requestline, ex.Command, ex.Path)
		}
	}
	if c.profile.minor < 311 {
		return
	}
	want := parseRequestLine313(requestline)
	switch {
	case want.blank:
		if len(res.Response) != 0 || ex.Status != 0 || ex.Command != "" {
			t.Errorf("%v: blank line %q: status %d, command %q, %d response bytes", c, requestline, ex.Status, ex.Command, len(res.Response))
		}
	case want.status != 0:
		logged := fmt.Sprintf("code %d, message %s", want.status, escapeLog(want.message))
		if ex.Status != want.status || ex.Command != "" || len(ex.Log) == 0 || !strings.HasSuffix(ex.Log[0], logged) {
			t.Errorf("%v: %q: status %d, command %q, log %q; parse_request sends %d %q", c, requestline, ex.Status, ex.Command, ex.Log, want.status, want.message)
		}
	default:
		if ex.Command != want.command || ex.Path != want.path || ex.Version != want.version {
			t.Errorf("%v: %q: command %q path %q version %q; parse_request gives %q %q %q",
				c, requestline, ex.Command, ex.Path, ex.Version, want.command, want.path, want.version)
		}
	}
}

func FuzzParseRequestLine(f *testing.F) {
	for i, r := range fuzzRequests {
		line, _, _ := strings.Cut(r, "\n")
		f.Add(uint8(i), []byte(strings.TrimSuffix(line, "\r")))
	}
	for i, line := range []string{
		"", " ", "\t", "\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0", "GET", "GET /", "GET / HTTP/1.0",
		"GET / HTTP/1.1", "GET / HTTP/1.1 extra", "GET  /  HTTP/1.0  ", "GET\xa0/\xa0HTTP/1.0",
		"GET\x85/\x85HTTP/1.0", "GET / HTTP/1.\xb2", "GET / HTTP/\xb9.1", "GET / HTTP/1.01",
		"GET / HTTP/0000000001.1", "GET / HTTP/00000000001.1", "GET / HTTP/1.1.1", "GET / HTTP/-1.1",
		"GET / HTTP/ 1.1", "GET / HTTP/1 .1", "GET / HTTP/1._1", "GET / HTTP/9999999999.0",
		"GET / HTTP/1.9999999999", "GET / http/1.0", "GET / HTTPS/1.0", "GET / HTTP/", "GET / HTTP/.",
		"GET / HTTP/2", "GET / HTTP/2.0", "GET / HTTP/1.0\r", "GET / HTTP/1.0\r\r", "PRI * HTTP/2.0",
		"OPTIONS * HTTP/1.1", "CONNECT example.com:443 HTTP/1.1", "GET http://example.com/ HTTP/1.1",
		"\x00GET / HTTP/1.0", "G\x00T / HTTP/1.0", "GET /\xff\xfe HTTP/1.0", "GET /caf\xe9 HTTP/1.0",
		"GET //evil.example/%2e%2e HTTP/1.0", "GET ////a.txt HTTP/1.0",
		"GET /" + strings.Repeat("a", maxLine-16) + " HTTP/1.0",
		"GET /" + strings.Repeat("a", maxLine-15) + " HTTP/1.0",
		"GET /" + strings.Repeat("a", maxLine-14) + " HTTP/1.0",
	} {
		f.Add(uint8(i*37), []byte(line))
	}
	f.Fuzz(fuzzParseRequestLine)
}

// TestFuzzHelpers checks the harness itself: the view records escapes,
// the notation decoder reads the corpus notation, and the selector
// reaches every configuration.
func TestFuzzHelpers(t *testing.T) {
	v := &viewFS{m: fuzzTree(), dir: fuzzWWW}
	if b, err := v.ReadFile("a.txt"); err != nil || string(b) != "hello\n" {
		t.Errorf("view ReadFile(a.txt) = %q, %v", b, err)
	}
	if len(v.violations()) != 0 {
		t.Errorf("a valid name was recorded: %v", v.violations())
	}
	if b, _ := v.ReadFile("../secret.txt"); string(b) != secretData {
		t.Errorf("the view does not reach the secret through ..; it would hide escapes")
	}
	v.Stat("../www-private/secret.txt")
	if got := v.violations(); len(got) != 2 {
		t.Errorf("violations = %v, want 2", got)
	}
	for _, tt := range []struct{ in, want string }{
		{`GET / HTTP/1.0\r\n` + "\n" + `\r\n`, "GET / HTTP/1.0\r\n\r\n"},
		{`a\x41\\\}\t`, "aA\\}\t"},
		{`X: \{repeat 3 ab\}}.`, "X: ab}ab}ab}."},
		{`\{repeat 2 \{repeat 2 x}-}`, "xx-xx-"},
	} {
		if got, ok := decodeNotation([]byte(tt.in), 1<<20); !ok || string(got) != tt.want {
			t.Errorf("decodeNotation(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
	for _, bad := range []string{`\q`, `\x4`, `\{repeat x y}`, `\{repeat 2 unterminated`, `\{repeat 99999999 abc}`, `\`} {
		if got, ok := decodeNotation([]byte(bad), 1<<20); ok {
			t.Errorf("decodeNotation(%q) = %q, want failure", bad, got)
		}
	}
	seen := map[string]bool{}
	for sel := range 1 << 9 {
		seen[fuzzConfigOf(uint16(sel)).String()] = true
	}
	if want := len(profiles) * 3 * 2 * len(fuzzMaxBodies); len(seen) != want {
		t.Errorf("the selector reaches %d configurations, want %d", len(seen), want)
	}
	if fuzzTreeBytes < 5000 {
		t.Errorf("fuzzTreeBytes = %d, want the served files' total", fuzzTreeBytes)
	}
}

// TestFuzzRegressionBodyCapProbe: to tell a body that ends exactly at
// MaxBody from one that goes past it, ReadBody reads one byte more than
// the cap allows, and it records that byte in Exchange.Body before it
// returns errBodyCap, so Body was MaxBody+1 bytes long. Found by
// FuzzHandle's seeds (a PUT of 100 bytes to the upload handler with
// MaxBody 64); fixed in 644565a, which peeks instead.
func TestFuzzRegressionBodyCapProbe(t *testing.T) {
	for _, name := range []string{"2.7", "3.13"} {
		p, err := Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		s := &Server{Profile: p, Handler: UploadHandler, FS: NewMemFS(fuzzMtime), MaxBody: 64}
		res := s.Handle([]byte("PUT /new.txt HTTP/1.0\r\nContent-Length: 100\r\n\r\n" + strings.Repeat("x", 100)))
		if len(res.Exchanges) != 1 {
			t.Fatalf("%s: %d exchanges, want 1", name, len(res.Exchanges))
		}
		if n := len(res.Exchanges[0].Body); n > 64 {
			t.Errorf("%s: Exchange.Body is %d bytes, more than MaxBody 64", name, n)
		}
		if !strings.Contains(res.Stderr, "body cap") {
			t.Errorf("%s: stderr %q does not report the body cap", name, res.Stderr)
		}
	}
}

// endlessReader is a client that never stops sending: prefix, then fill
// over and over. It gives up with io.EOF after budget bytes, so a server
// that keeps reading still returns, and n says how far it read.
type endlessReader struct {
	prefix, fill []byte
	budget, n    int
}

func (r *endlessReader) Read(p []byte) (int, error) {
	if r.n >= r.budget {
		return 0, io.EOF
	}
	p = p[:min(len(p), r.budget-r.n)]
	for i := range p {
		if r.n+i < len(r.prefix) {
			p[i] = r.prefix[r.n+i]
		} else {
			p[i] = r.fill[(r.n+i-len(r.prefix))%len(r.fill)]
		}
	}
	r.n += len(p)
	return len(p), nil
}

// headerFlood serves an endless header section to a 2.7 server through
// ServeConn (as `httpsim serve --python 2.7` does) and returns how many
// bytes it read before it gave up, out of budget.
func headerFlood(t *testing.T, fill string, budget int) int {
	t.Helper()
	p, err := Lookup("2.7")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Profile: p, FS: NewMemFS(fuzzMtime), MaxBody: 4096, NoTrace: true}
	r := &endlessReader{prefix: []byte("GET / HTTP/1.0\r\n"), fill: []byte(fill), budget: budget}
	stop := watchdog("ServeConn", r.prefix)
	defer stop()
	s.ServeConn(r, io.Discard, nil)
	return r.n
}

// TestFuzzRegressionHeaderLine27: 2.7's header reader calls
// readline(1<<62) and compares the line with MaxBody only once it has
// all of it, so a header line without an end is buffered whole: memory
// grows for as long as the client sends. Found reading readHeaders while
// writing FuzzHandle (the fuzzer's inputs are in memory already, so it
// cannot see a read that never ends); fixed in cd32568, which bounds the
// whole 2.7 header section by MaxBody (errHeaderCap).
func TestFuzzRegressionHeaderLine27(t *testing.T) {
	const budget = 8 << 20
	if n := headerFlood(t, "a", budget); n > 1<<20 {
		t.Errorf("a 2.7 server with MaxBody 4096 read %d bytes of one endless header line (gave up at %d)", n, budget)
	}
}

// TestFuzzRegressionHeaderCount27: 2.7's header reader has no bound on
// the number of lines either (CPython 2.7's mimetools has none; 3.x stops
// at 100), so endless short header lines were all kept in memory; fixed
// with the test above.
func TestFuzzRegressionHeaderCount27(t *testing.T) {
	const budget = 8 << 20
	if n := headerFlood(t, "X-Flood: a\r\n", budget); n > 1<<20 {
		t.Errorf("a 2.7 server with MaxBody 4096 read %d bytes of endless header lines (gave up at %d)", n, budget)
	}
}
