package webui

import "github.com/httpsim/httpsim/sim"

// SendClass runs raw through a server whose handler class is cls, one
// the caller built (a learner's script, see internal/pyclass). The
// script printed its own startup output, which comes first in the
// reply's terminal; sim prints no banner for it. o.Server is the server
// class the script built ("cli" for a script that built none).
func (s *Session) SendClass(raw []byte, o Options, cls *sim.Class, startup []Chunk) (*Reply, error) {
	p, _, proto, err := o.resolve()
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	server, _ := sim.ParseServerClass(o.Server)
	r := &Reply{Profile: p, Class: cls, Handler: "script", Protocol: proto, Server: server}
	rec := &recordingFS{MemFS: s.fs}
	term := &terminal{chunks: append([]Chunk(nil), startup...)}
	srv := &sim.Server{Profile: p, Handler: cls, ServerClass: server, FS: rec, Protocol: proto, Now: s.now}
	r.ServerClass, r.Threaded = srv.ServerClassName(), srv.Threaded()
	r.handle(srv, raw, rec, term)
	return r, nil
}
