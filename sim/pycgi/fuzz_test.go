package pycgi

import (
	"bytes"
	"io"
	"reflect"
	"strings"
	"testing"
)

// onlyReader hides io.ByteReader, so Parse takes its byte-at-a-time path.
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

// FuzzParse checks properties of Parse on any input: it does not panic,
// it gives the same result twice and through a reader without
// ReadByte, it consumes no more than the input and leaves the reader
// right after what it consumed, its output stays within a fixed multiple
// of the input, and the printed items hold no line breaks or control
// characters.
func FuzzParse(f *testing.F) {
	for i, c := range diffCases {
		var ct, clen string
		for _, h := range c.head {
			if v, ok := strings.CutPrefix(h, "Content-Type:"); ok {
				ct = strings.TrimLeft(v, " ")
			}
			if v, ok := strings.CutPrefix(h, "Content-Length:"); ok {
				clen = strings.TrimLeft(v, " ")
			}
		}
		if len(c.body) > 4096 {
			continue
		}
		f.Add(uint8(i), ct, clen, []byte(c.body))
	}
	f.Fuzz(func(t *testing.T, which uint8, ct, clen string, body []byte) {
		minor := Minors[int(which)%len(Minors)]
		h := testHeaders{}
		if which&0x80 == 0 || minor != 27 {
			h["content-type"] = ct
		}
		if clen != "" {
			h["content-length"] = clen
		}
		opts := Options{MaxBytes: 1 << 20, HeaderBytes: int64(which) * 100}
		if which&0x40 != 0 {
			n := int(which & 7)
			opts.MaxNumFields = &n
		}
		r := bytes.NewReader(body)
		res := Parse(minor, h, r, opts)
		if res.Consumed < 0 || res.Consumed > int64(len(body)) {
			t.Fatalf("Consumed = %d of %d", res.Consumed, len(body))
		}
		if left := int64(r.Len()); left != int64(len(body))-res.Consumed {
			t.Fatalf("reader has %d bytes left, want %d", left, int64(len(body))-res.Consumed)
		}
		again := Parse(minor, h, onlyReader{bytes.NewReader(body)}, opts)
		if !reflect.DeepEqual(res, again) {
			t.Fatalf("not deterministic:\n%+v\n%+v", res, again)
		}
		out := 0
		for _, it := range res.Items {
			out += len(it)
			if strings.ContainsAny(it, "\r\n\x00\x7f") {
				t.Fatalf("item %q holds a control character", it)
			}
		}
		if limit := 40*int(res.Consumed) + 2*len(ct) + 100; out > limit {
			t.Fatalf("output %d bytes for %d consumed", out, res.Consumed)
		}
		if res.Truncated {
			t.Fatalf("Truncated with %d bytes under a %d cap", len(body), opts.MaxBytes)
		}
	})
}

// TestMaxBytes checks that the read budget stops Parse, even on input
// without end.
func TestMaxBytes(t *testing.T) {
	endless := io.MultiReader(strings.NewReader("a=1&"), zeroes{})
	res := Parse(312, testHeaders{"content-type": "application/x-www-form-urlencoded"}, endless, Options{MaxBytes: 1 << 16})
	if !res.Truncated || res.Consumed != 1<<16 || len(res.Items) != 1 {
		t.Errorf("Parse over endless input = %+v, want Truncated at 65536 with one item", res)
	}
}

type zeroes struct{}

func (zeroes) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '0'
	}
	return len(p), nil
}
