package sim

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestScratchGolden(t *testing.T) {
	mt := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	m := NewMemFS(mt)
	m.MkdirAll("sub", mt)
	m.MkdirAll("withidx", mt)
	m.MkdirAll("sp ace", mt)
	m.WriteFile("a.txt", []byte("hello\n"), mt)
	m.WriteFile("withidx/index.html", []byte("<h1>idx</h1>\n"), mt)
	m.WriteFile("sub/<b>&\"q'.txt", []byte("x\n"), mt)
	m.WriteFile("s.js", []byte("js\n"), mt)
	m.WriteFile("t.tar.gz", []byte("gz\n"), mt)
	m.WriteFile("unk.zzz", []byte("u\n"), mt)
	m.WriteFile("UP.TXT", []byte("up\n"), mt)
	m.Symlink("sub", "link", mt)
	m.Symlink("a.txt", "alink", mt)
	m.WriteFile("caf\xc3\xa9.txt", []byte("caf\xc3\xa9"), mt)
	reqs := map[string]string{}
	src, _ := os.ReadFile("/work/shared/cpython/probe.py")
	_ = src
	date := regexp.MustCompile(`(Date|Last-Modified): [^\r]*`)
	pass, fail := 0, 0
	for _, v := range []string{"2.7.18", "3.6.15", "3.7.16", "3.8.18", "3.9.18", "3.10.13", "3.11.7", "3.12.1", "3.13.0"} {
		b, _ := os.ReadFile("/work/shared/cpython/golden/" + v + "-HTTP1.0.json")
		var g struct{ Responses map[string]string }
		json.Unmarshal(b, &g)
		p, _ := Lookup(v)
		_ = reqs
		for name, want := range g.Responses {
			raw := probeReqs[name]
			if raw == "" || name == "get_js" || name == "get_targz" {
				continue
			}
			s := &Server{Profile: p, FS: m}
			res := s.Handle([]byte(raw))
			got := latin1(res.Response)
			gn := date.ReplaceAllString(got, "$1: X")
			wn := date.ReplaceAllString(want, "$1: X")
			if gn != wn {
				fail++
				if fail < 15 {
					t.Errorf("%s %s:\n got %q\nwant %q", v, name, trunc(gn), trunc(wn))
				}
			} else {
				pass++
			}
		}
	}
	t.Logf("pass %d fail %d", pass, fail)
}

func trunc(s string) string {
	if len(s) > 700 {
		return s[:700]
	}
	return s
}

var probeReqs = func() map[string]string {
	h99, h100 := "", ""
	for i := 0; i < 99; i++ {
		h99 += "X-H" + itoa(i) + ": v\r\n"
	}
	h100 = h99 + "X-H99: v\r\n"
	return map[string]string{
		"get_root_listing": "GET / HTTP/1.0\r\n\r\n", "get_sub_listing": "GET /sub/ HTTP/1.0\r\n\r\n",
		"get_dir_noslash": "GET /sub?x=1#f HTTP/1.0\r\n\r\n", "get_dir_index": "GET /withidx/ HTTP/1.0\r\n\r\n",
		"get_open_redirect": "GET //example.com/%2e%2e HTTP/1.0\r\n\r\n", "get_file": "GET /a.txt HTTP/1.0\r\n\r\n",
		"get_file_query": "GET /a.txt?q=1 HTTP/1.0\r\n\r\n", "get_file_trailing_slash": "GET /a.txt/ HTTP/1.0\r\n\r\n",
		"get_dotdot": "GET /../../etc/passwd HTTP/1.0\r\n\r\n", "get_unknown_ext": "GET /unk.zzz HTTP/1.0\r\n\r\n",
		"get_upper_ext": "GET /UP.TXT HTTP/1.0\r\n\r\n", "get_404": "GET /nope HTTP/1.0\r\n\r\n",
		"get_404_xss": "GET /<script>&\"x HTTP/1.0\r\n\r\n", "head_file": "HEAD /a.txt HTTP/1.0\r\n\r\n",
		"head_404": "HEAD /nope HTTP/1.0\r\n\r\n", "post_501": "POST / HTTP/1.0\r\nContent-Length: 3\r\n\r\nabc",
		"ims_newer":    "GET /a.txt HTTP/1.0\r\nIf-Modified-Since: Sat, 01 Jan 2022 00:00:00 GMT\r\n\r\n",
		"ims_older":    "GET /a.txt HTTP/1.0\r\nIf-Modified-Since: Wed, 01 Jan 2020 00:00:00 GMT\r\n\r\n",
		"ims_with_inm": "GET /a.txt HTTP/1.0\r\nIf-Modified-Since: Sat, 01 Jan 2022 00:00:00 GMT\r\nIf-None-Match: \"x\"\r\n\r\n",
		"ims_garbage":  "GET /a.txt HTTP/1.0\r\nIf-Modified-Since: garbage\r\n\r\n",
		"v_http2":      "GET / HTTP/2.0\r\n\r\n", "v_bad": "GET / HTTP/1.x\r\n\r\n", "v_nonhttp": "GET / FOO/1.0\r\n\r\n",
		"v_plus": "GET / HTTP/+1.1\r\n\r\n", "http09_post": "POST /a.txt\r\n",
		"four_words_validver": "GET /a b HTTP/1.0\r\n\r\n", "four_words_badver": "GET / HTTP/1.0 x\r\n\r\n",
		"one_word": "GET\r\n\r\n", "blank_line": "\r\n", "hdr_99": "GET /a.txt HTTP/1.0\r\n" + h99 + "\r\n",
		"hdr_100": "GET /a.txt HTTP/1.0\r\n" + h100 + "\r\n", "hdr_line_too_long": "GET /a.txt HTTP/1.0\r\nX: " + strings.Repeat("a", 65540) + "\r\n\r\n",
		"reqline_too_long": "GET /" + strings.Repeat("a", 65540) + " HTTP/1.0\r\n\r\n", "log_ctrl_chars": "GET /\x1b[31mred\x7f\\x HTTP/1.0\r\n\r\n",
		"listing_pct": "GET /sp%20ace/ HTTP/1.0\r\n\r\n", "file_utf8": "GET /caf%C3%A9.txt HTTP/1.0\r\n\r\n", "file_badpct": "GET /caf%E9.txt HTTP/1.0\r\n\r\n",
	}
}()

func itoa(i int) string {
	return strings.TrimSpace(strings.Repeat(" ", 0) + string(rune('0'+i/10)) + string(rune('0'+i%10)))
}
