package oracle

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"time"

	"github.com/httpsim/httpsim/internal/corpus"
)

// TwoClients is what a server did with two connections at once: client A
// connected and sent only the first part of its request; then client B
// connected and sent all of c's request.
type TwoClients struct {
	// BWhileA is set when B's response began while A's request was still
	// unfinished: the server serves connections in parallel. A
	// single-threaded socketserver (TCPServer, HTTPServer) leaves B in
	// the listen backlog until A is done.
	BWhileA bool
	// A and B are the complete responses, once A has sent the rest.
	A, B []byte
}

// RunTwoClients starts a server of target t for case c under version v
// and plays the two-client scenario: A sends c.Request[:split], B sends
// c.Request whole (and half-closes). RunTwoClients waits up to wait for
// the first byte of B's answer, then A sends the rest and half-closes,
// and both responses are read to the end.
func RunTwoClients(ctx context.Context, t *Target, v corpus.Version, c *corpus.Case, split int, wait time.Duration) (*TwoClients, error) {
	if split <= 0 || split >= len(c.Request) {
		return nil, fmt.Errorf("oracle: split %d outside the request", split)
	}
	scratch, www, err := makeSite()
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(scratch)
	argv, env, err := t.Command(v, c, scratch)
	if err != nil {
		return nil, err
	}
	s, err := start(ctx, argv, env, www)
	if err != nil {
		return nil, err
	}
	defer s.kill()
	if s.port == "" {
		return nil, fmt.Errorf("oracle: %s %s exited at startup:\n%s", t.Name, v.Minor, s.stderr.take())
	}
	addr := "127.0.0.1:" + s.port
	deadline := time.Now().Add(CaseTimeout)
	dial := func() (*net.TCPConn, error) {
		var d net.Dialer
		conn, err := d.DialContext(ctx, "tcp", addr)
		if err != nil {
			return nil, err
		}
		conn.SetDeadline(deadline)
		return conn.(*net.TCPConn), nil
	}
	a, err := dial()
	if err != nil {
		return nil, err
	}
	defer a.Close()
	if _, err := a.Write(c.Request[:split]); err != nil {
		return nil, err
	}
	b, err := dial()
	if err != nil {
		return nil, err
	}
	defer b.Close()
	if _, err := b.Write(c.Request); err != nil {
		return nil, err
	}
	b.CloseWrite()

	out := &TwoClients{}
	var bResp bytes.Buffer
	b.SetReadDeadline(time.Now().Add(wait))
	first := make([]byte, 1)
	n, err := b.Read(first)
	switch {
	case n == 1:
		out.BWhileA = true
		bResp.Write(first)
	case errors.Is(err, os.ErrDeadlineExceeded):
	default:
		return nil, fmt.Errorf("oracle: reading B while A waits: %v", err)
	}
	b.SetReadDeadline(deadline)

	if _, err := a.Write(c.Request[split:]); err != nil {
		return nil, err
	}
	a.CloseWrite()
	if out.A, err = io.ReadAll(a); err != nil {
		return nil, fmt.Errorf("oracle: reading A: %v", err)
	}
	if _, err := io.Copy(&bResp, b); err != nil {
		return nil, fmt.Errorf("oracle: reading B: %v", err)
	}
	out.B = bResp.Bytes()
	return out, nil
}
