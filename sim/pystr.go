package sim

import (
	"github.com/httpsim/httpsim/sim/internal/pystr"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Python 3 handles request text as str, decoded from the wire as
// ISO-8859-1; Python 2.7 handles it as byte strings. sim keeps 3.x text as
// UTF-8 Go strings of the same code points and 2.7 text as raw bytes in a
// Go string, so a profile's py3 flag decides how each helper reads them.

// latin1 decodes b as ISO-8859-1, the way http.server decodes the request
// line and header block.
func latin1(b []byte) string {
	ascii := true
	for _, c := range b {
		if c >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b) + 8)
	for _, c := range b {
		sb.WriteRune(rune(c))
	}
	return sb.String()
}

// encodeLatin1 is str.encode('latin-1', 'strict'); ok is false when a
// code point is above U+00FF.
func encodeLatin1(s string) ([]byte, bool) {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xff {
			return nil, false
		}
		out = append(out, byte(r))
	}
	return out, true
}

// pySplit is str.split() with no arguments.
func pySplit(s string, py3 bool) []string {
	if py3 {
		return strings.FieldsFunc(s, pystr.IsSpace3)
	}
	return strings.FieldsFunc(s, func(r rune) bool { return r < 0x80 && pystr.IsSpace2(byte(r)) })
}

// pyRepr is repr() of a str (3.x) or a byte string (2.7).
func pyRepr(s string, py3 bool) string {
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '\'' || c == '\\' {
			plain = false
			break
		}
	}
	if plain {
		return "'" + s + "'"
	}
	quote := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		quote = '"'
	}
	var b strings.Builder
	b.WriteByte(quote)
	if py3 {
		for i := 0; i < len(s); {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				// A byte that is not UTF-8 stands for a surrogate escape.
				b.WriteString(`\udc` + strconv.FormatUint(uint64(s[i]), 16))
				i++
				continue
			}
			i += n
			writeEscaped(&b, r, quote, true)
		}
	} else {
		for i := 0; i < len(s); i++ {
			writeEscaped(&b, rune(s[i]), quote, false)
		}
	}
	b.WriteByte(quote)
	return b.String()
}

func writeEscaped(b *strings.Builder, r rune, quote byte, py3 bool) {
	switch {
	case r == '\\':
		b.WriteString(`\\`)
	case r == rune(quote):
		b.WriteByte('\\')
		b.WriteByte(quote)
	case r == '\t':
		b.WriteString(`\t`)
	case r == '\n':
		b.WriteString(`\n`)
	case r == '\r':
		b.WriteString(`\r`)
	case r >= 0x20 && r < 0x7f:
		b.WriteRune(r)
	case !py3 || r < 0x100 && !unicode.IsPrint(r):
		b.WriteString(`\x`)
		b.WriteString(hex2(byte(r)))
	case unicode.IsPrint(r):
		b.WriteRune(r)
	case r < 0x10000:
		b.WriteString(`\u`)
		b.WriteString(leftPad(strconv.FormatUint(uint64(r), 16), 4))
	default:
		b.WriteString(`\U`)
		b.WriteString(leftPad(strconv.FormatUint(uint64(r), 16), 8))
	}
}

func leftPad(s string, n int) string {
	for len(s) < n {
		s = "0" + s
	}
	return s
}

const hexLower = "0123456789abcdef"

func hex2(c byte) string { return string([]byte{hexLower[c>>4], hexLower[c&15]}) }

// bytesRepr is repr() of a Python 3 bytes object.
func bytesRepr(s []byte) string {
	quote := byte('\'')
	if strings.IndexByte(string(s), '\'') >= 0 && strings.IndexByte(string(s), '"') < 0 {
		quote = '"'
	}
	var b strings.Builder
	b.WriteByte('b')
	b.WriteByte(quote)
	for _, c := range s {
		writeEscaped(&b, rune(c), quote, false)
	}
	b.WriteByte(quote)
	return b.String()
}

// htmlEscape is html.escape(s, quote=False) (3.x) and cgi.escape(s) (2.7):
// only &, < and > change.
func htmlEscape(s string) string {
	if !strings.ContainsAny(s, "&<>") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// escapeLog applies the control-character table that log_message uses
// from the 3.7.16 and later builds (gh-100001): C0 and C1 controls and
// DEL become \xNN and a backslash is doubled.
func escapeLog(s string) string {
	need := false
	for _, r := range s {
		if r < 0x20 || r >= 0x7f && r < 0xa0 || r == '\\' {
			need = true
			break
		}
	}
	if !need {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b.WriteByte(s[i])
			i++
			continue
		}
		i += n
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r < 0x20 || r >= 0x7f && r < 0xa0:
			b.WriteString(`\x`)
			b.WriteString(hex2(byte(r)))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// unquoteBytes is urllib.parse.unquote_to_bytes (and 2.7's urllib.unquote):
// every %XX with two hex digits becomes a byte, anything else is kept.
func unquoteBytes(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			out = append(out, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		out = append(out, s[i])
	}
	return out
}

// unquote3 is urllib.parse.unquote for a str. Runs of ASCII are unquoted
// and decoded as UTF-8 with errors='surrogatepass' (see
// [decodeSurrogatePass]); other characters pass through. strictOK reports
// whether that decoding succeeded; if not, the result is the
// errors='replace' one, as translate_path's fallback does.
func unquote3(s string) (out string, strictOK bool) {
	if strings.IndexByte(s, '%') < 0 {
		return s, true
	}
	strictOK = true
	var b strings.Builder
	i := 0
	for i < len(s) {
		if s[i] >= 0x80 {
			j := i
			for j < len(s) && s[j] >= 0x80 {
				j++
			}
			b.WriteString(s[i:j])
			i = j
			continue
		}
		j := i
		for j < len(s) && s[j] < 0x80 {
			j++
		}
		raw := unquoteBytes(s[i:j])
		if d, ok := decodeSurrogatePass(raw); ok {
			b.WriteString(d)
		} else {
			strictOK = false
			b.WriteString(pystr.DecodeUTF8(string(raw)))
		}
		i = j
	}
	if !strictOK {
		// errors='replace' decodes the whole string again: a surrogate
		// that surrogatepass accepted is three errors now.
		return unquoteReplace(s), false
	}
	return b.String(), true
}

// unquoteReplace is urllib.parse.unquote(s) with its default
// errors='replace'.
func unquoteReplace(s string) string {
	var b strings.Builder
	i := 0
	for i < len(s) {
		j := i
		for j < len(s) && (s[j] >= 0x80) == (s[i] >= 0x80) {
			j++
		}
		if s[i] >= 0x80 {
			b.WriteString(s[i:j])
		} else {
			b.WriteString(pystr.DecodeUTF8(string(unquoteBytes(s[i:j]))))
		}
		i = j
	}
	return b.String()
}

// quotePath is urllib.parse.quote(s, safe='/', errors='surrogatepass')
// (3.x) or urllib.quote(s) (2.7): bytes outside the always-safe set and
// '/' become %XX. tilde reports whether '~' is always safe (3.7+). With
// py3 set, s is a str in sim's convention (a byte that is not UTF-8 is
// the surrogate escape of that byte), so such a byte is quoted as the
// three UTF-8 bytes of its surrogate, as surrogatepass writes it.
func quotePath(s string, tilde, py3 bool) string {
	if py3 {
		s = surrogatePass(s)
	}
	safe := func(c byte) bool {
		return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '_' || c == '.' || c == '-' || c == '/' || c == '~' && tilde
	}
	i := 0
	for i < len(s) && safe(s[i]) {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		c := s[i]
		if safe(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte("0123456789ABCDEF"[c>>4])
		b.WriteByte("0123456789ABCDEF"[c&15])
	}
	return b.String()
}

// surrogatePass is str.encode('utf-8', 'surrogatepass') of a 3.x str in
// sim's convention: valid UTF-8 stays, and each other byte b, which
// stands for the surrogate escape U+DC00+b that os.listdir decodes it
// to, becomes that surrogate's three bytes (0xff → ED B3 BF). The result
// orders as the code points do, so it also serves as a sort key.
func surrogatePass(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	b := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			c := s[i]
			b = append(b, 0xed, 0xb0|c>>6, 0x80|c&0x3f)
			i++
			continue
		}
		b = append(b, s[i:i+n]...)
		i += n
	}
	return string(b)
}

// decodeSurrogatePass is bytes.decode('utf-8', 'surrogatepass') into
// sim's convention for a 3.x str. A surrogate escape (U+DC80..U+DCFF,
// written ED B2 80..ED B3 BF) becomes its byte, which is what the
// filesystem encoding's surrogateescape turns it into when the str
// reaches os.stat or open. ok is false when b is not UTF-8 even with
// surrogates allowed, and also for a surrogate that is not an escape
// (U+D800, U+DC41): sim has no way to hold one, so it is treated as the
// decoding error that sends translate_path to its errors='replace'
// fallback (see [unquoteLone] for the one place that tells them apart).
// That is a known difference: in a path (GET /%ED%A0%80) CPython keeps
// the surrogate and os.stat (3.6, 3.7) or open (3.8+) raises
// UnicodeEncodeError at a position that counts the served directory's
// own path, which no recording can pin; sim answers 404.
func decodeSurrogatePass(b []byte) (string, bool) {
	out, lone, _, ok := decodeSurrogatePassLone(b)
	return out, ok && lone < 0
}

// decodeSurrogatePassLone is [decodeSurrogatePass] that accepts a
// surrogate that is not an escape: it leaves it out of the result and
// reports the byte offset in out where the first one stood (lone, -1 if
// none) and its code point.
func decodeSurrogatePassLone(b []byte) (out string, lone int, cp rune, ok bool) {
	if utf8.Valid(b) {
		return string(b), -1, 0, true
	}
	o := make([]byte, 0, len(b))
	lone = -1
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError || n > 1 {
			o = append(o, b[i:i+n]...)
			i += n
			continue
		}
		if i+2 < len(b) && b[i] == 0xed && b[i+1]&0xe0 == 0xa0 && b[i+2]&0xc0 == 0x80 {
			s := rune(b[i]&0x0f)<<12 | rune(b[i+1]&0x3f)<<6 | rune(b[i+2]&0x3f)
			if s >= 0xdc80 && s <= 0xdcff {
				o = append(o, byte(s))
			} else if lone < 0 {
				lone, cp = len(o), s
			}
			i += 3
			continue
		}
		return "", -1, 0, false
	}
	return string(o), lone, cp, true
}

// unquoteLone reports whether urllib.parse.unquote(s,
// errors='surrogatepass') succeeds with a surrogate in its result that
// surrogateescape cannot encode, as list_directory's title can hold
// (GET /sub/?%ED%A0%80). prefix is the result up to the first such
// surrogate, in sim's convention, and cp that surrogate.
func unquoteLone(s string) (prefix string, cp rune, found bool) {
	var b strings.Builder
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && (s[j] >= 0x80) == (s[i] >= 0x80) {
			j++
		}
		if s[i] >= 0x80 {
			b.WriteString(s[i:j])
			i = j
			continue
		}
		d, lone, r, ok := decodeSurrogatePassLone(unquoteBytes(s[i:j]))
		if !ok {
			return "", 0, false // the whole unquote falls back to 'replace'
		}
		if lone >= 0 && !found {
			prefix, cp, found = b.String()+d[:lone], r, true
		}
		b.WriteString(d)
		i = j
	}
	return prefix, cp, found
}

// cpLen is len() of a 3.x str in sim's convention: one per code point,
// and one per byte that is not UTF-8 (a surrogate escape).
func cpLen(s string) int {
	return utf8.RuneCountInString(s)
}

// normpath is posixpath.normpath.
func normpath(p string) string {
	if p == "" {
		return "."
	}
	initial := 0
	if strings.HasPrefix(p, "/") {
		initial = 1
		if strings.HasPrefix(p, "//") && !strings.HasPrefix(p, "///") {
			initial = 2
		}
	}
	var comps []string
	for _, c := range strings.Split(p, "/") {
		if c == "" || c == "." {
			continue
		}
		if c != ".." || initial == 0 && len(comps) == 0 || len(comps) > 0 && comps[len(comps)-1] == ".." {
			comps = append(comps, c)
		} else if len(comps) > 0 {
			comps = comps[:len(comps)-1]
		}
	}
	out := strings.Repeat("/", initial) + strings.Join(comps, "/")
	if out == "" {
		return "."
	}
	return out
}

// splitext is posixpath.splitext: the extension starts at the last dot of
// the last component, unless the component is all dots before it.
func splitext(p string) (root, ext string) {
	slash := strings.LastIndexByte(p, '/')
	dot := strings.LastIndexByte(p, '.')
	if dot > slash {
		for i := slash + 1; i < dot; i++ {
			if p[i] != '.' {
				return p[:dot], p[dot:]
			}
		}
	}
	return p, ""
}

// pyLower is str.lower() (3.x) or the ASCII-only lower() of 2.7 byte strings.
func pyLower(s string, py3 bool) string {
	if py3 {
		if utf8.ValidString(s) {
			return strings.ToLower(s)
		}
		// Surrogate escapes have no case; strings.ToLower would turn
		// them into U+FFFD.
		var b strings.Builder
		for i := 0; i < len(s); {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				b.WriteByte(s[i])
			} else {
				b.WriteString(strings.ToLower(s[i : i+n]))
			}
			i += n
		}
		return b.String()
	}
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}
