package pycgi

import (
	"strings"
)

// diffCase is one request for the differential and golden tests: header
// lines (after the request line, without line ends) and the rest of the
// connection's input.
type diffCase struct {
	name      string
	head      []string
	body      string
	maxFields int // -1: None
}

// request is the raw request line and header block, blank line included.
func (c diffCase) request() string {
	return "POST /upload HTTP/1.0\r\n" + strings.Join(append(append([]string{}, c.head...), ""), "\r\n") + "\r\n"
}

const (
	ctURL  = "Content-Type: application/x-www-form-urlencoded"
	ctForm = "Content-Type: multipart/form-data; boundary=XyZ"
	next   = "GET /next HTTP/1.0\r\n\r\n"
)

func cl(n int) string { return "Content-Length: " + itoa(n) }

func itoa(n int) string {
	if n < 0 {
		return "-" + itoa(-n)
	}
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// part is one multipart part: header lines and content.
type part struct {
	headers []string
	content string
}

// form builds a multipart body with boundary b and line end nl, closed
// by the final boundary.
func form(b, nl string, parts ...part) string {
	return formOpen(b, nl, parts...) + "--" + b + "--" + nl
}

// formOpen is form without the final boundary.
func formOpen(b, nl string, parts ...part) string {
	var sb strings.Builder
	for _, p := range parts {
		sb.WriteString("--" + b + nl)
		for _, h := range p.headers {
			sb.WriteString(h + nl)
		}
		sb.WriteString(nl)
		sb.WriteString(p.content + nl)
	}
	return sb.String()
}

func field(name, value string) part {
	return part{[]string{`Content-Disposition: form-data; name="` + name + `"`}, value}
}

func file(name, filename, ctype, content string) part {
	return part{[]string{
		`Content-Disposition: form-data; name="` + name + `"; filename="` + filename + `"`,
		"Content-Type: " + ctype,
	}, content}
}

// withLen is a header list plus the Content-Length of body.
func withLen(body string, head ...string) []string {
	return append(head, cl(len(body)))
}

var allBytes = func() string {
	b := make([]byte, 256)
	for i := range b {
		b[i] = byte(i)
	}
	return string(b)
}()

var diffCases = func() []diffCase {
	var cs []diffCase
	add := func(name string, head []string, body string) {
		cs = append(cs, diffCase{name, head, body, -1})
	}
	addMax := func(name string, head []string, body string, max int) {
		cs = append(cs, diffCase{name, head, body, max})
	}

	// application/x-www-form-urlencoded
	ue := func(name, body string) { add(name, withLen(body, ctURL), body) }
	ue("ue_basic", "a=1&b=2")
	ue("ue_plus_percent", "name=John+Doe&x=%41%42%2b%2B&y=a%2Bb+c&%7A=%7a")
	ue("ue_invalid_escapes", "a=%zz&b=%4&c=%&d=%%41&e=100%&f=%G1&g=%1")
	ue("ue_semicolon", "a=1;b=2&c=3;;d=4")
	ue("ue_blank_values", "a=&b&=c&&d=4&==&e==5&f=6=7")
	ue("ue_utf8", "name=%C3%A9t%C3%A9&raw=caf\xc3\xa9&mix=%C3\xc3\xa9%A9")
	ue("ue_bad_utf8", "a=%C3&b=%E2%82&c=%ff%fe&d=%ED%A0%80&e=\xff\xfe&f=%F4%90%80%80&g=%E2%82x&h=%F0%9F%98")
	ue("ue_nonprintable", "a=%00%01%1f%7f&b=%c2%80%c2%9f%c2%a0%c2%ad&c=%e2%80%a8%e2%80%8b&d=%ef%bb%bf&e=%f3%a0%80%81%ee%80%80")
	ue("ue_quotes", "a=%27&b=%22&c=%27%22&d=%5C&e=it%27s&f=%09%0a%0d")
	ue("ue_unicode_versions", "u10=%F0%9F%A4%AA&u11=%F0%9F%A5%B0&u12=%F0%9F%A5%B1&u13=%F0%9F%A5%B2&u14=%F0%9F%AB%A0&u15=%F0%9F%AB%B7&cjk=%E4%B8%AD")
	ue("ue_latin1_repr", "a=%e9&b=%c3%a9&c=%80")
	add("ue_body_longer", []string{ctURL, cl(3)}, "a=1&b=2"+next)
	add("ue_body_shorter", []string{ctURL, cl(100)}, "a=1&b=2")
	add("ue_no_length", []string{ctURL}, "a=1&b=2")
	add("ue_length_zero", []string{ctURL, cl(0)}, "a=1&b=2")
	add("ue_length_negative", []string{ctURL, "Content-Length: -5"}, "a=1&b=2")
	add("ue_length_minus_one", []string{ctURL, "Content-Length: -1"}, "a=1&b=2")
	add("ue_length_garbage", []string{ctURL, "Content-Length: 3abc"}, "a=1&b=2")
	add("ue_length_signs", []string{ctURL, "Content-Length:  +3  "}, "a=1&b=2")
	add("ue_length_underscore", []string{ctURL, "Content-Length: 1_0"}, "a=1&b=2&c=3&d=4")
	add("ue_length_nbsp", []string{ctURL, "Content-Length: 3\xa0"}, "a=1&b=2")
	add("ue_length_vtab", []string{ctURL, "Content-Length: 3\x0b"}, "a=1&b=2")
	add("ue_length_empty", []string{ctURL, "Content-Length:"}, "a=1&b=2")
	add("ue_length_duplicate", []string{ctURL, cl(3), cl(5)}, "a=1&b=2&c=3")
	add("ue_length_2pow31", []string{ctURL, "Content-Length: 2147483648"}, "a=1&b=2")
	add("ue_length_1e12", []string{ctURL, "Content-Length: 1000000000000"}, "a=1&b=2")
	add("ue_length_int64max", []string{ctURL, "Content-Length: 9223372036854775807"}, "a=1&b=2")
	add("ue_length_2pow63", []string{ctURL, "Content-Length: 9223372036854775808"}, "a=1&b=2")
	add("ue_length_neg_huge", []string{ctURL, "Content-Length: -99999999999999999999"}, "a=1&b=2")
	pad := func(n int) string { return "X-Pad: " + strings.Repeat("p", n) }
	add("ue_length_1e12_big_head", []string{ctURL, "Content-Length: 1000000000000", pad(9000)}, "a=1&b=2&c=3")
	add("ue_length_3e9_head_8180", []string{ctURL, "Content-Length: 3000000000", pad(8180 - 105)}, strings.Repeat("a=1&", 20))
	add("ue_length_3e9_head_8192", []string{ctURL, "Content-Length: 3000000000", pad(8192 - 105)}, "a=1&b=2")
	add("ue_length_2pow31_minus1", []string{ctURL, "Content-Length: 2147483647"}, "a=1&b=2")
	add("ue_length_2pow31_plus5", []string{ctURL, "Content-Length: 2147483652"}, "a=1&b=2")
	add("ue_params", withLen("a=1", "Content-Type: application/x-www-form-urlencoded; charset=latin-1"), "a=1")
	add("ue_empty", []string{ctURL, cl(0)}, "")
	big := strings.Repeat("k=v&", 5000) + "last=%E2%9C%93"
	ue("ue_large", big)
	addMax("ue_max_fields_ok", withLen("a=1&b=2", ctURL), "a=1&b=2", 2)
	addMax("ue_max_fields_over", withLen("a=1&b=2", ctURL), "a=1&b=2", 1)
	addMax("ue_max_fields_empty", []string{ctURL, cl(0)}, "", 0)
	addMax("ue_max_fields_semicolon", withLen("a=1;b=2", ctURL), "a=1;b=2", 1)

	// Missing, odd and other content types.
	add("no_type_length", []string{cl(3)}, "a=1&b=2")
	add("no_type_no_length", nil, "a=1&b=2")
	add("type_case", withLen("a=1", "Content-Type: Application/X-WWW-Form-Urlencoded"), "a=1")
	add("text_plain_length", []string{"Content-Type: text/plain", cl(5)}, "hello world")
	add("text_plain_no_length", []string{"Content-Type: text/plain"}, "hello\nworld\n")
	add("text_plain_zero", []string{"Content-Type: text/plain", cl(0)}, "hello")
	add("text_plain_filename", []string{"Content-Type: text/plain", cl(5), `Content-Disposition: attachment; filename="x.txt"`}, "hello world")
	add("text_plain_filename_no_length", []string{"Content-Type: text/plain", `Content-Disposition: form-data; name="n"; filename="x.txt"`}, "hello\r\nworld")
	add("urlencoded_disposition", []string{ctURL, cl(3), `Content-Disposition: form-data; name="n"`}, "a=1&b=2")
	add("json_length", withLen(`{"a": 1}`, "Content-Type: application/json"), `{"a": 1}`)
	add("octet_big", withLen(strings.Repeat("x", 20000), "Content-Type: application/octet-stream"), strings.Repeat("x", 20000))
	add("type_empty", []string{"Content-Type:", cl(3)}, "a=1")
	add("type_duplicate", []string{"Content-Type: text/plain", ctURL, cl(3)}, "a=1&b=2")
	add("type_params_only", []string{"Content-Type: ; boundary=x", cl(3)}, "a=1")

	// multipart/form-data
	b := "XyZ"
	basic := form(b, "\r\n", field("a", "1"), field("b", "two words"))
	add("mp_basic", withLen(basic, ctForm), basic+next)
	f := form(b, "\r\n", file("up", "x.txt", "text/plain", "hello\r\nworld"), field("c", "3"))
	add("mp_file", withLen(f, ctForm), f)
	add("mp_no_length", []string{ctForm}, basic)
	add("mp_length_zero", []string{ctForm, cl(0)}, basic)
	add("mp_length_short", []string{ctForm, cl(60)}, basic+next)
	add("mp_length_long", []string{ctForm, cl(len(basic) + 500)}, basic)
	open := formOpen(b, "\r\n", field("a", "1"), field("b", "2"))
	add("mp_no_final_boundary", withLen(open, ctForm), open)
	lf := form(b, "\n", field("a", "1"), file("f", "f.bin", "application/octet-stream", "x\ny"))
	add("mp_lf", withLen(lf, ctForm), lf)
	pre := "preamble line\r\n--XyZx\r\n" + basic + "epilogue\r\n"
	add("mp_preamble_epilogue", withLen(pre, ctForm), pre)
	add("mp_no_boundary", withLen(basic, "Content-Type: multipart/form-data"), basic)
	add("mp_boundary_space", withLen(basic, `Content-Type: multipart/form-data; boundary="XyZ "`), basic)
	add("mp_boundary_latin1", withLen(basic, "Content-Type: multipart/form-data; boundary=\xe9t\xe9"), basic)
	b200 := strings.Repeat("b", 201)
	add("mp_boundary_201", withLen(form(b200, "\r\n", field("a", "1")), "Content-Type: multipart/form-data; boundary="+b200), form(b200, "\r\n", field("a", "1")))
	b199 := strings.Repeat("c", 200) + "'"
	add("mp_boundary_201_ok", withLen(form(b199, "\r\n", field("a", "1")), "Content-Type: multipart/form-data; boundary="+b199), form(b199, "\r\n", field("a", "1")))
	q := form("a;b c", "\r\n", field("x", "y"))
	add("mp_boundary_quoted", withLen(q, `Content-Type: multipart/form-data; charset=utf-8; boundary="a;b c"`), q)
	add("mp_type_case", withLen(basic, "Content-Type: Multipart/Form-Data; boundary=XyZ"), basic)
	add("mp_mixed_type", withLen(basic, "Content-Type: multipart/mixed; boundary=XyZ"), basic)

	nested := form(b, "\r\n",
		field("top", "t"),
		part{[]string{`Content-Disposition: form-data; name="files"`, "Content-Type: multipart/mixed; boundary=InNer"},
			form("InNer", "\r\n",
				part{[]string{`Content-Disposition: file; filename="a.txt"`, "Content-Type: text/plain"}, "AAA"},
				part{[]string{`Content-Disposition: file; filename="b.bin"`}, "B\x00B"})},
		field("after", "z"))
	add("mp_nested", withLen(nested, ctForm), nested)
	nestedBad := form(b, "\r\n", part{[]string{`Content-Disposition: form-data; name="n"`, "Content-Type: multipart/mixed"}, "--x\r\n\r\nq\r\n--x--"})
	add("mp_nested_no_boundary", withLen(nestedBad, ctForm), nestedBad)
	pu := form(b, "\r\n", part{[]string{`Content-Disposition: form-data; name="q"`, "Content-Type: application/x-www-form-urlencoded"}, "k=v&w=%41"}, field("z", "9"))
	add("mp_part_urlencoded", withLen(pu, ctForm), pu+next)
	pcl := form(b, "\r\n", part{[]string{`Content-Disposition: form-data; name="c"`, "Content-Length: 3"}, "abcdef"}, field("d", "4"))
	add("mp_part_length", withLen(pcl, ctForm), pcl)
	pcl0 := form(b, "\r\n", part{[]string{`Content-Disposition: form-data; name="c"`, "Content-Length: 0"}, "abc"}, field("d", "4"))
	add("mp_part_length_zero", withLen(pcl0, ctForm), pcl0)
	puh := form(b, "\r\n", part{[]string{`Content-Disposition: form-data; name="q"`, "Content-Type: application/x-www-form-urlencoded", "Content-Length: 3000000000"}, "k=v"})
	add("mp_part_urlencoded_huge_length", withLen(puh, ctForm), puh)

	huge := strings.Repeat("h", 65535) + "\xc3\xa9" + strings.Repeat("i", 100)
	hl := form(b, "\r\n", field("h", huge), file("hf", "h.bin", "application/octet-stream", huge))
	add("mp_huge_line", withLen(hl, ctForm), hl)
	crl := form(b, "\r\n", field("cr", strings.Repeat("r", 65535)+"\r\nnext"), field("e", "1"))
	add("mp_cr_at_64k", withLen(crl, ctForm), crl)
	bigText := strings.Repeat("0123456789\r\n", 200)
	bt := form(b, "\r\n", field("big", bigText), file("bigf", "big.txt", "text/plain", bigText))
	add("mp_big_values", withLen(bt, ctForm), bt)
	bin := form(b, "\r\n", file("bin", "all.bin", "application/octet-stream", allBytes), field("t", allBytes))
	add("mp_all_bytes", withLen(bin, ctForm), bin)
	nd := form(b, "\r\n", part{[]string{"Content-Type: text/plain"}, "no disposition"}, part{nil, "no headers"})
	add("mp_part_no_disposition", withLen(nd, ctForm), nd)
	uni := form(b, "\r\n",
		part{[]string{"Content-Disposition: form-data; name=\"\xc3\xa9l\xc3\xa8ve\"; filename=\"r\xc3\xa9sum\xc3\xa9.txt\""}, "caf\xc3\xa9"},
		part{[]string{`Content-Disposition: form-data; name="q\"uote"; filename="a\\b\"c.txt"`}, "x"},
		part{[]string{`Content-Disposition: form-data; name="semi;colon"; filename=""`}, ""},
		part{[]string{"Content-Disposition: form-data; NAME=upper; Filename=bare.txt"}, "y"})
	add("mp_part_names", withLen(uni, ctForm), uni)
	garbage := "--XyZ\r\nContent-Disposition: form-data; name=\"g\"\r\nnot a header\r\nContent-Type: text/plain\r\n\r\nvalue\r\n--XyZ--\r\n"
	add("mp_part_header_garbage", withLen(garbage, ctForm), garbage)
	fold := "--XyZ\r\nContent-Disposition: form-data;\r\n name=\"folded\"\r\n\r\nv\r\n--XyZ\r\nFrom someone\r\nContent-Disposition: form-data; name=\"from\"\r\n\r\nw\r\n--XyZ\r\n: empty\r\nContent-Disposition : form-data; name=\"space\"\r\n\r\nu\r\n--XyZ--\r\n"
	add("mp_part_header_fold", withLen(fold, ctForm), fold)
	crOnly := "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\rContent-Type: text/plain\r\n\r\nbody\r\n--XyZ--\r\n"
	add("mp_part_header_cr", withLen(crOnly, ctForm), crOnly)
	dup := form(b, "\r\n", field("a", "1"), field("a", "2"), part{[]string{`Content-Disposition: form-data; name="x"`, `Content-Disposition: form-data; name="y"`, "Content-Type: text/plain", "Content-Type: application/octet-stream"}, "dup"})
	add("mp_duplicates", withLen(dup, ctForm), dup)
	addMax("mp_max_fields_over", withLen(basic, ctForm), basic, 1)
	addMax("mp_max_fields_ok", withLen(basic, ctForm), basic, 2)
	ws := "--XyZ  \r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ \t\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n2\r\n --XyZ\r\n--XyZ--  \r\n"
	add("mp_boundary_whitespace", withLen(ws, ctForm), ws)
	noNL := "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ--"
	add("mp_final_no_newline", withLen(noNL, ctForm), noNL+next)
	lookalike := form(b, "\r\n", field("a", "--XyZfoo\r\n--XyZ-\r\n-- XyZ\r\nend"))
	add("mp_boundary_lookalike", withLen(lookalike, ctForm), lookalike)
	cut := form(b, "\r\n", field("a", "1"), file("f", "f.txt", "text/plain", "data"))
	add("mp_truncated_body", withLen(cut, ctForm), cut[:len(cut)-20])
	add("mp_empty_body", []string{ctForm, cl(0)}, "")
	add("mp_only_final", withLen("--XyZ--\r\n", ctForm), "--XyZ--\r\n")
	mixedNL := "--XyZ\nContent-Disposition: form-data; name=\"a\"\r\n\n1\r\n--XyZ\r\nContent-Disposition: form-data; name=\"b\"\n\r\nline1\rline2\n\r\n--XyZ--\n"
	add("mp_mixed_newlines", withLen(mixedNL, ctForm), mixedNL)
	same := form(b, "\r\n", part{[]string{`Content-Disposition: form-data; name="s"`, "Content-Type: multipart/mixed; boundary=XyZ"}, "x"}, field("t", "1"))
	add("mp_nested_same_boundary", withLen(same, ctForm), same)
	deep := field("leaf", "L")
	for i := 0; i < 4; i++ {
		bb := "D" + itoa(i)
		deep = part{[]string{`Content-Disposition: form-data; name="d` + itoa(i) + `"`, "Content-Type: multipart/mixed; boundary=" + bb}, form(bb, "\r\n", deep)}
	}
	dp := form(b, "\r\n", deep)
	add("mp_deep", withLen(dp, ctForm), dp)
	return cs
}()
