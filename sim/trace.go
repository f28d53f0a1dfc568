package sim

// Frame is one Python call on the dispatch path: which function ran, where
// its def is in the chosen version's source, and the values that decided
// what it did.
type Frame struct {
	// Fn is the Python-qualified name, such as
	// "http.server.BaseHTTPRequestHandler.handle_one_request" or, for
	// handler code of ours, "ServerHandler.do_GET".
	Fn string `json:"fn"`
	// File and Line locate the def: "Lib/http/server.py" and its line in
	// the profile's version, or the handler file ("seed.py") for handler
	// classes.
	File string `json:"file"`
	Line int    `json:"line"`
	// URL links the line on GitHub; it is empty for handler code.
	URL string `json:"url,omitempty"`
	// Depth is the call depth, 0 for serve_forever.
	Depth int `json:"depth"`
	// Values are the names and Python reprs that mattered in this call.
	Values []Value `json:"values,omitempty"`
	// Note says in words what this call decided, when that is not obvious.
	Note string `json:"note,omitempty"`
	// Ran lists statements of this function that ran and that the path
	// turned on ("method()", "send_error(404)"), each with its line, in
	// the order they ran.
	Ran []Stmt `json:"ran,omitempty"`
	// Wrote ties the call to its output: the response bytes, stderr
	// lines and stdout lines written while it (or a call it made) ran.
	Wrote Span `json:"wrote"`
	// Steps are the lines a learner's method ran, in order, when the
	// frame is one (see [Handler.Step]).
	Steps []Step `json:"steps,omitempty"`
}

// Span locates what one call wrote on the connection, as half-open
// ranges: Out[0]:Out[1] are offsets into [Result.Response], Log and
// Stdout index the connection's stderr and stdout lines (a write that
// ends without a newline counts as a line).
type Span struct {
	// int32 keeps a frame small: a trace has dozens of them per request.
	Out    [2]int32 `json:"out"`
	Log    [2]int32 `json:"log"`
	Stdout [2]int32 `json:"stdout"`
}

// Step is one line of a learner's code that ran, with the reprs of the
// local variables after it.
type Step struct {
	Fn     string  `json:"fn,omitempty"`
	Line   int     `json:"line"`
	Locals []Value `json:"locals,omitempty"`
}

// Value is a named value shown on a [Frame], as Python's repr shows it.
type Value struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Stmt is one statement inside a frame's function: Code is the
// statement as the trace shows it, Line and URL locate it in the
// version's source.
type Stmt struct {
	Code string `json:"code"`
	Line int    `json:"line"`
	URL  string `json:"url"`
}
