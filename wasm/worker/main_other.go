//go:build !(js && wasm)

// Command worker is the httpsim Cloudflare Worker. It only runs as
// WebAssembly (GOOS=js GOARCH=wasm) under worker/entry.mjs; this twin
// exists so that native builds, vet and tests of the module succeed. For
// a native server with the same simulator use `httpsim serve`.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "worker: build with GOOS=js GOARCH=wasm and run under wrangler (make worker-dev); see worker/README.md")
	os.Exit(2)
}
