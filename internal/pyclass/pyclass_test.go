package pyclass

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/httpsim/httpsim/sim"
)

// fake stands in for Python: each method is a Go func given the adapter
// so it can call up to the library, as the shim does.
type fake struct {
	a       *Adapter
	methods map[string]func(conn int, args []any) (any, error)
	closed  []int
}

func (f *fake) Call(conn int, name string, args []any) (any, []sim.Step, error) {
	v, err := f.methods[name](conn, args)
	return v, []sim.Step{{Fn: name, Line: 1}}, err
}

func (f *fake) Close(conn int) { f.closed = append(f.closed, conn) }

func site() *sim.MemFS {
	m := sim.NewMemFS(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	m.WriteFile("hello.txt", []byte("hi\n"), time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	return m
}

func serve(t *testing.T, cls *sim.Class, raw string) *sim.Result {
	t.Helper()
	p, err := sim.Lookup("3.12")
	if err != nil {
		t.Fatal(err)
	}
	s := &sim.Server{Profile: p, Handler: cls, FS: site()}
	return s.Handle([]byte(raw))
}

func newFake(t *testing.T, spec Spec) *fake {
	f := &fake{methods: map[string]func(int, []any) (any, error){}}
	a, err := New(spec, f)
	if err != nil {
		t.Fatal(err)
	}
	f.a = a
	return f
}

// A do_GET that calls SimpleHTTPRequestHandler.do_GET(self) serves the
// same bytes as the library class, and an end_headers override is
// honoured where the library calls end_headers.
func TestInheritedAndOverride(t *testing.T) {
	const req = "GET /hello.txt HTTP/1.0\r\n\r\n"
	want := serve(t, sim.SimpleHandler, req)

	f := newFake(t, Spec{Name: "H", File: "server.py", Base: "SimpleHTTPRequestHandler", Methods: map[string]int{"do_GET": 3}})
	f.methods["do_GET"] = func(conn int, _ []any) (any, error) {
		return f.a.Inherited(conn, "SimpleHTTPRequestHandler", "do_GET", nil)
	}
	got := serve(t, f.a.Class(), req)
	if !bytes.Equal(got.Response, want.Response) || got.Stderr != want.Stderr {
		t.Fatalf("do_GET through the runner:\n%q\nwant\n%q", got.Response, want.Response)
	}
	f.a.Done()
	if len(f.closed) != 1 {
		t.Errorf("Done closed %v, want one connection", f.closed)
	}
	var fr *sim.Frame
	for i, x := range got.Exchanges[0].Trace {
		if x.Fn == "H.do_GET" {
			fr = &got.Exchanges[0].Trace[i]
		}
	}
	if fr == nil || fr.File != "server.py" || fr.Line != 3 || len(fr.Steps) != 1 || fr.Steps[0].Fn != "do_GET" {
		t.Errorf("the learner's frame: %+v", fr)
	}

	f = newFake(t, Spec{Name: "CORS", File: "server.py", Base: "SimpleHTTPRequestHandler", Methods: map[string]int{"end_headers": 5}})
	f.methods["end_headers"] = func(conn int, _ []any) (any, error) {
		if _, err := f.a.Inherited(conn, "BaseHTTPRequestHandler", "send_header", []any{"Access-Control-Allow-Origin", "*"}); err != nil {
			return nil, err
		}
		return f.a.Inherited(conn, "SimpleHTTPRequestHandler", "end_headers", nil)
	}
	got = serve(t, f.a.Class(), req)
	if !bytes.Contains(got.Response, []byte("Access-Control-Allow-Origin: *\r\n\r\nhi\n")) {
		t.Errorf("end_headers override not honoured:\n%q", got.Response)
	}
	got = serve(t, f.a.Class(), "GET /nope HTTP/1.0\r\n\r\n")
	if !bytes.Contains(got.Response, []byte("Access-Control-Allow-Origin: *\r\n")) {
		t.Errorf("send_error's end_headers skipped the override:\n%q", got.Response)
	}
}

// Go ↔ Python nesting stops at MaxDepth with a RecursionError.
func TestNestingCap(t *testing.T) {
	f := newFake(t, Spec{Name: "H", File: "server.py", Base: "BaseHTTPRequestHandler", Methods: map[string]int{"do_GET": 3, "log_message": 7}})
	depth := 0
	f.methods["do_GET"] = func(conn int, _ []any) (any, error) {
		return f.a.Inherited(conn, "BaseHTTPRequestHandler", "send_response", []any{200})
	}
	// log_message logs through the library, which calls log_message...
	f.methods["log_message"] = func(conn int, args []any) (any, error) {
		depth++
		return f.a.Inherited(conn, "BaseHTTPRequestHandler", "log_error", args)
	}
	got := serve(t, f.a.Class(), "GET / HTTP/1.0\r\n\r\n")
	// do_GET is the first crossing.
	if depth != MaxDepth-1 {
		t.Errorf("log_message nested %d deep, want %d", depth, MaxDepth-1)
	}
	if !strings.Contains(got.Stderr, "RecursionError: maximum recursion depth exceeded") {
		t.Errorf("stderr:\n%s", got.Stderr)
	}
}

// A Python exception from a do_ method prints with the recorded frames
// above it, and passes back into Python as the same exception.
func TestException(t *testing.T) {
	f := newFake(t, Spec{Name: "H", File: "server.py", Base: "BaseHTTPRequestHandler", Methods: map[string]int{"do_GET": 3, "end_headers": 9}})
	f.a.Prefix = func(method string) []string {
		return []string{"  File \"lib.py\", line 1, in handle_one_request\n    method()\n"}
	}
	boom := &Exception{Type: "ValueError", Msg: "boom", Entries: []string{"  File \"server.py\", line 10, in end_headers\n    raise ValueError('boom')\n"}, ID: 7}
	var back error
	f.methods["end_headers"] = func(int, []any) (any, error) { return nil, boom }
	f.methods["do_GET"] = func(conn int, _ []any) (any, error) {
		if _, err := f.a.Inherited(conn, "BaseHTTPRequestHandler", "send_response", []any{Status(200)}); err != nil {
			return nil, err
		}
		_, back = f.a.Inherited(conn, "BaseHTTPRequestHandler", "send_error", []any{404})
		return nil, back
	}
	got := serve(t, f.a.Class(), "GET / HTTP/1.0\r\n\r\n")
	if back != error(boom) {
		t.Errorf("the exception came back into Python as %v, want the same object", back)
	}
	// do_GET let it through, so it left do_GET: the recorded frames lead
	// to it (Python's own entries would list do_GET's line too).
	want := "Traceback (most recent call last):\n  File \"lib.py\", line 1, in handle_one_request\n    method()\n" +
		"  File \"server.py\", line 10, in end_headers\n    raise ValueError('boom')\nValueError: boom\n"
	if !strings.Contains(got.Stderr, want) {
		t.Errorf("stderr:\n%s\nwant it to hold\n%s", got.Stderr, want)
	}
}

// Values keep their Python kinds across the bridge.
func TestTree(t *testing.T) {
	for _, v := range []any{nil, true, 3, 1.5, "s", []byte("b"), Status(404), Ref(2), []any{1, "x"}} {
		got := FromTree(ToTree(v))
		if !equal(got, v) {
			t.Errorf("%#v came back as %#v", v, got)
		}
	}
}

func equal(a, b any) bool {
	switch a := a.(type) {
	case []byte:
		bb, ok := b.([]byte)
		return ok && bytes.Equal(a, bb)
	case []any:
		bb, ok := b.([]any)
		if !ok || len(a) != len(bb) {
			return false
		}
		for i := range a {
			if !equal(a[i], bb[i]) {
				return false
			}
		}
		return true
	}
	return a == b
}
