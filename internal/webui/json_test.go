package webui

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestEncodeTree(t *testing.T) {
	in := Obj{
		{"s", "quote\" back\\ nl\n cr\r tab\t nul\x00 ctl\x1f é € \U0001F600 \u2028"},
		{"bad", "a\xffb"},
		{"n", 42}, {"f", 1.5}, {"t", true}, {"nil", nil},
		{"b", []byte{0, 1, 255}},
		{"list", []any{"x", []byte("y"), Obj{{"k", "v"}}}},
		{"m", map[string]any{"only": 1}},
	}
	js, blobs := EncodeTree(in)
	var got map[string]any
	if err := json.Unmarshal(js, &got); err != nil {
		t.Fatalf("EncodeTree wrote invalid JSON %s: %v", js, err)
	}
	want := map[string]any{
		"s":   "quote\" back\\ nl\n cr\r tab\t nul\x00 ctl\x1f é € \U0001F600 \u2028",
		"bad": "a\ufffdb",
		"n":   42.0, "f": 1.5, "t": true, "nil": nil,
		"b":    map[string]any{"$b": 0.0},
		"list": []any{"x", map[string]any{"$b": 1.0}, map[string]any{"k": "v"}},
		"m":    map[string]any{"only": 1.0},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("EncodeTree round trip:\n got %#v\nwant %#v", got, want)
	}
	if len(blobs) != 2 || string(blobs[0]) != "\x00\x01\xff" || string(blobs[1]) != "y" {
		t.Errorf("blobs = %q", blobs)
	}
}

// TestEncodeReply encodes a whole reply, as send does.
func TestEncodeReply(t *testing.T) {
	s := NewSession()
	r, err := s.Send([]byte("GET /files/ HTTP/1.1\r\n\r\nPOST / HTTP/1.1\r\n\r\n"), Options{Python: "2.7", Protocol: "HTTP/1.1"})
	if err != nil {
		t.Fatal(err)
	}
	js, blobs := EncodeTree(ReplyTree(r, nil))
	var got map[string]any
	if err := json.Unmarshal(js, &got); err != nil {
		t.Fatalf("invalid JSON: %v", err)
	}
	if n := len(got["exchanges"].([]any)); n != 2 || len(blobs) == 0 {
		t.Errorf("%d exchanges, %d blobs", n, len(blobs))
	}
}
