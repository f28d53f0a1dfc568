package e2e

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/httpsim/httpsim/internal/webui"
	"github.com/httpsim/httpsim/sim"
)

// req is a request as a person types it into the composer's form.
type req struct {
	method, target, version string
	headers                 [][2]string
	body                    string      // "urlencoded" or "text"
	fields                  [][2]string // urlencoded fields
	text                    string      // text body
}

// scenario is a gallery entry: how to type it, and the bytes that must
// come out either way.
type scenario struct {
	id                        string
	python, handler, protocol string
	form                      []req  // typed in form mode
	raw                       []line // typed in raw mode
	bytes                     string // what the page must send
}

// line is one line of the raw editor: text, then Enter (CRLF) or
// Shift+Enter (bare LF); repeat inserts text n times with the repeat tool.
type line struct {
	text   string
	lf     bool
	repeat int
	rest   string // typed after the repeated text
}

var curlish = [][2]string{{"Host", "127.0.0.1:8000"}, {"User-Agent", "curl/8.5.0"}, {"Accept", "*/*"}}

const curlishRaw = "Host: 127.0.0.1:8000\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n"

var scenarios = []scenario{
	{id: "seed-get", python: "3.12", handler: "seed", protocol: "HTTP/1.0",
		form:  []req{{method: "GET", target: "/hello.txt", version: "HTTP/1.0", headers: curlish}},
		bytes: "GET /hello.txt HTTP/1.0\r\n" + curlishRaw + "\r\n"},
	{id: "seed-post", python: "3.12", handler: "seed", protocol: "HTTP/1.0",
		form: []req{{method: "POST", target: "/", version: "HTTP/1.0", headers: [][2]string{{"Host", "127.0.0.1:8000"}, {"User-Agent", "curl/8.5.0"}},
			body: "urlencoded", fields: [][2]string{{"name", "Ada Lovelace"}, {"lang", "Python"}}}},
		bytes: "POST / HTTP/1.0\r\nHost: 127.0.0.1:8000\r\nUser-Agent: curl/8.5.0\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 29\r\n\r\nname=Ada+Lovelace&lang=Python"},
	{id: "unsupported-method", python: "3.12", handler: "simple", protocol: "HTTP/1.0",
		form:  []req{{method: "POST", target: "/", version: "HTTP/1.0", headers: [][2]string{{"Host", "127.0.0.1:8000"}}, body: "urlencoded", fields: [][2]string{{"q", "hello"}}}},
		bytes: "POST / HTTP/1.0\r\nHost: 127.0.0.1:8000\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 7\r\n\r\nq=hello"},
	{id: "lowercase-get", python: "3.12", handler: "simple", protocol: "HTTP/1.0",
		form: []req{{method: "get", target: "/hello.txt", version: "HTTP/1.0"}}, bytes: "get /hello.txt HTTP/1.0\r\n\r\n"},
	{id: "dir-redirect", python: "3.12", handler: "simple", protocol: "HTTP/1.0",
		form: []req{{method: "GET", target: "/blog", version: "HTTP/1.0"}}, bytes: "GET /blog HTTP/1.0\r\n\r\n"},
	{id: "listing", python: "3.12", handler: "simple", protocol: "HTTP/1.0",
		form: []req{{method: "GET", target: "/files/", version: "HTTP/1.0"}}, bytes: "GET /files/ HTTP/1.0\r\n\r\n"},
	{id: "not-found", python: "3.12", handler: "simple", protocol: "HTTP/1.0",
		form: []req{{method: "GET", target: "/missing.html", version: "HTTP/1.0"}}, bytes: "GET /missing.html HTTP/1.0\r\n\r\n"},
	{id: "uri-too-long", python: "3.12", handler: "simple", protocol: "HTTP/1.0",
		raw:   []line{{text: "GET /", repeat: 70000, rest: " HTTP/1.0"}, {}},
		bytes: "GET /" + strings.Repeat("a", 70000) + " HTTP/1.0\r\n\r\n"},
	{id: "http09", python: "3.12", handler: "simple", protocol: "HTTP/1.0",
		form: []req{{method: "GET", target: "/hello.txt", version: ""}}, bytes: "GET /hello.txt\r\n"},
	{id: "keep-alive", python: "3.12", handler: "simple", protocol: "HTTP/1.1",
		form: []req{
			{method: "GET", target: "/hello.txt", version: "HTTP/1.1", headers: [][2]string{{"Host", "127.0.0.1:8000"}}},
			{method: "GET", target: "/files/data.json", version: "HTTP/1.1", headers: [][2]string{{"Connection", "close"}}}, // Host is carried over
		},
		bytes: "GET /hello.txt HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n\r\nGET /files/data.json HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nConnection: close\r\n\r\n"},
	{id: "if-modified-since", python: "3.12", handler: "simple", protocol: "HTTP/1.0",
		form:  []req{{method: "GET", target: "/hello.txt", version: "HTTP/1.0", headers: [][2]string{{"If-Modified-Since", "Wed, 24 Dec 2025 18:30:00 GMT"}}}},
		bytes: "GET /hello.txt HTTP/1.0\r\nIf-Modified-Since: Wed, 24 Dec 2025 18:30:00 GMT\r\n\r\n"},
	{id: "traversal", python: "3.12", handler: "simple", protocol: "HTTP/1.0",
		form: []req{{method: "GET", target: "/../../../etc/passwd", version: "HTTP/1.0"}}, bytes: "GET /../../../etc/passwd HTTP/1.0\r\n\r\n"},
	{id: "expect-100", python: "3.12", handler: "upload", protocol: "HTTP/1.1",
		form: []req{{method: "PUT", target: "/files/upload.txt", version: "HTTP/1.1", headers: [][2]string{{"Host", "127.0.0.1:8000"}, {"Expect", "100-continue"}},
			body: "text", text: "Uploaded through httpsim.\n"}},
		bytes: "PUT /files/upload.txt HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nExpect: 100-continue\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 26\r\n\r\nUploaded through httpsim.\n"},
	{id: "cgi-removed", python: "3.13", handler: "seed", protocol: "HTTP/1.0",
		form:  []req{{method: "GET", target: "/hello.txt", version: "HTTP/1.0", headers: curlish}},
		bytes: "GET /hello.txt HTTP/1.0\r\n" + curlishRaw + "\r\n"},
	{id: "bare-lf", python: "3.12", handler: "seed", protocol: "HTTP/1.0",
		raw:   []line{{text: "GET /hello.txt HTTP/1.0", lf: true}, {text: "X-Folded: first part", lf: true}, {text: " second part", lf: true}, {text: "Host: 127.0.0.1:8000", lf: true}, {lf: true}},
		bytes: "GET /hello.txt HTTP/1.0\nX-Folded: first part\n second part\nHost: 127.0.0.1:8000\n\n"},
}

// TestScenarios runs every gallery scenario twice on one page: by
// clicking its card, and by typing it into a new request. Both must send
// the same bytes, and the page must show what sim gives for them.
func TestScenarios(t *testing.T) {
	ids := eval[[]string](openOnce(t), `import('./js/scenarios.js').then(m => m.scenarios.map(s => s.id))`)
	var have []string
	for _, sc := range scenarios {
		have = append(have, sc.id)
	}
	if strings.Join(ids, ",") != strings.Join(have, ",") {
		t.Fatalf("gallery = %v\n  tests = %v: every gallery scenario needs a test", ids, have)
	}
	if len(ids) < 10 {
		t.Errorf("the gallery has %d scenarios, want at least 10", len(ids))
	}
	for _, sc := range scenarios {
		t.Run(sc.id, func(t *testing.T) {
			p := open(t, baseURL, 1440)
			defer p.close()
			mirror := webui.NewSession() // what the page's session should hold

			// 1. Click the card.
			p.do(chromedp.Click(chromedp.CSS(`button.scn[data-scenario="`+sc.id+`"]`), chromedp.NodeVisible))
			waitSends(p, 2) // the first scenario at load, then this one
			mirror.Reset(false)
			check(t, p, mirror, sc, "gallery")
			p.screenshot("scenario-" + sc.id)

			// 2. Type it.
			p.do(chromedp.Click(chromedp.CSS(`#new-request`)))
			chooseSettings(p, sc)
			if sc.raw != nil {
				typeRaw(p, sc.raw)
			} else {
				for i, r := range sc.form {
					if i > 0 {
						p.do(chromedp.Click(chromedp.CSS(`.conn-tab.add`)))
					}
					typeForm(p, r)
				}
			}
			n := eval[int](p, `app.timings.sends.length`)
			p.do(chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
			waitSends(p, n+1)
			check(t, p, mirror, sc, "typed")
		})
	}
}

var shared *page

// openOnce returns a page for reading static facts (the gallery).
func openOnce(t *testing.T) *page {
	if shared == nil {
		shared = open(t, baseURL, 1440)
		t.Cleanup(func() { shared.close(); shared = nil })
	}
	return shared
}

func waitSends(p *page, n int) {
	p.t.Helper()
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](fmt.Sprintf(`app.timings.sends.length >= %d`, n))); err != nil {
		p.t.Fatalf("waiting for send %d: %v", n, err)
	}
}

func chooseSettings(p *page, sc scenario) {
	// A keyboard user picks from a closed <select> with Home and the
	// arrow keys (type-ahead depends on typing speed; each change
	// re-sends, which a loaded machine can make slow).
	for _, c := range []struct{ sel, value string }{{`#set-python`, sc.python}, {`#set-handler`, sc.handler}, {`#set-protocol`, sc.protocol}} {
		i := eval[int](p, fmt.Sprintf(`[...document.querySelector(%q).options].findIndex((o) => o.value === %q)`, c.sel, c.value))
		if i < 0 {
			p.t.Fatalf("%s has no option %q", c.sel, c.value)
		}
		p.do(chromedp.Focus(chromedp.CSS(c.sel)), chromedp.KeyEvent(kb.Home))
		for range i {
			p.do(chromedp.KeyEvent(kb.ArrowDown))
		}
	}
	got := eval[map[string]string](p, `app.store.state.settings`)
	if got["python"] != sc.python || got["handler"] != sc.handler || got["protocol"] != sc.protocol {
		p.t.Fatalf("settings after typing = %v, want %s %s %s", got, sc.python, sc.handler, sc.protocol)
	}
}

// retype clears a field the way a person does (Ctrl+A, Backspace) and
// types v into it.
func retype(p *page, sel, v string) {
	p.do(chromedp.Focus(chromedp.CSS(sel)), chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)), chromedp.KeyEvent("\b"))
	if v != "" {
		p.do(chromedp.SendKeys(chromedp.CSS(sel), v))
	}
}

func typeForm(p *page, r req) {
	retype(p, `#req-method`, r.method)
	retype(p, `#req-target`, r.target)
	retype(p, `#req-version`, r.version)
	p.do(chromedp.Click(chromedp.CSS(`#tab-headers`)))
	n := eval[int](p, `app.store.request.headers.length`)
	for i, h := range r.headers {
		p.do(chromedp.Click(chromedp.CSS(`#add-header`)))
		row := fmt.Sprintf(`#headers-table .kv-row:nth-child(%d) `, n+i+1)
		p.do(chromedp.SendKeys(chromedp.CSS(row+`input[data-k="name"]`), h[0]), chromedp.SendKeys(chromedp.CSS(row+`input[data-k="value"]`), h[1]))
	}
	if r.body == "" {
		return
	}
	p.do(chromedp.Click(chromedp.CSS(`#tab-body`)), chromedp.Click(chromedp.CSS(`input[name="body-mode"][value="`+r.body+`"]`)))
	switch r.body {
	case "urlencoded":
		for i, f := range r.fields {
			p.do(chromedp.Click(chromedp.CSS(`#add-field`)))
			row := fmt.Sprintf(`#fields-table .kv-row:nth-child(%d) `, i+1)
			p.do(chromedp.SendKeys(chromedp.CSS(row+`input[data-k="name"]`), f[0]), chromedp.SendKeys(chromedp.CSS(row+`input[data-k="value"]`), f[1]))
		}
	case "text":
		typeText(p, `#body-text`, r.text)
	}
}

// typeText types text into a plain textarea ("\n" is the Enter key).
func typeText(p *page, sel, text string) {
	p.do(chromedp.SendKeys(chromedp.CSS(sel), text))
}

func typeRaw(p *page, lines []line) {
	p.do(chromedp.Click(chromedp.CSS(`#mode-raw`)))
	retype(p, `#raw-text`, "")
	for i, l := range lines {
		if l.text != "" {
			p.do(chromedp.SendKeys(chromedp.CSS(`#raw-text`), l.text))
		}
		if l.repeat > 0 {
			retype(p, `#repeat-count`, fmt.Sprint(l.repeat))
			p.do(chromedp.Click(chromedp.CSS(`#repeat-insert`)), chromedp.SendKeys(chromedp.CSS(`#raw-text`), l.rest))
		}
		_ = i
		mod := chromedp.Modifier(0)
		if l.lf {
			mod = chromedp.ModifierShift
		}
		p.do(enter(mod))
	}
}

// enter presses Enter without the char event that SendKeys adds, as a
// keyboard does when the page handles keydown itself.
func enter(mod chromedp.Modifier) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeRawKeyDown, input.DispatchKeyEventTypeKeyUp} {
			if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, input.DispatchKeyEventParams{
				Type: typ, Key: "Enter", Code: "Enter", Modifiers: int64(mod), WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13,
			}); err != nil {
				return err
			}
		}
		return nil
	})
}

// shown is what the page shows for the selected exchange.
type shown struct {
	Sent       string            `json:"sent"` // base64
	Settings   map[string]string `json:"settings"`
	Refused    bool              `json:"refused"`
	Badge      string            `json:"badge"`
	StatusLine string            `json:"statusLine"`
	Raw        string            `json:"raw"`
	Frames     []string          `json:"frames"`
	Values     int               `json:"values"`
	Startup    string            `json:"startup"`
	Stderr     string            `json:"stderr"`
	Stdout     string            `json:"stdout"`
	ExTabs     int               `json:"exTabs"`
	Seq        int               `json:"seq"`
}

const readUI = `(async () => {
  document.querySelector('#frames-all').click();
  document.querySelector('#res-tabs [data-view="raw"]').click();
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const q = (s) => document.querySelector(s);
  const r = app.store.state.result;
  let s = '';
  for (const b of r.sent) s += String.fromCharCode(b);
  return {
    sent: btoa(s),
    settings: app.store.state.settings,
    refused: !!q('#res-view .refused'),
    badge: q('#status-row .badge')?.textContent ?? '',
    statusLine: q('#status-row .status-line')?.textContent ?? '',
    raw: q('#res-view pre.bytes')?.textContent ?? '',
    frames: [...document.querySelectorAll('#trace .frame')].map((li) => li.dataset.fn ?? li.querySelector('.name').textContent),
    values: document.querySelectorAll('#trace .val').length,
    startup: [...document.querySelectorAll('#terminal .boot')].map((e) => e.textContent).join(''),
    stderr: [...document.querySelectorAll('#terminal .err:not(.boot)')].map((e) => e.textContent).join(''),
    stdout: [...document.querySelectorAll('#terminal .out:not(.boot)')].map((e) => e.textContent).join(''),
    exTabs: document.querySelectorAll('#ex-tabs button').length,
    seq: document.querySelectorAll('#seq .msg.req').length,
  };
})()`

// check compares the page with sim run in-process on the same bytes.
func check(t *testing.T, p *page, mirror *webui.Session, sc scenario, how string) {
	t.Helper()
	ui := eval[shown](p, readUI)
	sent, _ := base64.StdEncoding.DecodeString(ui.Sent)
	if string(sent) != sc.bytes {
		t.Fatalf("%s: the page sent %.200q\nwant %.200q", how, sent, sc.bytes)
	}
	opts := webui.Options{Python: sc.python, Handler: sc.handler, Protocol: sc.protocol}
	if ui.Settings["python"] != sc.python || ui.Settings["handler"] != sc.handler || ui.Settings["protocol"] != sc.protocol {
		t.Fatalf("%s: settings = %v, want %+v", how, ui.Settings, opts)
	}
	want, err := mirror.Send(sent, opts)
	if err != nil {
		t.Fatal(err)
	}
	if want.Startup != nil {
		if !ui.Refused || ui.Startup != want.Warnings+want.Stderr {
			t.Errorf("%s: refused = %v, console %q; want the startup traceback %q", how, ui.Refused, ui.Startup, want.Stderr)
		}
		return
	}
	if ui.Startup != want.Warnings+want.Banner+"\n" {
		t.Errorf("%s: console startup lines = %q\nwant %q", how, ui.Startup, want.Warnings+want.Banner+"\n")
	}
	res := want.Result
	var stderr, stdout strings.Builder
	for _, c := range want.Output {
		if c.Startup {
			continue
		}
		if c.Stream == "stderr" {
			stderr.WriteString(c.Text)
		} else {
			stdout.WriteString(c.Text)
		}
	}
	if ui.Stderr != res.Stderr || stderr.String() != res.Stderr {
		t.Errorf("%s: console stderr = %q\nwant %q", how, ui.Stderr, res.Stderr)
	}
	if ui.Stdout != res.Stdout {
		t.Errorf("%s: console stdout = %q\nwant %q", how, ui.Stdout, res.Stdout)
	}
	if len(res.Exchanges) == 0 {
		t.Fatalf("%s: sim read no request", how)
	}
	if n := len(res.Exchanges); (n > 1 && ui.ExTabs != n) || ui.Seq != n {
		t.Errorf("%s: %d exchange tabs, %d timeline requests; want %d", how, ui.ExTabs, ui.Seq, n)
	}
	ex := res.Exchanges[0]
	head := webui.SplitResponse(ex.Response, ex.Version == "HTTP/0.9")
	if head.StatusLine != "" && (ui.StatusLine != head.StatusLine || ui.Badge != fmt.Sprint(ex.Status)) {
		t.Errorf("%s: status = %q %q, want %d %q", how, ui.Badge, ui.StatusLine, ex.Status, head.StatusLine)
	}
	if got, want := ui.Raw, rawText(ex.Response); got != want {
		t.Errorf("%s: raw response view = %.300q\nwant %.300q", how, got, want)
	}
	var fns []string
	values := 0
	for _, f := range ex.Trace {
		fns = append(fns, f.Fn)
		values += len(f.Values)
	}
	if strings.Join(ui.Frames, "\n") != strings.Join(fns, "\n") {
		t.Errorf("%s: dispatch path shows %d frames, sim has %d:\n got %q\nwant %q", how, len(ui.Frames), len(fns), ui.Frames, fns)
	}
	if ui.Values != values {
		t.Errorf("%s: dispatch path shows %d values, sim has %d", how, ui.Values, values)
	}
	checkKeyFrames(t, how, ex)
}

// checkKeyFrames makes sure the trace has the steps the page explains.
func checkKeyFrames(t *testing.T, how string, ex *sim.Exchange) {
	t.Helper()
	var has bool
	for _, f := range ex.Trace {
		if strings.HasSuffix(f.Fn, ".handle_one_request") {
			has = true
		}
	}
	if !has {
		t.Errorf("%s: the trace has no handle_one_request frame", how)
	}
}

// rawText is the text of the page's Raw view of b: CR and LF are tags
// without text, a line break follows each LF, and bytes that are not
// printable ASCII are \xhh.
func rawText(b []byte) string {
	var s strings.Builder
	for _, c := range b {
		switch {
		case c == '\r':
		case c == '\n':
			s.WriteByte('\n')
		case c == '\t' || (c >= 0x20 && c < 0x7f):
			s.WriteByte(c)
		default:
			fmt.Fprintf(&s, `\x%02x`, c)
		}
	}
	return s.String()
}
