//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"syscall/js"

	"github.com/httpsim/httpsim/internal/pyclass"
	"github.com/httpsim/httpsim/internal/webui"
	"github.com/httpsim/httpsim/sim"
)

// The calls a learner's script makes (js/pyruntime.js is the only
// caller): __httpsim.py.send runs a connection whose handler class is
// the script's, and Go calls back into Python through the JavaScript
// object globalThis.__httpsimPyRunner ({call(conn, name, args), close(conn)}),
// which answers {value} or {error: {type, msg, entries, id}}. While it
// runs, the Python side calls inherited, attr, setattr, read, readline,
// write, out and fieldStorage here. Values cross as pyclass trees.

// py is the state of the script connection in flight.
type py struct {
	b *bridge
	a *pyclass.Adapter
}

func (b *bridge) pyObject() js.Value {
	p := &py{b: b}
	o := jsObject.New()
	o.Set("classes", b.fn("py.classes", 0, func([]any) (any, error) {
		out := map[string]any{}
		for _, n := range []string{"StreamRequestHandler", "BaseHTTPRequestHandler", "SimpleHTTPRequestHandler"} {
			c := sim.LibraryClass(n)
			names := c.MethodNames()
			sort.Strings(names)
			out[n] = stringsAny(names)
		}
		return out, nil
	}))
	o.Set("send", b.fn("py.send", 3, func(a []any) (any, error) { return p.send(a) }))
	o.Set("inherited", b.fn("py.inherited", 4, func(a []any) (any, error) {
		id, cls, name := num(a[0]), str(a[1]), str(a[2])
		args, _ := pyclass.FromTree(a[3]).([]any)
		if p.a == nil {
			return nil, errors.New("no script connection in flight")
		}
		v, err := p.a.Inherited(id, cls, name, args)
		if err != nil {
			return map[string]any{"error": pyclass.ErrorTree(err)}, nil
		}
		return map[string]any{"value": pyclass.ToTree(v)}, nil
	}))
	o.Set("attr", b.fn("py.attr", 2, func(a []any) (any, error) {
		h, err := p.handler(a[0])
		if err != nil {
			return nil, err
		}
		v, ok := h.Attr(str(a[1]))
		return map[string]any{"has": ok, "value": pyclass.ToTree(v)}, nil
	}))
	o.Set("setattr", b.fn("py.setattr", 3, func(a []any) (any, error) {
		h, err := p.handler(a[0])
		if err != nil {
			return nil, err
		}
		return h.SetAttr(str(a[1]), pyclass.FromTree(a[2])), nil
	}))
	o.Set("read", b.fn("py.read", 2, func(a []any) (any, error) {
		h, err := p.handler(a[0])
		if err != nil {
			return nil, err
		}
		data, err := h.ReadBody(int64(num(a[1])))
		if err != nil {
			return map[string]any{"error": "body cap"}, nil
		}
		return map[string]any{"value": data}, nil
	}))
	o.Set("readline", b.fn("py.readline", 2, func(a []any) (any, error) {
		h, err := p.handler(a[0])
		if err != nil {
			return nil, err
		}
		data, err := h.Readline(num(a[1]))
		if err != nil {
			return map[string]any{"error": "body cap"}, nil
		}
		return map[string]any{"value": data}, nil
	}))
	o.Set("write", b.fn("py.write", 2, func(a []any) (any, error) {
		h, err := p.handler(a[0])
		if err != nil {
			return nil, err
		}
		d, _ := a[1].([]byte)
		h.Write(d)
		return len(d), nil
	}))
	o.Set("out", b.fn("py.out", 3, func(a []any) (any, error) {
		h, err := p.handler(a[0])
		if err != nil {
			return nil, err
		}
		if str(a[1]) == "stderr" {
			h.Stderr(str(a[2]))
		} else {
			h.Stdout(str(a[2]))
		}
		return nil, nil
	}))
	o.Set("fieldStorage", b.fn("py.fieldStorage", 1, func(a []any) (any, error) {
		h, err := p.handler(a[0])
		if err != nil {
			return nil, err
		}
		items, err := h.FieldStorage()
		if err != nil {
			return map[string]any{"error": pyclass.ErrorTree(err)}, nil
		}
		return map[string]any{"value": stringsAny(items)}, nil
	}))
	return o
}

func (p *py) handler(id any) (*sim.Handler, error) {
	if p.a == nil {
		return nil, errors.New("no script connection in flight")
	}
	return p.a.Handler(num(id))
}

// send is py.send(raw, opts, spec, startup): spec is {name, file, base,
// methods: {name: defLine}}, startup the chunks the script printed
// before serving.
func (p *py) send(a []any) (any, error) {
	raw, err := webui.RawBytes(a[0])
	if err != nil {
		return nil, err
	}
	opts, err := webui.ParseOptions(a[1])
	if err != nil {
		return nil, err
	}
	spec, err := parseSpec(a[2])
	if err != nil {
		return nil, err
	}
	var startup []webui.Chunk
	if list, ok := arg(a, 3).([]any); ok {
		for _, x := range list {
			m, _ := x.(map[string]any)
			startup = append(startup, webui.Chunk{Stream: str(m["stream"]), Text: str(m["text"]), Startup: true})
		}
	}
	ad, err := pyclass.New(spec, jsRunner{})
	if err != nil {
		return nil, err
	}
	if pre, ok := arg(a, 2).(map[string]any)["prefix"].(map[string]any); ok {
		// The recorded frames lead to handle_one_request's method(),
		// so they fit a do_ method only.
		ad.Prefix = func(method string) []string {
			l, _ := pre[method].([]any)
			if l == nil && strings.HasPrefix(method, "do_") {
				l, _ = pre["do_*"].([]any)
			}
			return stringsOf(l)
		}
	}
	if p.a != nil {
		return nil, errors.New("a script connection is already in flight")
	}
	p.a = ad
	defer func() { ad.Done(); p.a = nil }()
	r, err := p.b.s.SendClass(raw, opts, ad.Class(), startup)
	if err != nil {
		return nil, err
	}
	entries, err := p.b.s.List()
	if err != nil {
		return nil, err
	}
	return encoded{webui.ReplyTree(r, entries)}, nil
}

func parseSpec(v any) (pyclass.Spec, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return pyclass.Spec{}, fmt.Errorf("spec must be an object, not %T", v)
	}
	s := pyclass.Spec{Name: str(m["name"]), File: str(m["file"]), Base: str(m["base"]), Methods: map[string]int{},
		ServerVersion: str(m["server_version"]), SysVersion: str(m["sys_version"])}
	if ms, ok := m["methods"].(map[string]any); ok {
		for k, x := range ms {
			s.Methods[k] = num(x)
		}
	}
	return s, nil
}

// jsRunner calls the Python side through globalThis.__httpsimPyRunner.
type jsRunner struct{}

func (jsRunner) Call(conn int, name string, args []any) (any, []sim.Step, error) {
	in := make([]any, len(args))
	for i, x := range args {
		in[i] = pyclass.ToTree(x)
	}
	r := js.Global().Get("__httpsimPyRunner").Call("call", conn, name, toJS(in))
	var steps []sim.Step
	if s := r.Get("steps"); s.Truthy() {
		if t, err := fromJS(s, 0); err == nil {
			steps = pyclass.StepsFromTree(t)
		}
	}
	if e := r.Get("error"); e.Truthy() {
		t, err := fromJS(e, 0)
		if err != nil {
			return nil, steps, err
		}
		return nil, steps, pyclass.ExceptionFromTree(t)
	}
	t, err := fromJS(r.Get("value"), 0)
	if err != nil {
		return nil, steps, err
	}
	return pyclass.FromTree(t), steps, nil
}

func (jsRunner) Close(conn int) {
	js.Global().Get("__httpsimPyRunner").Call("close", conn)
}

func num(v any) int {
	f, _ := v.(float64)
	return int(f)
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func stringsAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func stringsOf(l []any) []string {
	out := make([]string, 0, len(l))
	for _, x := range l {
		out = append(out, str(x))
	}
	return out
}
