package pycgi

import (
	"flag"
	"math/rand"
	"strings"
	"testing"
)

var randomCases = flag.Int("random", 300, "number of generated cases TestDifferentialRandom runs")
var randomSeed = flag.Int64("seed", 1, "seed of TestDifferentialRandom")

// TestDifferentialRandom compares Parse with the interpreters on
// generated requests: random mixes of the pieces that matter to
// FieldStorage (separators, escapes, boundaries and look-alikes, line
// ends, part headers, lengths that are short, long, absent or odd).
func TestDifferentialRandom(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: runs every interpreter")
	}
	r := rand.New(rand.NewSource(*randomSeed))
	cases := make([]diffCase, *randomCases)
	for i := range cases {
		cases[i] = genCase(r, "r"+itoa(i))
	}
	input := driverInput(cases)
	for _, in := range interpreters {
		got := parseDriver(t, runPython(t, in.version, "testdata/driver.py", input))
		fails := 0
		for _, c := range cases {
			want := got[c.name]
			if want == nil {
				t.Fatalf("%s: no output for %s", in.version, c.name)
			}
			if d := diffOutcome(c.run(in.minor, want.headers), *want); d != "" {
				fails++
				if fails <= 3 {
					t.Errorf("%s %s: %q\n%s", in.version, c.name, c.request()+c.body, d)
				}
			}
		}
		t.Logf("%s: %d/%d generated cases match", in.version, len(cases)-fails, len(cases))
	}
}

func pick(r *rand.Rand, xs ...string) string { return xs[r.Intn(len(xs))] }

// genText is a short run of characters that FieldStorage treats
// specially, mixed with plain ones and non-ASCII bytes.
func genText(r *rand.Rand, n int) string {
	var sb strings.Builder
	for i := r.Intn(n + 1); i > 0; i-- {
		sb.WriteString(pick(r, "a", "b", "Z", "0", " ", "+", "%", "%4", "%41", "%e9", "%C3%A9", "%zz", "&", ";", "=", "'", `"`, `\`,
			"\xc3\xa9", "\xff", "\xe2\x82", "\xf0\x9f\x98\x80", "\t", "\x00", "\x7f", "\xc2\xa0", "-", "--", "\r", "\n", "\r\n"))
	}
	return sb.String()
}

func genLineEnd(r *rand.Rand) string {
	return pick(r, "\r\n", "\r\n", "\r\n", "\n", "\n", "\r", "")
}

func genPartHeaders(r *rand.Rand, depth int, nl string) ([]string, string) {
	var hs []string
	content := genText(r, 12)
	switch r.Intn(12) {
	case 0:
		// no headers
	case 1:
		hs = append(hs, "Content-Disposition: form-data; name="+genText(r, 3))
	default:
		name := pick(r, `"a"`, `"b c"`, "bare", `"q\"x"`, `"\xc3\xa9"`, `"semi;colon"`, `""`)
		d := "Content-Disposition: form-data; name=" + name
		if r.Intn(3) == 0 {
			d += "; filename=" + pick(r, `"f.txt"`, `""`, "f.bin", `"a\\b"`, `"\xe9.txt"`)
		}
		hs = append(hs, d)
	}
	for i := r.Intn(3); i > 0; i-- {
		switch r.Intn(9) {
		case 0:
			hs = append(hs, "Content-Type: "+pick(r, "text/plain", "application/octet-stream", "application/x-www-form-urlencoded", "text/html; charset=utf-8"))
		case 1:
			hs = append(hs, "Content-Length: "+pick(r, "0", "3", "10", "-1", "x", "3000000000"))
		case 2:
			hs = append(hs, " folded"+genText(r, 3))
		case 3:
			hs = append(hs, pick(r, "garbage line", "From someone", ": nameless", "X-Odd : spaced"))
		case 4:
			hs = append(hs, "content-disposition: form-data; name=dup")
		case 5:
			if depth < 2 {
				ib := pick(r, "In", "XyZ", "i n")
				hs = append(hs, "Content-Type: multipart/mixed; boundary="+pick(r, ib, `"`+ib+`"`))
				var parts []part
				for j := r.Intn(3); j > 0; j-- {
					h, c := genPartHeaders(r, depth+1, nl)
					parts = append(parts, part{h, c})
				}
				if r.Intn(4) == 0 {
					content = formOpen(ib, nl, parts...)
				} else {
					content = form(ib, nl, parts...)
				}
			}
		default:
			hs = append(hs, "X-Other: "+genText(r, 4))
		}
	}
	switch r.Intn(16) {
	case 0, 1:
		content = strings.Repeat(genText(r, 3)+"x", 300+r.Intn(500))
	case 2:
		// A line across readline's 1<<16 limit, with what matters at the cut.
		content = strings.Repeat("y", 65530+r.Intn(8)) + pick(r, "\r\n", "\xc3\xa9", "\r", "--", "\n") + genText(r, 5)
	}
	return hs, content
}

func genMultipart(r *rand.Rand, b string) string {
	var sb strings.Builder
	if r.Intn(4) == 0 {
		sb.WriteString(pick(r, "preamble\r\n", "--"+b+"x\r\n", "\r\n", "-- "+b+"\r\n"))
	}
	n := r.Intn(5)
	for i := 0; i < n; i++ {
		nl := genLineEnd(r)
		sb.WriteString("--" + b + pick(r, "", "", "", " ", "\t", "--") + nl)
		hs, content := genPartHeaders(r, 0, nl)
		for _, h := range hs {
			sb.WriteString(h + genLineEnd(r))
		}
		sb.WriteString(pick(r, "\r\n", "\r\n", "\n", "  \r\n"))
		sb.WriteString(content)
		sb.WriteString(genLineEnd(r))
		if r.Intn(6) == 0 {
			sb.WriteString(pick(r, "--"+b+"foo\r\n", "--"+b+"-\r\n", " --"+b+"\r\n"))
		}
	}
	switch r.Intn(5) {
	case 0:
	case 1:
		sb.WriteString("--" + b + "--")
	default:
		sb.WriteString("--" + b + "--" + genLineEnd(r))
	}
	if r.Intn(4) == 0 {
		sb.WriteString(pick(r, "epilogue\r\n", "GET / HTTP/1.0\r\n\r\n", "--"+b+"--\r\n"))
	}
	return sb.String()
}

func genCase(r *rand.Rand, name string) diffCase {
	c := diffCase{name: name, maxFields: -1}
	var body string
	switch k := r.Intn(10); {
	case k < 4:
		body = genText(r, 30)
		c.head = append(c.head, pick(r, ctURL, ctURL, "Content-Type: application/x-www-form-urlencoded; charset=x"))
	case k < 9:
		b := pick(r, "XyZ", "a b", "----WebKitFormBoundary7MA4YWxkTrZu0gW", "x")
		body = genMultipart(r, b)
		q := b
		if strings.Contains(b, " ") || r.Intn(3) == 0 {
			q = `"` + b + `"`
		}
		c.head = append(c.head, pick(r, "Content-Type: multipart/form-data; boundary="+q, "Content-Type: multipart/form-data; boundary="+q, "Content-Type: multipart/form-data"))
	default:
		body = genText(r, 10)
		c.head = append(c.head, pick(r, "Content-Type: text/plain", "Content-Type: application/json"))
	}
	switch r.Intn(8) {
	case 0:
		// no Content-Length
	case 1:
		c.head = append(c.head, cl(r.Intn(len(body)+1)))
	case 2:
		c.head = append(c.head, cl(len(body)+r.Intn(40)))
	case 3:
		c.head = append(c.head, "Content-Length: "+pick(r, "0", "-3", "x", " 12 ", "1_2"))
	default:
		c.head = append(c.head, cl(len(body)))
	}
	if r.Intn(5) == 0 {
		body += pick(r, "GET / HTTP/1.0\r\n\r\n", "a=1&b=2", "--XyZ--\r\n")
	}
	if r.Intn(6) == 0 {
		n := r.Intn(4)
		c.maxFields = n
	}
	c.body = body
	return c
}
