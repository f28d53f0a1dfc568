package api

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/httpsim/httpsim/sim"
)

// Request headers that choose the simulated server in live mode. They
// are not passed on to it.
const (
	PythonHeader   = "X-Httpsim-Python"
	HandlerHeader  = "X-Httpsim-Handler"
	ProtocolHeader = "X-Httpsim-Protocol"
	// TraceHeaderName is the response header that carries [TraceHeader].
	TraceHeaderName = "X-Httpsim-Trace"
)

// maxTraceHeader bounds the X-Httpsim-Trace value; longer traces end in "...".
const maxTraceHeader = 2048

func (h *Handler) serveLive(w http.ResponseWriter, r *http.Request) {
	cfg, err := parseConfig(r.Header.Get(PythonHeader), r.Header.Get(HandlerHeader), r.Header.Get(ProtocolHeader), "")
	if err != nil {
		writeErr(w, err)
		return
	}
	var body []byte
	if r.Body != nil {
		body, err = io.ReadAll(io.LimitReader(r.Body, MaxLiveBody+1))
		if err != nil {
			writeError(w, http.StatusBadRequest, "reading the request body: "+err.Error())
			return
		}
		if len(body) > MaxLiveBody {
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("live mode takes bodies up to %d bytes; use POST /api/exchange", MaxLiveBody))
			return
		}
	}
	wantJSON := hasTraceJSON(r)
	raw := RawRequest(r, body)
	fsys, err := copySite(h.site(), strings.TrimPrefix(LivePrefix, "/"))
	if err != nil {
		writeErr(w, err)
		return
	}
	out := cfg.run(fsys, h.now(), raw)
	if wantJSON {
		out.Request = raw
		writeJSON(w, http.StatusOK, out)
		return
	}
	trace := TraceHeader(cfg.profile, cfg.handler, out)
	if err := writeSimResponse(w, r.Method, out.Response, trace); err != nil {
		w.Header().Set(TraceHeaderName, trace)
		msg := "the simulated server sent no usable HTTP response (" + err.Error() + "); add ?trace=json to see what it did"
		if out.Refused {
			msg = "the simulated server did not start:\n" + out.Startup
		}
		writeError(w, http.StatusBadGateway, msg)
	}
}

// hasTraceJSON reports whether r asks for the JSON form with trace=json.
func hasTraceJSON(r *http.Request) bool {
	return slices.Contains(r.URL.Query()["trace"], "json")
}

// hopHeaders are request headers that the Worker runtime or Cloudflare's
// edge add, change or consume, so they say nothing about what the client
// sent; RawRequest leaves them out. Content-Length is recomputed.
var hopHeaders = []string{
	"Cdn-Loop", "Connection", "Content-Length", "Host", "Keep-Alive",
	"Proxy-Connection", "Te", "Trailer", "Transfer-Encoding", "Upgrade",
	"X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Real-Ip",
}

func dropHeader(name string) bool {
	lower := strings.ToLower(name)
	return strings.HasPrefix(lower, "cf-") || strings.HasPrefix(lower, "x-httpsim-") ||
		slices.ContainsFunc(hopHeaders, func(h string) bool { return strings.EqualFold(h, name) })
}

// RawRequest rebuilds, as HTTP/1.1 bytes, the request a client sent to
// the Worker, as far as it can be seen from r: the method and target
// (without a trace=json parameter), then Host, then the other headers in
// sorted order with one line per name, then body with a Content-Length.
//
//	GET /live/sub/?x=1 HTTP/1.1
//	Host: example.workers.dev
//	Accept: */*
//	User-Agent: curl/8.5.0
//
// What is lost on the way: the client's HTTP version (HTTP/2 and 3
// requests arrive the same), the order and case of header names, repeated
// headers (joined with ","), headers the edge adds or strips
// ([dropHeader]), chunked framing, and any bytes that do not parse.
func RawRequest(r *http.Request, body []byte) []byte {
	var b bytes.Buffer
	target := r.RequestURI
	if target == "" || !strings.HasPrefix(target, "/") {
		target = r.URL.RequestURI()
	}
	b.WriteString(r.Method + " " + stripTraceParam(target) + " HTTP/1.1\r\n")
	host := r.Host
	if host == "" {
		host = r.URL.Host
	}
	if host != "" {
		b.WriteString("Host: " + host + "\r\n")
	}
	names := make([]string, 0, len(r.Header))
	for name := range r.Header {
		if !dropHeader(name) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		b.WriteString(name + ": " + strings.Join(r.Header[name], ",") + "\r\n")
	}
	if len(body) > 0 || r.Header.Get("Content-Length") != "" {
		b.WriteString("Content-Length: " + strconv.Itoa(len(body)) + "\r\n")
	}
	b.WriteString("\r\n")
	b.Write(body)
	return b.Bytes()
}

// stripTraceParam removes every trace=json pair from target's query,
// leaving the rest of it byte for byte.
func stripTraceParam(target string) string {
	p, q, ok := strings.Cut(target, "?")
	if !ok {
		return target
	}
	var keep []string
	for pair := range strings.SplitSeq(q, "&") {
		if pair != "trace=json" {
			keep = append(keep, pair)
		}
	}
	if len(keep) == 0 {
		return p
	}
	return p + "?" + strings.Join(keep, "&")
}

// TraceHeader summarises a simulated connection for the X-Httpsim-Trace
// header: the Python version and handler, then per exchange its status
// and the Python functions that ran, with their def lines:
//
//	3.12.3 simple; 200 handle:432 handle_one_request:400 parse_request:309 do_GET:661 send_head:680
//
// Exchanges are separated by "; ". Bytes outside printable ASCII become
// "?", and a value longer than 2048 bytes is cut and ends in "...".
func TraceHeader(p *sim.Profile, handler *sim.Class, out *ExchangeResponse) string {
	var b strings.Builder
	b.WriteString(p.Version + " " + handler.Name)
	if out.Refused {
		b.WriteString("; refused: the server did not start")
	}
	for _, ex := range out.Exchanges {
		b.WriteString("; " + strconv.Itoa(ex.Status))
		for _, f := range ex.Trace {
			fn := f.Fn
			if i := strings.LastIndexByte(fn, '.'); i >= 0 {
				fn = fn[i+1:]
			}
			b.WriteString(" " + fn)
			if f.Line > 0 {
				b.WriteString(":" + strconv.Itoa(f.Line))
			}
		}
	}
	s := []byte(b.String())
	for i, c := range s {
		if c < 0x20 || c > 0x7e {
			s[i] = '?'
		}
	}
	if len(s) > maxTraceHeader {
		s = append(s[:maxTraceHeader-3], "..."...)
	}
	return string(s)
}

// writeSimResponse sends the first final response in raw (interim 1xx
// responses are skipped) as the Worker's response, with every header the
// simulator sent except those that describe the connection or the
// framing, which the runtime owns. The reason phrase cannot be carried: a
// Response has only a status code.
func writeSimResponse(w http.ResponseWriter, method string, raw []byte, trace string) error {
	if len(raw) == 0 {
		return fmt.Errorf("no bytes")
	}
	br := bufio.NewReader(bytes.NewReader(raw))
	var resp *http.Response
	for {
		var err error
		resp, err = http.ReadResponse(br, &http.Request{Method: method})
		if err != nil {
			return err
		}
		if resp.StatusCode >= 200 {
			break
		}
		resp.Body.Close()
	}
	defer resp.Body.Close()
	if resp.StatusCode > 599 {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil && len(body) == 0 {
		return err
	}
	hd := w.Header()
	for name, vals := range resp.Header {
		switch name {
		case "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length":
			continue
		}
		hd[name] = vals
	}
	// The length is the body's: a HEAD response, which has none, cannot
	// carry the simulator's Content-Length through the runtime.
	if len(body) > 0 {
		hd.Set("Content-Length", strconv.Itoa(len(body)))
	}
	hd.Set(TraceHeaderName, trace)
	w.WriteHeader(resp.StatusCode)
	// No empty Write: syumai/workers passes the body through an io.Pipe to
	// a ReadableStream whose pull, after a zero-length write, enqueues
	// nothing and is never called again, so the response would hang.
	if len(body) > 0 {
		w.Write(body)
	}
	return nil
}
