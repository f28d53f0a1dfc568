// Command fileserver serves a directory with net/http's FileServer and
// closes every connection after its response, as an HTTP/1.0 server
// does, so that make bench-compare measures it under the same connection
// pattern as `httpsim serve` and CPython's http.server.
//
// Usage:
//
//	fileserver [-b ADDR] [-d DIR] [PORT]
//
// It prints "Serving HTTP on ADDR port PORT" once it listens, like
// http.server, so the same driver can read the port it got.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"
)

// flags
var (
	bind = flag.String("b", "127.0.0.1", "bind to this `address`")
	dir  = flag.String("d", ".", "serve this `directory`")
)

func main() {
	log.SetPrefix("fileserver: ")
	log.SetFlags(0)
	flag.Parse()
	port := 0
	switch flag.NArg() {
	case 0:
	case 1:
		p, err := strconv.Atoi(flag.Arg(0))
		if err != nil {
			log.Fatalf("invalid port %q", flag.Arg(0))
		}
		port = p
	default:
		flag.Usage()
		os.Exit(2)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(*bind, strconv.Itoa(port)))
	if err != nil {
		log.Fatal(err)
	}
	addr := ln.Addr().(*net.TCPAddr)
	fmt.Printf("Serving HTTP on %s port %d\n", addr.IP, addr.Port)
	fs := http.FileServer(http.Dir(*dir))
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Connection", "close")
		fs.ServeHTTP(w, r)
	})
	log.Fatal(http.Serve(ln, h))
}
