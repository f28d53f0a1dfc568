package pydata

import "strings"

// Tracebacks.
//
// When an exception escapes a handler, socketserver's handle_error prints
// a banner and the traceback, and the connection closes without a
// response:
//
//	----------------------------------------
//	Exception occurred during processing of request from ('127.0.0.1', 50312)
//	Traceback (most recent call last):
//	  File "<lib>/socketserver.py", line <n>, in process_request_thread
//	    <source line>
//	  ...
//	ValueError: embedded null byte
//	----------------------------------------
//
// 3.x writes all of it to stderr; 2.7 prints the dashes and the banner
// line to stdout and only the traceback to stderr. The banner says
// "happened" in 2.7-3.8 and "occurred" from 3.9; the simulator prints
// it itself.
//
// A traceback quotes CPython source lines and, from 3.11, caret lines
// under them, so unlike the rest of this package it is source text. It
// is recorded, never typed: tbgen (go generate) starts each real server
// as users run it, sends each [Trigger]'s bytes and writes what
// handle_error printed to zz_tracebacks.go. See tbgen/main.go for the
// exact set-up.

// A Traceback is the "Traceback (most recent call last):" block that
// CPython printed for one trigger.
type Traceback struct {
	// Entries are the frames, outermost first. Each is a File line and
	// the source and caret lines under it, every line ending in "\n":
	//
	//	  File "$PYLIB/http/server.py", line <n>, in send_head
	//	    <source line>
	//	        <carets, 3.11+>
	//
	// The path in the File line starts with one of two tokens: $PYLIB,
	// the interpreter's standard library directory, or $ROOT, the
	// directory the server was started in, which holds the script
	// ("$ROOT/seed.py"). [Traceback.Render] replaces them.
	Entries []string

	// Exception is the last line, "ValueError: embedded null byte",
	// without its newline.
	Exception string
}

// Render returns the traceback as CPython prints it, with pylib and root
// (directories without a trailing slash) in place of $PYLIB and $ROOT:
//
//	Traceback (most recent call last):
//	<entries>
//	<exception>
//
// A root of "" drops the "$ROOT/" prefix instead, giving the relative
// path ("seed.py") that 2.7-3.8 print for a script started as
// `python seed.py`; 3.9+ print the absolute path either way.
func (t *Traceback) Render(pylib, root string) string {
	const file = `  File "`
	var b strings.Builder
	b.WriteString("Traceback (most recent call last):\n")
	for _, e := range t.Entries {
		rest, ok := strings.CutPrefix(e, file)
		if !ok {
			b.WriteString(e)
			continue
		}
		b.WriteString(file)
		if r, ok := strings.CutPrefix(rest, "$PYLIB/"); ok {
			b.WriteString(pylib + "/")
			rest = r
		} else if r, ok := strings.CutPrefix(rest, "$ROOT/"); ok {
			if root != "" {
				b.WriteString(root + "/")
			}
			rest = r
		}
		b.WriteString(rest)
	}
	b.WriteString(t.Exception)
	b.WriteString("\n")
	return b.String()
}

// Traceback returns the traceback that v printed when trigger (one of the
// Trigger constants) was sent to handler ("simple", "seed" or "upload").
// It reports false when v answered instead of raising, when the trigger
// is not sent to that handler, and for the seed handler on 3.13 and
// 3.14, which cannot import cgi and never start.
func (v *Version) Traceback(handler, trigger string) (*Traceback, bool) {
	tb, ok := tracebacks[tracebackKey{v.Name, handler, trigger}]
	return tb, ok
}

// ServerEntries returns the entries that a traceback of v starts with
// under a server class ("TCPServer", "HTTPServer", "ThreadingHTTPServer"
// or "cli", python -m http.server's): those of the loop that caught the
// exception (_handle_request_noblock, process_request_thread) down to the
// last finish_request. A recorded handler traceback spliced after them
// (from its first entry past its own finish_request) is what CPython
// prints for that handler under that class: tbgen checks that the
// handler's frames do not depend on the class.
func (v *Version) ServerEntries(class string) ([]string, bool) {
	e, ok := serverEntries[serverKey{v.Name, class}]
	return e, ok
}

type serverKey struct{ version, class string }

// tracebackKey indexes tracebacks, which zz_tracebacks.go defines.
type tracebackKey struct{ version, handler, trigger string }

// A Trigger is a request that makes some handler raise in some version.
// [Triggers] lists them; the constants below document each.
type Trigger struct {
	ID       string   // one of the Trigger constants
	Handlers []string // the handlers it was sent to
	Request  string   // the bytes sent, after which the client half-closes
}

// The trigger IDs. Each comment gives the request (as a Go string) and
// the Python call that raises, by version. "Answers" means the server
// sends a response and prints no traceback. Versions not named for the
// seed handler are 3.13 and 3.14, where it does not start. 3.14 behaves
// as 3.13 for every trigger (recorded from Pyodide's CPython 3.14.2).
//
// The served directory holds a.txt and sub/. Paths below are the
// handlers' own: send_head and do_GET/do_HEAD are
// SimpleHTTPRequestHandler's, do_POST is seed.py's, do_PUT upload.py's,
// FieldStorage is cgi.FieldStorage.
const (
	// TriggerNulGET is a GET with a NUL byte in the path, to every
	// handler:
	//
	//	"GET /a%00b HTTP/1.0\r\n\r\n"
	//
	// 2.7: os.path.isdir(path) in send_head; genericpath.isdir's
	// os.stat raises "TypeError: stat() argument 1 must be encoded
	// string without null bytes, not str".
	// 3.6, 3.7: the same isdir call; os.stat raises "ValueError: embedded
	// null byte".
	// 3.8+: isdir swallows the ValueError since 3.8, and open(path, 'rb')
	// in send_head raises it.
	// The seed handler adds its do_GET frame above the inherited one.
	TriggerNulGET = "nul-GET"

	// TriggerNulHEAD is TriggerNulGET through do_HEAD, to every handler:
	//
	//	"HEAD /a%00b HTTP/1.0\r\n\r\n"
	//
	// The same calls raise as for GET.
	TriggerNulHEAD = "nul-HEAD"

	// TriggerNulPOST is a well-formed form POST with a NUL in the path,
	// to seed:
	//
	//	"POST /a%00b HTTP/1.0\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\nk=v"
	//
	// FieldStorage parses the body and do_POST prints the field; then
	// do_POST calls do_GET, and send_head raises as for TriggerNulGET
	// (2.7-3.12).
	TriggerNulPOST = "nul-POST"

	// TriggerNulPUT is a PUT with a NUL in the path, to upload:
	//
	//	"PUT /x%00y HTTP/1.0\r\nContent-Length: 1\r\n\r\nz"
	//
	// 2.7: os.path.isdir(path) in do_PUT (TypeError from os.stat).
	// 3.6, 3.7: os.path.isdir(path) in do_PUT (ValueError from os.stat).
	// 3.8+: open(path, 'wb') in do_PUT, "ValueError: embedded null
	// byte", which do_PUT's except (IOError, OSError) lets through.
	TriggerNulPUT = "nul-PUT"

	// TriggerPutNegativeLength is a PUT with a negative length, to upload:
	//
	//	"PUT /x HTTP/1.0\r\nContent-Length: -5\r\n\r\nz"
	//
	// 3.x: self.rfile.read(length) in do_PUT: "ValueError: read length
	// must be positive or -1" (3.6), "... must be non-negative or -1"
	// (3.7+). open(path, 'wb') has run by then: an empty x is left behind.
	// 2.7 answers 201: socket._fileobject.read reads to EOF for any
	// negative size, and x holds "z".
	TriggerPutNegativeLength = "put-negative-length"

	// TriggerPutHugeLength is a PUT whose length does not fit in a C
	// ssize_t, to upload:
	//
	//	"PUT /x HTTP/1.0\r\nContent-Length: 99999999999999999999\r\n\r\nz"
	//
	// 2.7: self._sock.recv(left) in socket._fileobject.read, called by
	// self.rfile.read(length) in do_PUT: "OverflowError: Python int too
	// large to convert to C long".
	// 3.x: self.rfile.read(length) in do_PUT: "OverflowError: cannot fit
	// 'int' into an index-sized integer".
	// As with TriggerPutNegativeLength, an empty x is left behind.
	TriggerPutHugeLength = "put-huge-length"

	// TriggerPostNoContentType is a POST without Content-Type, to seed:
	//
	//	"POST / HTTP/1.0\r\nContent-Length: 3\r\n\r\nk=v"
	//
	// 2.7: self.headers['Content-Type'] in do_POST, where
	// rfc822.Message.__getitem__ raises "KeyError: 'content-type'".
	// 3.6-3.12 answer 200 (the listing): the header lookup gives None and
	// FieldStorage parses a POST without a type as a form.
	TriggerPostNoContentType = "post-no-content-type"

	// TriggerPostTextPlain is a text/plain POST without a length, to seed:
	//
	//	"POST / HTTP/1.0\r\nContent-Type: text/plain\r\n\r\nz"
	//
	// All (2.7-3.12): `for item in form.list` in do_POST: FieldStorage
	// read the body as one value (read_single) and left list None:
	// "TypeError: 'NoneType' object is not iterable".
	TriggerPostTextPlain = "post-text-plain"

	// TriggerPostTextPlainLength is a text/plain POST with a length, to
	// seed:
	//
	//	"POST / HTTP/1.0\r\nContent-Type: text/plain\r\nContent-Length: 1\r\n\r\nz"
	//
	// 2.7: as TriggerPostTextPlain.
	// 3.6-3.12: self.file.write(data) in FieldStorage.read_binary (from
	// __init__ → read_single): make_file opened a text-mode temporary
	// file for a field without a filename, and data is bytes: "TypeError:
	// write() argument must be str, not bytes".
	TriggerPostTextPlainLength = "post-text-plain-length"

	// TriggerPostNegativeLength is a form POST with a negative length, to
	// seed:
	//
	//	"POST / HTTP/1.0\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: -5\r\n\r\nk=v"
	//
	// 3.6-3.12: qs = self.fp.read(self.length) in
	// FieldStorage.read_urlencoded, with the ValueError texts of
	// TriggerPutNegativeLength.
	// 2.7 answers 200: the read goes to EOF.
	TriggerPostNegativeLength = "post-negative-length"

	// TriggerPostHugeLength is a form POST whose length does not fit in a
	// C ssize_t, to seed:
	//
	//	"POST / HTTP/1.0\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 99999999999999999999\r\n\r\nk=v"
	//
	// 2.7: socket._fileobject.read under self.fp.read(self.length) in
	// FieldStorage.read_urlencoded (OverflowError as in
	// TriggerPutHugeLength).
	// 3.6-3.12: self.fp.read(self.length) in read_urlencoded, "OverflowError:
	// cannot fit 'int' into an index-sized integer".
	TriggerPostHugeLength = "post-huge-length"

	// TriggerPostBadLength is a form POST with a non-numeric length, to
	// seed:
	//
	//	"POST / HTTP/1.0\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: abc\r\n\r\nk=v"
	//
	// Answers 200 in every version: FieldStorage catches int()'s
	// ValueError and reads to EOF. It is recorded so that the generator
	// notices if that changes.
	TriggerPostBadLength = "post-bad-length"

	// TriggerPostMultipartNoBoundary is a multipart POST without a
	// boundary parameter, to seed:
	//
	//	"POST / HTTP/1.0\r\nContent-Type: multipart/form-data\r\nContent-Length: 1\r\n\r\nz"
	//
	// All (2.7-3.12): the valid_boundary check at the top of
	// FieldStorage.read_multi (from __init__): "ValueError: Invalid
	// boundary in multipart form: ''" (2.7), "... b''" (3.x).
	TriggerPostMultipartNoBoundary = "post-multipart-no-boundary"

	// TriggerPostMultipartBadBoundary is a multipart POST whose boundary
	// fails valid_boundary (it ends in a space), to seed:
	//
	//	"POST / HTTP/1.0\r\nContent-Type: multipart/form-data; boundary=\"a \"\r\nContent-Length: 1\r\n\r\nz"
	//
	// As TriggerPostMultipartNoBoundary, with the message ending in
	// 'a ' (2.7) or b'a ' (3.x): the %r of the boundary.
	TriggerPostMultipartBadBoundary = "post-multipart-bad-boundary"

	// TriggerPostMultipartNestedNoBoundary is a valid multipart POST
	// whose one part is itself multipart without a boundary, to seed:
	//
	//	"POST / HTTP/1.0\r\nContent-Type: multipart/form-data; boundary=xx\r\nContent-Length: 92\r\n\r\n--xx\r\nContent-Disposition: form-data; name=\"a\"\r\nContent-Type: multipart/mixed\r\n\r\nv\r\n--xx--\r\n"
	//
	// All (2.7-3.12): the same valid_boundary check, one level down:
	// read_multi creates the part's FieldStorage (`part = klass(...)`),
	// whose __init__ calls read_multi, which raises "ValueError: Invalid
	// boundary in multipart form: ''" (2.7) or "b''" (3.x).
	TriggerPostMultipartNestedNoBoundary = "post-multipart-nested-no-boundary"

	// TriggerPostMultipartZeroLength is a valid multipart body sent with
	// Content-Length: 0, to seed:
	//
	//	"POST / HTTP/1.0\r\nContent-Type: multipart/form-data; boundary=xx\r\nContent-Length: 0\r\n\r\n--xx\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--xx--\r\n"
	//
	// 3.6 only: FieldStorage.read_multi computes self.limit-self.bytes_read
	// for the part, and 3.6 sets limit from the length only when it is
	// non-zero: "TypeError: unsupported operand type(s) for -: 'NoneType'
	// and 'int'". 2.7 and 3.7-3.12 answer 200 (the body is read past the
	// length anyway).
	TriggerPostMultipartZeroLength = "post-multipart-zero-length"

	// TriggerPostMultipartNegativeLength is the body of
	// TriggerPostMultipartZeroLength with Content-Length: -5, to seed:
	//
	//	"POST / HTTP/1.0\r\nContent-Type: multipart/form-data; boundary=xx\r\nContent-Length: -5\r\n\r\n--xx\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--xx--\r\n"
	//
	// Answers 200 in every version (recorded to notice a change).
	TriggerPostMultipartNegativeLength = "post-multipart-negative-length"

	// TriggerPostMultipartBadLength is the same body with
	// Content-Length: abc, to seed:
	//
	//	"POST / HTTP/1.0\r\nContent-Type: multipart/form-data; boundary=xx\r\nContent-Length: abc\r\n\r\n--xx\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--xx--\r\n"
	//
	// Answers 200 in every version (recorded to notice a change).
	TriggerPostMultipartBadLength = "post-multipart-bad-length"

	// TriggerListingLoneSurrogate is a directory listing whose query
	// unquotes to a surrogate that is not an escape, to every handler:
	//
	//	"GET /sub/?%ED%A0%80 HTTP/1.0\r\n\r\n"
	//
	// 3.x: list_directory's displaypath unquotes with
	// errors='surrogatepass' to U+D800, and encoding the page with
	// surrogateescape raises "UnicodeEncodeError: 'utf-8' codec can't
	// encode character '\ud800' in position N: surrogates not allowed"
	// before anything is sent. 2.7 answers 200 (the title holds the bytes).
	TriggerListingLoneSurrogate = "listing-lone-surrogate"
)
