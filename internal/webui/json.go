package webui

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// EncodeTree writes a tree as JSON text, with each []byte replaced by
// {"$b": n}, n indexing blobs. Strings that are not valid UTF-8 get
// U+FFFD for each bad byte, as a JavaScript string made from them would.
//
// The bridge hands a reply to JavaScript this way: one string for
// JSON.parse and a few Uint8Arrays cost far less than building the
// hundreds of small objects of a trace one property at a time across
// the WebAssembly boundary.
func EncodeTree(v any) (json []byte, blobs [][]byte) {
	e := &treeEncoder{buf: make([]byte, 0, 16<<10)}
	e.value(v)
	return e.buf, e.blobs
}

type treeEncoder struct {
	buf   []byte
	blobs [][]byte
}

func (e *treeEncoder) value(v any) {
	switch v := v.(type) {
	case nil:
		e.buf = append(e.buf, "null"...)
	case string:
		e.str(v)
	case bool:
		e.buf = strconv.AppendBool(e.buf, v)
	case int:
		e.buf = strconv.AppendInt(e.buf, int64(v), 10)
	case float64:
		e.buf = strconv.AppendFloat(e.buf, v, 'g', -1, 64)
	case []byte:
		e.buf = append(e.buf, `{"$b":`...)
		e.buf = strconv.AppendInt(e.buf, int64(len(e.blobs)), 10)
		e.buf = append(e.buf, '}')
		e.blobs = append(e.blobs, v)
	case []any:
		e.buf = append(e.buf, '[')
		for i, x := range v {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			e.value(x)
		}
		e.buf = append(e.buf, ']')
	case Obj:
		e.buf = append(e.buf, '{')
		for i, kv := range v {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			e.str(kv.K)
			e.buf = append(e.buf, ':')
			e.value(kv.V)
		}
		e.buf = append(e.buf, '}')
	case map[string]any:
		e.buf = append(e.buf, '{')
		first := true
		for k, x := range v {
			if !first {
				e.buf = append(e.buf, ',')
			}
			first = false
			e.str(k)
			e.buf = append(e.buf, ':')
			e.value(x)
		}
		e.buf = append(e.buf, '}')
	default:
		panic(fmt.Sprintf("webui: EncodeTree: a %T is not a tree value", v)) // a programming error
	}
}

const hexDigits = "0123456789abcdef"

func (e *treeEncoder) str(s string) {
	e.buf = append(e.buf, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				e.buf = append(e.buf, '\\', c)
			case c >= 0x20:
				e.buf = append(e.buf, c)
			case c == '\n':
				e.buf = append(e.buf, '\\', 'n')
			case c == '\r':
				e.buf = append(e.buf, '\\', 'r')
			case c == '\t':
				e.buf = append(e.buf, '\\', 't')
			default:
				e.buf = append(e.buf, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			e.buf = append(e.buf, "\ufffd"...)
		} else if r == '\u2028' || r == '\u2029' {
			e.buf = append(e.buf, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		} else {
			e.buf = append(e.buf, s[i:i+n]...)
		}
		i += n
	}
	e.buf = append(e.buf, '"')
}
