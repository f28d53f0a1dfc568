package pycgi

import (
	"github.com/httpsim/httpsim/sim/internal/pystr"
	"strings"
)

// Headers is self.headers as FieldStorage consults it: `name in headers`
// and headers[name] for Content-Type, Content-Length and
// Content-Disposition, and the handler's own headers['Content-Type'].
//
// Get reports the value the handler's message object returns for name,
// matched without regard to case. In 3.x self.headers is an
// http.client.HTTPMessage (an email.message.Message): the first field
// with that name wins and the value is the Python str, given here as
// UTF-8 (http.client decodes header bytes as Latin-1, so a byte 0xE9 is
// the character U+00E9). In 2.7 it is a mimetools.Message: the last field
// wins, the value is stripped, continuation lines are joined with
// "\n ", and the value is the raw bytes.
type Headers interface {
	Get(name string) (value string, ok bool)
}

// headerMap is the part of a message FieldStorage reads.
type headerMap interface {
	get(name string) (string, bool)
}

// outerHeaders adapts the caller's [Headers]. In 3.x it makes sure the
// values are valid text.
type outerHeaders struct {
	h   Headers
	py3 bool
}

func (o outerHeaders) get(name string) (string, bool) {
	if o.h == nil {
		return "", false
	}
	v, ok := o.h.Get(name)
	if ok && o.py3 {
		v = fromLatin1Fallback(v)
	}
	return v, ok
}

// emailHeaders is the email.message.Message that FeedParser builds from a
// part's header text in 3.x: fields in order, the first match wins.
type emailHeaders []pair

func (e emailHeaders) get(name string) (string, bool) {
	for _, f := range e {
		if strings.EqualFold(f.name, name) {
			return f.value, true
		}
	}
	return "", false
}

// without is `del headers[name]`: every field with that name goes.
func (e emailHeaders) without(name string) emailHeaders {
	out := e[:0:0]
	for _, f := range e {
		if !strings.EqualFold(f.name, name) {
			out = append(out, f)
		}
	}
	return out
}

// rfc822Headers is the dict of an rfc822.Message in 2.7: lower-cased
// names, stripped values, the last duplicate wins.
type rfc822Headers map[string]string

func (r rfc822Headers) get(name string) (string, bool) {
	v, ok := r[lowerASCII(name)]
	return v, ok
}

// parseEmailHeaders is FeedParser().feed(text); .close() as far as the
// headers go, with the compat32 policy
// (https://github.com/python/cpython/blob/v3.12.1/Lib/email/feedparser.py,
// _parsegen and _parse_headers;
// https://github.com/python/cpython/blob/v3.12.1/Lib/email/_policybase.py,
// Compat32.header_source_parse).
func parseEmailHeaders(text string) emailHeaders {
	var lines []string
	for _, line := range pystr.SplitLinesKeep(text) {
		if !isHeaderLine(line) {
			break
		}
		lines = append(lines, line)
	}
	var out emailHeaders
	var last []string
	flush := func() {
		if last == nil {
			return
		}
		first := last[0]
		i := strings.IndexByte(first, ':')
		value := strings.TrimLeft(first[i+1:], " \t") + strings.Join(last[1:], "")
		out = append(out, pair{first[:i], strings.TrimRight(value, "\r\n")})
		last = nil
	}
	for lineno, line := range lines {
		if line[0] == ' ' || line[0] == '\t' {
			if last != nil {
				last = append(last, line)
			}
			continue
		}
		flush()
		if strings.HasPrefix(line, "From ") {
			if lineno == len(lines)-1 && lineno != 0 {
				// Taken for the first line of the body.
				return out
			}
			// The unix-from envelope, or a misplaced one: not a field.
			continue
		}
		i := strings.IndexByte(line, ':')
		if i <= 0 {
			continue
		}
		last = []string{line}
	}
	flush()
	return out
}

// isHeaderLine is headerRE.match(line) in email.feedparser:
// "From ", a name of printable ASCII without ':' then ':', or leading
// whitespace.
func isHeaderLine(line string) bool {
	if strings.HasPrefix(line, "From ") {
		return true
	}
	if line != "" && (line[0] == ' ' || line[0] == '\t') {
		return true
	}
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c == ':' {
			return true
		}
		if c < 0x21 || c > 0x7e {
			return false
		}
	}
	return false
}

// readRFC822 is rfc822.Message(fp) in Python 2.7, which FieldStorage uses
// for the headers of each part. The rfile of a socket cannot tell(), so a
// line that is not a header ends the headers and is lost with them
// (https://github.com/python/cpython/blob/v2.7.18/Lib/rfc822.py,
// readheaders).
func readRFC822(s *stream) rfc822Headers {
	h := rfc822Headers{}
	headerseen := ""
	first := true
	for {
		line := string(s.readline(-1))
		if line == "" {
			return h // EOF in headers
		}
		if first && strings.HasPrefix(line, "From ") {
			continue // unix-from
		}
		first = false
		if headerseen != "" && (line[0] == ' ' || line[0] == '\t') {
			h[headerseen] = stripBytes(h[headerseen] + "\n " + stripBytes(line))
			continue
		}
		if line == "\r\n" || line == "\n" {
			return h
		}
		i := strings.IndexByte(line, ':')
		if i < 0 {
			return h // non-header line where header expected; bad seek
		}
		headerseen = lowerASCII(line[:i])
		if headerseen != "" {
			h[headerseen] = stripBytes(line[i+1:])
		}
	}
}

// parseHeader is cgi.parse_header: the first ';'-separated piece, and the
// parameters whose names matter here, lower-cased, with one level of
// double quotes removed. py3 picks str.strip() over bytes-style strip
// (https://github.com/python/cpython/blob/v3.12.1/Lib/cgi.py).
func parseHeader(line string, py3 bool) (key string, params map[string]string) {
	strip := stripBytes
	if py3 {
		strip = strip3
	}
	parts := parseParams(";"+line, strip)
	params = map[string]string{}
	for _, p := range parts[1:] {
		i := strings.IndexByte(p, '=')
		if i < 0 {
			continue
		}
		name := lowerASCII(strip(p[:i]))
		value := strip(p[i+1:])
		if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
			value = value[1 : len(value)-1]
			value = strings.ReplaceAll(value, `\\`, `\`)
			value = strings.ReplaceAll(value, `\"`, `"`)
		}
		params[name] = value
	}
	return parts[0], params
}

// parseParams is cgi._parseparam: split at each ';' that is outside
// double quotes (a quote preceded by a backslash does not count).
func parseParams(s string, strip func(string) string) []string {
	var out []string
	for strings.HasPrefix(s, ";") {
		s = s[1:]
		end := strings.IndexByte(s, ';')
		for end > 0 && (strings.Count(s[:end], `"`)-strings.Count(s[:end], `\"`))%2 != 0 {
			next := strings.IndexByte(s[end+1:], ';')
			if next < 0 {
				end = -1
				break
			}
			end += 1 + next
		}
		if end < 0 {
			end = len(s)
		}
		out = append(out, strip(s[:end]))
		s = s[end:]
	}
	return out
}

// validBoundary is cgi.valid_boundary: re.match("^[ -~]{0,200}[!-~]$", s).
// '$' also matches before a final newline.
func validBoundary(s string) bool {
	if strings.HasSuffix(s, "\n") && validBoundaryExact(s[:len(s)-1]) {
		return true
	}
	return validBoundaryExact(s)
}

func validBoundaryExact(s string) bool {
	if len(s) < 1 || len(s) > 201 {
		return false
	}
	for i := 0; i < len(s)-1; i++ {
		if s[i] < ' ' || s[i] > '~' {
			return false
		}
	}
	c := s[len(s)-1]
	return c >= '!' && c <= '~'
}
