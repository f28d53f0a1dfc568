package sim

import (
	"errors"
	"fmt"
	"strings"
)

// serve runs one connection through socketserver as the server class
// does (serverclass.go): serve_forever accepts it, process_request builds
// the handler object in the loop itself (TCPServer, HTTPServer) or in a
// new thread (ThreadingMixIn), the handler's __init__ runs setup, handle
// and finish, and shutdown_request closes the socket.
func (h *Handler) serve() {
	sock := h.p.module("socketserver", "SocketServer")
	kind := h.s.kind()
	h.enterDef(sock + ".BaseServer.serve_forever")
	if h.tracing() {
		h.Set("type(self).__name__", pyRepr(h.s.ServerClassName(), true))
	}
	switch kind {
	case kindTCP:
		h.Note("The server waits for connections; one has arrived. This is a plain socketserver.TCPServer: no server_name, and allow_reuse_address is off.")
	case kindHTTP:
		h.Note("The server waits for connections; one has arrived. HTTPServer is TCPServer plus a server_bind that stored server_name and server_port at start-up: per request they run the same code.")
	default:
		h.Note("The server waits for connections; one has arrived.")
	}
	h.enterDef(sock + ".BaseServer._handle_request_noblock")
	h.enterDef(sock + ".TCPServer.get_request")
	if h.tracing() {
		h.Set("client_address", h.clientTuple())
	}
	h.leave()
	h.enterDef(sock + ".BaseServer.verify_request")
	h.Set("return", "True")
	h.leave()
	var err error
	if kind == kindThreading || kind == kindDualStack {
		h.enterDef(sock + ".ThreadingMixIn.process_request")
		h.Note("%s handles each connection in a new thread and goes back to accepting at once: other clients are served meanwhile.", h.s.ServerClassName())
		h.enterDef(sock + ".ThreadingMixIn.process_request_thread")
		err = h.finishRequest(sock, kind)
		if err != nil {
			h.handleError(sock, err)
		}
		h.shutdownRequest(sock)
		h.leave()
		h.leave()
	} else {
		h.enterDef(sock + ".BaseServer.process_request")
		h.Note("%s is single-threaded: the loop accepts no other connection until this one ends, so a client that sends half a request holds up every other.", h.s.ServerClassName())
		err = h.finishRequest(sock, kind)
		if err == nil {
			h.shutdownRequest(sock)
		}
		h.leave()
		if err != nil {
			h.handleError(sock, err)
			h.shutdownRequest(sock)
		}
	}
	h.leave()
	h.leave()
	h.closeExchanges()
}

func (h *Handler) clientTuple() string {
	if a := h.s.clientAddr(); strings.Contains(a, ":") {
		// An AF_INET6 socket's address: (host, port, flowinfo, scope_id).
		return fmt.Sprintf("('%s', %d, 0, 0)", a, h.s.ClientPort)
	}
	return fmt.Sprintf("('%s', %d)", h.s.clientAddr(), h.s.ClientPort)
}

// finishRequest is BaseServer.finish_request: it instantiates the handler
// class, and BaseRequestHandler.__init__ runs setup, handle and finish.
// From 3.9 the CLI's DualStackServer overrides it to pass
// directory=args.directory.
func (h *Handler) finishRequest(sock string, kind serverKind) error {
	switch {
	case kind == kindDualStack && h.p.dualStackMixin():
		h.enterDef("http.server.DualStackServerMixin.finish_request")
		h.Note("python -m http.server overrides finish_request (in DualStackServerMixin, defined under if __name__ == '__main__' and mixed into HTTPDualStackServer) to pass directory=args.directory.")
	case kind == kindDualStack && h.p.minor >= 39:
		h.enterDef("http.server.DualStackServer.finish_request")
		h.Note("python -m http.server overrides finish_request (in DualStackServer, defined under if __name__ == '__main__') to pass directory=args.directory.")
	default:
		h.enterDef(sock + ".BaseServer.finish_request")
	}
	defer h.leave()
	h.Set("RequestHandlerClass", h.cls.Name)
	if h.p.minor >= 37 && h.cls.HasAncestor(SimpleHandler) {
		// From 3.7 SimpleHTTPRequestHandler.__init__ takes directory= and
		// then calls up to BaseRequestHandler.__init__.
		h.enterDef("http.server.SimpleHTTPRequestHandler.__init__")
		h.SetRepr("directory", h.s.directory())
		defer h.leave()
	}
	h.enterDef(sock + ".BaseRequestHandler.__init__")
	defer h.leave()
	if _, err := h.Call("setup"); err != nil {
		return err
	}
	_, err := h.Call("handle")
	if _, ferr := h.Call("finish"); err == nil {
		err = ferr
	}
	return err
}

func (h *Handler) shutdownRequest(sock string) {
	h.enterDef(sock + ".TCPServer.shutdown_request")
	h.Note("The socket is shut down and closed: the connection ends.")
	h.leave()
}

// handleError is BaseServer.handle_error: a banner and the traceback.
// 3.x writes it all to stderr; 2.7 prints the banner to stdout and the
// traceback to stderr.
func (h *Handler) handleError(sock string, err error) {
	h.enterDef(sock + ".BaseServer.handle_error")
	defer h.leave()
	var pe *PyError
	switch {
	case errors.Is(err, errBodyCap):
		h.writeStderr(fmt.Sprintf("httpsim: a handler read more than the %d-byte body cap; the connection was dropped\n", h.s.maxBody()))
		return
	case errors.Is(err, errHeaderCap):
		h.writeStderr(fmt.Sprintf("httpsim: the request headers exceed the %d-byte cap (Python 2.7 has no limit); the connection was dropped\n", h.s.maxBody()))
		return
	}
	if !errors.As(err, &pe) {
		pe = &PyError{Type: "RuntimeError", Msg: err.Error()}
	}
	h.Set("exception", pe.Error())
	h.Note("An exception escaped the handler: socketserver prints it and closes the connection without a response.")
	dashes := strings.Repeat("-", 40) + "\n"
	word := "happened"
	if h.p.minor >= 39 {
		word = "occurred"
	}
	banner := "Exception " + word + " during processing of request from " + h.clientTuple() + "\n"
	tb := h.recordedTraceback(pe)
	if tb == "" {
		tb = pe.Format()
	}
	if h.p.py3() {
		h.writeStderr(dashes + banner + tb + dashes)
		return
	}
	h.writeStdout(dashes + banner)
	h.writeStderr(tb)
	h.writeStdout(dashes)
}

// beginExchange starts the record of a request whose line was just read
// by the handle_one_request frame at index start.
func (h *Handler) beginExchange(start int) {
	if h.exOpen {
		h.endExchange()
	}
	h.ex = &Exchange{RequestLine: append([]byte(nil), h.rawRequestline...), Offset: h.read - len(h.rawRequestline)}
	h.exOpen = true
	h.exchanges = append(h.exchanges, h.ex)
	h.starts = append(h.starts, start)
	if h.result != nil {
		h.result.Exchanges = append(h.result.Exchanges, h.ex)
	}
}

// endExchange completes the current record and hands it to onExchange.
// Output that comes later (a traceback from handle_error) still goes to
// it, since nothing else is in flight.
func (h *Handler) endExchange() {
	if !h.exOpen {
		return
	}
	h.exOpen = false
	h.ex.CloseConnection = h.closeConnection
	h.ex.Read = h.read - h.ex.Offset
	if !h.s.NoTrace {
		h.ex.Trace = h.fullTrace(len(h.exchanges) - 1)
	}
	if h.onExchange != nil {
		h.onExchange(h.ex)
	}
}

// closeExchanges finishes the records once the connection is done, so
// that the last one also shows the final read and the socket closing.
func (h *Handler) closeExchanges() {
	h.endExchange()
	if h.result != nil {
		h.result.Stderr = h.stderr.String()
		h.result.Stdout = h.stdout.String()
		h.result.Read = h.read
	}
	for _, i := range h.stack {
		h.endSpan(i) // frames whose call never returned
	}
	if h.s.NoTrace || len(h.exchanges) == 0 {
		return
	}
	last := len(h.exchanges) - 1
	h.exchanges[last].Trace = h.fullTrace(last)
}

// fullTrace is exchange i's part of the connection's frames, after the
// frames that led to the first request (serve_forever ... handle).
func (h *Handler) fullTrace(i int) []Frame {
	ctx := h.starts[0]
	end := len(h.frames)
	if i+1 < len(h.starts) {
		end = h.starts[i+1]
	}
	if i == 0 {
		// The first exchange follows its context directly: no copy.
		return h.frames[:end:end]
	}
	out := make([]Frame, 0, ctx+end-h.starts[i])
	out = append(out, h.frames[:ctx]...)
	return append(out, h.frames[h.starts[i]:end]...)
}
