package corpus

import (
	"bytes"
	"strings"
	"testing"
)

func TestDecode(t *testing.T) {
	tests := []struct{ text, want string }{
		{"GET / HTTP/1.0\\r\\n\n\\r\\n\n", "GET / HTTP/1.0\r\n\r\n"},
		{"a\r\nb\n", "ab"}, // newlines (and CRs) in the text are layout
		{`\\\t\}}`, "\\\t}}"},
		{`\x00\xFF\x7f`, "\x00\xff\x7f"},
		{"café", "café"},
		{`x\{repeat 3 ab}y`, "xabababy"},
		{`\{repeat 2 a\}b}`, "a}ba}b"},
		{`\{repeat 2 \{repeat 2 x}-}`, "xx-xx-"},
		{`\{repeat 0 x}`, ""},
		{"\\{repeat 2 a\nb}", "abab"},
		{`\{repeat 2  }`, "  "},
	}
	for _, tt := range tests {
		got, err := Decode([]byte(tt.text))
		if err != nil || string(got) != tt.want {
			t.Errorf("Decode(%q) = %q, %v; want %q", tt.text, got, err, tt.want)
		}
	}
}

func TestDecodeMalformed(t *testing.T) {
	// Each must fail.
	for _, text := range []string{
		`\`, `\q`, `\x`, `\x4`, `\xzz`, `\0`,
		`\{`, `\{rep 3 a}`, `\{repeat x a}`, `\{repeat 3a}`, `\{repeat 3 a`,
		`\{repeat 99999999 a}`,
	} {
		if got, err := Decode([]byte(text)); err == nil {
			t.Errorf("Decode(%q) = %q, want error", text, got)
		}
	}
	_, err := Decode([]byte("ok\\r\\n\nok\nbad \\q\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "line 3:") {
		t.Errorf("error %v, want one on line 3", err)
	}
}

func TestEncode(t *testing.T) {
	tests := []struct{ data, want string }{
		{"", ""},
		{"HTTP/1.0 200 OK\r\n\r\nbody", "HTTP/1.0 200 OK\\r\\n\n\\r\\n\nbody\n"},
		{"a \n", "a \\n\n"},
		{"trailing ", "trailing\\x20\n"},
		{"-- x --\n", "\\x2d- x --\\n\n"},
		{"\x1b[1m\x7f\\", "\\x1b[1m\\x7f\\\\\n"},
		{"café\u00a0\xff", "café\\xc2\\xa0\\xff\n"},
		{strings.Repeat("a", 70) + "\n", "\\{repeat 70 a}\\n\n"},
		{strings.Repeat("}", 64), "\\{repeat 64 \\}}\n"},
		{strings.Repeat("\n", 64), "\\{repeat 64 \\n}\n"},
	}
	for _, tt := range tests {
		got := string(Encode([]byte(tt.data)))
		if got != tt.want {
			t.Errorf("Encode(%q) = %q, want %q", tt.data, got, tt.want)
		}
	}
	// Long lines wrap.
	long := bytes.Repeat([]byte("ab"), 200)
	for line := range strings.Lines(string(Encode(long))) {
		if len(line) > 121 {
			t.Errorf("line of %d bytes: %q", len(line), line)
		}
	}
}

func FuzzEncode(f *testing.F) {
	for _, s := range []string{"", "GET / HTTP/1.0\r\n\r\n", "-- a --\n", "\xff\xfe", "é \n", strings.Repeat("x", 100)} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		text := Encode(data)
		got, err := Decode(text)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("Decode(Encode(%q)) = %q, %v", data, got, err)
		}
		// Encoded text never contains a txtar marker.
		a := ParseArchive(append([]byte("-- f --\n"), text...))
		if len(a.Files) != 1 {
			t.Fatalf("Encode(%q) = %q reads as %d txtar files", data, text, len(a.Files))
		}
	})
}
