package pycgi

import (
	"github.com/httpsim/httpsim/sim/internal/pystr"
	"strings"
)

// pair is one (name, value) that parse_qsl yields.
type pair struct{ name, value string }

// parseQsl is urllib.parse.parse_qsl(qs, keep_blank_values=False,
// strict_parsing=False, max_num_fields=maxFields) in Python 3, with the
// default separator '&': every 3.x build pinned here carries the
// security backport that stopped splitting on ';'
// (https://github.com/python/cpython/blob/v3.12.1/Lib/urllib/parse.py).
// qs is text; names and values are unquoted as UTF-8 with replacement.
// ok is false when max_num_fields is exceeded.
func parseQsl3(qs string, minor int, maxFields *int) (pairs []pair, ok bool) {
	if maxFields != nil {
		n := 1 + strings.Count(qs, "&")
		if qs == "" && minor >= 311 {
			// 3.11 counts an empty query as no fields.
			n = 0
		}
		if *maxFields < n {
			return nil, false
		}
	}
	if qs == "" {
		return nil, true
	}
	for _, nv := range strings.Split(qs, "&") {
		if nv == "" {
			continue
		}
		eq := strings.IndexByte(nv, '=')
		if eq < 0 || eq == len(nv)-1 {
			// No '=', or a blank value: dropped without keep_blank_values.
			continue
		}
		name := unquote3(strings.ReplaceAll(nv[:eq], "+", " "))
		value := unquote3(strings.ReplaceAll(nv[eq+1:], "+", " "))
		pairs = append(pairs, pair{name, value})
	}
	return pairs, true
}

// parseQsl27 is urlparse.parse_qsl in Python 2.7.18, which still splits
// on both '&' and ';' and unquotes to bytes
// (https://github.com/python/cpython/blob/v2.7.18/Lib/urlparse.py).
func parseQsl27(qs string, maxFields *int) (pairs []pair, ok bool) {
	if maxFields != nil {
		n := 1 + strings.Count(qs, "&") + strings.Count(qs, ";")
		if *maxFields < n {
			return nil, false
		}
	}
	for _, s1 := range strings.Split(qs, "&") {
		for _, nv := range strings.Split(s1, ";") {
			if nv == "" {
				continue
			}
			eq := strings.IndexByte(nv, '=')
			if eq < 0 || eq == len(nv)-1 {
				continue
			}
			name := unquoteToBytes(strings.ReplaceAll(nv[:eq], "+", " "))
			value := unquoteToBytes(strings.ReplaceAll(nv[eq+1:], "+", " "))
			pairs = append(pairs, pair{name, value})
		}
	}
	return pairs, true
}

// unquote3 is urllib.parse.unquote(s, 'utf-8', 'replace'): each maximal
// run of ASCII characters is percent-decoded to bytes and decoded as
// UTF-8; other characters are kept.
func unquote3(s string) string {
	if strings.IndexByte(s, '%') < 0 {
		return s
	}
	var sb strings.Builder
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] < 0x80 {
			j++
		}
		if j > i {
			sb.WriteString(pystr.DecodeUTF8(unquoteToBytes(s[i:j])))
			i = j
			continue
		}
		for j < len(s) && s[j] >= 0x80 {
			j++
		}
		sb.WriteString(s[i:j])
		i = j
	}
	return sb.String()
}

// unquoteToBytes decodes %XX escapes (either case) and leaves any other
// '%' as it is, like urllib.parse.unquote_to_bytes and 2.7's
// urlparse.unquote.
func unquoteToBytes(s string) string {
	if strings.IndexByte(s, '%') < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}
