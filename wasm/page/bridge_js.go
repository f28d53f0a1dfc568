//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"syscall/js"

	"github.com/httpsim/httpsim/internal/webui"
)

// JavaScript globals, looked up once.
var (
	jsObject     = js.Global().Get("Object")
	jsArray      = js.Global().Get("Array")
	jsUint8Array = js.Global().Get("Uint8Array")
	jsArrayBuf   = js.Global().Get("ArrayBuffer")
)

// bridge holds the page's session.
type bridge struct {
	s *webui.Session
	// funcs keeps the callbacks alive for the life of the instance.
	funcs []js.Func
}

// object builds the __httpsim object.
func (b *bridge) object() js.Value {
	o := jsObject.New()
	o.Set("send", b.fn("send", 1, func(a []any) (any, error) {
		raw, err := webui.RawBytes(a[0])
		if err != nil {
			return nil, err
		}
		opts, err := webui.ParseOptions(arg(a, 1))
		if err != nil {
			return nil, err
		}
		r, err := b.s.Send(raw, opts)
		if err != nil {
			return nil, err
		}
		var entries []webui.Entry
		if len(r.Changed) > 0 {
			if entries, err = b.s.List(); err != nil {
				return nil, err
			}
		}
		t := webui.ReplyTree(r, entries)
		if len(r.Changed) == 0 {
			t["vfs"].(map[string]any)["entries"] = nil
		}
		return encoded{t}, nil
	}))
	o.Set("twoClients", b.fn("twoClients", 2, func(a []any) (any, error) {
		ra, err := webui.RawBytes(a[0])
		if err != nil {
			return nil, fmt.Errorf("a: %v", err)
		}
		rb, err := webui.RawBytes(a[1])
		if err != nil {
			return nil, fmt.Errorf("b: %v", err)
		}
		opts, split, err := webui.ParseTwoOptions(arg(a, 2))
		if err != nil {
			return nil, err
		}
		if split < 0 {
			split = webui.DefaultSplit(ra)
		}
		t, err := b.s.TwoClients(ra, rb, split, opts)
		if err != nil {
			return nil, err
		}
		return encoded{webui.TwoTree(t)}, nil
	}))
	o.Set("profiles", b.fn("profiles", 0, func([]any) (any, error) { return webui.ProfilesTree(), nil }))
	o.Set("handlers", b.fn("handlers", 0, func([]any) (any, error) { return webui.HandlersTree(), nil }))
	o.Set("handlerSource", b.fn("handlerSource", 1, func(a []any) (any, error) {
		name, err := webui.StringArg(a[0], "name")
		if err != nil {
			return nil, err
		}
		py := ""
		if v := arg(a, 1); v != nil {
			if py, err = webui.StringArg(v, "python"); err != nil {
				return nil, err
			}
		}
		return webui.HandlerSourceTree(name, py)
	}))

	fsys := jsObject.New()
	fsys.Set("list", b.fn("fs.list", 0, func([]any) (any, error) {
		es, err := b.s.List()
		return webui.EntriesTree(es), err
	}))
	fsys.Set("read", b.fn("fs.read", 1, func(a []any) (any, error) {
		p, err := webui.PathArg(a[0], "path")
		if err != nil {
			return nil, err
		}
		return b.s.Read(p)
	}))
	fsys.Set("write", b.fn("fs.write", 2, func(a []any) (any, error) {
		p, err := webui.PathArg(a[0], "path")
		if err != nil {
			return nil, err
		}
		d, err := webui.DataArg(a[1], "data")
		if err != nil {
			return nil, err
		}
		mt, hasMT, err := webui.MtimeOption(arg(a, 2), "opts")
		if err != nil {
			return nil, err
		}
		if err := b.s.Write(p, d); err != nil || !hasMT {
			return nil, err
		}
		return nil, b.s.Touch(p, mt)
	}))
	fsys.Set("mkdir", b.fn("fs.mkdir", 1, func(a []any) (any, error) {
		p, err := webui.PathArg(a[0], "path")
		if err != nil {
			return nil, err
		}
		mt, hasMT, err := webui.MtimeOption(arg(a, 1), "opts")
		if err != nil {
			return nil, err
		}
		if err := b.s.Mkdir(p); err != nil || !hasMT {
			return nil, err
		}
		return nil, b.s.Touch(p, mt)
	}))
	fsys.Set("touch", b.fn("fs.touch", 1, func(a []any) (any, error) {
		p, err := webui.PathArg(a[0], "path")
		if err != nil {
			return nil, err
		}
		mt := b.s.Time()
		if v := arg(a, 1); v != nil {
			if mt, err = webui.ParseMtime(v, "mtime"); err != nil {
				return nil, err
			}
		}
		return nil, b.s.Touch(p, mt)
	}))
	fsys.Set("remove", b.fn("fs.remove", 1, func(a []any) (any, error) {
		p, err := webui.PathArg(a[0], "path")
		if err != nil {
			return nil, err
		}
		return nil, b.s.Remove(p)
	}))
	fsys.Set("rename", b.fn("fs.rename", 2, func(a []any) (any, error) {
		from, err := webui.PathArg(a[0], "from")
		if err != nil {
			return nil, err
		}
		to, err := webui.PathArg(a[1], "to")
		if err != nil {
			return nil, err
		}
		return nil, b.s.Rename(from, to)
	}))
	fsys.Set("reset", b.fn("fs.reset", 0, func(a []any) (any, error) {
		empty, err := webui.BoolArg(arg(a, 0), "empty")
		if err != nil {
			return nil, err
		}
		b.s.Reset(empty)
		return nil, nil
	}))
	fsys.Set("diff", b.fn("fs.diff", 0, func([]any) (any, error) {
		c, err := b.s.Diff()
		return webui.ChangesTree(c), err
	}))
	fsys.Set("apply", b.fn("fs.apply", 1, func(a []any) (any, error) {
		c, err := webui.ParseChanges(a[0])
		if err != nil {
			return nil, err
		}
		return nil, b.s.Apply(c)
	}))
	o.Set("fs", fsys)
	o.Set("py", b.pyObject())
	return o
}

func arg(a []any, i int) any {
	if i < len(a) {
		return a[i]
	}
	return nil
}

// fn wraps f as a JavaScript function that returns {value} or {error}.
// Arguments are converted with fromJS first; fewer than min of them is an
// error.
func (b *bridge) fn(name string, min int, f func(args []any) (any, error)) js.Func {
	jf := js.FuncOf(func(_ js.Value, args []js.Value) (ret any) {
		out := jsObject.New()
		defer func() {
			if r := recover(); r != nil {
				out.Set("error", fmt.Sprintf("httpsim: panic: %v", r))
				out.Set("stack", string(debug.Stack()))
				ret = out
			}
		}()
		v, err := call(name, min, f, args)
		if err != nil {
			msg := err.Error()
			msg = strings.TrimPrefix(msg, "sim: ")
			msg = strings.TrimPrefix(msg, "webui: ")
			out.Set("error", "httpsim."+name+": "+msg)
			return out
		}
		if e, ok := v.(encoded); ok {
			// A big tree crosses as JSON text plus its byte arrays; the
			// loader parses it (see webui.EncodeTree).
			js, blobs := webui.EncodeTree(e.tree)
			list := jsArray.New(len(blobs))
			for i, b := range blobs {
				list.SetIndex(i, toJS(b))
			}
			out.Set("json", string(js))
			out.Set("blobs", list)
			return out
		}
		out.Set("value", toJS(v))
		return out
	})
	b.funcs = append(b.funcs, jf)
	return jf
}

func call(name string, min int, f func([]any) (any, error), args []js.Value) (any, error) {
	if len(args) < min {
		return nil, fmt.Errorf("needs %d argument(s), got %d", min, len(args))
	}
	a := make([]any, len(args))
	for i, v := range args {
		x, err := fromJS(v, 0)
		if err != nil {
			return nil, fmt.Errorf("argument %d: %w", i+1, err)
		}
		a[i] = x
	}
	return f(a)
}

// encoded marks a result to hand over as JSON (see webui.EncodeTree).
type encoded struct{ tree any }

// maxDepth bounds fromJS, which would otherwise loop on a cyclic object.
const maxDepth = 32

var errTooDeep = errors.New("value nested too deeply (or cyclic)")

// fromJS converts a JavaScript value into a webui tree.
func fromJS(v js.Value, depth int) (any, error) {
	if depth > maxDepth {
		return nil, errTooDeep
	}
	switch v.Type() {
	case js.TypeUndefined, js.TypeNull:
		return nil, nil
	case js.TypeString:
		return v.String(), nil
	case js.TypeNumber:
		return v.Float(), nil
	case js.TypeBoolean:
		return v.Bool(), nil
	case js.TypeObject:
		if v.InstanceOf(jsUint8Array) {
			b := make([]byte, v.Get("length").Int())
			js.CopyBytesToGo(b, v)
			return b, nil
		}
		if v.InstanceOf(jsArrayBuf) {
			u := jsUint8Array.New(v)
			b := make([]byte, u.Get("length").Int())
			js.CopyBytesToGo(b, u)
			return b, nil
		}
		if jsArray.Call("isArray", v).Bool() {
			n := v.Length()
			out := make([]any, n)
			for i := 0; i < n; i++ {
				x, err := fromJS(v.Index(i), depth+1)
				if err != nil {
					return nil, err
				}
				out[i] = x
			}
			return out, nil
		}
		keys := jsObject.Call("keys", v)
		out := make(map[string]any, keys.Length())
		for i := 0; i < keys.Length(); i++ {
			k := keys.Index(i).String()
			x, err := fromJS(v.Get(k), depth+1)
			if err != nil {
				return nil, err
			}
			out[k] = x
		}
		return out, nil
	}
	return nil, fmt.Errorf("a %s cannot be passed to httpsim", v.Type())
}

// toJS converts a webui tree into a JavaScript value.
func toJS(v any) js.Value {
	switch v := v.(type) {
	case nil:
		return js.Null()
	case []byte:
		u := jsUint8Array.New(len(v))
		if len(v) > 0 {
			js.CopyBytesToJS(u, v)
		}
		return u
	case []any:
		a := jsArray.New(len(v))
		for i, x := range v {
			a.SetIndex(i, toJS(x))
		}
		return a
	case map[string]any:
		o := jsObject.New()
		for k, x := range v {
			o.Set(k, toJS(x))
		}
		return o
	case webui.Obj:
		o := jsObject.New()
		for _, kv := range v {
			o.Set(kv.K, toJS(kv.V))
		}
		return o
	case []webui.Entry:
		return toJS(webui.EntriesTree(v))
	}
	return js.ValueOf(v)
}
