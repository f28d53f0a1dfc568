//go:build js && wasm

// These tests run under Node with the toolchain's wasm runner:
//
//	GOOS=js GOARCH=wasm go test -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" ./wasm/page
package main

import (
	"bytes"
	"strings"
	"syscall/js"
	"testing"

	"github.com/httpsim/httpsim/internal/webui"
)

func newAPI() js.Value { return (&bridge{s: webui.NewSession()}).object() }

// invoke invokes a bridge function and returns its value, or its error
// text. A value sent as JSON is parsed the way web/js/httpsim.js does.
func invoke(t *testing.T, fn js.Value, args ...any) (js.Value, string) {
	t.Helper()
	r := fn.Invoke(args...)
	if e := r.Get("error"); !e.IsUndefined() {
		return js.Undefined(), e.String()
	}
	if j := r.Get("json"); !j.IsUndefined() {
		reviver := js.Global().Get("Function").New("blobs",
			"return (_, v) => (v !== null && typeof v === 'object' && typeof v.$b === 'number' ? blobs[v.$b] : v)")
		return js.Global().Get("JSON").Call("parse", j, reviver.Invoke(r.Get("blobs"))), ""
	}
	return r.Get("value"), ""
}

func goBytes(v js.Value) []byte {
	b := make([]byte, v.Get("length").Int())
	js.CopyBytesToGo(b, v)
	return b
}

func jsBytes(b []byte) js.Value {
	u := jsUint8Array.New(len(b))
	js.CopyBytesToJS(u, b)
	return u
}

func TestSendMatchesSession(t *testing.T) {
	api := newAPI()
	raws := []string{
		"GET /hello.txt HTTP/1.0\r\nHost: x\r\n\r\n",
		"GET /files/ HTTP/1.1\r\n\r\nGET /blog HTTP/1.1\r\nConnection: close\r\n\r\n",
		"POST / HTTP/1.0\r\nContent-Length: 3\r\n\r\nabc",
	}
	for _, raw := range raws {
		opts := map[string]any{"python": "3.12", "handler": "seed", "protocol": "HTTP/1.1"}
		// Once as a string, once as a Uint8Array: the same bytes either way.
		for _, arg := range []any{raw, jsBytes([]byte(raw))} {
			v, errText := invoke(t, api.Get("send"), arg, opts)
			if errText != "" {
				t.Fatalf("send(%q): %s", raw, errText)
			}
			want, _ := webui.NewSession().Send([]byte(raw), webui.Options{Python: "3.12", Handler: "seed", Protocol: "HTTP/1.1"})
			if got := goBytes(v.Get("response")); !bytes.Equal(got, want.Result.Response) {
				t.Errorf("send(%q).response = %q, want %q", raw, got, want.Result.Response)
			}
			exs := v.Get("exchanges")
			if exs.Length() != len(want.Result.Exchanges) {
				t.Fatalf("send(%q): %d exchanges, want %d", raw, exs.Length(), len(want.Result.Exchanges))
			}
			for i, wx := range want.Result.Exchanges {
				x := exs.Index(i)
				if x.Get("status").Int() != wx.Status || x.Get("requestLine").String() != wx.Requestline || x.Get("closeConnection").Bool() != wx.CloseConnection {
					t.Errorf("exchange %d = %v %q %v", i, x.Get("status"), x.Get("requestLine"), x.Get("closeConnection"))
				}
				if x.Get("trace").Length() != len(wx.Trace) || x.Get("log").Length() != len(wx.Log) {
					t.Errorf("exchange %d: %d frames, %d log lines; want %d, %d", i, x.Get("trace").Length(), x.Get("log").Length(), len(wx.Trace), len(wx.Log))
				}
				f := x.Get("trace").Index(0)
				if f.Get("fn").String() != wx.Trace[0].Fn || f.Get("url").String() != wx.Trace[0].URL || f.Get("line").Int() != wx.Trace[0].Line {
					t.Errorf("exchange %d frame 0 = %v", i, f.Get("fn"))
				}
			}
		}
	}
}

func TestSendLatin1(t *testing.T) {
	v, errText := invoke(t, newAPI().Get("send"), "GET /caf\u00e9\u20ac HTTP/1.0\r\n\r\n", map[string]any{"python": "3.12"})
	if errText != "" {
		t.Fatal(errText)
	}
	line := goBytes(v.Get("exchanges").Index(0).Get("requestLineRaw"))
	want := append([]byte("GET /caf\xe9"), "\u20ac HTTP/1.0\r\n"...)
	if !bytes.Equal(line, want) {
		t.Errorf("requestLineRaw = %q, want %q (é as one byte, € as UTF-8)", line, want)
	}
}

func TestErrors(t *testing.T) {
	api := newAPI()
	fsys := api.Get("fs")
	cyclic := jsObject.New()
	cyclic.Set("self", cyclic)
	tests := []struct {
		fn   js.Value
		args []any
		want string
	}{
		{api.Get("send"), nil, "httpsim.send: needs 1 argument(s), got 0"},
		{api.Get("send"), []any{42}, "httpsim.send: raw must be a string or a Uint8Array, not a number"},
		{api.Get("send"), []any{"x", "3.12"}, "httpsim.send: opts must be an object"},
		{api.Get("send"), []any{"x", map[string]any{"python": 3}}, "httpsim.send: opts.python must be a string, not a number"},
		{api.Get("send"), []any{"x", map[string]any{"pyhton": "3.12"}}, "httpsim.send: opts.pyhton is not an option"},
		{api.Get("send"), []any{"x", map[string]any{"python": "4.0"}}, `httpsim.send: unknown Python version "4.0"`},
		{api.Get("send"), []any{"x", cyclic}, "httpsim.send: argument 2: value nested too deeply"},
		{api.Get("send"), []any{"x", js.Global().Get("Object")}, "httpsim.send: argument 2: a function cannot be passed"},
		{api.Get("handlerSource"), []any{"nope"}, `httpsim.handlerSource: unknown handler "nope"`},
		{fsys.Get("read"), []any{"missing.txt"}, "httpsim.fs.read: open missing.txt: file does not exist"},
		{fsys.Get("write"), []any{"../x", "y"}, "httpsim.fs.write: write ../x: invalid path"},
		{fsys.Get("write"), []any{"x"}, "httpsim.fs.write: needs 2 argument(s), got 1"},
		{fsys.Get("apply"), []any{map[string]any{"files": 1}}, "httpsim.fs.apply: changes.files must be an array, not a number"},
		{fsys.Get("reset"), []any{"yes"}, "httpsim.fs.reset: empty must be a boolean, not a string"},
	}
	for _, tt := range tests {
		_, got := invoke(t, tt.fn, tt.args...)
		if !strings.HasPrefix(got, tt.want) {
			t.Errorf("error = %q, want one starting %q", got, tt.want)
		}
	}
}

func TestPanicIsRecovered(t *testing.T) {
	b := &bridge{s: webui.NewSession()}
	boom := b.fn("boom", 0, func([]any) (any, error) { panic("kaboom") })
	_, got := invoke(t, boom.Value)
	if got != "httpsim: panic: kaboom" {
		t.Errorf("error = %q, want the recovered panic", got)
	}
	// The instance survives: later calls work.
	if _, errText := invoke(t, b.object().Get("profiles")); errText != "" {
		t.Errorf("after a panic: %s", errText)
	}
}

func TestFS(t *testing.T) {
	api := newAPI()
	fsys := api.Get("fs")
	data := []byte{0, 1, 2, 0xff}
	if _, e := invoke(t, fsys.Get("write"), "up/bin.dat", jsBytes(data)); e != "" {
		t.Fatal(e)
	}
	v, e := invoke(t, fsys.Get("read"), "/up/bin.dat")
	if e != "" || !bytes.Equal(goBytes(v), data) {
		t.Fatalf("read = %q, %s", goBytes(v), e)
	}
	if _, e := invoke(t, fsys.Get("write"), "text.txt", "caf\u00e9"); e != "" {
		t.Fatal(e)
	}
	v, _ = invoke(t, fsys.Get("read"), "text.txt")
	if got := goBytes(v); string(got) != "caf\u00e9" {
		t.Errorf("a string is written as UTF-8: got %q", got)
	}
	diff, _ := invoke(t, fsys.Get("diff"))
	if n := diff.Get("files").Length(); n != 2 {
		t.Errorf("diff has %d files, want 2", n)
	}
	invoke(t, fsys.Get("reset"))
	if _, e := invoke(t, fsys.Get("read"), "text.txt"); e == "" {
		t.Errorf("text.txt survived reset")
	}
	if _, e := invoke(t, fsys.Get("apply"), diff); e != "" {
		t.Fatal(e)
	}
	v, _ = invoke(t, fsys.Get("read"), "up/bin.dat")
	if !bytes.Equal(goBytes(v), data) {
		t.Errorf("after apply: %q", goBytes(v))
	}
	list, _ := invoke(t, fsys.Get("list"))
	if list.Length() < 10 || list.Index(0).Get("path").Type() != js.TypeString || list.Index(0).Get("mtime").Type() != js.TypeNumber {
		t.Errorf("list = %d entries", list.Length())
	}
	// A PUT shows up in vfs.changed with the new listing.
	r, _ := invoke(t, api.Get("send"), "PUT /new.txt HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi", map[string]any{"handler": "upload", "python": "3.12"})
	if ch := r.Get("vfs").Get("changed"); ch.Length() != 1 || ch.Index(0).String() != "new.txt" || r.Get("vfs").Get("entries").IsNull() {
		t.Errorf("vfs after PUT = %v", r.Get("vfs"))
	}
}

func TestRefused(t *testing.T) {
	v, e := invoke(t, newAPI().Get("send"), "GET / HTTP/1.0\r\n\r\n", map[string]any{"python": "3.13", "handler": "seed"})
	if e != "" {
		t.Fatal(e)
	}
	if !v.Get("refused").Bool() || v.Get("startupError").Get("type").String() != "ModuleNotFoundError" || v.Get("exchanges").Length() != 0 {
		t.Errorf("seed under 3.13: refused %v, startupError %v", v.Get("refused"), v.Get("startupError"))
	}
}

func TestTreeConversion(t *testing.T) {
	in := map[string]any{"a": []any{1.0, "two", true, nil, []byte{3}}, "b": map[string]any{"c": "d"}}
	back, err := fromJS(toJS(in), 0)
	if err != nil {
		t.Fatal(err)
	}
	m := back.(map[string]any)
	a := m["a"].([]any)
	if a[0] != 1.0 || a[1] != "two" || a[2] != true || a[3] != nil || !bytes.Equal(a[4].([]byte), []byte{3}) || m["b"].(map[string]any)["c"] != "d" {
		t.Errorf("round trip = %#v", back)
	}
	ab := js.Global().Get("ArrayBuffer").New(2)
	if b, _ := fromJS(ab, 0); len(b.([]byte)) != 2 {
		t.Errorf("ArrayBuffer = %v", b)
	}
}

func TestTwoClients(t *testing.T) {
	api := newAPI()
	req := "GET /hello.txt HTTP/1.0\r\nHost: x\r\n\r\n"
	for _, tt := range []struct {
		server, class, first string
	}{
		{"TCPServer", "TCPServer", "A"},
		{"ThreadingHTTPServer", "ThreadingHTTPServer", "B"},
	} {
		v, errText := invoke(t, api.Get("twoClients"), req, jsBytes([]byte(req)), map[string]any{"python": "3.12", "server": tt.server})
		if errText != "" {
			t.Fatalf("twoClients under %s: %s", tt.server, errText)
		}
		if got := v.Get("serverClass").String(); got != tt.class {
			t.Errorf("serverClass = %q, want %q", got, tt.class)
		}
		if got := v.Get("split").Int(); got != len("GET /hello.txt HTTP/1.0\r\n") {
			t.Errorf("split = %d", got)
		}
		evs := v.Get("events")
		for i := 0; i < evs.Length(); i++ {
			if e := evs.Index(i); e.Get("kind").String() == "respond" {
				if got := e.Get("client").String(); got != tt.first {
					t.Errorf("%s: first answered %s, want %s", tt.server, got, tt.first)
				}
				break
			}
		}
		if !strings.HasPrefix(string(goBytes(v.Get("b").Get("response"))), "HTTP/1.0 200 OK\r\n") {
			t.Errorf("%s: B's response is not a 200", tt.server)
		}
	}
	if _, errText := invoke(t, api.Get("twoClients"), req, req, map[string]any{"split": 0}); !strings.Contains(errText, "httpsim.twoClients: opts.split must be a whole number") {
		t.Errorf("split 0: error %q", errText)
	}
	if _, errText := invoke(t, api.Get("twoClients"), req); !strings.HasPrefix(errText, "httpsim.twoClients: ") {
		t.Errorf("one argument: error %q", errText)
	}
}

func TestFileTimes(t *testing.T) {
	api := newAPI()
	fsys := api.Get("fs")
	mtimeOf := func(path string) float64 {
		t.Helper()
		list, _ := invoke(t, fsys.Get("list"))
		for i := 0; i < list.Length(); i++ {
			if e := list.Index(i); e.Get("path").String() == path {
				return e.Get("mtime").Float()
			}
		}
		t.Fatalf("%s is not in fs.list()", path)
		return 0
	}
	if _, e := invoke(t, fsys.Get("write"), "t/a.txt", "a\n", map[string]any{"mtime": 1767225600.25}); e != "" {
		t.Fatal(e)
	}
	if got := mtimeOf("t/a.txt"); got != 1767225600.25 {
		t.Errorf("write with mtime: list says %v", got)
	}
	if _, e := invoke(t, fsys.Get("mkdir"), "d", map[string]any{"mtime": 1000.0}); e != "" || mtimeOf("d") != 1000 {
		t.Errorf("mkdir with mtime: %q, mtime %v", e, mtimeOf("d"))
	}
	if _, e := invoke(t, fsys.Get("touch"), "hello.txt", 1767225599); e != "" || mtimeOf("hello.txt") != 1767225599 {
		t.Errorf("touch: %q, mtime %v", e, mtimeOf("hello.txt"))
	}
	// 3.12 answers 304 to an If-Modified-Since at or after the file's time.
	r, _ := invoke(t, api.Get("send"), "GET /hello.txt HTTP/1.0\r\nIf-Modified-Since: Wed, 31 Dec 2025 23:59:59 GMT\r\n\r\n", map[string]any{"python": "3.12"})
	if got := r.Get("exchanges").Index(0).Get("status").Int(); got != 304 {
		t.Errorf("GET after touch: status %d, want 304", got)
	}
	// The times survive diff and apply, as share links use them.
	diff, _ := invoke(t, fsys.Get("diff"))
	invoke(t, fsys.Get("reset"))
	if _, e := invoke(t, fsys.Get("apply"), diff); e != "" {
		t.Fatal(e)
	}
	if mtimeOf("hello.txt") != 1767225599 || mtimeOf("t/a.txt") != 1767225600.25 {
		t.Errorf("after apply: hello.txt %v, t/a.txt %v", mtimeOf("hello.txt"), mtimeOf("t/a.txt"))
	}
	bad := []struct {
		fn   string
		args []any
		want string
	}{
		{"touch", []any{"hello.txt", js.Global().Get("NaN")}, "httpsim.fs.touch: mtime NaN is not a number (NaN)"},
		{"touch", []any{"hello.txt", -1}, "httpsim.fs.touch: mtime -1 is before 1970-01-01 00:00:00 UTC"},
		{"touch", []any{"hello.txt", 253402300800.0}, "httpsim.fs.touch: mtime 253402300800 is in the year 10000 or later"},
		{"touch", []any{"hello.txt", "yesterday"}, "httpsim.fs.touch: mtime must be a number"},
		{"touch", []any{"nope.txt", 0}, "httpsim.fs.touch: touch nope.txt: no such file or directory"},
		{"write", []any{"x.txt", "x", map[string]any{"mtime": js.Global().Get("Infinity")}}, "httpsim.fs.write: opts.mtime +Inf is infinite"},
		{"write", []any{"x.txt", "x", 5}, "httpsim.fs.write: opts must be an object like {mtime: 1767225600}"},
		{"mkdir", []any{"y", map[string]any{"time": 5}}, "httpsim.fs.mkdir: opts.time is not an option (have mtime)"},
	}
	for _, tt := range bad {
		if _, e := invoke(t, fsys.Get(tt.fn), tt.args...); !strings.HasPrefix(e, tt.want) {
			t.Errorf("fs.%s%v: error %q, want %q", tt.fn, tt.args, e, tt.want)
		}
	}
	if _, e := invoke(t, fsys.Get("read"), "x.txt"); e == "" {
		t.Errorf("a write with a bad mtime wrote the file")
	}
	// touch without a time is the session clock.
	invoke(t, fsys.Get("touch"), "hello.txt")
	if got := mtimeOf("hello.txt"); got != float64(webui.Clock.Unix()) {
		t.Errorf("touch without a time: %v, want the clock %v", got, webui.Clock.Unix())
	}
}

// TestOutputBytes: the console chunks and log lines carry the bytes 2.7
// wrote (the raw request line), beside text with U+FFFD.
func TestOutputBytes(t *testing.T) {
	r, e := invoke(t, newAPI().Get("send"), jsBytes([]byte("GET /\xff HTTP/1.0\r\n\r\n")), map[string]any{"python": "2.7"})
	if e != "" {
		t.Fatal(e)
	}
	out := r.Get("output")
	var stderr []byte
	for i := 0; i < out.Length(); i++ {
		c := out.Index(i)
		if !c.Get("bytes").InstanceOf(jsUint8Array) {
			t.Fatalf("output[%d].bytes is not a Uint8Array", i)
		}
		if c.Get("stream").String() == "stderr" {
			stderr = append(stderr, goBytes(c.Get("bytes"))...)
			if !strings.Contains(c.Get("text").String(), "GET /\ufffd HTTP/1.0") {
				t.Errorf("output[%d].text = %q", i, c.Get("text").String())
			}
		}
	}
	if !bytes.Contains(stderr, []byte(`"GET /`+"\xff"+` HTTP/1.0" 404 -`)) {
		t.Errorf("stderr bytes = %q", stderr)
	}
	if got := goBytes(r.Get("stderrBytes")); !bytes.Equal(got, stderr) {
		t.Errorf("stderrBytes = %q, want %q", got, stderr)
	}
	lb := r.Get("exchanges").Index(0).Get("logBytes")
	if lb.Length() != 2 || !bytes.Contains(goBytes(lb.Index(1)), []byte("/\xff ")) {
		t.Errorf("logBytes = %v", lb)
	}
}

// TestUndecodableName writes a file whose name is not UTF-8, which a
// JavaScript string cannot hold, by its bytes, and checks that it is
// listed, served as each version serves it, and kept by a share link.
func TestUndecodableName(t *testing.T) {
	api := newAPI()
	fsys := api.Get("fs")
	name := []byte("odd/bad\xffname.txt")
	if _, e := invoke(t, fsys.Get("write"), jsBytes(name), "undecodable\n"); e != "" {
		t.Fatal(e)
	}
	v, e := invoke(t, fsys.Get("read"), js.ValueOf(map[string]any{"bytes": jsBytes(name)}))
	if e != "" || string(goBytes(v)) != "undecodable\n" {
		t.Fatalf("read {bytes} = %q, %q", goBytes(v), e)
	}
	list, _ := invoke(t, fsys.Get("list"))
	found := false
	for i := range list.Length() {
		en := list.Index(i)
		if pb := en.Get("pathBytes"); !pb.IsNull() {
			found = true
			if !bytes.Equal(goBytes(pb), name) || en.Get("path").String() != "odd/bad\uFFFDname.txt" || en.Get("name").String() != "bad\uFFFDname.txt" {
				t.Errorf("list entry = pathBytes %q, path %q, name %q", goBytes(pb), en.Get("path").String(), en.Get("name").String())
			}
		}
	}
	if !found {
		t.Error("list has no entry with pathBytes")
	}
	for _, c := range []struct{ python, href, get string }{
		{"2.7", `href="bad%FFname.txt"`, "GET /odd/bad%FFname.txt HTTP/1.0\r\n\r\n"},
		{"3.12", `href="bad%ED%B3%BFname.txt"`, "GET /odd/bad%ED%B3%BFname.txt HTTP/1.0\r\n\r\n"},
	} {
		r, e := invoke(t, api.Get("send"), "GET /odd/ HTTP/1.0\r\n\r\n", map[string]any{"python": c.python})
		if e != "" || !bytes.Contains(goBytes(r.Get("response")), []byte(c.href)) {
			t.Errorf("%s listing lacks %s (%s)", c.python, c.href, e)
		}
		r, e = invoke(t, api.Get("send"), c.get, map[string]any{"python": c.python})
		if e != "" || !bytes.HasPrefix(goBytes(r.Get("response")), []byte("HTTP/1.0 200")) {
			t.Errorf("%s %q: %q (%s)", c.python, c.get, goBytes(r.Get("response")), e)
		}
	}
	if _, e := invoke(t, fsys.Get("touch"), jsBytes(name), 1234.5); e != "" {
		t.Fatal(e)
	}
	mtimeOf := func() float64 {
		list, _ := invoke(t, fsys.Get("list"))
		for i := range list.Length() {
			if pb := list.Index(i).Get("pathBytes"); !pb.IsNull() && bytes.Equal(goBytes(pb), name) {
				return list.Index(i).Get("mtime").Float()
			}
		}
		return -1
	}
	if m := mtimeOf(); m != 1234.5 {
		t.Errorf("mtime after touch = %v, want 1234.5", m)
	}
	diff, _ := invoke(t, fsys.Get("diff"))
	invoke(t, fsys.Get("reset"))
	if _, e := invoke(t, fsys.Get("apply"), diff); e != "" {
		t.Fatal(e)
	}
	if v, e := invoke(t, fsys.Get("read"), jsBytes(name)); e != "" || string(goBytes(v)) != "undecodable\n" {
		t.Errorf("after apply: %q, %q", goBytes(v), e)
	}
	if m := mtimeOf(); m != 1234.5 {
		t.Errorf("mtime after apply = %v, want 1234.5 (the share link keeps it)", m)
	}
	if _, e := invoke(t, fsys.Get("remove"), jsBytes(name)); e != "" {
		t.Error(e)
	}
	if _, e := invoke(t, fsys.Get("read"), 7); e != "httpsim.fs.read: path must be a string, a Uint8Array or {bytes: Uint8Array}, not a number" {
		t.Errorf("read(7): %q", e)
	}
}
