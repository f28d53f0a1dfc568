//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"
	"testing"
)

// A JavaScript runner standing in for Python: do_GET calls back into Go
// for SimpleHTTPRequestHandler.do_GET, as the shim's stub does.
func TestPySendThroughRunner(t *testing.T) {
	api := newAPI()
	py := api.Get("py")
	var calls []string
	runner := js.Global().Get("Object").New()
	call := js.FuncOf(func(_ js.Value, a []js.Value) any {
		conn, name := a[0].Int(), a[1].String()
		calls = append(calls, name)
		r := py.Get("inherited").Invoke(conn, "SimpleHTTPRequestHandler", name, js.Global().Get("Array").New())
		out := js.Global().Get("Object").New()
		out.Set("value", js.Null())
		out.Set("steps", js.Global().Get("Array").New())
		if e := r.Get("error"); !e.IsUndefined() {
			t.Errorf("inherited: %s", e.String())
		}
		return out
	})
	defer call.Release()
	closeFn := js.FuncOf(func(js.Value, []js.Value) any { return nil })
	defer closeFn.Release()
	runner.Set("call", call)
	runner.Set("close", closeFn)
	js.Global().Set("__httpsimPyRunner", runner)
	defer js.Global().Delete("__httpsimPyRunner")

	spec := map[string]any{"name": "H", "file": "server.py", "base": "SimpleHTTPRequestHandler", "methods": map[string]any{"do_GET": 4}}
	startup := []any{map[string]any{"stream": "stdout", "text": "serving\n"}}
	v, errText := invoke(t, py.Get("send"), "GET /hello.txt HTTP/1.0\r\n\r\n", map[string]any{"python": "3.12"}, spec, startup)
	if errText != "" {
		t.Fatal(errText)
	}
	if got := string(goBytes(v.Get("response"))); !strings.HasPrefix(got, "HTTP/1.0 200 OK\r\n") || !strings.HasSuffix(got, "Hello from the simulated server!\n") {
		t.Errorf("response %q", got)
	}
	if len(calls) != 1 || calls[0] != "do_GET" {
		t.Errorf("runner calls %v, want [do_GET]", calls)
	}
	out := v.Get("output")
	if out.Length() < 2 || out.Index(0).Get("text").String() != "serving\n" || !out.Index(0).Get("startup").Bool() {
		t.Errorf("startup output first: %v", out.Index(0).Get("text"))
	}
	trace := v.Get("exchanges").Index(0).Get("trace")
	found := false
	for i := 0; i < trace.Length(); i++ {
		f := trace.Index(i)
		if f.Get("fn").String() == "H.do_GET" && f.Get("user").Truthy() && f.Get("line").Int() == 4 {
			found = true
		}
	}
	if !found {
		t.Error("no user frame H.do_GET at line 4 in the trace")
	}
}

// A bad call is an error value, never a dead instance.
func TestPyBadCalls(t *testing.T) {
	py := newAPI().Get("py")
	if _, e := invoke(t, py.Get("attr"), 1, "path"); !strings.Contains(e, "no script connection in flight") {
		t.Errorf("attr outside a send: %q", e)
	}
	if _, e := invoke(t, py.Get("send"), "GET / HTTP/1.0\r\n\r\n", map[string]any{}, map[string]any{"name": "H", "base": "Nope"}); !strings.Contains(e, "not a handler class") {
		t.Errorf("bad base: %q", e)
	}
	if v, e := invoke(t, py.Get("classes")); e != "" || v.Get("SimpleHTTPRequestHandler").Length() == 0 {
		t.Errorf("classes: %v %q", v, e)
	}
}
