package api

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"path"
	"time"

	"github.com/httpsim/httpsim/sim"
)

// ExchangeRequest is the JSON body of POST /api/exchange.
type ExchangeRequest struct {
	Raw      *string `json:"raw"`      // base64 of the bytes the client sends; required
	Python   string  `json:"python"`   // a name [sim.Lookup] accepts; "" is [sim.DefaultProfile]
	Handler  string  `json:"handler"`  // a name [sim.LookupHandler] accepts; "" is "simple"
	Protocol string  `json:"protocol"` // "HTTP/1.0" (also for "") or "HTTP/1.1"
	Server   string  `json:"server"`   // a [sim.ParseServerClass] name; "" is the handler program's own
	Files    []File  `json:"files"`    // the served directory; nil is the sample site
	// HandlerSource and HandlerFile are the page's fields for a learner's
	// script; the API refuses them (scripts run on Pyodide, in the page).
	HandlerSource string `json:"handlerSource"`
	HandlerFile   string `json:"handlerFile"`
}

// File is one entry of the served directory in an [ExchangeRequest].
// Parent directories are created as needed.
type File struct {
	Path string `json:"path"` // slash-separated, relative, as [fs.ValidPath] wants
	// PathBytes is the path as bytes (base64 in JSON), for a name that
	// is not UTF-8 and so cannot be a JSON string: it replaces Path,
	// which must then be empty. See [sim.ValidName].
	PathBytes []byte     `json:"pathBytes,omitempty"`
	Type      string     `json:"type,omitempty"`   // "file" (also for ""), "dir" or "symlink"
	Data      string     `json:"data,omitempty"`   // base64 contents of a file
	Target    string     `json:"target,omitempty"` // the target of a symlink, as readlink shows it
	Mtime     *time.Time `json:"mtime,omitempty"`  // RFC 3339; nil is [DefaultModTime]
}

// DefaultModTime is the modification time of entries that give none:
// the simulator's fixed clock, 2026-01-01 00:00:00 UTC.
var DefaultModTime = time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)

// ExchangeResponse is the JSON answer of POST /api/exchange and of live
// mode's ?trace=json: the simulator's [sim.Result] (exchanges, stderr,
// stdout, startup, refused) plus the response bytes, base64 in JSON.
type ExchangeResponse struct {
	// Request is what live mode sent to the simulator (absent for
	// /api/exchange, where the client sent it).
	Request []byte `json:"request,omitempty"`
	// Response is every byte the simulated server wrote.
	Response []byte `json:"response"`
	// ServerClass is the class that ran ("DualStackServer" for cli on
	// 3.8+, "TCPServer" for the seed handler by default).
	ServerClass string `json:"serverClass"`
	*sim.Result
}

// serverConfig is what both routes need to build a [sim.Server].
type serverConfig struct {
	profile  *sim.Profile
	handler  *sim.Class
	protocol string
	server   string
}

func parseConfig(python, handler, protocol, server string) (serverConfig, error) {
	var c serverConfig
	var err error
	if python == "" {
		c.profile = sim.DefaultProfile()
	} else if c.profile, err = sim.Lookup(python); err != nil {
		return c, badRequest("python: %v", err)
	}
	if handler == "" {
		handler = "simple"
	}
	if c.handler, err = sim.LookupHandler(handler); err != nil {
		return c, badRequest("handler: %v", err)
	}
	if c.server, err = sim.ParseServerClass(server); err != nil {
		return c, badRequest("server: %v", err)
	}
	switch protocol {
	case "", "HTTP/1.0":
		c.protocol = "HTTP/1.0"
	case "HTTP/1.1":
		c.protocol = "HTTP/1.1"
	default:
		return c, badRequest("protocol: %q is not HTTP/1.0 or HTTP/1.1", protocol)
	}
	return c, nil
}

// run simulates one connection that sends raw.
func (c serverConfig) run(fsys sim.FS, now func() time.Time, raw []byte) *ExchangeResponse {
	s := &sim.Server{Profile: c.profile, Handler: c.handler, ServerClass: c.server, Protocol: c.protocol, FS: fsys, Now: now}
	res := s.Handle(raw)
	if res.Exchanges == nil {
		res.Exchanges = []*sim.Exchange{}
	}
	return &ExchangeResponse{Response: res.Response, ServerClass: s.ServerClassName(), Result: res}
}

func (h *Handler) serveExchange(w http.ResponseWriter, r *http.Request) {
	req, err := DecodeExchangeRequest(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		writeErr(w, err)
		return
	}
	out, err := h.Exchange(req)
	if err != nil {
		writeErr(w, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// DecodeExchangeRequest reads one JSON [ExchangeRequest] from body. Its
// errors say which field is wrong; fields it does not know are errors
// too, so that a misspelt "pyhton" is not silently the default.
func DecodeExchangeRequest(body io.Reader) (*ExchangeRequest, error) {
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	var req ExchangeRequest
	if err := dec.Decode(&req); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, tooLarge("request body is larger than %d bytes", mbe.Limit)
		}
		if err == io.EOF {
			return nil, badRequest("request body is empty; want a JSON object with at least \"raw\"")
		}
		return nil, badRequest("request body is not a valid exchange request: %v", err)
	}
	if dec.More() {
		return nil, badRequest("request body has more than one JSON value")
	}
	return &req, nil
}

// Exchange runs req through the simulator on its fixed clock. Its
// errors are client mistakes, with the status to answer them with.
func (h *Handler) Exchange(req *ExchangeRequest) (*ExchangeResponse, error) {
	if req.HandlerSource != "" || req.HandlerFile != "" {
		return nil, badRequest("handlerSource: handler scripts run only in the page (in the browser, on Pyodide); this API serves the built-in handlers: simple, seed, upload")
	}
	if req.Raw == nil {
		return nil, badRequest("raw: missing; want the request bytes in base64")
	}
	if base64.StdEncoding.DecodedLen(len(*req.Raw)) > MaxRawBytes+2 {
		return nil, tooLarge("raw: longer than %d bytes", MaxRawBytes)
	}
	raw, err := base64.StdEncoding.DecodeString(*req.Raw)
	if err != nil {
		return nil, badRequest("raw: %v", err)
	}
	if len(raw) > MaxRawBytes {
		return nil, tooLarge("raw: longer than %d bytes", MaxRawBytes)
	}
	cfg, err := parseConfig(req.Python, req.Handler, req.Protocol, req.Server)
	if err != nil {
		return nil, err
	}
	var fsys *sim.MemFS
	if req.Files == nil {
		fsys, err = copySite(h.site(), "")
	} else {
		fsys, err = BuildFS(req.Files)
	}
	if err != nil {
		return nil, err
	}
	return cfg.run(fsys, nil, raw), nil
}

// BuildFS returns a fresh [sim.MemFS] holding files. Entries may come in
// any order; a directory's own mtime is applied after its children are
// written, as a real copy would leave it.
func BuildFS(files []File) (*sim.MemFS, error) {
	if len(files) > MaxFiles {
		return nil, tooLarge("files: %d entries, more than %d", len(files), MaxFiles)
	}
	fsys := sim.NewMemFS(DefaultModTime)
	total := 0
	var dirTimes []File
	for i, f := range files {
		mtime := DefaultModTime
		if f.Mtime != nil {
			mtime = *f.Mtime
		}
		if f.PathBytes != nil {
			if f.Path != "" {
				return nil, badRequest("files[%d]: give path or pathBytes, not both", i)
			}
			f.Path = string(f.PathBytes)
		} else if !fs.ValidPath(f.Path) {
			return nil, badRequest("files[%d]: path %q is not a valid relative slash-separated path", i, f.Path)
		}
		if !sim.ValidName(f.Path) || f.Path == "." {
			return nil, badRequest("files[%d]: path %q is not a valid relative slash-separated path", i, f.Path)
		}
		if dir := path.Dir(f.Path); dir != "." {
			if err := fsys.MkdirAll(dir, DefaultModTime); err != nil {
				return nil, badRequest("files[%d]: %v", i, err)
			}
		}
		var err error
		switch f.Type {
		case "", "file":
			if f.Target != "" {
				return nil, badRequest("files[%d] (%q): a file has no target", i, f.Path)
			}
			var data []byte
			if data, err = base64.StdEncoding.DecodeString(f.Data); err != nil {
				return nil, badRequest("files[%d] (%q): data: %v", i, f.Path, err)
			}
			if total += len(data); total > MaxFilesBytes {
				return nil, tooLarge("files: contents add up to more than %d bytes", MaxFilesBytes)
			}
			err = fsys.WriteFile(f.Path, data, mtime)
		case "dir":
			if f.Data != "" || f.Target != "" {
				return nil, badRequest("files[%d] (%q): a dir has no data or target", i, f.Path)
			}
			if err = fsys.MkdirAll(f.Path, mtime); err == nil {
				dirTimes = append(dirTimes, f)
			}
		case "symlink":
			if f.Target == "" || f.Data != "" {
				return nil, badRequest("files[%d] (%q): a symlink has a target and no data", i, f.Path)
			}
			err = fsys.Symlink(f.Target, f.Path, mtime)
		default:
			return nil, badRequest("files[%d] (%q): type %q is not file, dir or symlink", i, f.Path, f.Type)
		}
		if err != nil {
			return nil, badRequest("files[%d]: %v", i, err)
		}
	}
	for _, f := range dirTimes {
		mtime := DefaultModTime
		if f.Mtime != nil {
			mtime = *f.Mtime
		}
		fsys.Chtimes(f.Path, mtime)
	}
	return fsys, nil
}

// copySite returns a fresh [sim.MemFS] holding src under dir ("" for the
// root): directories, files, symbolic links (when src can read them) and
// modification times.
func copySite(src fs.FS, dir string) (*sim.MemFS, error) {
	root, err := fs.Stat(src, ".")
	if err != nil {
		return nil, fmt.Errorf("httpsim: sample site: %w", err)
	}
	rootTime := root.ModTime()
	if rootTime.IsZero() { // fstest.MapFS synthesizes "." without a time
		rootTime = DefaultModTime
	}
	m := sim.NewMemFS(rootTime)
	at := func(name string) string {
		if dir == "" {
			return name
		}
		if name == "." {
			return dir
		}
		return dir + "/" + name
	}
	type stamp struct {
		name  string
		mtime time.Time
	}
	var dirs []stamp
	err = fs.WalkDir(src, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if name == "." && dir == "" {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			t, err := fs.ReadLink(src, name)
			if err != nil {
				return err
			}
			return m.Symlink(t, at(name), info.ModTime())
		case d.IsDir():
			mtime := info.ModTime()
			if name == "." {
				mtime = rootTime
			}
			dirs = append(dirs, stamp{at(name), mtime})
			return m.MkdirAll(at(name), mtime)
		default:
			data, err := fs.ReadFile(src, name)
			if err != nil {
				return err
			}
			return m.WriteFile(at(name), data, info.ModTime())
		}
	})
	if err != nil {
		return nil, fmt.Errorf("httpsim: sample site: %w", err)
	}
	// Writing children touched the directories' times; put them back.
	for _, s := range dirs {
		m.Chtimes(s.name, s.mtime)
	}
	if dir != "" {
		m.Chtimes(".", rootTime)
	}
	return m, nil
}
