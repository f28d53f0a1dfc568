//go:build ignore

// framesgen records, from the live interpreters, the library frames of
// the tracebacks a learner's script can cause, which the page's Python
// (js/pyshim.py) prints in place of its own shadow frames: the frames
// above a handler method when it raises (per server class), and the
// frames below the learner's line when the library raises (a handler
// instantiated by hand, a bind that fails, wfile.write given a str).
// It writes web/js/pyframes.py. Run: go generate ./internal/pydiff
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

var versions = map[string]string{
	"3.6": "3.6.15", "3.7": "3.7.16", "3.8": "3.8.18", "3.9": "3.9.18", "3.10": "3.10.13",
	"3.11": "3.11.7", "3.12": "3.12.1", "3.13": "3.13.0",
}

const marker = "PROBE-MARKER"

// probe runs src (which gets the port as argv[1]); if get, it sends one
// GET once the server listens. It returns stderr.
func probe(py, src string, get bool) (string, error) {
	dir, err := os.MkdirTemp("", "framesgen")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	script := filepath.Join(dir, "probe.py")
	if err := os.WriteFile(script, []byte(src), 0o644); err != nil {
		return "", err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command(py, "-u", script, strconv.Itoa(port))
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return "", err
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	defer func() { cmd.Process.Kill(); <-done }()
	if !get {
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			return "", fmt.Errorf("probe did not exit")
		}
		return stderr.String(), nil
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	for i := 0; ; i++ {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Write([]byte("GET / HTTP/1.0\r\n\r\n"))
			c.(*net.TCPConn).CloseWrite()
			io.ReadAll(c)
			c.Close()
			break
		}
		if i > 400 {
			return "", fmt.Errorf("server did not listen")
		}
		time.Sleep(25 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	return stderr.String(), nil
}

// entries splits a traceback into its frames (File line plus what is
// indented under it) and the exception line.
func entries(tb string) ([]string, string) {
	_, body, ok := strings.Cut(tb, "Traceback (most recent call last):\n")
	if !ok {
		return nil, ""
	}
	var out []string
	lines := strings.SplitAfter(body, "\n")
	i := 0
	for ; i < len(lines); i++ {
		l := lines[i]
		if strings.HasPrefix(l, "  File ") {
			out = append(out, l)
		} else if strings.HasPrefix(l, "    ") && len(out) > 0 {
			out[len(out)-1] += l
		} else {
			break
		}
	}
	return out, strings.TrimSuffix(lines[i], "\n")
}

// split returns the entries before and after the probe script's own.
func split(es []string) (before, after []string) {
	last := -1
	first := -1
	for i, e := range es {
		if strings.Contains(e, "probe.py") {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return nil, nil
	}
	return es[:first], es[last+1:]
}

func main() {
	out := map[string]any{}
	for v, patch := range versions {
		py := filepath.Join("/root/.pyenv/versions", patch, "bin", "python")
		lib := filepath.Join("/root/.pyenv/versions", patch, "lib", "python"+v)
		norm := func(es []string) []string {
			r := make([]string, len(es))
			for i, e := range es {
				r[i] = strings.ReplaceAll(e, lib, "$PYLIB")
			}
			return r
		}
		prefix := map[string][]string{}
		tail := map[string][]string{}
		servers := []string{"socketserver.TCPServer", "http.server.HTTPServer"}
		minor, _ := strconv.Atoi(strings.TrimPrefix(v, "3."))
		if minor >= 7 {
			servers = append(servers, "http.server.ThreadingHTTPServer")
		}
		for _, srv := range servers {
			name := srv[strings.LastIndexByte(srv, '.')+1:]
			for _, what := range []string{"raise", "raise-simple", "wfile"} {
				body := "raise ValueError('" + marker + "')"
				if what == "wfile" {
					body = "self.wfile.write('" + marker + "')"
				}
				base := "BaseHTTPRequestHandler"
				if what == "raise-simple" {
					base = "SimpleHTTPRequestHandler"
				}
				src := "import sys, socketserver, http.server\n\nclass H(http.server." + base + "):\n    def do_GET(self):\n        " + body + "\n\n" +
					srv + "(('127.0.0.1', int(sys.argv[1])), H).serve_forever()\n"
				tb, err := probe(py, src, true)
				if err != nil {
					panic(fmt.Sprint(v, srv, err))
				}
				es, _ := entries(tb)
				before, after := split(es)
				if len(before) == 0 {
					panic(fmt.Sprintf("%s %s: no traceback in %q", v, srv, tb))
				}
				switch what {
				case "raise":
					prefix[name] = norm(before)
				case "raise-simple":
					prefix[name+"/simple"] = norm(before)
				default:
					tail["wfile"] = norm(after)
				}
			}
			src := "import sys, socketserver, http.server\n\nclass H(http.server.BaseHTTPRequestHandler):\n    pass\n\n" +
				srv + "(('192.0.2.1', int(sys.argv[1])), H)\n"
			tb, err := probe(py, src, false)
			if err != nil {
				panic(err)
			}
			es, _ := entries(tb)
			_, after := split(es)
			tail["bind-"+name] = norm(after)
		}
		src := "import http.server\n\nclass H(http.server.SimpleHTTPRequestHandler):\n    pass\n\nH(1000)\n"
		tb, err := probe(py, src, false)
		if err != nil {
			panic(err)
		}
		es, _ := entries(tb)
		_, after := split(es)
		tail["init-simple"] = norm(after)
		out[v] = map[string]any{"prefix": prefix, "tail": tail}
	}
	b, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		panic(err)
	}
	// A Python literal, so that the page serves it with the shim.
	head := "# Generated by internal/pydiff/framesgen from the live interpreters; DO NOT EDIT.\n" +
		"# Library frames of tracebacks a learner's script can cause, per version ($PYLIB is the\n" +
		"# standard library's directory). js/pyshim.py prints them in place of its own frames.\n" +
		"FRAMES = "
	if err := os.WriteFile("../../web/js/pyframes.py", append(append([]byte(head), b...), '\n'), 0o644); err != nil {
		panic(err)
	}
}
