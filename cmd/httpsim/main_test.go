package main

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// binary builds httpsim once per test run.
func binary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "httpsim")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestBadInput: each mistake gives one clear line on stderr and a
// non-zero exit.
func TestBadInput(t *testing.T) {
	bin := binary(t)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	busyPort := busy.Addr().(*net.TCPAddr).Port
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"serve", "--python", "4.0"}, `unknown Python version "4.0"`},
		{[]string{"serve", "--handler", "nope"}, `unknown handler "nope"`},
		{[]string{"serve", "--handler", "server.py"}, `--handler server.py: handler scripts run only in the page`},
		{[]string{"serve", "-d", "/does/not/exist"}, "directory /does/not/exist: no such file or directory"},
		{[]string{"serve", "-b", "127.0.0.1", strconv.Itoa(busyPort)}, "address already in use"},
		{[]string{"serve", "notaport"}, `invalid port "notaport"`},
		{[]string{"serve", "-p", "SPDY/3"}, `invalid protocol "SPDY/3"`},
		{[]string{"serve", "--server", "ForkingTCPServer"}, `unknown server class "ForkingTCPServer"`},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"serve", "--python", "3.14", "--tls-cert", "c.pem", "0"}, "--tls-cert: TLS is out of scope: httpsim serves plain HTTP only"},
		{[]string{"serve", "--python", "3.14", "--tls-key", "k.pem"}, "--tls-key: TLS is out of scope"},
		{[]string{"serve", "--python", "3.14", "--tls-password-file", "p"}, "--tls-password-file: TLS is out of scope"},
		{[]string{"serve", "--python", "3.13", "--tls-cert", "c.pem"}, "--tls-cert: python -m http.server has TLS options from 3.14 on, not in 3.13"},
	}
	for _, tt := range tests {
		cmd := exec.Command(bin, tt.args...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		if err == nil {
			t.Errorf("httpsim %q succeeded, want a failure", tt.args)
			continue
		}
		first, _, _ := strings.Cut(stderr.String(), "\n")
		if !strings.HasPrefix(first, "httpsim: ") || !strings.Contains(first, tt.want) {
			t.Errorf("httpsim %q: stderr %q, want one line containing %q", tt.args, stderr.String(), tt.want)
		}
	}
}

// TestRequest pipes raw bytes through `httpsim request`.
func TestRequest(t *testing.T) {
	bin := binary(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("hello\n"), 0o644)
	trace := filepath.Join(t.TempDir(), "trace.json")
	cmd := exec.Command(bin, "request", "--python", "2.7", "-d", dir, "--trace", trace)
	cmd.Stdin = strings.NewReader("GET /a.txt HTTP/1.0\r\n\r\n")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("httpsim request: %v\n%s", err, stderr.String())
	}
	if !strings.HasPrefix(stdout.String(), "HTTP/1.0 200 OK\r\nServer: SimpleHTTP/0.6 Python/2.7.18\r\n") || !strings.HasSuffix(stdout.String(), "\r\n\r\nhello\n") {
		t.Errorf("response = %q", stdout.String())
	}
	if !regexp.MustCompile(`^127\.0\.0\.1 - - \[[^]]+\] "GET /a.txt HTTP/1.0" 200 -\n$`).MatchString(stderr.String()) {
		t.Errorf("stderr = %q", stderr.String())
	}
	data, err := os.ReadFile(trace)
	if err != nil || !bytes.Contains(data, []byte(`"SimpleHTTPServer.SimpleHTTPRequestHandler.send_head"`)) {
		t.Errorf("trace file lacks send_head: %v", err)
	}
}

// startServe runs `httpsim serve` on a free port and returns its address.
func startServe(t *testing.T, bin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "-b", "127.0.0.1"}, append(args, "0")...)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("no start-up line: %v", err)
	}
	m := regexp.MustCompile(`^Serving HTTP on 127\.0\.0\.1 port (\d+) \(http://127\.0\.0\.1:\d+/\) \.\.\.\n$`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("start-up line %q", line)
	}
	go io.Copy(io.Discard, out)
	return "127.0.0.1:" + m[1]
}

func get(t *testing.T, addr, raw string) string {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	io.WriteString(c, raw)
	c.(*net.TCPConn).CloseWrite()
	b, _ := io.ReadAll(c)
	return string(b)
}

// TestServeLiveDirectory: a file added or edited while the server runs
// shows on the next request, as with python -m http.server.
func TestServeLiveDirectory(t *testing.T) {
	bin := binary(t)
	dir := t.TempDir()
	addr := startServe(t, bin, "-d", dir)
	if r := get(t, addr, "GET /new.txt HTTP/1.0\r\n\r\n"); !strings.HasPrefix(r, "HTTP/1.0 404 File not found\r\n") {
		t.Fatalf("before: %q", r)
	}
	os.WriteFile(filepath.Join(dir, "new.txt"), []byte("one\n"), 0o644)
	if r := get(t, addr, "GET /new.txt HTTP/1.0\r\n\r\n"); !strings.HasSuffix(r, "\r\n\r\none\n") {
		t.Fatalf("after adding: %q", r)
	}
	os.WriteFile(filepath.Join(dir, "new.txt"), []byte("two!\n"), 0o644)
	if r := get(t, addr, "GET /new.txt HTTP/1.0\r\n\r\n"); !strings.HasSuffix(r, "\r\n\r\ntwo!\n") {
		t.Fatalf("after editing: %q", r)
	}
}

// TestServeConcurrent: from 3.7 a connection left open does not stop the
// server from answering another; 3.6 serves one connection at a time.
func TestServeConcurrent(t *testing.T) {
	bin := binary(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("a\n"), 0o644)
	for _, tt := range []struct {
		python     string
		concurrent bool
	}{{"3.13", true}, {"3.6", false}} {
		addr := startServe(t, bin, "-d", dir, "--python", tt.python, "-p", "HTTP/1.1")
		idle, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		// A keep-alive request, then the connection stays open.
		io.WriteString(idle, "GET /a.txt HTTP/1.1\r\n\r\n")
		buf := make([]byte, 1)
		idle.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, err := idle.Read(buf); err != nil {
			t.Fatalf("%s: first response: %v", tt.python, err)
		}
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(c, "GET /a.txt HTTP/1.0\r\n\r\n")
		// Waiting longer for the answer that should come than for the
		// one that should not keeps a loaded machine from failing this.
		wait := time.Second
		if tt.concurrent {
			wait = 10 * time.Second
		}
		c.SetReadDeadline(time.Now().Add(wait))
		_, err = c.Read(buf)
		if got := err == nil; got != tt.concurrent {
			t.Errorf("%s: second connection answered while the first is open = %v, want %v", tt.python, got, tt.concurrent)
		}
		c.Close()
		idle.Close()
	}
}

// TestRequestServerClass: --server picks the loop a handler exception's
// traceback starts in.
func TestRequestServerClass(t *testing.T) {
	bin := binary(t)
	for _, tt := range []struct{ server, want, not string }{
		{"TCPServer", "in _handle_request_noblock", "process_request_thread"},
		{"ThreadingHTTPServer", "in process_request_thread", "_handle_request_noblock"},
	} {
		cmd := exec.Command(bin, "request", "--python", "3.12", "--server", tt.server, "-d", t.TempDir())
		cmd.Stdin = strings.NewReader("GET /a%00b HTTP/1.0\r\n\r\n")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("--server %s: %v\n%s", tt.server, err, stderr.String())
		}
		if got := stderr.String(); !strings.Contains(got, tt.want) || strings.Contains(got, tt.not) {
			t.Errorf("--server %s: stderr %q, want %q and no %q", tt.server, got, tt.want, tt.not)
		}
	}
}
