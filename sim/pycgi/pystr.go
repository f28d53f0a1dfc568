package pycgi

import (
	"github.com/httpsim/httpsim/sim/internal/pystr"
	"strings"
	"unicode/utf8"
)

// This file holds the few Python string operations FieldStorage's output
// depends on. A Python 3 str is held as a Go string of valid UTF-8; a
// Python 3 bytes object and every Python 2.7 str is held as a Go string of
// raw bytes.

// fromLatin1Fallback returns s unchanged when it is valid UTF-8 and
// otherwise reads each byte that is not part of a valid UTF-8 sequence as
// a Latin-1 character, the way http.client decodes header bytes. It lets
// a caller hand over raw header bytes without producing invalid text.
func fromLatin1Fallback(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var sb strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 {
			sb.WriteRune(rune(s[i]))
			i++
			continue
		}
		sb.WriteString(s[i : i+n])
		i += n
	}
	return sb.String()
}

// strip3 is str.strip() in Python 3.
func strip3(s string) string {
	return strings.TrimFunc(s, pystr.IsSpace3)
}

// stripBytes is bytes.strip(), and str.strip() in Python 2.7.
func stripBytes(s string) string {
	i, j := 0, len(s)
	for i < j && pystr.IsSpace2(s[i]) {
		i++
	}
	for j > i && pystr.IsSpace2(s[j-1]) {
		j--
	}
	return s[i:j]
}

// rstripBytes is bytes.rstrip().
func rstripBytes(s string) string {
	j := len(s)
	for j > 0 && pystr.IsSpace2(s[j-1]) {
		j--
	}
	return s[:j]
}

// lowerASCII is str.lower() for the parameter names parse_header looks
// up; only ASCII letters can fold onto "name", "filename" or "boundary".
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

const hexDigits = "0123456789abcdef"

// quoteChar is the quote repr picks: a single quote unless the text has
// one and no double quote.
func quoteChar(s string) byte {
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		return '"'
	}
	return '\''
}

// reprBytes is repr() of a Python 3 bytes object without its b prefix,
// which is also repr() of a Python 2.7 str
// (https://github.com/python/cpython/blob/v3.12.1/Objects/bytesobject.c,
// PyBytes_Repr).
func reprBytes(sb *strings.Builder, s string) {
	q := quoteChar(s)
	sb.WriteByte(q)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == q || c == '\\':
			sb.WriteByte('\\')
			sb.WriteByte(c)
		case c == '\t':
			sb.WriteString(`\t`)
		case c == '\n':
			sb.WriteString(`\n`)
		case c == '\r':
			sb.WriteString(`\r`)
		case c < ' ' || c >= 0x7f:
			sb.WriteString(`\x`)
			sb.WriteByte(hexDigits[c>>4])
			sb.WriteByte(hexDigits[c&15])
		default:
			sb.WriteByte(c)
		}
	}
	sb.WriteByte(q)
}

// reprStr is repr() of a Python 3 str held as UTF-8, for the interpreter
// whose minor version is minor: str.isprintable() depends on its Unicode
// database (https://github.com/python/cpython/blob/v3.12.1/Objects/unicodeobject.c,
// unicode_repr).
func reprStr(sb *strings.Builder, s string, minor int) {
	q := quoteChar(s)
	sb.WriteByte(q)
	for _, r := range s {
		switch {
		case r == rune(q) || r == '\\':
			sb.WriteByte('\\')
			sb.WriteRune(r)
		case r == '\t':
			sb.WriteString(`\t`)
		case r == '\n':
			sb.WriteString(`\n`)
		case r == '\r':
			sb.WriteString(`\r`)
		case r < ' ' || r == 0x7f:
			writeHex(sb, `\x`, r, 2)
		case r < 0x7f:
			sb.WriteByte(byte(r))
		case isPrintable(minor, r):
			sb.WriteRune(r)
		case r <= 0xff:
			writeHex(sb, `\x`, r, 2)
		case r <= 0xffff:
			writeHex(sb, `\u`, r, 4)
		default:
			writeHex(sb, `\U`, r, 8)
		}
	}
	sb.WriteByte(q)
}

func writeHex(sb *strings.Builder, prefix string, r rune, digits int) {
	sb.WriteString(prefix)
	for i := digits - 1; i >= 0; i-- {
		sb.WriteByte(hexDigits[(r>>(4*uint(i)))&15])
	}
}

// isPrintable is str.isprintable() for one character in the interpreter
// whose minor version is minor. The tables in zz_printable.go come from
// the interpreters themselves.
func isPrintable(minor int, r rune) bool {
	if !inRanges(printable312, r) {
		return false
	}
	for _, t := range printableSince {
		if minor < t.minor && inRanges(t.ranges, r) {
			return false
		}
	}
	return true
}

// runeRange is a closed range of code points.
type runeRange struct{ lo, hi rune }

func inRanges(rs []runeRange, r rune) bool {
	lo, hi := 0, len(rs)
	for lo < hi {
		m := (lo + hi) / 2
		switch {
		case r < rs[m].lo:
			hi = m
		case r > rs[m].hi:
			lo = m + 1
		default:
			return true
		}
	}
	return false
}
