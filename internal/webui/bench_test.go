package webui

import "testing"

// BenchmarkSend is one send of the seed scenario, converted for the page.
func BenchmarkSend(b *testing.B) {
	s := NewSession()
	raw := []byte("GET /hello.txt HTTP/1.0\r\nHost: 127.0.0.1:8000\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n")
	o := Options{Python: "3.12", Handler: "seed"}
	for b.Loop() {
		r, err := s.Send(raw, o)
		if err != nil {
			b.Fatal(err)
		}
		_ = ReplyTree(r, nil)
	}
}
