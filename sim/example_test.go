package sim_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/httpsim/httpsim/sim"
)

// A GET for a file, as python3.13 -m http.server answers it.
func Example() {
	mtime := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	fsys := sim.NewMemFS(mtime)
	fsys.WriteFile("hello.txt", []byte("Hello, world!\n"), mtime)
	fsys.MkdirAll("docs", mtime)

	p, _ := sim.Lookup("3.13")
	s := &sim.Server{Profile: p, FS: fsys}
	res := s.Handle([]byte("GET /hello.txt HTTP/1.0\r\n\r\n"))
	// The wire has CRLF line ends; print them as plain newlines.
	fmt.Print(strings.ReplaceAll(string(res.Response), "\r\n", "\n"))
	fmt.Print(res.Stderr)
	// Output:
	// HTTP/1.0 200 OK
	// Server: SimpleHTTP/0.6 Python/3.13.0
	// Date: Thu, 01 Jan 2026 00:00:00 GMT
	// Content-type: text/plain
	// Content-Length: 14
	// Last-Modified: Thu, 02 Jan 2020 03:04:05 GMT
	//
	// Hello, world!
	// 127.0.0.1 - - [01/Jan/2026 00:00:00] "GET /hello.txt HTTP/1.0" 200 -
}

// The dispatch path of a request for a method the handler lacks: a
// lowercase "get" is looked up as do_get, which does not exist.
func ExampleServer_Handle() {
	s := &sim.Server{}
	res := s.Handle([]byte("get / HTTP/1.0\r\n\r\n"))
	ex := res.Exchanges[0]
	fmt.Println(ex.Status, ex.Requestline)
	for _, f := range ex.Trace {
		for _, v := range f.Values {
			if v.Name == "mname" || v.Name == "hasattr(self, mname)" {
				fmt.Printf("%s: %s = %s\n", f.Fn, v.Name, v.Value)
			}
		}
	}
	fmt.Print(res.Stderr)
	// Output:
	// 501 get / HTTP/1.0
	// http.server.BaseHTTPRequestHandler.handle_one_request: mname = 'do_get'
	// http.server.BaseHTTPRequestHandler.handle_one_request: hasattr(self, mname) = False
	// 127.0.0.1 - - [01/Jan/2026 00:00:00] code 501, message Unsupported method ('get')
	// 127.0.0.1 - - [01/Jan/2026 00:00:00] "get / HTTP/1.0" 501 -
}
