package webui

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/httpsim/httpsim/sim"
)

// The functions below turn Go values into plain trees and back. A tree
// holds only map[string]any, [Obj], []any, string, float64 or int, bool,
// nil and []byte; the bridge maps each kind to its JavaScript
// counterpart (object, object, Array, string, number, boolean, null,
// Uint8Array) and back.

// Obj is a JavaScript object with its keys in order. It is the cheap
// form for the many small objects of a reply (a trace has hundreds):
// one slice instead of a map each.
type Obj []KV

// KV is one property of an [Obj].
type KV struct {
	K string
	V any
}

// Get returns the value of key k, or nil.
func (o Obj) Get(k string) any {
	for _, kv := range o {
		if kv.K == k {
			return kv.V
		}
	}
	return nil
}

// RawBytes converts the raw argument of httpsim.send: a string (read by
// [WireBytes]) or bytes.
func RawBytes(v any) ([]byte, error) {
	switch v := v.(type) {
	case string:
		return WireBytes(v), nil
	case []byte:
		return v, nil
	}
	return nil, fmt.Errorf("raw must be a string or a Uint8Array, not %s", kind(v))
}

// ParseOptions reads the opts argument of httpsim.send:
// {python, handler, protocol, server}, each a string and each optional. Unknown
// keys are errors, so a typo does not silently run the defaults.
func ParseOptions(v any) (Options, error) {
	var o Options
	if v == nil {
		return o, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return o, fmt.Errorf("opts must be an object like {python: '3.12', handler: 'seed', protocol: 'HTTP/1.0'}, not %s", kind(v))
	}
	for k, val := range m {
		var dst *string
		switch k {
		case "python":
			dst = &o.Python
		case "handler":
			dst = &o.Handler
		case "protocol":
			dst = &o.Protocol
		case "server":
			dst = &o.Server
		default:
			return o, fmt.Errorf("opts.%s is not an option (have python, handler, protocol, server)", k)
		}
		switch val := val.(type) {
		case nil:
		case string:
			*dst = val
		default:
			return o, fmt.Errorf("opts.%s must be a string, not %s", k, kind(val))
		}
	}
	if _, _, _, err := o.resolve(); err != nil {
		return o, err
	}
	return o, nil
}

// kind names a tree value's JavaScript type for error messages.
func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null or undefined"
	case string:
		return "a string"
	case float64, int:
		return "a number"
	case bool:
		return "a boolean"
	case []byte:
		return "a Uint8Array"
	case []any:
		return "an array"
	case map[string]any, Obj:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// StringArg reads a required string argument.
func StringArg(v any, what string) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("%s must be a string, not %s", what, kind(v))
	}
	return s, nil
}

// PathArg reads a path in the served directory: a string, or for a name
// that is not UTF-8 (which a JavaScript string cannot hold) its bytes, as
// a Uint8Array or an object {bytes: Uint8Array}.
func PathArg(v any, what string) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case []byte:
		return string(v), nil
	case map[string]any:
		if b, ok := v["bytes"].([]byte); ok && len(v) == 1 {
			return string(b), nil
		}
	}
	return "", fmt.Errorf("%s must be a string, a Uint8Array or {bytes: Uint8Array}, not %s", what, kind(v))
}

// pathTree is a path as the page API hands it out: a string when it is
// UTF-8, else its bytes (which share links keep as they keep file data).
func pathTree(p string) any {
	if utf8.ValidString(p) {
		return p
	}
	return []byte(p)
}

// displayPath replaces each byte of p that is not UTF-8 with U+FFFD, as
// encoding/json does to the strings of a reply, so that a path in
// fs.list() is the same string as in a reply's vfs.changed.
func displayPath(p string) string {
	if utf8.ValidString(p) {
		return p
	}
	var b strings.Builder
	for i := 0; i < len(p); {
		r, n := utf8.DecodeRuneInString(p[i:])
		b.WriteRune(r) // utf8.RuneError for a bad byte
		i += n
	}
	return b.String()
}

func pathsTree(ps []string) []any {
	out := make([]any, len(ps))
	for i, p := range ps {
		out[i] = pathTree(p)
	}
	return out
}

// DataArg reads file contents: a string (UTF-8 text) or bytes.
func DataArg(v any, what string) ([]byte, error) {
	switch v := v.(type) {
	case string:
		return []byte(v), nil
	case []byte:
		return v, nil
	}
	return nil, fmt.Errorf("%s must be a string or a Uint8Array, not %s", what, kind(v))
}

// ReplyTree is the value httpsim.send returns.
func ReplyTree(r *Reply, entries []Entry) map[string]any {
	out := map[string]any{
		"python":        r.Profile.Name,
		"pythonVersion": r.Profile.Version,
		"handler":       r.Handler,
		"class":         r.Class.Name,
		"protocol":      r.Protocol,
		"server":        r.Server,
		"serverClass":   r.ServerClass,
		"threaded":      r.Threaded,
		"refused":       r.Startup != nil,
		"startupError":  nil,
		"stderr":        r.Stderr,
		"stderrBytes":   []byte(r.Stderr),
		"warnings":      r.Warnings,
		"banner":        r.Banner,
		"stdout":        "",
		"stdoutBytes":   []byte{},
		"response":      []byte{},
		"exchanges":     []any{},
		"elapsedMs":     float64(r.Elapsed.Microseconds()) / 1000,
	}
	if r.Startup != nil {
		out["startupError"] = pyErrorTree(r.Startup)
	}
	if res := r.Result; res != nil {
		out["response"] = nonNil(res.Response)
		out["stdout"] = res.Stdout
		out["stdoutBytes"] = []byte(res.Stdout)
		exs := make([]any, len(res.Exchanges))
		at := 0 // where each exchange's bytes start in the response
		for i, ex := range res.Exchanges {
			exs[i] = append(exchangeTree(i, ex), KV{"at", at})
			at += len(ex.Response)
		}
		out["read"] = res.Read
		out["exchanges"] = exs
	}
	out["output"] = outputTree(r.Output)
	changed := make([]any, len(r.Changed))
	for i, p := range r.Changed {
		changed[i] = displayPath(p)
	}
	out["vfs"] = map[string]any{"changed": changed, "entries": EntriesTree(entries)}
	return out
}

func exchangeTree(i int, ex *sim.Exchange) Obj {
	head := SplitResponse(ex.Response, ex.Version == "HTTP/0.9")
	interim := make([]any, len(head.Interim))
	for j, b := range head.Interim {
		interim[j] = b
	}
	trace := make([]any, len(ex.Trace))
	for j, f := range ex.Trace {
		trace[j] = FrameTree(f)
	}
	var headers any // null when the headers were never read
	if ex.Headers != nil {
		headers = fieldsTree(ex.Headers)
	}
	return Obj{
		{"index", i},
		{"requestLine", ex.Requestline},
		{"requestLineRaw", nonNil(ex.RequestLine)},
		{"command", ex.Command},
		{"path", ex.Path},
		{"version", ex.Version},
		{"headers", headers},
		{"body", nonNil(ex.Body)},
		{"status", ex.Status},
		{"response", nonNil(ex.Response)},
		{"interim", interim},
		{"statusLine", head.StatusLine},
		{"responseHeaders", fieldsTree(head.Headers)},
		{"responseBody", nonNil(head.Body)},
		{"log", stringsTree(ex.Log)},
		{"logBytes", bytesTree(ex.Log)},
		{"stdout", stringsTree(ex.Stdout)},
		{"stdoutBytes", bytesTree(ex.Stdout)},
		{"trace", trace},
		{"closeConnection", ex.CloseConnection},
		{"offset", ex.Offset},
		{"read", ex.Read},
	}
}

// FrameTree is one trace frame.
func FrameTree(f sim.Frame) Obj {
	vals := make([]any, len(f.Values))
	for i, v := range f.Values {
		vals[i] = Obj{{"name", v.Name}, {"value", v.Value}}
	}
	o := Obj{
		{"fn", f.Fn}, {"file", f.File}, {"line", f.Line}, {"url", f.URL},
		{"depth", f.Depth}, {"values", vals}, {"note", f.Note},
		{"wrote", Obj{{"out", pair(f.Wrote.Out)}, {"log", pair(f.Wrote.Log)}, {"stdout", pair(f.Wrote.Stdout)}}},
		{"ran", ranTree(f.Ran)},
	}
	if f.Steps != nil {
		steps := make([]any, len(f.Steps))
		for i, st := range f.Steps {
			locals := make([]any, len(st.Locals))
			for j, l := range st.Locals {
				locals[j] = Obj{{"name", l.Name}, {"value", l.Value}}
			}
			steps[i] = Obj{{"fn", st.Fn}, {"line", st.Line}, {"locals", locals}}
		}
		o = append(o, KV{"user", true}, KV{"steps", steps})
	}
	return o
}

func ranTree(ran []sim.Stmt) []any {
	out := make([]any, len(ran))
	for i, s := range ran {
		out[i] = Obj{{"code", s.Code}, {"line", s.Line}, {"url", s.URL}}
	}
	return out
}

func pair(p [2]int32) []any { return []any{int(p[0]), int(p[1])} }

func pyErrorTree(e *sim.PyError) map[string]any {
	tb := make([]any, len(e.Traceback))
	for i, t := range e.Traceback {
		tb[i] = map[string]any{"file": t.File, "line": t.Line, "func": t.Func, "text": t.Text}
	}
	return map[string]any{"type": e.Type, "message": e.Msg, "traceback": tb, "text": e.Format()}
}

func fieldsTree(fs []sim.Field) []any {
	out := make([]any, len(fs))
	for i, f := range fs {
		out[i] = Obj{{"name", f.Name}, {"value", f.Value}}
	}
	return out
}

func stringsTree(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// bytesTree is ss as the bytes each string holds (Go strings from sim
// carry the bytes Python wrote, valid UTF-8 or not).
func bytesTree(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = []byte(s)
	}
	return out
}

func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

// EntriesTree is the value of httpsim.fs.list().
func EntriesTree(es []Entry) []any {
	out := make([]any, len(es))
	for i, e := range es {
		name := e.Path[strings.LastIndexByte(e.Path, '/')+1:]
		m := map[string]any{
			"path": e.Path, "name": name, "dir": e.Dir, "size": float64(e.Size),
			"mtime": Seconds(e.MTime), "link": e.Link, "pathBytes": nil,
		}
		if !utf8.ValidString(e.Path) {
			// path and name stay strings for display (each bad byte
			// a U+FFFD); pathBytes is the name to pass back.
			m["path"], m["name"] = displayPath(e.Path), displayPath(name)
			m["pathBytes"] = []byte(e.Path)
		}
		out[i] = m
	}
	return out
}

// ProfilesTree is the value of httpsim.profiles(), oldest first.
func ProfilesTree() []any {
	ps := sim.Profiles()
	def := sim.DefaultProfile()
	out := make([]any, len(ps))
	for i, p := range ps {
		out[i] = map[string]any{"name": p.Name, "version": p.Version, "hasCGI": p.HasCGI(), "default": p == def}
	}
	return out
}

// HandlersTree is the value of httpsim.handlers().
func HandlersTree() []any {
	hs := sim.Handlers()
	out := make([]any, len(hs))
	for i, h := range hs {
		out[i] = map[string]any{"name": h.Name, "class": h.Class, "mro": stringsTree(h.MRO), "description": h.Description}
	}
	return out
}

// HandlerSourceTree is the value of httpsim.handlerSource(name, python):
// the Python source, the file it belongs in ("" for python -m
// http.server), and the exception that stops it importing in that
// version, if any; serve is sim/pysrc/serve.py, which runs a handler
// under another server class.
func HandlerSourceTree(name, python string) (map[string]any, error) {
	p := sim.DefaultProfile()
	if strings.TrimSpace(python) != "" {
		var err error
		if p, err = sim.Lookup(python); err != nil {
			return nil, err
		}
	}
	cls, err := sim.LookupHandler(name)
	if err != nil {
		return nil, err
	}
	src, err := sim.HandlerSource(name, p)
	if err != nil {
		return nil, err
	}
	out := map[string]any{"name": handlerName(cls), "class": cls.Name, "file": cls.File, "source": src, "python": p.Name, "missing": nil, "serve": sim.ServeScript()}
	if cls.Missing != nil {
		if pe := cls.Missing(p); pe != nil {
			out["missing"] = pyErrorTree(pe)
		}
	}
	return out, nil
}

// ChangesTree is the value of httpsim.fs.diff().
func ChangesTree(c Changes) map[string]any {
	files := make([]any, len(c.Files))
	for i, f := range c.Files {
		files[i] = map[string]any{"path": pathTree(f.Path), "data": nonNil(f.Data)}
	}
	times := make([]any, len(c.Times))
	for i, t := range c.Times {
		times[i] = map[string]any{"path": pathTree(t.Path), "mtime": Seconds(t.MTime)}
	}
	return map[string]any{"empty": c.Empty, "removed": pathsTree(c.Removed), "dirs": pathsTree(c.Dirs), "files": files, "times": times}
}

// ParseChanges reads the argument of httpsim.fs.apply, the inverse of
// [ChangesTree]. File data may be a Uint8Array or a string (UTF-8 text).
func ParseChanges(v any) (Changes, error) {
	var c Changes
	m, ok := v.(map[string]any)
	if !ok {
		return c, fmt.Errorf("changes must be an object like {removed: [], dirs: [], files: [{path, data}]}, not %s", kind(v))
	}
	for k, val := range m {
		switch k {
		case "empty":
			b, ok := val.(bool)
			if val != nil && !ok {
				return c, fmt.Errorf("changes.empty must be a boolean, not %s", kind(val))
			}
			c.Empty = b
		case "removed", "dirs":
			ss, err := pathList(val, "changes."+k)
			if err != nil {
				return c, err
			}
			if k == "removed" {
				c.Removed = ss
			} else {
				c.Dirs = ss
			}
		case "files":
			list, ok := val.([]any)
			if val != nil && !ok {
				return c, fmt.Errorf("changes.files must be an array, not %s", kind(val))
			}
			for i, f := range list {
				fm, ok := f.(map[string]any)
				if !ok {
					return c, fmt.Errorf("changes.files[%d] must be an object {path, data}, not %s", i, kind(f))
				}
				p, err := PathArg(fm["path"], fmt.Sprintf("changes.files[%d].path", i))
				if err != nil {
					return c, err
				}
				d, err := DataArg(fm["data"], fmt.Sprintf("changes.files[%d].data", i))
				if err != nil {
					return c, err
				}
				c.Files = append(c.Files, FileData{Path: p, Data: d})
			}
		case "times":
			list, ok := val.([]any)
			if val != nil && !ok {
				return c, fmt.Errorf("changes.times must be an array, not %s", kind(val))
			}
			for i, x := range list {
				xm, ok := x.(map[string]any)
				if !ok {
					return c, fmt.Errorf("changes.times[%d] must be an object {path, mtime}, not %s", i, kind(x))
				}
				p, err := PathArg(xm["path"], fmt.Sprintf("changes.times[%d].path", i))
				if err != nil {
					return c, err
				}
				t, err := ParseMtime(xm["mtime"], fmt.Sprintf("changes.times[%d].mtime", i))
				if err != nil {
					return c, err
				}
				c.Times = append(c.Times, TimeData{Path: p, MTime: t})
			}
		default:
			return c, fmt.Errorf("changes.%s is not a field (have empty, removed, dirs, files, times)", k)
		}
	}
	return c, nil
}

func pathList(v any, what string) ([]string, error) {
	if v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("%s must be an array of paths, not %s", what, kind(v))
	}
	out := make([]string, len(list))
	for i, x := range list {
		s, err := PathArg(x, fmt.Sprintf("%s[%d]", what, i))
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

// BoolArg reads an optional boolean argument (undefined is false).
func BoolArg(v any, what string) (bool, error) {
	switch v := v.(type) {
	case nil:
		return false, nil
	case bool:
		return v, nil
	}
	return false, fmt.Errorf("%s must be a boolean, not %s", what, kind(v))
}

// outputTree is the terminal of a reply, chunk by chunk.
func outputTree(chunks []Chunk) []any {
	output := make([]any, len(chunks))
	for i, c := range chunks {
		// text is for reading (a byte that is not UTF-8 becomes U+FFFD);
		// bytes is what the process wrote.
		output[i] = Obj{{"stream", c.Stream}, {"text", c.Text}, {"bytes", []byte(c.Text)}, {"startup", c.Startup}}
	}
	return output
}
