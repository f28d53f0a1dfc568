//go:build js && wasm

// Command worker is the httpsim Cloudflare Worker: package api's handler
// served through github.com/syumai/workers. Build it with `make worker`,
// which also generates the JS glue (worker/build/) and runs under
// worker/entry.mjs; see worker/README.md.
//
// It does not call workers.Serve, which returns (and so ends the Go
// program) once the first response body is closed: that is what makes
// the stock glue start a new Go instance for every request. Instead it
// registers the handler with workers.ServeNonBlock, signals readiness and
// then waits until the entry module calls the shutdown function it
// exports. worker/entry.mjs keeps the instance for many requests and
// shuts it down when it recycles it.
package main

import (
	"syscall/js"

	"github.com/httpsim/httpsim/wasm/worker/api"
	"github.com/syumai/workers"
)

func main() {
	workers.ServeNonBlock(&api.Handler{})
	stop := make(chan struct{})
	// The glue resolves the global "context" to the object the entry
	// module passed to go.run; its "binding" is where handleRequest lives.
	binding := js.Global().Get("context").Get("binding")
	var shutdown js.Func
	shutdown = js.FuncOf(func(js.Value, []js.Value) any {
		shutdown.Release()
		close(stop)
		return nil
	})
	binding.Set("shutdown", shutdown)
	workers.Ready()
	<-stop
}
