package web

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/textproto"
	"os/exec"
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
	cmd := exec.Command("node", "--input-type=module", "-e", script, requests)
	cmd.Dir = "."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	var cases []struct{ Bytes, Curl, HTTPClient string }
	if err := json.Unmarshal(out, &cases); err != nil {
		t.Fatal(err)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var mu sync.Mutex
	var got bytes.Buffer // what the current client sent, all connections
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
				r := io.TeeReader(c, writerFunc(func(b []byte) (int, error) { mu.Lock(); defer mu.Unlock(); return got.Write(b) }))
				srv.ServeConn(r, c, nil)
			}()
		}
	}()
	addr := ln.Addr().(*net.TCPAddr)
	run := func(name string, c *exec.Cmd) string {
		mu.Lock()
		got.Reset()
		mu.Unlock()
		if out, err := c.CombinedOutput(); err != nil {
			t.Errorf("%s: %v\n%s", name, err, out)
		}
		mu.Lock()
		defer mu.Unlock()
		return got.String()
	}
	port := strings.TrimPrefix(addr.String(), "127.0.0.1:")
	for i, tc := range cases {
		code := strings.Replace(tc.HTTPClient, "HTTPConnection('127.0.0.1', 8000)", "HTTPConnection('127.0.0.1', "+port+")", 1)
		if sent := run("http.client", exec.Command(python, "-c", code)); sent != tc.Bytes {
			t.Errorf("#%d http.client sent %q\nwant %q", i, sent, tc.Bytes)
		}
		curl := strings.ReplaceAll(tc.Curl, "127.0.0.1:8000/", addr.String()+"/")
		sent := run("curl", exec.Command("bash", "-c", curl+" -o /dev/null"))
		if a, b := parseAll(t, sent), parseAll(t, tc.Bytes); !slices.EqualFunc(a, b, sameRequest) {
			t.Errorf("#%d curl sent %q\nwant the request of %q", i, sent, tc.Bytes)
		}
	}
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
