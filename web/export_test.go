package web

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/textproto"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/httpsim/httpsim/sim"
)

// TestExportsSendTheBytes runs the page's curl and http.client exports
// (js/exporters.js, under Node) against a local server that serves
// through sim and records what it receives: http.client must send the
// very bytes the composer shows, curl the same request line, fields
// and body (it orders some fields itself).
func TestExportsSendTheBytes(t *testing.T) {
	for _, tool := range []string{"node", "curl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed: %v", tool, err)
		}
	}
	const python = "/root/.pyenv/versions/3.13.0/bin/python"
	requests := `[
	  [{ "method": "GET", "target": "/hello.txt", "headers": [{ "name": "Host", "value": "127.0.0.1:8000", "on": true }, { "name": "User-Agent", "value": "curl/8.5.0", "on": true }, { "name": "Accept", "value": "*/*", "on": true }] }],
	  [{ "method": "POST", "target": "/?q=1", "headers": [{ "name": "Host", "value": "127.0.0.1:8000", "on": true }, { "name": "X-Note", "value": "it's", "on": true }], "bodyMode": "urlencoded", "fields": [{ "name": "name", "value": "Ada Lovelace", "on": true }] }],
	  [{ "method": "GET", "target": "/hello.txt", "version": "HTTP/1.1", "headers": [{ "name": "Host", "value": "127.0.0.1:8000", "on": true }] },
	   { "method": "GET", "target": "/missing", "version": "HTTP/1.1", "headers": [{ "name": "Host", "value": "127.0.0.1:8000", "on": true }, { "name": "Connection", "value": "close", "on": true }] }]
	]`
	script := `
	  import * as w from './js/wire.js';
	  import * as x from './js/exporters.js';
	  const all = JSON.parse(process.argv[1]).map((reqs) => reqs.map((r) => w.newRequest(r)));
	  console.log(JSON.stringify(all.map((reqs) => ({
	    bytes: w.latin1(w.connectionBytes(reqs)), curl: x.curl(reqs).cmd, httpClient: x.httpClient(reqs).code,
	  }))));`
	cases := exportCases(t, script, requests)

	srv := startRecorder(t)
	for i, tc := range cases {
		code := strings.Replace(tc.HTTPClient, "HTTPConnection('127.0.0.1', 8000)", "HTTPConnection('127.0.0.1', "+srv.port+")", 1)
		if sent := srv.run(t, "http.client", exec.Command(python, "-c", code)); sent != tc.Bytes {
			t.Errorf("#%d http.client sent %q\nwant %q", i, sent, tc.Bytes)
		}
		curl := strings.ReplaceAll(tc.Curl, "127.0.0.1:8000/", srv.addr+"/")
		sent := srv.run(t, "curl", exec.Command("bash", "-c", curl+" -o /dev/null"))
		if a, b := parseAll(t, sent), parseAll(t, tc.Bytes); !slices.EqualFunc(a, b, sameRequest) {
			t.Errorf("#%d curl sent %q\nwant the request of %q", i, sent, tc.Bytes)
		}
	}
}

// TestImportCurl: a curl command imported into the composer
// (js/importers.js) gives the request the installed curl sends, up to
// the User-Agent's version and the order of Content-Length.
func TestImportCurl(t *testing.T) {
	srv := startRecorder(t)
	cmds := []string{
		"curl http://127.0.0.1:8000/hello.txt",
		"curl -sv --http1.0 -H 'Accept:' -H 'X-A: 1' -A 'me/1' 127.0.0.1:8000/",
		"curl -d 'name=Ada Lovelace' -d lang=Python http://127.0.0.1:8000/",
		"curl -G --data-urlencode 'q=a b!*' -e http://x/ -b 'k=v' http://127.0.0.1:8000/s",
		"curl -u ada:pw -X PUT --data-binary 'x=1' -H 'Content-Type: text/plain' http://127.0.0.1:8000/up",
	}
	js, _ := json.Marshal(cmds)
	out, err := exec.Command("node", "--input-type=module", "-e", `
	  import * as w from './js/wire.js';
	  import * as imp from './js/importers.js';
	  console.log(JSON.stringify(JSON.parse(process.argv[1]).map((c) => w.latin1(w.connectionBytes(imp.fromCurl(c).requests)))));`, string(js)).Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var want []string
	json.Unmarshal(out, &want)
	ua := regexp.MustCompile(`(?m)^user-agent: curl/[0-9.]+$`)
	for i, c := range cmds {
		sent := srv.run(t, "curl", exec.Command("bash", "-c", strings.ReplaceAll(c, "127.0.0.1:8000", srv.addr)+" -s -o /dev/null"))
		got, exp := parseAll(t, sent), parseAll(t, strings.ReplaceAll(want[i], "127.0.0.1:8000", srv.addr))
		for _, q := range [][]request{got, exp} {
			for j := range q {
				for k, f := range q[j].fields {
					q[j].fields[k] = ua.ReplaceAllString(f, "user-agent: curl")
				}
			}
		}
		if !slices.EqualFunc(got, exp, sameRequest) {
			t.Errorf("%s\n curl sent %q\n imported %q", c, sent, want[i])
		}
	}
}

// recorder is a local server that answers through sim and records
// every byte its clients send.
type recorder struct {
	addr, port string
	mu         sync.Mutex
	got        bytes.Buffer
}

func startRecorder(t *testing.T) *recorder {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	rec := &recorder{addr: ln.Addr().String()}
	rec.port = strings.TrimPrefix(rec.addr, "127.0.0.1:")
	fsys := sim.NewMemFS(time.Date(2025, 12, 24, 18, 30, 0, 0, time.UTC))
	fsys.WriteFile("hello.txt", []byte("hello\n"), time.Date(2025, 12, 24, 18, 30, 0, 0, time.UTC))
	p, _ := sim.Lookup("3.12")
	// The seed handler reads a POST body (cgi.FieldStorage), so every
	// byte the client sends is read and recorded.
	srv := &sim.Server{Profile: p, Handler: sim.SeedHandler, FS: fsys, Protocol: "HTTP/1.1", NoTrace: true}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				r := io.TeeReader(c, writerFunc(func(b []byte) (int, error) { rec.mu.Lock(); defer rec.mu.Unlock(); return rec.got.Write(b) }))
				srv.ServeConn(r, c, nil)
			}()
		}
	}()
	return rec
}

// run runs c and returns what it sent.
func (r *recorder) run(t *testing.T, name string, c *exec.Cmd) string {
	r.mu.Lock()
	r.got.Reset()
	r.mu.Unlock()
	if out, err := c.CombinedOutput(); err != nil {
		t.Errorf("%s: %v\n%s", name, err, out)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.got.String()
}

// exportCases runs script under Node in web/ with arg.
func exportCases(t *testing.T, script, arg string) []struct{ Bytes, Curl, HTTPClient string } {
	out, err := exec.Command("node", "--input-type=module", "-e", script, arg).Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	var cases []struct{ Bytes, Curl, HTTPClient string }
	if err := json.Unmarshal(out, &cases); err != nil {
		t.Fatal(err)
	}
	return cases
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }

// request is one request as a server sees it, fields sorted.
type request struct {
	line   string
	fields []string
	body   string
}

func sameRequest(a, b request) bool {
	return a.line == b.line && slices.Equal(a.fields, b.fields) && a.body == b.body
}

func parseAll(t *testing.T, raw string) []request {
	t.Helper()
	r := textproto.NewReader(bufio.NewReader(strings.NewReader(raw)))
	var out []request
	for {
		line, err := r.ReadLine()
		if err != nil {
			return out
		}
		var q request
		q.line = line
		n := 0
		for {
			f, err := r.ReadLine()
			if err != nil || f == "" {
				break
			}
			q.fields = append(q.fields, strings.ToLower(f))
			if k, v, ok := strings.Cut(f, ":"); ok && strings.EqualFold(k, "Content-Length") {
				n = atoi(strings.TrimSpace(v))
			}
		}
		slices.Sort(q.fields)
		body := make([]byte, n)
		io.ReadFull(r.R, body)
		q.body = string(body)
		out = append(out, q)
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}
