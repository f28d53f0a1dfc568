// Package pyclass is the Go side of a handler class that a learner wrote
// in Python. The class becomes a [sim.Class] whose own methods call a
// [Runner] (in the page, Pyodide in a Worker); every method it inherits
// runs in sim for the chosen profile, and calls from Python back into
// the library (super().do_GET(), self.send_response(200)) come in
// through [Adapter.Inherited]. Python's MRO decides which names are the
// learner's: the runner tells [New] which ones resolve to its code.
//
// The package knows no JavaScript: values cross as the small set of Go
// types listed at [Runner], and the wasm bridge converts them.
package pyclass

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/httpsim/httpsim/sim"
)

// Runner runs the learner's Python. Values crossing either way are nil,
// bool, int, float64, string, []byte, []any, [Status] (an http.HTTPStatus
// member), [Ref] (a Go object Python holds without looking inside) and
// *sim.Message (self.headers).
type Runner interface {
	// Call runs getattr(self, name)(*args) on the handler object of
	// connection conn, where name resolves to the learner's code, and
	// returns its value and the lines of the learner's code that ran
	// (outside calls nested through Go, which report their own). A
	// Python exception comes back as an *Exception.
	Call(conn int, name string, args []any) (any, []sim.Step, error)
	// Close ends connection conn: Python drops its handler object.
	Close(conn int)
}

// Status is a status code passed as an http.HTTPStatus member.
type Status int

// Ref is a Go value handed to Python as an opaque handle (the file that
// send_head returns, a timestamp).
type Ref int

// Exception is a Python exception that escaped the learner's code.
type Exception struct {
	Type, Msg string
	// Entries are the traceback's frames as Python printed them, each
	// "  File ..., line N, in f\n    source\n" (carets included).
	Entries []string
	// ID names the exception object on the Python side, so that an
	// exception passing through Go and back is the same object.
	ID int
}

func (e *Exception) Error() string {
	if e.Msg == "" {
		return e.Type
	}
	return e.Type + ": " + e.Msg
}

// Spec describes the learner's class as Python resolved it.
type Spec struct {
	// Name is the class name, File the script it lives in ("server.py").
	Name, File string
	// Base is the library class the chain ends in:
	// "SimpleHTTPRequestHandler" or "BaseHTTPRequestHandler".
	Base string
	// Methods are the names whose lookup on the class finds the
	// learner's code, with the line of each def.
	Methods map[string]int
	// ServerVersion and SysVersion are the class attributes the
	// learner's classes set, if they do.
	ServerVersion, SysVersion string
}

// MaxDepth caps Go ↔ Python nesting: each Python method that Go calls
// counts one. CPython's own limit is 1000 frames; a nest of several
// hundred crossings exhausts the wasm stacks first.
const MaxDepth = 100

// Adapter is one learner's class in one simulated process.
type Adapter struct {
	r     Runner
	cls   *sim.Class
	conns map[int]*conn
	next  int
	depth int
	// origins maps the sim exceptions that stand for Python ones back
	// to them, so one passing through Go into Python again is re-raised
	// as the same object.
	origins map[*sim.PyError]*Exception
	// Prefix returns the library frames above the learner's method name
	// when Go's dispatch called it directly (do_GET from
	// handle_one_request), for the traceback socketserver prints.
	Prefix func(method string) []string
}

type conn struct {
	h    *sim.Handler
	refs []any
}

// New builds the class from spec.
func New(spec Spec, r Runner) (*Adapter, error) {
	base := sim.LibraryClass(spec.Base)
	if base == nil {
		return nil, fmt.Errorf("pyclass: %s derives from %q, which is not a handler class here", spec.Name, spec.Base)
	}
	if spec.Name == "" {
		return nil, errors.New("pyclass: the class has no name")
	}
	a := &Adapter{r: r, conns: map[int]*conn{}, origins: map[*sim.PyError]*Exception{}}
	c := &sim.Class{
		Name: spec.Name, File: spec.File, Base: base,
		Methods: map[string]sim.Method{},
		Lines:   [4]map[string]int{3: spec.Methods},

		ServerVersion: spec.ServerVersion, SysVersion: spec.SysVersion,
	}
	names := make([]string, 0, len(spec.Methods))
	for n := range spec.Methods {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c.Methods[n] = a.method(n)
	}
	a.cls = c
	return a, nil
}

// Class is the class to serve with.
func (a *Adapter) Class() *sim.Class { return a.cls }

// method is the Go body of the learner's method name: a call into Python.
func (a *Adapter) method(name string) sim.Method {
	return func(h *sim.Handler, args ...any) (any, error) {
		id := a.connOf(h)
		if a.depth >= MaxDepth {
			return nil, &sim.PyError{Type: "RecursionError", Msg: "maximum recursion depth exceeded"}
		}
		a.depth++
		defer func() { a.depth-- }()
		c := a.conns[id]
		in := make([]any, len(args))
		for i, v := range args {
			in[i] = c.toPy(v)
		}
		v, steps, err := a.r.Call(id, name, in)
		h.Steps(steps)
		if err != nil {
			var e *Exception
			if errors.As(err, &e) {
				var prefix []string
				if a.Prefix != nil && a.depth == 1 {
					prefix = a.Prefix(name)
				}
				pe := &sim.PyError{Type: e.Type, Msg: e.Msg, Text: Traceback(prefix, e)}
				a.origins[pe] = e
				return nil, pe
			}
			return nil, err
		}
		return c.fromPy(v), nil
	}
}

// connOf returns the id of h's connection, registering it on first use.
func (a *Adapter) connOf(h *sim.Handler) int {
	for id, c := range a.conns {
		if c.h == h {
			return id
		}
	}
	a.next++
	a.conns[a.next] = &conn{h: h}
	return a.next
}

// Handler returns the handler object of connection id.
func (a *Adapter) Handler(id int) (*sim.Handler, error) {
	c, ok := a.conns[id]
	if !ok {
		return nil, fmt.Errorf("pyclass: no connection %d", id)
	}
	return c.h, nil
}

// Done ends every connection, after sim has finished with them.
func (a *Adapter) Done() {
	for id := range a.conns {
		a.r.Close(id)
	}
	a.conns = map[int]*conn{}
	a.origins = map[*sim.PyError]*Exception{}
}

// Inherited is cls.name(self, *args) from Python for a library class
// (super().do_GET(), SimpleHTTPRequestHandler.do_GET(self), or
// self.send_response(200) when the learner's class does not define it).
func (a *Adapter) Inherited(id int, class, name string, args []any) (ret any, err error) {
	c, ok := a.conns[id]
	if !ok {
		return nil, fmt.Errorf("pyclass: no connection %d", id)
	}
	cls := sim.LibraryClass(class)
	if cls == nil {
		return nil, &sim.PyError{Type: "AttributeError", Msg: fmt.Sprintf("type object '%s' has no attribute '%s'", class, name)}
	}
	in := make([]any, len(args))
	for i, v := range args {
		in[i] = c.fromPy(v)
	}
	defer func() {
		// A library method given arguments of the wrong type fails the
		// way sim's type assertions do; Python sees a TypeError.
		if r := recover(); r != nil {
			ret, err = nil, &sim.PyError{Type: "TypeError", Msg: fmt.Sprintf("%s.%s(): bad arguments (%v)", class, name, r)}
		}
	}()
	v, err := c.h.CallFrom(cls, name, in...)
	if err != nil {
		var pe *sim.PyError
		if errors.As(err, &pe) {
			if e, ok := a.origins[pe]; ok {
				return nil, e
			}
		}
		return nil, err
	}
	return c.toPy(v), nil
}

// toPy turns a sim value into one the runner carries.
func (c *conn) toPy(v any) any {
	if code, ok := sim.StatusCode(v); ok {
		return Status(code)
	}
	switch v := v.(type) {
	case nil, bool, int, float64, string, []byte, *sim.Message:
		return v
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = c.toPy(x)
		}
		return out
	}
	c.refs = append(c.refs, v)
	return Ref(len(c.refs) - 1)
}

// fromPy is the inverse of toPy.
func (c *conn) fromPy(v any) any {
	switch v := v.(type) {
	case Status:
		return sim.Status(int(v))
	case Ref:
		if int(v) >= 0 && int(v) < len(c.refs) {
			return c.refs[v]
		}
		return nil
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = c.fromPy(x)
		}
		return out
	}
	return v
}

// Traceback renders an exception that escaped the learner's method as
// socketserver prints it: prefix holds the library frames above the
// learner's method (recorded per version), then the learner's frames.
func Traceback(prefix []string, e *Exception) string {
	var b strings.Builder
	b.WriteString("Traceback (most recent call last):\n")
	for _, p := range prefix {
		b.WriteString(p)
	}
	for _, p := range e.Entries {
		b.WriteString(p)
	}
	b.WriteString(e.Error())
	b.WriteString("\n")
	return b.String()
}
