//go:build js && wasm

// Command page is the WebAssembly half of the httpsim page. It registers
// one global object, __httpsim, whose functions the page's loader
// (web/js/httpsim.js) wraps as window.httpsim:
//
//	httpsim.send(raw, {python, handler, protocol})
//	httpsim.profiles(), httpsim.handlers(), httpsim.handlerSource(name, python)
//	httpsim.fs.list(), read(path), write(path, data, {mtime}), mkdir(path, {mtime}),
//	touch(path, mtime), rename(from, to), remove(path), reset(empty), diff(), apply(changes)
//
// Every call is synchronous: sim does no I/O, so nothing blocks the event
// loop. A Go function cannot throw into JavaScript, so each one returns
// {value} or {error: message}, and the loader throws the error. A panic
// is recovered into {error: "httpsim: panic: ..."}, so the instance
// survives it.
//
// Conversions between JavaScript values and Go live in package
// internal/webui, which builds natively; this file only walks values.
package main

import (
	"runtime/debug"
	"syscall/js"

	"github.com/httpsim/httpsim/internal/webui"
)

func main() {
	// The heap is small and each send allocates little; collecting less
	// often keeps sends from stalling on the single-threaded collector.
	debug.SetGCPercent(400)
	b := &bridge{s: webui.NewSession()}
	js.Global().Set("__httpsim", b.object())
	if ready := js.Global().Get("__httpsimReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {}
}
