package pyproc

import (
	"io"
	"net"
	"strconv"
	"testing"
	"time"
)

// TestOutputTake checks that each Take returns only what came after the
// one before, which is how a request's log is told from the startup's.
func TestOutputTake(t *testing.T) {
	var o Output
	o.Write([]byte("serving at port 1\n"))
	if o.String() != "serving at port 1\n" || o.Len() != 18 {
		t.Fatalf("String, Len = %q, %d", o.String(), o.Len())
	}
	if got := string(o.Take()); got != "serving at port 1\n" {
		t.Errorf("first Take = %q", got)
	}
	o.Write([]byte("GET / 200\n"))
	if got := string(o.Take()); got != "GET / 200\n" {
		t.Errorf("second Take = %q", got)
	}
	if got := o.Take(); len(got) != 0 || o.Len() != 0 {
		t.Errorf("Take with nothing new = %q", got)
	}
}

// TestExchange checks that the server sees the whole request and then
// the end of it (CloseWrite), and that the answer is read to the close.
func TestExchange(t *testing.T) {
	port, err := FreePort()
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	got := make(chan string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			got <- err.Error()
			return
		}
		defer c.Close()
		req, _ := io.ReadAll(c) // ends only at the client's CloseWrite
		got <- string(req)
		c.Write([]byte("HTTP/1.0 200 OK\r\n\r\nbody"))
	}()
	resp, err := Exchange(ln.Addr().String(), []byte("GET / HTTP/1.0\r\n\r\n"), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if req := <-got; req != "GET / HTTP/1.0\r\n\r\n" {
		t.Errorf("server read %q", req)
	}
	if string(resp) != "HTTP/1.0 200 OK\r\n\r\nbody" {
		t.Errorf("response %q", resp)
	}
}
