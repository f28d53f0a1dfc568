// Package api is the HTTP interface of the httpsim Cloudflare Worker
// (wasm/worker): a plain [net/http.Handler] over package sim, so that it
// builds and is tested natively while the Worker runs it as WebAssembly.
//
// The routes are
//
//	POST /api/exchange   run raw request bytes through the simulator
//	GET  /api/profiles   the Python versions, oldest first
//	GET  /api/handlers   the handler classes
//	*    /live/...       the request itself, as bytes, against the sample site
//
// Static files (the page) never reach the handler: the Workers runtime
// serves them from the assets directory first.
//
// # POST /api/exchange
//
// The body is one JSON object; only raw is required:
//
//	{
//	  "raw": "R0VUIC8gSFRUUC8xLjANCg0K",   (base64 of "GET / HTTP/1.0\r\n\r\n")
//	  "python": "3.12",                     (any name [sim.Lookup] takes; default newest)
//	  "handler": "simple",                  (a name from /api/handlers; default simple)
//	  "protocol": "HTTP/1.0",               (protocol_version: HTTP/1.0 or HTTP/1.1)
//	  "server": "TCPServer",                (TCPServer, HTTPServer, ThreadingHTTPServer or cli; default the handler's own;
//	                                         the answer's serverClass names the class that ran)
//	  "files": [                            (the served directory; omitted: the sample site, [DefaultSite])
//	    {"path": "a.txt", "data": "aGkK", "mtime": "2020-01-02T03:04:05Z"},
//	    {"path": "sub", "type": "dir"},
//	    {"path": "alink", "type": "symlink", "target": "a.txt"},
//	    {"pathBytes": "YmFk/y50eHQ=", "data": "eAo="}  (bad\xff.txt: a name that is not UTF-8, as base64)
//	  ]
//	}
//
// A learner's script ("handlerSource", as the page sends it) is a 400:
// scripts run on Pyodide in the page, never here.
//
// The answer is the simulator's [sim.Result] with the response bytes in
// base64:
//
//	{"response": "SFRUUC8xLjAgMjAwIE9LDQo...", "serverClass": "DualStackServer", "exchanges": [...], "stderr": "...", "stdout": "..."}
//
// Each exchange has the JSON form of [sim.Exchange]: requestLine, status,
// headers, log, stdout, trace ([sim.Frame]: fn, file, line, url, values)
// and closeConnection. A handler whose module fails to import under the
// chosen version (cgi is gone in 3.13 and 3.14) gives no exchanges, "refused":
// true and the traceback Python would print in "startup".
//
// Client mistakes get a 4xx status and a JSON body {"error": "..."}:
// 400 for malformed JSON, bad base64, unknown fields, unknown versions,
// handlers or protocols and invalid file entries; 405 for a wrong method;
// 413 when the body, the raw request or the files exceed the limits below.
//
// # Live mode
//
// Any request under /live/ is turned back into HTTP/1.1 bytes (see
// [RawRequest]) and run through the simulator against the sample site,
// which is mounted at /live in the served directory so that redirects
// and listing links stay under /live/. The sample site ([DefaultSite])
// is the one the page starts with: /live/ serves its index.html,
// /live/files/ is a directory listing, and /live/blog redirects to
// /live/blog/. The answer is the simulated response, with an
// X-Httpsim-Trace header summarising the dispatch path ([TraceHeader]).
// With the query parameter trace=json the answer is the same JSON as
// /api/exchange instead. Request headers named X-Httpsim-Python,
// X-Httpsim-Handler and X-Httpsim-Protocol choose the server and are not
// passed on.
//
// Live mode is an approximation: a Worker sees a parsed Request, not
// bytes, so header order and case, the HTTP version, repeated headers and
// anything malformed are lost before the simulator runs. /api/exchange
// carries exact bytes.
//
// # State
//
// The handler keeps no state between requests: every request gets a
// fresh copy of its files, so a PUT through the upload handler is gone
// with the response. The Worker reuses one Go instance for many requests
// (see worker/entry.mjs), which is why nothing here may cache per-request
// data in globals.
package api
