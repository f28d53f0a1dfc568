package sim

import (
	"bytes"
	"fmt"
	"strconv"
	"time"
)

// These templates are the output format CPython's send_error and
// list_directory produce; the oracle tests compare them byte for byte
// with the interpreters.

// errorPage renders the error body of send_error for a profile.
func errorPage(p *Profile, code int, enum bool, message, explain string) []byte {
	switch {
	case !p.py3():
		return []byte(fmt.Sprintf("<head>\n<title>Error response</title>\n</head>\n<body>\n"+
			"<h1>Error response</h1>\n<p>Error code %d.\n<p>Message: %s.\n"+
			"<p>Error code explanation: %d = %s.\n</body>\n",
			code, htmlEscape(message), code, explain))
	case p.minor < 311:
		return []byte(fmt.Sprintf("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\"\n"+
			"        \"http://www.w3.org/TR/html4/strict.dtd\">\n<html>\n    <head>\n"+
			"        <meta http-equiv=\"Content-Type\" content=\"text/html;charset=utf-8\">\n"+
			"        <title>Error response</title>\n    </head>\n    <body>\n"+
			"        <h1>Error response</h1>\n        <p>Error code: %d</p>\n"+
			"        <p>Message: %s.</p>\n        <p>Error code explanation: %s - %s.</p>\n"+
			"    </body>\n</html>\n",
			code, htmlEscape(message), p.codeString(code, enum), htmlEscape(explain)))
	default:
		style := ""
		if p.colorScheme() {
			style = "        <style type=\"text/css\">\n            :root {\n" +
				"                color-scheme: light dark;\n            }\n        </style>\n"
		}
		return []byte(fmt.Sprintf("<!DOCTYPE HTML>\n<html lang=\"en\">\n    <head>\n"+
			"        <meta charset=\"utf-8\">\n"+style+"        <title>Error response</title>\n"+
			"    </head>\n    <body>\n        <h1>Error response</h1>\n"+
			"        <p>Error code: %d</p>\n        <p>Message: %s.</p>\n"+
			"        <p>Error code explanation: %s - %s.</p>\n    </body>\n</html>\n",
			code, htmlEscape(message), p.codeString(code, enum), htmlEscape(explain)))
	}
}

func errorContentType(p *Profile) string {
	if !p.py3() {
		return "text/html"
	}
	return "text/html;charset=utf-8"
}

// listingPage renders list_directory's HTML. entries are (href, display)
// pairs, already quoted and escaped; title is the escaped display path.
func listingPage(p *Profile, title string, entries [][2]string) []byte {
	var b bytes.Buffer
	size := 400 + 2*len(title)
	for _, e := range entries {
		size += 30 + len(e[0]) + len(e[1])
	}
	b.Grow(size)
	enc := listingCharset(p)
	switch {
	case !p.py3():
		b.WriteString(`<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">`)
		b.WriteString("<html>\n<title>Directory listing for " + title + "</title>\n")
		b.WriteString("<body>\n<h2>Directory listing for " + title + "</h2>\n")
		b.WriteString("<hr>\n<ul>\n")
		for _, e := range entries {
			b.WriteString(`<li><a href="`)
			b.WriteString(e[0])
			b.WriteString(`">`)
			b.WriteString(e[1])
			b.WriteString("</a>\n")
		}
		b.WriteString("</ul>\n<hr>\n</body>\n</html>\n")
		return b.Bytes()
	case p.minor < 311:
		b.WriteString(`<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">`)
		b.WriteString("\n<html>\n<head>\n")
		b.WriteString(`<meta http-equiv="Content-Type" content="text/html; charset=` + enc + `">`)
	default:
		b.WriteString("<!DOCTYPE HTML>\n<html lang=\"en\">\n<head>\n")
		b.WriteString(`<meta charset="` + enc + `">`)
		if p.colorScheme() {
			b.WriteString("\n<style type=\"text/css\">\n:root {\ncolor-scheme: light dark;\n}\n</style>")
		}
	}
	b.WriteString("\n<title>Directory listing for " + title + "</title>\n</head>")
	b.WriteString("\n<body>\n<h1>Directory listing for " + title + "</h1>")
	b.WriteString("\n<hr>\n<ul>")
	for _, e := range entries {
		b.WriteString("\n<li><a href=\"")
		b.WriteString(e[0])
		b.WriteString("\">")
		b.WriteString(e[1])
		b.WriteString("</a></li>")
	}
	b.WriteString("\n</ul>\n<hr>\n</body>\n</html>\n")
	return b.Bytes()
}

// listingCharset is sys.getfilesystemencoding() under a UTF-8 locale.
func listingCharset(p *Profile) string {
	if !p.py3() {
		return "UTF-8"
	}
	return "utf-8"
}

var (
	weekdays = [...]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	months   = [...]string{"", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

// timestamp is a float time as Python passes it to date_time_string.
type timestamp struct{ t time.Time }

// httpDate is date_time_string(): email.utils.formatdate(ts, usegmt=True).
func httpDate(t time.Time) string {
	t = t.UTC()
	b := make([]byte, 0, 32)
	b = append(b, weekdays[t.Weekday()]...)
	b = append(b, ", "...)
	b = pad(b, t.Day(), 2)
	b = append(b, ' ')
	b = append(b, months[t.Month()]...)
	b = append(b, ' ')
	b = pad(b, t.Year(), 4)
	b = append(b, ' ')
	b = clock(b, t)
	return string(append(b, " GMT"...))
}

func pad(b []byte, n, width int) []byte {
	var d [20]byte
	s := strconv.AppendInt(d[:0], int64(n), 10)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

func clock(b []byte, t time.Time) []byte {
	b = pad(b, t.Hour(), 2)
	b = append(b, ':')
	b = pad(b, t.Minute(), 2)
	b = append(b, ':')
	return pad(b, t.Second(), 2)
}

// logDate is log_date_time_string(), in the clock's own zone as
// time.localtime gives it.
func logDate(t time.Time) string {
	b := make([]byte, 0, 24)
	b = pad(b, t.Day(), 2)
	b = append(b, '/')
	b = append(b, months[t.Month()]...)
	b = append(b, '/')
	b = pad(b, t.Year(), 4)
	b = append(b, ' ')
	return string(clock(b, t))
}
