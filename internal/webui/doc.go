// Package webui is what the browser page asks of the simulator, in plain
// Go: a [Session] holding the page's virtual filesystem, [Session.Send]
// running raw request bytes through a [sim.Server] with the options the
// page picked, and the conversion of everything that comes back into
// plain trees (map[string]any, []any, string, int, bool, []byte) that the
// WebAssembly bridge in wasm/page turns into JavaScript values one for
// one.
//
// Nothing here imports syscall/js, so the conversions are tested
// natively; the bridge itself only walks the trees.
//
// Strings that stand for wire bytes (a raw request typed in the page) are
// converted with [WireBytes]: each character up to U+00FF is one byte
// (ISO-8859-1, the encoding http.server itself decodes the request line
// with), so any byte can be typed; characters above U+00FF, which no
// single byte can hold, become their UTF-8 bytes, as curl would send
// them. File contents given as strings are UTF-8 text.
package webui
