package sim

import (
	"strings"

	"github.com/httpsim/httpsim/sim/pycgi"
)

func init() { fieldStorage = runFieldStorage }

// runFieldStorage is the seed handler's
//
//	form = cgi.FieldStorage(fp=self.rfile, headers=self.headers, environ=...)
//	for item in form.list:
//	    print(item)
//
// It returns the printed items, or the exception the statement raised.
func runFieldStorage(h *Handler) ([]string, error) {
	h.enter("cgi.FieldStorage", "", 0, "")
	if h.tracing() {
		if file, line, url := h.p.sourceURL("cgi.FieldStorage.__init__"); file != "" {
			f := &h.frames[len(h.frames)-1]
			f.Fn, f.File, f.Line, f.URL = "cgi.FieldStorage.__init__", file, line, url
		}
	}
	defer h.leave()
	budget := h.s.maxBody() - h.bodyRead
	res := pycgi.Parse(h.p.minor, h.headers, &countingReader{h: h}, pycgi.Options{
		MaxBytes:    budget,
		HeaderBytes: int64(len(h.rawRequestline) + h.headerBytes),
	})
	h.SetInt("bytes consumed", int(res.Consumed))
	if res.Truncated {
		return nil, errBodyCap
	}
	if res.Err != nil {
		pe := &PyError{Type: res.Err.Type, Msg: res.Err.Message}
		for _, f := range res.Err.Frames {
			fn := f.Func
			if i := strings.LastIndexByte(fn, '.'); i >= 0 {
				fn = fn[i+1:]
			}
			pe.Traceback = append(pe.Traceback, TracebackEntry{File: f.File, Line: f.Line, Func: fn})
		}
		h.Note("cgi.FieldStorage raised %s.", pe.Error())
		return nil, pe
	}
	h.SetInt("len(form.list)", len(res.Items))
	return res.Items, nil
}

// countingReader is rfile as FieldStorage reads it; ReadByte keeps
// line-by-line parsing from paying a call per byte through Read.
type countingReader struct{ h *Handler }

func (r *countingReader) Read(p []byte) (int, error) { return (&bodyReader{h: r.h}).Read(p) }

func (r *countingReader) ReadByte() (byte, error) {
	h := r.h
	if h.bodyRead >= h.s.maxBody() {
		return 0, errBodyCap
	}
	c, err := h.br.ReadByte()
	if err == nil {
		h.recordBody([]byte{c})
	}
	return c, err
}
