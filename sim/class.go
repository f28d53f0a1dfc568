package sim

import (
	"fmt"
	"strings"
	"sync"
)

// Method is the body of a Python method. h is self; args are the
// positional arguments after self. A non-nil error is a Python exception
// (see [PyError]) propagating out of the call.
type Method func(h *Handler, args ...any) (any, error)

// Class is a Python handler class: a name, one base class and the methods
// it defines itself. Attribute lookup walks the chain of bases the way
// Python's method resolution order does for single inheritance, so a
// subclass overrides any method it defines and reaches its parent's with
// [Handler.CallFrom], as Python code writes Base.method(self).
type Class struct {
	// Name is the class name, e.g. "ServerHandler".
	Name string
	// Module3 and Module2 name the module that defines the class in
	// Python 3 and 2.7 ("http.server", "SimpleHTTPServer"). Handler
	// classes of ours leave them empty.
	Module3, Module2 string
	// Base is the parent class; nil only for the root of the chain.
	Base *Class
	// Methods are the methods this class defines.
	Methods map[string]Method
	// File is the handler file that defines a class of ours ("seed.py"),
	// and Lines the def line of each method in it, per major version
	// (index 2 or 3). Built-in classes get theirs from the profile.
	File  string
	Lines [4]map[string]int
	// Source is the Python source of a class of ours for a profile.
	Source func(p *Profile) string
	// Description says in one sentence what the class is for.
	Description string
	key         string // the name it is registered under

	// ServerVersion and SysVersion, when set, are the class attributes
	// server_version and sys_version that version_string joins; a class
	// that leaves them empty inherits them.
	ServerVersion, SysVersion string

	// Server is the server class ([Server.ServerClass]) that the
	// class's own program builds in a profile; nil means TCPServer, as a
	// script that calls socketserver.TCPServer(addr, Handler) does.
	Server func(p *Profile) string

	// Missing, if set, is the exception that stops the handler file from
	// importing in this profile (the seed handler's `import cgi` in 3.13 and 3.14).
	Missing func(p *Profile) *PyError
}

// lookup finds the class in the resolution order that defines name,
// starting at c.
func (c *Class) lookup(name string) (*Class, Method) {
	for k := c; k != nil; k = k.Base {
		if m, ok := k.Methods[name]; ok {
			return k, m
		}
	}
	return nil, nil
}

// HasMethod is hasattr(instance, name) for a method name.
func (c *Class) HasMethod(name string) bool {
	k, _ := c.lookup(name)
	return k != nil
}

// HasAncestor reports whether base is c or one of its bases.
func (c *Class) HasAncestor(base *Class) bool {
	for k := c; k != nil; k = k.Base {
		if k == base {
			return true
		}
	}
	return false
}

// MRO returns the class names in method resolution order.
func (c *Class) MRO() []string {
	var out []string
	for k := c; k != nil; k = k.Base {
		out = append(out, k.Name)
	}
	return out
}

// frameLoc is where a method's frame points: its name and def line.
type frameLoc struct {
	fn, file, url string
	line          int
}

type locKey struct {
	c      *Class
	p      *Profile
	method string
}

// locs caches frameLoc per class, profile and method: every call on the
// dispatch path needs one.
var locs sync.Map

func (c *Class) loc(p *Profile, method string) frameLoc {
	k := locKey{c, p, method}
	if v, ok := locs.Load(k); ok {
		return v.(frameLoc)
	}
	l := frameLoc{fn: c.qualname(p, method)}
	if c.File != "" {
		l.file = c.File
		major := 2
		if p.py3() {
			major = 3
		}
		l.line = c.Lines[major][method]
	} else {
		l.file, l.line, l.url = p.sourceURL(l.fn)
	}
	locs.Store(k, l)
	return l
}

// qualname is how the trace names a method of c in profile p.
func (c *Class) qualname(p *Profile, method string) string {
	mod := p.module(c.Module3, c.Module2)
	if mod == "" {
		return c.Name + "." + method
	}
	return mod + "." + c.Name + "." + method
}

// PyError is a Python exception raised inside the simulated server.
type PyError struct {
	// Type is the exception class name, e.g. "ValueError" or
	// "ModuleNotFoundError".
	Type string
	// Msg is str() of the exception.
	Msg string
	// Traceback lists the frames from the outermost call to the raise.
	Traceback []TracebackEntry

	// Text, when set, is the whole traceback as printed, for an
	// exception raised in code that runs outside sim (a learner's
	// script), whose frames sim cannot know.
	Text string

	trigger string // the pydata trigger recorded for this raise site
}

// TracebackEntry is one "File ..., line N, in fn" entry of a traceback.
type TracebackEntry struct {
	File string // path as Python prints it
	Line int
	Func string
	Text string // the source line, stripped, if known
}

func (e *PyError) Error() string {
	if e.Msg == "" {
		return e.Type
	}
	return e.Type + ": " + e.Msg
}

// Format renders the exception the way Python's traceback module prints
// an uncaught exception.
func (e *PyError) Format() string {
	if e.Text != "" {
		return e.Text
	}
	var b strings.Builder
	if len(e.Traceback) > 0 {
		b.WriteString("Traceback (most recent call last):\n")
		for _, t := range e.Traceback {
			fmt.Fprintf(&b, "  File \"%s\", line %d, in %s\n", t.File, t.Line, t.Func)
			if t.Text != "" {
				fmt.Fprintf(&b, "    %s\n", t.Text)
			}
		}
	}
	b.WriteString(e.Error())
	b.WriteString("\n")
	return b.String()
}

// registry of the handler classes users can pick by name.
var classes = map[string]*Class{}
var classOrder []string

func register(name string, c *Class) *Class {
	c.key = name
	classes[name] = c
	classOrder = append(classOrder, name)
	return c
}

// HandlerInfo describes a selectable handler class.
type HandlerInfo struct {
	Name        string   `json:"name"`
	Class       string   `json:"class"`
	MRO         []string `json:"mro"`
	Description string   `json:"description"`
}

// Handlers lists the handler classes that [LookupHandler] knows, in a
// stable order.
func Handlers() []HandlerInfo {
	var out []HandlerInfo
	for _, n := range classOrder {
		c := classes[n]
		out = append(out, HandlerInfo{Name: n, Class: c.Name, MRO: c.MRO(), Description: c.Description})
	}
	return out
}

// LookupHandler returns the handler class registered as name ("simple",
// "seed", "upload").
func LookupHandler(name string) (*Class, error) {
	if c, ok := classes[strings.ToLower(strings.TrimSpace(name))]; ok {
		return c, nil
	}
	return nil, fmt.Errorf("sim: unknown handler %q (have %s)", name, strings.Join(classOrder, ", "))
}

// HandlerSource returns the Python source of the handler registered as
// name, as it would run under profile p. For "simple" it is the command
// line, since python -m http.server needs no file.
func HandlerSource(name string, p *Profile) (string, error) {
	c, err := LookupHandler(name)
	if err != nil {
		return "", err
	}
	if p == nil {
		p = DefaultProfile()
	}
	if c.Source == nil {
		return "", nil
	}
	return c.Source(p), nil
}
