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
	two                       bool   // the two-client scenario: A and B both send bytes
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
	{id: "two-clients", python: "3.12", handler: "seed", protocol: "HTTP/1.0", two: true,
		form:  []req{{method: "GET", target: "/hello.txt", version: "HTTP/1.0", headers: curlish}},
		bytes: "GET /hello.txt HTTP/1.0\r\n" + curlishRaw + "\r\n"},
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
	// The scenarios that run a learner's script are script_test.go's.
	ids := eval[[]string](openOnce(t), `import('./js/scenarios.js').then(m => m.scenarios.filter(s => !s.script).map(s => s.id))`)
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

// pickOption chooses value in a closed <select> with the arrow keys, as a
// keyboard user does. Type-ahead would be closer to typing, but Chromium
// starts a new search when keys arrive more than a second apart, which a
// loaded machine does, and then picks another option.
func pickOption(p *page, sel, value string) {
	p.t.Helper()
	steps := eval[int](p, fmt.Sprintf(`(() => { const s = document.querySelector(%q);
		const i = [...s.options].findIndex(o => o.value === %q);
		return i < 0 ? -1000 : i - s.selectedIndex; })()`, sel, value))
	if steps == -1000 {
		p.t.Fatalf("%s has no option %q", sel, value)
	}
	key := kb.ArrowDown
	if steps < 0 {
		key, steps = kb.ArrowUp, -steps
	}
	p.do(chromedp.Focus(chromedp.CSS(sel)))
	for range steps {
		p.do(chromedp.KeyEvent(key))
	}
	if got := eval[string](p, fmt.Sprintf(`document.querySelector(%q).value`, sel)); got != value {
		p.t.Fatalf("%s = %q after the arrow keys, want %q", sel, got, value)
	}
}

func chooseSettings(p *page, sc scenario) {
	pickOption(p, `#set-python`, sc.python)
	pickOption(p, `#set-handler`, sc.handler)
	pickOption(p, `#set-protocol`, sc.protocol)
	got := eval[map[string]any](p, `app.store.state.settings`)
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
	TwoEvents  []string          `json:"twoEvents"` // client:kind of each two-client timeline row
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
    settings: Object.fromEntries(Object.entries(app.store.state.settings).map(([k, v]) => [k, String(v)])),
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
    twoEvents: [...document.querySelectorAll('#seq .two-ev')].map((li) => li.dataset.client + ':' + li.dataset.kind),
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
	var want *webui.Reply
	var two *webui.TwoReply
	var err error
	if sc.two {
		if two, err = mirror.TwoClients(sent, sent, webui.DefaultSplit(sent), opts); err != nil {
			t.Fatal(err)
		}
		// The panels show A; the console is the one process's, A and B.
		a := *two.A
		a.Output = two.Output
		want = &a
		var evs []string
		for _, e := range two.Events {
			evs = append(evs, e.Client+":"+e.Kind)
		}
		if strings.Join(ui.TwoEvents, " ") != strings.Join(evs, " ") {
			t.Errorf("%s: two-client timeline = %q\nwant %q", how, ui.TwoEvents, evs)
		}
	} else if want, err = mirror.Send(sent, opts); err != nil {
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
	wantErr, wantOut := res.Stderr, res.Stdout
	if two != nil {
		wantErr, wantOut = stderr.String(), stdout.String()
	}
	if ui.Stderr != wantErr || (two == nil && stderr.String() != res.Stderr) {
		t.Errorf("%s: console stderr = %q\nwant %q", how, ui.Stderr, wantErr)
	}
	if ui.Stdout != wantOut {
		t.Errorf("%s: console stdout = %q\nwant %q", how, ui.Stdout, wantOut)
	}
	if len(res.Exchanges) == 0 {
		t.Fatalf("%s: sim read no request", how)
	}
	if n := len(res.Exchanges); two == nil && ((n > 1 && ui.ExTabs != n) || ui.Seq != n) {
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

// TestTwoClientsTimeline: the two-client scenario shows B waiting behind
// A under the question's TCPServer, and B answered first once the page's
// Server class is ThreadingHTTPServer.
func TestTwoClientsTimeline(t *testing.T) {
	p := open(t, baseURL+"#scenario=two-clients", 1440)
	defer p.close()
	waitSends(p, 1)
	type view struct {
		Summary  string   `json:"summary"`
		Answered []string `json:"answered"`
		Blocked  []string `json:"blocked"`
		Class    string   `json:"class"`
		Logs     int      `json:"logs"`
	}
	const read = `(() => {
	  const rows = [...document.querySelectorAll('#seq .two-ev')];
	  return {
	    summary: document.querySelector('#seq .two-summary')?.textContent ?? '',
	    answered: rows.filter((r) => r.dataset.kind === 'respond').map((r) => r.dataset.client),
	    blocked: rows.filter((r) => r.classList.contains('blocked')).map((r) => r.dataset.client + ':' + r.dataset.kind),
	    class: app.store.state.result.two?.serverClass ?? '',
	    logs: [...document.querySelectorAll('#terminal .err:not(.boot)')].map((e) => e.textContent).join('').split('"GET /hello.txt HTTP/1.0" 200').length - 1,
	  };
	})()`
	v := eval[view](p, read)
	if v.Class != "TCPServer" || strings.Join(v.Answered, " ") != "A B" || len(v.Blocked) == 0 || !strings.Contains(v.Summary, "B waits until A is done") {
		t.Errorf("under the seed handler's own class: %+v; want TCPServer answering A then B, with B blocked", v)
	}
	if got := eval[string](p, `document.querySelector('#set-server').options[0].textContent`); got != "the program's own · TCPServer" {
		t.Errorf("the server select's default option reads %q", got)
	}
	if v.Logs != 2 {
		t.Errorf("console shows %d log lines, want one per client", v.Logs)
	}
	p.screenshot("two-clients-tcpserver")

	pickOption(p, `#set-server`, "ThreadingHTTPServer")
	if got := eval[string](p, `app.store.state.settings.server`); got != "ThreadingHTTPServer" {
		t.Fatalf("settings.server = %q after picking ThreadingHTTPServer", got)
	}
	p.do(chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	waitSends(p, 2)
	v = eval[view](p, read)
	if v.Class != "ThreadingHTTPServer" || strings.Join(v.Answered, " ") != "B A" || len(v.Blocked) != 0 || !strings.Contains(v.Summary, "B is answered while A is still unfinished") {
		t.Errorf("under ThreadingHTTPServer: %+v; want B answered first, nothing blocked", v)
	}
	p.screenshot("two-clients-threading")

	// One client again: the usual single-connection timeline.
	p.do(chromedp.Click(chromedp.CSS(`#set-two`)))
	waitSends(p, 3)
	if n := eval[int](p, `document.querySelectorAll('#seq .two-ev').length + (app.store.state.result.two ? 1000 : 0)`); n != 0 {
		t.Errorf("after unticking Two clients the timeline still shows the two-client scenario (%d)", n)
	}
}
