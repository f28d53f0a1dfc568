// Package pystr holds the Python string operations that both the
// simulator (package sim) and its cgi.FieldStorage port (sim/pycgi) need,
// so that each exists once. A Python 3 str is a Go string of UTF-8; a
// Python 3 bytes object, and every Python 2.7 str, is a Go string of raw
// bytes.
package pystr

import (
	"strings"
	"unicode/utf8"
)

// DecodeUTF8 is bytes.decode('utf-8', 'replace'). Like CPython, it
// replaces each maximal invalid subsequence with one U+FFFD: a start byte
// followed by fewer continuation bytes than it announces counts as one
// error, and the bytes after it are checked again on their own
// (https://github.com/python/cpython/blob/v3.12.1/Objects/stringlib/codecs.h).
// Go's own decoder replaces every bad byte instead.
func DecodeUTF8(b string) string {
	if utf8.ValidString(b) {
		return b
	}
	var sb strings.Builder
	sb.Grow(len(b) + 8)
	for i := 0; i < len(b); {
		c := b[i]
		if c < 0x80 {
			sb.WriteByte(c)
			i++
			continue
		}
		n, lo, hi := 0, byte(0x80), byte(0xBF)
		switch {
		case c >= 0xC2 && c <= 0xDF:
			n = 2
		case c == 0xE0:
			n, lo = 3, 0xA0
		case c == 0xED:
			n, hi = 3, 0x9F
		case c >= 0xE1 && c <= 0xEF:
			n = 3
		case c == 0xF0:
			n, lo = 4, 0x90
		case c == 0xF4:
			n, hi = 4, 0x8F
		case c >= 0xF1 && c <= 0xF3:
			n = 4
		default:
			sb.WriteRune(utf8.RuneError)
			i++
			continue
		}
		j, ok := i+1, true
		for k := 1; k < n; k++ {
			if j >= len(b) {
				ok = false
				break
			}
			l, h := byte(0x80), byte(0xBF)
			if k == 1 {
				l, h = lo, hi
			}
			if b[j] < l || b[j] > h {
				ok = false
				break
			}
			j++
		}
		if ok {
			sb.WriteString(b[i:j])
		} else {
			sb.WriteRune(utf8.RuneError)
		}
		i = j
	}
	return sb.String()
}

// IsSpace3 is Py_UNICODE_ISSPACE: the whitespace of str.split(),
// str.strip() and int() in Python 3.
func IsSpace3(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', 0x1c, 0x1d, 0x1e, 0x1f, ' ', 0x85, 0xa0,
		0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

// IsSpace2 is the C isspace of bytes.split() and bytes.strip(), and of
// Python 2.7's str methods.
func IsSpace2(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\v', '\f', '\r':
		return true
	}
	return false
}

// SplitLinesKeep splits s at "\r\n", "\r" and "\n", keeping the line
// ends, the way the email feedparser reads its input.
func SplitLinesKeep(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n':
			out = append(out, s[start:i+1])
			start = i + 1
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			out = append(out, s[start:i+1])
			start = i + 1
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}
