package sim

import (
	"encoding/base64"
	"github.com/httpsim/httpsim/sim/internal/pystr"
	"strings"
	"unicode/utf8"
)

// Field is one header as the handler's Message holds it.
type Field struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Message is self.headers: in 3.x an http.client.HTTPMessage (an
// email.message.Message parsed with the compat32 policy), in 2.7 a
// mimetools.Message. Names keep their case; lookups ignore it.
type Message struct {
	Fields []Field
	py3    bool
	// raw holds, for 2.7, the header lines exactly as read (str() of a
	// mimetools.Message is their concatenation).
	raw []string
	// payload holds, for 3.x, the lines from the first one that was not a
	// header on: the email parser keeps them as the message body.
	payload string
	// dict marks the empty dict that 3.14 uses as the headers of an
	// HTTP/0.9 request.
	dict bool
}

// Get is Message.get(name): the first matching field in 3.x, the last in
// 2.7 (whose fields live in a dict).
func (m *Message) Get(name string) (string, bool) {
	if m == nil {
		return "", false
	}
	if m.py3 {
		for _, f := range m.Fields {
			if strings.EqualFold(f.Name, name) {
				return f.Value, true
			}
		}
		return "", false
	}
	lname := pyLower(name, false)
	for i := len(m.Fields) - 1; i >= 0; i-- {
		if pyLower(m.Fields[i].Name, false) == lname {
			return m.Fields[i].Value, true
		}
	}
	return "", false
}

// Has is `name in self.headers`.
func (m *Message) Has(name string) bool {
	_, ok := m.Get(name)
	return ok
}

// String is str(self.headers), which print(self.headers) writes.
func (m *Message) String() string {
	if m == nil {
		return "None"
	}
	if m.dict {
		return "{}"
	}
	if !m.py3 {
		return strings.Join(m.raw, "")
	}
	var b strings.Builder
	for _, f := range m.Fields {
		b.WriteString(f.Name)
		b.WriteString(": ")
		b.WriteString(foldCompat32(f.Value))
		b.WriteString("\n")
	}
	b.WriteString("\n")
	// The Generator writes the body with its line ends made "\n".
	lines := pystr.SplitLinesKeep(m.payload)
	for _, l := range lines {
		t := strings.TrimRight(l, "\r\n")
		b.WriteString(t)
		if t != l {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// foldCompat32 renders a header value the way the compat32 policy's
// Generator does with maxheaderlen=0: lines are never wrapped, folded
// lines keep their leading whitespace, and a value that is not ASCII
// becomes one RFC 2047 encoded word in UTF-8.
func foldCompat32(v string) string {
	ascii := true
	for i := 0; i < len(v); i++ {
		if v[i] >= 0x80 {
			ascii = false
			break
		}
	}
	lines := splitLinesPy(v)
	if len(lines) == 0 {
		lines = []string{""}
	}
	var b strings.Builder
	for i, line := range lines {
		if i > 0 {
			b.WriteString("\n")
			if !ascii {
				b.WriteString(" ")
				line = strings.TrimLeft(line, " \t")
			}
		}
		if ascii {
			b.WriteString(line)
		} else {
			b.WriteString(encodedWord(line))
		}
	}
	return b.String()
}

// splitLinesPy is str.splitlines() for the characters a latin-1 header
// can hold.
func splitLinesPy(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if s[i] >= 0x80 {
			r, n = decodeRune(s[i:])
		}
		switch r {
		case '\n', '\x0b', '\x0c', '\x1c', '\x1d', '\x1e', '\x85', '\u2028', '\u2029':
			out = append(out, s[start:i])
			i += n
			start = i
		case '\r':
			out = append(out, s[start:i])
			i++
			if i < len(s) && s[i] == '\n' {
				i++
			}
			start = i
		default:
			i += n
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// encodedWord is email.header's SHORTEST choice for UTF-8 text: base64
// unless quoted-printable comes out shorter.
func encodedWord(s string) string {
	p := []byte(s)
	b64 := base64.StdEncoding.EncodeToString(p)
	var q strings.Builder
	for _, c := range p {
		switch {
		case c == ' ':
			q.WriteByte('_')
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			strings.IndexByte("-!*+/", c) >= 0:
			q.WriteByte(c)
		default:
			q.WriteByte('=')
			q.WriteByte("0123456789ABCDEF"[c>>4])
			q.WriteByte("0123456789ABCDEF"[c&15])
		}
	}
	if len(b64) < q.Len() {
		return "=?utf-8?b?" + b64 + "?="
	}
	return "=?utf-8?q?" + q.String() + "?="
}

// isHeaderNameByte is the character class of the email feedparser's
// header regexp: printable ASCII except the colon.
func isHeaderNameByte(c byte) bool {
	return c >= 0x21 && c <= 0x7e && c != ':'
}

// parseEmailHeaders is email.parser.Parser(...).parsestr(block) as far
// as the headers go, for http.client.parse_headers. block is the header
// section decoded as latin-1, terminator included. stripFold is the
// compat32 header_source_parse of 3.14, which strips spaces, tabs and
// line breaks from the start of the value joined with its continuation
// lines; before, only spaces and tabs of the first line went, so a value
// that starts on a continuation line kept the line break.
func parseEmailHeaders(block string, stripFold bool) (fields []Field, payload string) {
	lines := pystr.SplitLinesKeep(block)
	// The feedparser's header section ends at the first line that is not
	// a header, a continuation or a "From " envelope line. A blank line is
	// the separator; anything else starts the (discarded) payload.
	var hdr []string
	for i, line := range lines {
		if strings.HasPrefix(line, "From ") || line != "" && (line[0] == ' ' || line[0] == '\t') {
			hdr = append(hdr, line)
			continue
		}
		j := 0
		for j < len(line) && isHeaderNameByte(line[j]) {
			j++
		}
		if j < len(line) && line[j] == ':' {
			hdr = append(hdr, line)
			continue
		}
		if !isLineBreakOnly(line) {
			payload = strings.Join(lines[i:], "")
		}
		break
	}
	var lastName string
	var lastValue []string
	flush := func() {
		if lastName == "" {
			return
		}
		first := lastValue[0]
		v := strings.TrimLeft(first[len(lastName)+1:], " \t") + strings.Join(lastValue[1:], "")
		if stripFold {
			v = strings.TrimLeft(first[len(lastName)+1:]+strings.Join(lastValue[1:], ""), " \t\r\n")
		}
		fields = append(fields, Field{Name: lastName, Value: strings.TrimRight(v, "\r\n")})
		lastName, lastValue = "", nil
	}
	for i, line := range hdr {
		if line[0] == ' ' || line[0] == '\t' {
			if lastName == "" {
				continue // FirstHeaderLineIsContinuationDefect
			}
			lastValue = append(lastValue, line)
			continue
		}
		flush()
		if strings.HasPrefix(line, "From ") {
			// A unix-from envelope line: on the first line it is kept
			// apart, elsewhere it is a defect; either way not a header.
			if i == len(hdr)-1 && i != 0 {
				break
			}
			continue
		}
		c := strings.IndexByte(line, ':')
		if c == 0 {
			continue // InvalidHeaderDefect: missing header name
		}
		lastName = line[:c]
		lastValue = []string{line}
	}
	flush()
	return fields, payload
}

func isLineBreakOnly(s string) bool {
	return s == "\r\n" || s == "\n" || s == "\r"
}

// rfc822Reader is mimetools.Message(rfile, 0) for 2.7 (the header loop
// of rfc822.Message.readheaders), fed one line at a time as it is read
// from rfile, so that it also decides where reading stops.
type rfc822Reader struct {
	started bool
	seen    string // the lower-cased name of the last header, "" if none
	// fields are the dict's view (a repeated name replaces the earlier
	// value), raw the lines str() prints, received every field in order.
	fields, received []Field
	raw              []string
}

// feed takes the next line (with its ending, never empty) and reports
// whether reading stops after it: at a blank line, or at a line that is
// not a header, which is lost since a socket file cannot unread.
func (r *rfc822Reader) feed(line string) (done bool) {
	if !r.started && strings.HasPrefix(line, "From ") {
		return false // unix-from lines before the first header
	}
	r.started = true
	if r.seen != "" && (line[0] == ' ' || line[0] == '\t') {
		r.raw = append(r.raw, line)
		last := &r.fields[len(r.fields)-1]
		last.Value = strip2(last.Value + "\n " + strip2(line))
		r.received[len(r.received)-1].Value = last.Value
		return false
	}
	if line == "\r\n" || line == "\n" {
		return true
	}
	c := strings.IndexByte(line, ':')
	if c < 0 {
		return true
	}
	r.seen = pyLower(line[:c], false)
	if c == 0 {
		return false // an empty name: skipped
	}
	r.raw = append(r.raw, line)
	v := strip2(line[c+1:])
	// A repeated name replaces the earlier value in the dict but both
	// lines stay in the raw list.
	for i := range r.fields {
		if pyLower(r.fields[i].Name, false) == r.seen {
			r.fields = append(r.fields[:i], r.fields[i+1:]...)
			break
		}
	}
	r.fields = append(r.fields, Field{Name: line[:c], Value: v})
	r.received = append(r.received, Field{Name: line[:c], Value: v})
	return false
}

func decodeRune(s string) (rune, int) { return utf8.DecodeRuneInString(s) }

// strip2 is str.strip() on a Python 2 byte string.
func strip2(s string) string { return strings.Trim(s, " \t\n\r\x0b\x0c") }
