package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/httpsim/httpsim/sim"
)

// Limits on one request. A Worker on the Free plan gets 10 ms of CPU per
// request and 128 MB of memory per isolate; these keep a request far
// inside both, whatever a client sends.
const (
	MaxBodyBytes  = 2 << 20   // the JSON body of POST /api/exchange
	MaxRawBytes   = 256 << 10 // the decoded raw request (4 of CPython's 64 KiB lines)
	MaxFiles      = 1000      // entries in files
	MaxFilesBytes = 1 << 20   // decoded file contents, all entries together
	MaxLiveBody   = 64 << 10  // the body of a live-mode request
)

// LivePrefix is the path under which live mode serves the sample site.
const LivePrefix = "/live"

// Handler serves the Worker's routes; see the package comment. The zero
// value serves the sample site with the real clock in live mode.
type Handler struct {
	// Site returns the sample site: what live mode serves under /live,
	// and what /api/exchange serves when a request has no files. Every
	// request copies it, so handler code that writes (the upload
	// handler's do_PUT) never changes it. nil means [DefaultSite].
	Site func() fs.FS
	// Now is the clock of live mode; nil means time.Now. /api/exchange
	// always runs on the simulator's fixed clock, so that its answers are
	// reproducible.
	Now func() time.Time
}

var _ http.Handler = (*Handler)(nil)

// ServeHTTP routes r. A panic in the simulator becomes a 500 with a JSON
// error instead of taking the Go instance down: the Worker reuses the
// instance for later requests, and a Go program that panics has exited.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			writeError(w, http.StatusInternalServerError, fmt.Sprintf("httpsim: panic: %v", v))
		}
	}()
	p := r.URL.Path
	switch {
	case p == LivePrefix || strings.HasPrefix(p, LivePrefix+"/"):
		h.serveLive(w, r)
	case p == "/api/exchange":
		if !allow(w, r, http.MethodPost) {
			return
		}
		h.serveExchange(w, r)
	case p == "/api/profiles":
		if !allow(w, r, http.MethodGet, http.MethodHead) {
			return
		}
		writeJSON(w, http.StatusOK, profileList())
	case p == "/api/handlers":
		if !allow(w, r, http.MethodGet, http.MethodHead) {
			return
		}
		writeJSON(w, http.StatusOK, sim.Handlers())
	default:
		writeError(w, http.StatusNotFound, fmt.Sprintf("no route for %s %s", r.Method, p))
	}
}

// allow answers 405 unless r's method is one of methods.
func allow(w http.ResponseWriter, r *http.Request, methods ...string) bool {
	for _, m := range methods {
		if r.Method == m {
			return true
		}
	}
	w.Header().Set("Allow", strings.Join(methods, ", "))
	writeError(w, http.StatusMethodNotAllowed, fmt.Sprintf("%s %s: method not allowed (use %s)", r.Method, r.URL.Path, strings.Join(methods, " or ")))
	return false
}

// ProfileInfo describes one Python version in GET /api/profiles.
type ProfileInfo struct {
	Name     string `json:"name"`    // "3.12"
	Version  string `json:"version"` // "3.12.3"
	Default  bool   `json:"default"` // the version used when a request names none
	Threaded bool   `json:"threaded"`
	HasCGI   bool   `json:"hasCGI"`
}

func profileList() []ProfileInfo {
	def := sim.DefaultProfile()
	var out []ProfileInfo
	for _, p := range sim.Profiles() {
		out = append(out, ProfileInfo{Name: p.Name, Version: p.Version, Default: p == def, Threaded: p.Threaded(), HasCGI: p.HasCGI()})
	}
	return out
}

func (h *Handler) site() fs.FS {
	if h.Site != nil {
		return h.Site()
	}
	return DefaultSite()
}

func (h *Handler) now() func() time.Time {
	if h.Now != nil {
		return h.Now
	}
	return time.Now
}

// requestError is a client mistake: it carries the status to answer with.
type requestError struct {
	code int
	msg  string
}

func (e *requestError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &requestError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

func tooLarge(format string, args ...any) error {
	return &requestError{http.StatusRequestEntityTooLarge, fmt.Sprintf(format, args...)}
}

// errorBody is the JSON of every error answer.
type errorBody struct {
	Error string `json:"error"`
}

// writeErr answers with err's status if it is a [requestError], else 500.
func writeErr(w http.ResponseWriter, err error) {
	var re *requestError
	if errors.As(err, &re) {
		writeError(w, re.code, re.msg)
		return
	}
	writeError(w, http.StatusInternalServerError, err.Error())
}

func writeError(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, errorBody{Error: msg})
}

// writeJSON answers with v as JSON. The length is set, so the Worker
// runtime gets a fixed-length body instead of a stream.
func writeJSON(w http.ResponseWriter, code int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		code = http.StatusInternalServerError
		b, _ = json.Marshal(errorBody{Error: "httpsim: encoding the answer: " + err.Error()})
	}
	b = append(b, '\n')
	hd := w.Header()
	hd.Set("Content-Type", "application/json; charset=utf-8")
	hd.Set("Content-Length", fmt.Sprint(len(b)))
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	w.Write(b)
}
