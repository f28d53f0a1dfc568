// Package sim simulates CPython's http.server (SimpleHTTPServer in 2.7),
// byte for byte, for one interpreter version at a time.
//
// A [Server] takes the bytes a client sends on one connection and runs
// them through a model of the Python objects that would handle them:
// socketserver's serve loop, BaseHTTPRequestHandler's request parsing,
// the handler class's do_* method and SimpleHTTPRequestHandler's file
// serving. It returns the bytes CPython would send back, the lines it
// would log to stderr, what handler code prints to stdout and, for every
// request, the trace of the Python methods that ran, each linked to its
// line in the chosen version's source.
//
// The package does no I/O of its own. Files come from an [FS] (usually a
// [MemFS]), the clock is a function field, and the connection is either a
// byte slice ([Server.Handle]) or an io.Reader and io.Writer pair
// ([Server.ServeConn]), so the same code runs in a browser, in a
// Cloudflare Worker and behind a real TCP listener.
//
// Fidelity is checked against the real interpreters: see the oracle
// package and testdata/oracle.
package sim
