package sim

import (
	"slices"
	"strings"

	"github.com/httpsim/httpsim/sim/internal/pydata"
)

// Tracebacks quote CPython's source lines, which this repository does not
// copy by hand: sim/internal/pydata records, from the live interpreters,
// the traceback each version prints for a set of trigger requests. When a
// simulated exception is raised at the same place, the recorded entries
// are printed with the exception line of this request.

// raise returns a Python exception raised at the place a pydata trigger
// names (pydata.TriggerNulGET and so on).
func (h *Handler) raise(trigger, typ, msg string) *PyError {
	return &PyError{Type: typ, Msg: msg, trigger: trigger}
}

// pylib is where the simulated interpreter's standard library lives, as
// tracebacks print it.
func (s *Server) pylib() string {
	if s.PythonLib != "" {
		return s.PythonLib
	}
	return "/usr/lib/python" + s.profile().Name
}

func (s *Server) scriptDir() string {
	if s.ScriptDir != "" {
		return s.ScriptDir
	}
	return s.directory()
}

// entryFunc returns the function name of a traceback entry's File line.
func entryFunc(entry string) (string, bool) {
	first, _, _ := strings.Cut(entry, "\n")
	i := strings.LastIndex(first, ", in ")
	if i < 0 {
		return "", false
	}
	return first[i+len(", in "):], true
}

// recordedTraceback finds the recorded traceback for pe under the
// handler's class, or returns "" to fall back to a synthesized one.
func (h *Handler) recordedTraceback(pe *PyError) string {
	key := h.cls.key
	if key == "" {
		return ""
	}
	v := h.p.data
	var tb *pydata.Traceback
	if pe.trigger != "" {
		tb, _ = v.Traceback(key, pe.trigger)
	} else if len(pe.Traceback) > 0 || pe.Type != "" {
		tb = matchTraceback(v, key, pe)
	}
	if tb == nil {
		return ""
	}
	tb = h.underServer(tb)
	text := tb.Render(h.s.pylib(), h.s.scriptDir())
	// Keep the recorded entries, but this request's exception line.
	text = strings.TrimSuffix(text, tb.Exception+"\n")
	return text + pe.Error() + "\n"
}

// matchTraceback picks the recorded traceback whose innermost frames are
// the functions pe unwound through, for exceptions that cgi.FieldStorage
// raises (their message depends on the request, their frames do not).
func matchTraceback(v *pydata.Version, key string, pe *PyError) *pydata.Traceback {
	want := make([]string, 0, len(pe.Traceback))
	for _, f := range pe.Traceback {
		want = append(want, f.Func)
	}
	for _, tr := range pydata.Triggers {
		if !strings.HasPrefix(tr.ID, "post-") {
			continue
		}
		tb, ok := v.Traceback(key, tr.ID)
		if !ok {
			continue
		}
		typ, _, _ := strings.Cut(tb.Exception, ":")
		if typ != pe.Type {
			continue
		}
		var funcs []string
		for _, e := range tb.Entries {
			if fn, ok := entryFunc(e); ok {
				funcs = append(funcs, fn)
			}
		}
		// The frames below do_POST: everything after the handler's method.
		i := len(funcs) - 1
		for i >= 0 && funcs[i] != "do_POST" {
			i--
		}
		if i < 0 || !slices.Equal(funcs[i+1:], want) {
			continue
		}
		return tb
	}
	return nil
}

// underServer returns tb, recorded under the handler program's own
// server class, with the entries of the class that runs in their place:
// everything up to the last finish_request is the server's loop, the
// rest is the handler's and the same under every class.
func (h *Handler) underServer(tb *pydata.Traceback) *pydata.Traceback {
	top, ok := h.p.data.ServerEntries(h.s.serverClass())
	if !ok {
		return tb
	}
	n := 0
	for i, e := range tb.Entries {
		if fn, _ := entryFunc(e); fn == "finish_request" {
			n = i + 1
		}
	}
	if n == 0 {
		return tb
	}
	return &pydata.Traceback{Entries: slices.Concat(top, tb.Entries[n:]), Exception: tb.Exception}
}
