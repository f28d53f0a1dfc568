package e2e

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/httpsim/httpsim/internal/corpus"
)

// TestFileTimeEditor sets hello.txt's modification time in the file
// dialog, sends the dialog's conditional GET and sees 304; then gives it
// a time half a microsecond before a whole second, where Python 3
// rounds up (sim/testdata/mtime, recorded from CPython 3.13), and sees
// the 200 CPython sends for the same If-Modified-Since.
func TestFileTimeEditor(t *testing.T) {
	p := open(t, baseURL, 1440)
	defer p.close()
	pickOption(p, `#set-python`, "3.13")
	pickOption(p, `#set-handler`, "simple")
	sends := eval[int](p, `app.timings.sends.length`)

	// The tree shows the sample time; a click on it opens the dialog.
	if got := eval[string](p, `document.querySelector('#tree li[data-path="hello.txt"] .mt').textContent`); got != "2025-12-24 18:30:00" {
		t.Errorf("tree time of hello.txt = %q", got)
	}
	p.do(chromedp.Click(chromedp.CSS(`#tree li[data-path="hello.txt"] .mt`)), chromedp.WaitVisible(chromedp.CSS(`#file-mtime-date`)))
	if got := eval[string](p, `document.querySelector('#file-mtime').value`); got != "1766601000" {
		t.Errorf("dialog seconds = %q, want 1766601000 (2025-12-24 18:30:00)", got)
	}
	// What the date picker does: a new value and an input event.
	eval[any](p, `(() => { const i = document.querySelector('#file-mtime-date'); i.value = '2025-12-31T23:59:59'; i.dispatchEvent(new Event('input', { bubbles: true })); })()`)
	if got := eval[string](p, `document.querySelector('#file-mtime').value`); got != "1767225599" {
		t.Errorf("seconds after picking 2025-12-31 23:59:59 = %q", got)
	}
	p.do(chromedp.Click(chromedp.CSS(`#file-save`)))
	type entry struct {
		Mtime float64 `json:"mtime"`
		Size  float64 `json:"size"`
		Tree  string  `json:"tree"`
	}
	const state = `(() => { const e = httpsim.fs.list().find((x) => x.path === 'hello.txt');
	  return { mtime: e.mtime, size: e.size, tree: document.querySelector('#tree li[data-path="hello.txt"] .mt').textContent }; })()`
	if got := eval[entry](p, state); got.Mtime != 1767225599 || got.Tree != "2025-12-31 23:59:59" || got.Size != 33 {
		t.Errorf("after saving the time: %+v (contents must not change)", got)
	}

	// The dialog's conditional GET: If-Modified-Since is the file's own time.
	p.do(chromedp.Click(chromedp.CSS(`#tree li[data-path="hello.txt"] .mt`)), chromedp.WaitVisible(chromedp.CSS(`#file-get-ims`)))
	p.screenshot("file-time-dialog")
	p.do(chromedp.Click(chromedp.CSS(`#file-get-ims`)))
	waitSends(p, sends+1)
	type result struct {
		Line   string   `json:"line"`
		Status float64  `json:"status"`
		Badge  string   `json:"badge"`
		IMS    []string `json:"ims"`
	}
	const res = `(() => { const x = app.store.state.result.reply.exchanges[0];
	  return { line: x.requestLine, status: x.status, badge: document.querySelector('#status-row .badge').textContent,
	    ims: x.headers.filter((h) => h.name === 'If-Modified-Since').map((h) => h.value) }; })()`
	got := eval[result](p, res)
	if got.Line != "GET /hello.txt HTTP/1.0" || got.Status != 304 || got.Badge != "304" || len(got.IMS) != 1 || got.IMS[0] != "Wed, 31 Dec 2025 23:59:59 GMT" {
		t.Errorf("conditional GET after setting the time: %+v, want 304 for If-Modified-Since: Wed, 31 Dec 2025 23:59:59 GMT", got)
	}
	p.screenshot("file-time-304")

	// A fractional time, typed as seconds: the recorded case where 3.13's
	// Last-Modified rounds up to the next second.
	data, err := os.ReadFile("../sim/testdata/mtime/3.13.json")
	if err != nil {
		t.Fatal(err)
	}
	var recs []struct {
		Name            string `json:"name"`
		StMtime         string `json:"st_mtime"`
		IfModifiedSince string `json:"if_modified_since"`
		IMSStatus       string `json:"ims_status"`
	}
	if err := json.Unmarshal(data, &recs); err != nil {
		t.Fatal(err)
	}
	var rec = recs[0]
	for _, r := range recs {
		if r.Name == "1767225600.999999600" {
			rec = r
		}
	}
	if rec.Name != "1767225600.999999600" || rec.IMSStatus != "HTTP/1.0 200 OK" {
		t.Fatalf("the recording lacks the rounding case: %+v", rec)
	}
	p.do(chromedp.Click(chromedp.CSS(`#tree li[data-path="hello.txt"] .mt`)), chromedp.WaitVisible(chromedp.CSS(`#file-mtime`)))
	retype(p, `#file-mtime`, rec.StMtime)
	p.do(chromedp.Click(chromedp.CSS(`#file-save`)))
	if got := eval[entry](p, state); got.Mtime != 1767225600.9999995 || got.Tree != "2026-01-01 00:00:00" {
		t.Errorf("after typing %s seconds: %+v", rec.StMtime, got)
	}
	p.do(chromedp.Click(chromedp.CSS(`#tree li[data-path="hello.txt"] .mt`)), chromedp.WaitVisible(chromedp.CSS(`#file-get-ims`)))
	p.do(chromedp.Click(chromedp.CSS(`#file-get-ims`)))
	waitSends(p, sends+2)
	got = eval[result](p, res)
	if got.Status != 200 || len(got.IMS) != 1 || got.IMS[0] != rec.IfModifiedSince {
		t.Errorf("If-Modified-Since %s on a file at st_mtime %s: %+v, CPython 3.13 sent %q", rec.IfModifiedSince, rec.StMtime, got, rec.IMSStatus)
	}

	// A share link keeps the time to the last bit of the float.
	p.do(chromedp.Click(chromedp.CSS(`#share-btn`)))
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`location.hash.startsWith('#s=')`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("no share link in the address bar: %v", err)
	}
	q := open(t, eval[string](p, `location.href`), 1440)
	if got := eval[entry](q, state); got.Mtime != 1767225600.9999995 || got.Tree != "2026-01-01 00:00:00" {
		t.Errorf("hello.txt after opening the share link: %+v", got)
	}
	q.close()

	// A bad time is refused in the dialog with the API's message.
	p.do(chromedp.Click(chromedp.CSS(`#tree li[data-path="hello.txt"] .mt`)), chromedp.WaitVisible(chromedp.CSS(`#file-mtime`)))
	retype(p, `#file-mtime`, "253402300800")
	p.do(chromedp.Click(chromedp.CSS(`#file-save`)))
	if msg := eval[string](p, `document.querySelector('#file-error').textContent`); !strings.Contains(msg, "year 10000 or later") {
		t.Errorf("error for year 10000: %q", msg)
	}
	p.do(chromedp.Click(chromedp.CSS(`#file-form button[value="cancel"]`)))
}

// TestConsoleBytes sends corpus case log_high_bytes to 2.7, which logs
// the request line's raw bytes: the console must show each byte that is
// not UTF-8 as a marked \xHH, and nothing as U+FFFD.
func TestConsoleBytes(t *testing.T) {
	c, err := corpus.LoadCase("log_high_bytes")
	if err != nil {
		t.Fatal(err)
	}
	want, err := corpus.LoadTranscript("2.7", "log_high_bytes")
	if err != nil {
		t.Fatal(err)
	}
	p := open(t, baseURL, 1440)
	defer p.close()
	pickOption(p, `#set-python`, "2.7")
	sends := eval[int](p, `app.timings.sends.length`)
	// The raw editor's \xHH escapes are how a person types these bytes.
	var raw strings.Builder
	for _, b := range c.Request {
		switch {
		case b == '\r':
			raw.WriteString(`\r`)
		case b == '\n':
			raw.WriteString(`\n`)
		case b < 0x20 || b >= 0x7f || b == '\\':
			raw.WriteString(`\x` + strings.ToLower(string("0123456789ABCDEF"[b>>4])+string("0123456789ABCDEF"[b&15])))
		default:
			raw.WriteByte(b)
		}
	}
	p.do(chromedp.Click(chromedp.CSS(`#mode-raw`)))
	retype(p, `#raw-text`, raw.String())
	p.do(chromedp.Click(chromedp.CSS(`#send-btn-raw`)))
	waitSends(p, sends+1)
	type term struct {
		Marked []string `json:"marked"`
		Stderr string   `json:"stderr"`
		Titles []string `json:"titles"`
	}
	got := eval[term](p, `(() => ({
	  marked: [...document.querySelectorAll('#terminal .err .nb')].map((e) => e.textContent),
	  titles: [...document.querySelectorAll('#terminal .err .nb')].map((e) => e.title),
	  stderr: [...document.querySelectorAll('#terminal .err:not(.boot)')].map((e) => e.textContent).join(''),
	}))()`)
	if strings.Join(got.Marked, " ") != `\x80 \x9f \xe9 \xff` {
		t.Errorf("marked bytes = %q, want the four bytes of the request line", got.Marked)
	}
	if strings.ContainsRune(got.Stderr, '\ufffd') {
		t.Errorf("the console shows U+FFFD: %q", got.Stderr)
	}
	// The console text with each marked \xHH put back as its byte is
	// what CPython 2.7.18 wrote.
	shown := []byte(got.Stderr)
	for _, m := range []string{`\x80`, `\x9f`, `\xe9`, `\xff`} {
		shown = []byte(strings.Replace(string(shown), m, string([]byte{hexByte(m[2:])}), 1))
	}
	tr := &corpus.Transcript{Stderr: shown}
	corpus.Normalize(tr)
	if string(tr.Stderr) != string(want.Stderr) {
		t.Errorf("console stderr\n got %q\nwant %q (CPython 2.7.18)", tr.Stderr, want.Stderr)
	}
	if len(got.Titles) == 0 || !strings.Contains(got.Titles[0], "not UTF-8") {
		t.Errorf("marked byte titles = %q", got.Titles)
	}
	// The timeline and history label the request the same way.
	if seq := eval[string](p, `document.querySelector('#seq').textContent + ' | ' + document.querySelector('#history-list li').textContent`); !strings.Contains(seq, `GET /\x80\x9f\xe9\xff HTTP/1.0`) || strings.ContainsRune(seq, '\ufffd') {
		t.Errorf("timeline and history = %q", seq)
	}
	eval[any](p, `document.querySelector('#console').scrollIntoView()`)
	p.screenshot("console-bytes-2.7")
}

func hexByte(s string) byte {
	var b byte
	for _, c := range s {
		b <<= 4
		switch {
		case c >= '0' && c <= '9':
			b |= byte(c - '0')
		default:
			b |= byte(c-'a') + 10
		}
	}
	return b
}
