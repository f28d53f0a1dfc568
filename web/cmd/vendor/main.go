// Command vendor copies the npm files the page serves (CodeMirror's ES
// modules named by the import map in index.html, and Pyodide) from
// web/node_modules into web/dist/vendor. `make web` runs it; see
// web/README.md.
//
//	go run ./web/cmd/vendor [WEBDIR]
package main

import (
	"flag"
	"log"
	"path/filepath"

	"github.com/httpsim/httpsim/web"
)

func main() {
	log.SetPrefix("vendor: ")
	log.SetFlags(0)
	flag.Parse()
	dir := "web"
	switch len(flag.Args()) {
	case 0:
	case 1:
		dir = flag.Arg(0)
	default:
		log.Fatal("usage: vendor [WEBDIR]")
	}
	if err := web.Vendor(dir, filepath.Join(dir, "node_modules")); err != nil {
		log.Fatal(err)
	}
}
