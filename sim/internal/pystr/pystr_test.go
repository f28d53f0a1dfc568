package pystr

import (
	"slices"
	"testing"
)

// The expected values are what CPython 3.13 returns for the same input
// (checked with python3.13 -c "print(ascii(bytes.fromhex(...).decode('utf-8','replace')))").
func TestDecodeUTF8(t *testing.T) {
	tests := []struct{ in, want string }{
		{"abc", "abc"},
		{"\xe2\x82\xac", "€"},
		{"\xe2\x82", "\ufffd"},
		{"\xed\xa0\x80", "\ufffd\ufffd\ufffd"},
		{"a\xffb", "a\ufffdb"},
		{"\xf0\x9f\x98", "\ufffd"},
		{"\xc3", "\ufffd"},
	}
	for _, tt := range tests {
		if got := DecodeUTF8(tt.in); got != tt.want {
			t.Errorf("DecodeUTF8(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSplitLinesKeep(t *testing.T) {
	got := SplitLinesKeep("a\r\nb\rc\nd")
	want := []string{"a\r\n", "b\r", "c\n", "d"}
	if !slices.Equal(got, want) {
		t.Errorf("SplitLinesKeep = %q, want %q", got, want)
	}
}
