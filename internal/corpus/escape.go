package corpus

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// The byte notation of request and transcript sections. It is documented
// for humans in testdata/corpus/README.md; in short:
//
//	GET /a.txt HTTP/1.0\r\n
//	X-Long: \{repeat 70000 a}\r\n
//	\r\n
//
// Line breaks in the text are layout and carry no bytes. Every other byte
// stands for itself (UTF-8 text included) except the backslash, which
// starts one of
//
//	\r \n \t     carriage return, line feed, tab
//	\\ \}        backslash, right brace
//	\xHH         the byte 0xHH (two hex digits, either case)
//	\{repeat N TEXT}
//	             TEXT (itself in this notation, ending at the first
//	             unescaped '}') repeated N times
const maxRepeat = 1 << 24 // bound on one \{repeat} expansion, against typos like 7000000000

// Decode returns the bytes that text stands for in the notation.
func Decode(text []byte) ([]byte, error) {
	d := decoder{src: text}
	out, err := d.decode(false)
	if err != nil {
		return nil, err
	}
	return out, nil
}

type decoder struct {
	src []byte
	pos int
}

func (d *decoder) errorf(format string, args ...any) error {
	line := 1 + bytes.Count(d.src[:min(d.pos, len(d.src))], []byte("\n"))
	return fmt.Errorf("line %d: %s", line, fmt.Sprintf(format, args...))
}

// decode decodes up to the end of the input or, inside a repeat, up to
// and including the closing '}'.
func (d *decoder) decode(inRepeat bool) ([]byte, error) {
	var out []byte
	for d.pos < len(d.src) {
		c := d.src[d.pos]
		switch c {
		case '\n', '\r':
			d.pos++
			continue
		case '}':
			if inRepeat {
				d.pos++
				return out, nil
			}
		case '\\':
			b, err := d.escape()
			if err != nil {
				return nil, err
			}
			out = append(out, b...)
			continue
		}
		out = append(out, c)
		d.pos++
	}
	if inRepeat {
		return nil, d.errorf(`unterminated \{repeat}`)
	}
	return out, nil
}

// escape decodes the escape sequence at d.pos.
func (d *decoder) escape() ([]byte, error) {
	if d.pos+1 >= len(d.src) {
		return nil, d.errorf(`backslash at end of text`)
	}
	c := d.src[d.pos+1]
	d.pos += 2
	switch c {
	case 'r':
		return []byte{'\r'}, nil
	case 'n':
		return []byte{'\n'}, nil
	case 't':
		return []byte{'\t'}, nil
	case '\\', '}':
		return []byte{c}, nil
	case 'x':
		if d.pos+2 > len(d.src) {
			return nil, d.errorf(`short \x escape`)
		}
		v, err := strconv.ParseUint(string(d.src[d.pos:d.pos+2]), 16, 8)
		if err != nil {
			return nil, d.errorf(`bad \x escape %q`, d.src[d.pos-2:d.pos+2])
		}
		d.pos += 2
		return []byte{byte(v)}, nil
	case '{':
		const kw = "repeat "
		if !bytes.HasPrefix(d.src[d.pos:], []byte(kw)) {
			return nil, d.errorf(`\{ must start \{repeat N TEXT}`)
		}
		d.pos += len(kw)
		start := d.pos
		for d.pos < len(d.src) && '0' <= d.src[d.pos] && d.src[d.pos] <= '9' {
			d.pos++
		}
		n, err := strconv.Atoi(string(d.src[start:d.pos]))
		if err != nil || d.pos >= len(d.src) || d.src[d.pos] != ' ' {
			return nil, d.errorf(`want \{repeat N TEXT} with a decimal count N and one space`)
		}
		d.pos++
		body, err := d.decode(true)
		if err != nil {
			return nil, err
		}
		if n*len(body) > maxRepeat {
			return nil, d.errorf(`\{repeat} expands to more than %d bytes`, maxRepeat)
		}
		return bytes.Repeat(body, n), nil
	}
	return nil, d.errorf(`unknown escape \%c`, c)
}

// Encode writes data in the notation, readably: text stays text, a line
// break follows every '\n', long lines wrap, runs of one byte become
// \{repeat}, and bytes that would be invisible or ambiguous are escaped
// (so a trailing space is written \x20). Decode(Encode(b)) == b.
// The result is empty for empty data and otherwise ends in a newline.
func Encode(data []byte) []byte {
	const (
		wrap   = 120 // wrap lines that would get longer than this
		minRun = 64  // shortest run written as \{repeat}
	)
	var out, line []byte
	flush := func() {
		if len(line) == 0 {
			return
		}
		if line[len(line)-1] == ' ' {
			line = append(line[:len(line)-1], `\x20`...)
		}
		if bytes.HasPrefix(line, []byte("-- ")) { // would read as a txtar marker
			out = append(out, `\x2d`...)
			line = line[1:]
		}
		out = append(out, line...)
		out = append(out, '\n')
		line = line[:0]
	}
	for i := 0; i < len(data); {
		c := data[i]
		n := 1
		for i+n < len(data) && data[i+n] == c {
			n++
		}
		var tok []byte
		switch {
		case n >= minRun:
			tok = fmt.Appendf(nil, `\{repeat %d %s}`, n, escapeByte(c, true))
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(data[i:])
			n = 1
			if size > 1 && unicode.IsPrint(r) {
				n = size
				tok = data[i : i+size]
			} else {
				tok = escapeByte(c, false)
			}
		default:
			n = 1
			tok = escapeByte(c, false)
		}
		if len(line) > 0 && len(line)+len(tok) > wrap {
			flush()
		}
		line = append(line, tok...)
		if data[i+n-1] == '\n' {
			flush()
		}
		i += n
	}
	flush()
	return out
}

// escapeByte returns the notation for the single byte c.
func escapeByte(c byte, inRepeat bool) []byte {
	switch {
	case c == '\r':
		return []byte(`\r`)
	case c == '\n':
		return []byte(`\n`)
	case c == '\t':
		return []byte(`\t`)
	case c == '\\':
		return []byte(`\\`)
	case c == '}' && inRepeat:
		return []byte(`\}`)
	case c < 0x20 || c >= 0x7f:
		return fmt.Appendf(nil, `\x%02x`, c)
	}
	return []byte{c}
}
