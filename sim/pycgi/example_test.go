package pycgi_test

import (
	"fmt"
	"strings"

	"github.com/httpsim/httpsim/sim/pycgi"
)

// header is a one-map [pycgi.Headers] for the example.
type header map[string]string

func (h header) Get(name string) (string, bool) {
	v, ok := h[strings.ToLower(name)]
	return v, ok
}

func ExampleParse() {
	body := "--XyZ\r\n" +
		"Content-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n" +
		"--XyZ\r\n" +
		"Content-Disposition: form-data; name=\"file\"; filename=\"x.txt\"\r\n\r\nhello\r\n" +
		"--XyZ--\r\n"
	next := "GET / HTTP/1.1\r\n\r\n"
	h := header{
		"content-type":   "multipart/form-data; boundary=XyZ",
		"content-length": fmt.Sprint(len(body)),
	}
	for _, minor := range []int{27, 312} {
		res := pycgi.Parse(minor, h, strings.NewReader(body+next), pycgi.Options{})
		for _, line := range res.Items {
			fmt.Println(line)
		}
		fmt.Println(res.Consumed == int64(len(body)), res.Err)
	}

	res := pycgi.Parse(312, header{"content-type": "text/plain"}, strings.NewReader("hi"), pycgi.Options{})
	fmt.Println(res.Err)
	// Output:
	// FieldStorage('a', None, '1')
	// FieldStorage('file', 'x.txt', 'hello')
	// true <nil>
	// FieldStorage('a', None, '1')
	// FieldStorage('file', 'x.txt', b'hello')
	// true <nil>
	// TypeError: 'NoneType' object is not iterable
}
