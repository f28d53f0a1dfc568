package webui

import (
	"bytes"
	"fmt"

	"github.com/httpsim/httpsim/sim"
)

// Two clients
//
// "My server hangs when Chrome opens a second connection": a browser
// often opens a spare connection and sends nothing on it for a while. A
// single-threaded server (socketserver.TCPServer, HTTPServer) is then
// stuck in that connection's handler, waiting in rfile.readline() for a
// request line, and accepts no one else. The two-client scenario shows
// it with two connections in a fixed order of events: client A connects
// and sends only the first part of its request; client B connects and
// sends a whole request; then A sends the rest. Under a single-threaded
// class B's connection waits in the listen backlog until A is done;
// under ThreadingHTTPServer the loop accepted B at once, and B is
// answered while A is still unfinished.
//
// Nothing here runs concurrently: each connection is one sim run, in the
// order the server's handlers run them (A then B on one thread; B then A
// with a thread each, since A's handler cannot get past its half
// request before B is done), over the session's files.

// Event is one step of the two-client timeline.
type Event struct {
	// Client is the connection the step belongs to, "A" or "B".
	Client string `json:"client"`
	// Actor is who acts: "client" or "server".
	Actor string `json:"actor"`
	// Kind is "connect", "send", "accept", "wait", "backlog",
	// "respond" or "close".
	Kind string `json:"kind"`
	// Bytes is how many bytes the step moved (send, respond).
	Bytes int `json:"bytes,omitempty"`
	// Text says what happened, for the learner.
	Text string `json:"text"`
	// Blocked is set while B is connected but not yet served.
	Blocked bool `json:"blocked,omitempty"`
}

// TwoReply is what the two-client scenario produced.
type TwoReply struct {
	// A and B are each connection's own record, as [Session.Send] gives.
	A, B *Reply
	// ServerClass is the class that ran and Threaded whether it serves
	// connections in parallel.
	ServerClass string
	Threaded    bool
	// Split is how many of A's bytes it sent before pausing.
	Split int
	// Events are the steps in order.
	Events []Event
	// Output is the terminal: the start-up lines once, then each
	// connection's output in the order the server handled them.
	Output []Chunk
}

// TwoClients plays the scenario: A sends a[:split], B sends b whole, then
// A sends a[split:]. split must leave bytes on both sides.
func (s *Session) TwoClients(a, b []byte, split int, o Options) (*TwoReply, error) {
	if split <= 0 || split >= len(a) {
		return nil, fmt.Errorf("webui: split %d must be between 1 and %d, inside A's %d bytes", split, len(a)-1, len(a))
	}
	if len(b) == 0 {
		return nil, fmt.Errorf("webui: client B sends nothing")
	}
	p, cls, proto, err := o.resolve()
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	srv := &sim.Server{Profile: p, Handler: cls, ServerClass: o.Server}
	t := &TwoReply{ServerClass: srv.ServerClassName(), Threaded: srv.Threaded(), Split: split}
	if t.Threaded {
		t.B = s.send(b, p, cls, proto, o.Server)
		t.A = s.send(a, p, cls, proto, o.Server)
		t.Output = joinOutput(t.B, t.A)
	} else {
		t.A = s.send(a, p, cls, proto, o.Server)
		t.B = s.send(b, p, cls, proto, o.Server)
		t.Output = joinOutput(t.A, t.B)
	}
	t.Events = t.events(a, b)
	return t, nil
}

// joinOutput is the terminal of one process that served first, then
// second: the start-up chunks of the first run once.
func joinOutput(first, second *Reply) []Chunk {
	out := append([]Chunk(nil), first.Output...)
	for _, c := range second.Output {
		if !c.Startup {
			out = append(out, c)
		}
	}
	return out
}

func (t *TwoReply) events(a, b []byte) []Event {
	cls := t.ServerClass
	if t.A.Startup != nil {
		return []Event{
			{Client: "A", Actor: "client", Kind: "connect", Text: "A connects: ECONNREFUSED, nothing is listening (the handler file failed to import)"},
			{Client: "B", Actor: "client", Kind: "connect", Text: "B connects: ECONNREFUSED as well"},
		}
	}
	ev := []Event{
		{Client: "A", Actor: "client", Kind: "connect", Text: "A connects"},
	}
	if t.Threaded {
		ev = append(ev, Event{Client: "A", Actor: "server", Kind: "accept", Text: "_handle_request_noblock accepts A; ThreadingMixIn.process_request starts a thread for it and the loop goes back to waiting at once"})
	} else {
		ev = append(ev, Event{Client: "A", Actor: "server", Kind: "accept", Text: "_handle_request_noblock accepts A; " + cls + ".process_request runs A's handler in the loop itself"})
	}
	ev = append(ev,
		Event{Client: "A", Actor: "client", Kind: "send", Bytes: t.Split, Text: "A sends " + describe(a[:t.Split]) + " and stops"},
		Event{Client: "A", Actor: "server", Kind: "wait", Text: "A's handler waits in rfile.readline() for the rest of A's request"},
		Event{Client: "B", Actor: "client", Kind: "connect", Text: "B connects"},
	)
	rest := len(a) - t.Split
	if t.Threaded {
		ev = append(ev,
			Event{Client: "B", Actor: "server", Kind: "accept", Text: "the loop accepts B at once: a second thread handles it while A's thread waits"},
			Event{Client: "B", Actor: "client", Kind: "send", Bytes: len(b), Text: "B sends " + describe(b)},
		)
		ev = append(ev, answer("B", t.B)...)
		ev = append(ev, Event{Client: "A", Actor: "client", Kind: "send", Bytes: rest, Text: fmt.Sprintf("A sends the other %s", plural(rest, "byte"))})
		ev = append(ev, answer("A", t.A)...)
		return ev
	}
	ev = append(ev,
		Event{Client: "B", Actor: "server", Kind: "backlog", Blocked: true, Text: "nobody calls accept(): the loop is inside process_request for A, so B's connection waits in the listen backlog (request_queue_size = 5)"},
		Event{Client: "B", Actor: "client", Kind: "send", Bytes: len(b), Blocked: true, Text: "B sends " + describe(b) + "; the bytes wait unread in B's socket buffer"},
		Event{Client: "A", Actor: "client", Kind: "send", Bytes: rest, Blocked: true, Text: fmt.Sprintf("A sends the other %s", plural(rest, "byte"))},
	)
	for _, e := range answer("A", t.A) {
		e.Blocked = true
		ev = append(ev, e)
	}
	ev = append(ev, Event{Client: "B", Actor: "server", Kind: "accept", Text: "only now does _handle_request_noblock accept B"})
	return append(ev, answer("B", t.B)...)
}

// answer is the server's response to a connection, then its close.
func answer(client string, r *Reply) []Event {
	var out []Event
	if res := r.Result; res != nil && len(res.Response) > 0 {
		text := "the server answers " + client
		for _, ex := range res.Exchanges {
			if ex.Status != 0 {
				text += ": " + statusLine(ex.Response)
				break
			}
		}
		out = append(out, Event{Client: client, Actor: "server", Kind: "respond", Bytes: len(res.Response), Text: text})
	} else {
		out = append(out, Event{Client: client, Actor: "server", Kind: "respond", Text: "no response bytes for " + client})
	}
	return append(out, Event{Client: client, Actor: "server", Kind: "close", Text: "shutdown_request closes " + client})
}

func statusLine(resp []byte) string {
	line, _, _ := bytes.Cut(resp, []byte("\r\n"))
	return string(line)
}

// describe names a piece of a request: its first line, or its size.
func describe(b []byte) string {
	line, rest, ok := bytes.Cut(b, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	n := plural(len(b), "byte")
	switch {
	case len(line) == 0 || len(line) > 60:
		return n
	case !ok:
		return fmt.Sprintf("%q (%s, no line end yet)", line, n)
	case len(rest) == 0:
		return fmt.Sprintf("the line %q (%s)", line, n)
	}
	return fmt.Sprintf("%s starting %q", n, line)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// DefaultSplit is where client A pauses when the page does not say: after
// its request line, or halfway through a request of one line.
func DefaultSplit(a []byte) int {
	if i := bytes.IndexByte(a, '\n'); i >= 0 && i+1 < len(a) {
		return i + 1
	}
	return len(a) / 2
}

// ParseTwoOptions reads the opts argument of httpsim.twoClients: the
// options of httpsim.send plus split, the number of A's bytes sent before
// it pauses (a number; absent or null is [DefaultSplit]). It returns -1
// for an absent split.
func ParseTwoOptions(v any) (Options, int, error) {
	m, ok := v.(map[string]any)
	if !ok || v == nil {
		o, err := ParseOptions(v)
		return o, -1, err
	}
	rest := make(map[string]any, len(m))
	split := -1
	for k, val := range m {
		if k != "split" {
			rest[k] = val
			continue
		}
		switch n := val.(type) {
		case nil:
		case float64:
			if n != float64(int(n)) || n < 1 {
				return Options{}, 0, fmt.Errorf("opts.split must be a whole number of bytes, at least 1, not %v", n)
			}
			split = int(n)
		default:
			return Options{}, 0, fmt.Errorf("opts.split must be a number, not %s", kind(val))
		}
	}
	o, err := ParseOptions(rest)
	return o, split, err
}

// TwoTree is the value httpsim.twoClients returns.
func TwoTree(t *TwoReply) map[string]any {
	evs := make([]any, len(t.Events))
	for i, e := range t.Events {
		evs[i] = Obj{{"client", e.Client}, {"actor", e.Actor}, {"kind", e.Kind}, {"bytes", e.Bytes}, {"text", e.Text}, {"blocked", e.Blocked}}
	}
	return map[string]any{
		"serverClass": t.ServerClass,
		"threaded":    t.Threaded,
		"split":       t.Split,
		"a":           ReplyTree(t.A, nil),
		"b":           ReplyTree(t.B, nil),
		"events":      evs,
		"output":      outputTree(t.Output),
	}
}
