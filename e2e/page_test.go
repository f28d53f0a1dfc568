package e2e

import (
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/httpsim/httpsim/internal/webui"
)

// TestShareLink edits the files through the page, shares, and opens the
// link in a new tab: the scenario must come back whole.
func TestShareLink(t *testing.T) {
	p := open(t, baseURL, 1440)
	defer p.close()
	p.do(chromedp.Click(chromedp.CSS(`button.scn[data-scenario="expect-100"]`), chromedp.NodeVisible))
	waitSends(p, 2)

	// Edit hello.txt in the file dialog.
	p.do(chromedp.Click(chromedp.CSS(`#tree li[data-path="hello.txt"] .more`)), chromedp.WaitVisible(chromedp.CSS(`#file-content`)))
	retype(p, `#file-content`, "Edited in the browser.\n")
	p.do(chromedp.Click(chromedp.CSS(`#file-save`)))
	// Add a folder with a file in it.
	p.do(chromedp.Click(chromedp.CSS(`#file-new`)), chromedp.WaitVisible(chromedp.CSS(`#file-path`)))
	retype(p, `#file-path`, "notes/todo.txt")
	retype(p, `#file-content`, "buy milk\n")
	p.do(chromedp.Click(chromedp.CSS(`#file-save`)))

	p.do(chromedp.Click(chromedp.CSS(`#share-btn`)))
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`location.hash.startsWith('#s=')`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("no share link in the address bar: %v", err)
	}
	const state = `(async () => {
	  const b64 = (u) => { let s = ''; for (const x of u) s += String.fromCharCode(x); return btoa(s); };
	  const files = httpsim.fs.list().map((e) => e.path + (e.dir ? '/' : ' ' + b64(httpsim.fs.read(e.path))));
	  return { url: location.href, settings: JSON.stringify(app.store.state.settings), bytes: b64(app.composer.bytes()),
	    files: files.join('\n'), response: b64(app.store.state.result.reply.response) };
	})()`
	type st struct{ URL, Settings, Bytes, Files, Response string }
	before := eval[st](p, state)
	if !strings.Contains(before.Files, "notes/todo.txt "+base64.StdEncoding.EncodeToString([]byte("buy milk\n"))) ||
		!strings.Contains(before.Files, "hello.txt "+base64.StdEncoding.EncodeToString([]byte("Edited in the browser.\n"))) ||
		!strings.Contains(before.Files, "files/upload.txt ") {
		t.Fatalf("the file edits did not take:\n%s", before.Files)
	}

	q := open(t, before.URL, 1440)
	defer q.close()
	after := eval[st](q, state)
	if after.Settings != before.Settings || after.Bytes != before.Bytes || after.Files != before.Files || after.Response != before.Response {
		t.Errorf("the share link did not reproduce the scenario:\nbefore %+v\n after %+v", before, after)
	}
	if len(before.URL) > 8000 {
		t.Errorf("share link is %d characters long", len(before.URL))
	}
}

// TestPreviewSandbox serves a hostile page and checks that the preview
// frame is sandboxed without scripts and that nothing ran.
func TestPreviewSandbox(t *testing.T) {
	p := open(t, baseURL, 1440)
	defer p.close()
	p.do(chromedp.Click(chromedp.CSS(`#file-new`)), chromedp.WaitVisible(chromedp.CSS(`#file-path`)))
	retype(p, `#file-path`, "evil.html")
	p.do(chromedp.SetValue(chromedp.CSS(`#file-content`), `<!DOCTYPE html><title>evil</title><script>parent.document.title='pwned'</script>`+
		`<img src="files/logo.png" onerror="parent.document.title='pwned'"><a href="javascript:parent.document.title='pwned'">x</a>`+
		`<form action="/x"><input name="q" value="1"><button>go</button></form><meta http-equiv="refresh" content="0;url=/pwned">`))
	p.do(chromedp.Click(chromedp.CSS(`#file-save`)))
	p.do(chromedp.Click(chromedp.CSS(`#tree li[data-path="evil.html"] .more`)), chromedp.Click(chromedp.CSS(`#file-get`)))
	waitSends(p, 2)
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`document.querySelector('iframe.preview-frame')?.dataset.loaded === 'true'`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("no preview frame: %v", err)
	}
	type frame struct {
		Sandbox      *string `json:"sandbox"`
		Tokens       int     `json:"tokens"`
		Doc          bool    `json:"doc"`
		Script       bool    `json:"script"`
		Handler      bool    `json:"handler"`
		JSURL        bool    `json:"jsurl"`
		Title        string  `json:"title"`
		InlinedImage bool    `json:"inlinedImage"`
		Links        int     `json:"links"`
	}
	f := eval[frame](p, `(() => {
	  const f = document.querySelector('iframe.preview-frame');
	  const src = f.srcdoc;
	  return { sandbox: f.getAttribute('sandbox'), tokens: f.sandbox.length, doc: f.contentDocument !== null,
	    script: /<script/i.test(src), handler: /onerror/i.test(src), jsurl: /javascript:/i.test(src),
	    title: document.title, inlinedImage: src.includes('src="data:image/png;base64,'),
	    links: document.querySelectorAll('.links .link-btn').length };
	})()`)
	if f.Sandbox == nil || *f.Sandbox != "" || f.Tokens != 0 {
		t.Errorf("preview sandbox attribute = %v (%d tokens), want sandbox=\"\"", f.Sandbox, f.Tokens)
	}
	if f.Doc {
		t.Errorf("the parent can reach the preview's document: it is not in an opaque origin")
	}
	if f.Script || f.Handler || f.JSURL {
		t.Errorf("the preview kept script: <script> %v, onerror %v, javascript: %v", f.Script, f.Handler, f.JSURL)
	}
	if strings.Contains(f.Title, "pwned") {
		t.Errorf("a script ran: title %q", f.Title)
	}
	if !f.InlinedImage || f.Links != 1 {
		t.Errorf("inlined image %v, %d link buttons (want only the form: a javascript: link is dropped)", f.InlinedImage, f.Links)
	}
}

// TestFollowListingLink clicks a name with a space and &<> in the
// listing: the page composes and sends the GET the link stands for.
func TestFollowListingLink(t *testing.T) {
	p := open(t, baseURL, 1440)
	defer p.close()
	p.do(chromedp.Click(chromedp.CSS(`button.scn[data-scenario="listing"]`), chromedp.NodeVisible))
	waitSends(p, 2)
	n := eval[int](p, `(() => { const b = [...document.querySelectorAll('.links .link-btn')].find((x) => x.firstChild.textContent === 'notes & <ideas>.txt'); b.click(); return app.timings.sends.length; })()`)
	waitSends(p, n)
	got := eval[[]any](p, `[app.store.state.result.reply.exchanges[0].requestLine, app.store.state.result.reply.exchanges[0].status, new TextDecoder().decode(app.store.state.result.reply.exchanges[0].responseBody)]`)
	if got[0] != "GET /files/notes%20%26%20%3Cideas%3E.txt HTTP/1.0" || got[1] != 200.0 || !strings.HasPrefix(got[2].(string), "A file name with an ampersand") {
		t.Errorf("after clicking the link: %q", got)
	}
}

// TestNarrowScreen loads the seed scenario at 360 px: nothing may be
// wider than the screen, and the screenshot is kept.
func TestNarrowScreen(t *testing.T) {
	p := open(t, baseURL+"#scenario=seed-get", 360)
	defer p.close()
	wide := eval[[]string](p, `[...document.querySelectorAll('body *')].filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > innerWidth + 1 && !e.closest('.trace, pre, .tabs, .cmdline'); }).slice(0, 10).map((e) => e.tagName + '#' + e.id + '.' + e.className)`)
	if len(wide) > 0 {
		t.Errorf("elements wider than 360 px: %v", wide)
	}
	if w := eval[float64](p, `document.documentElement.scrollWidth`); w > 360 {
		t.Errorf("the page scrolls sideways: scrollWidth %v", w)
	}
	// Every card spans the screen, less the margins.
	narrow := eval[[]string](p, `[...document.querySelectorAll('.card')].filter((c) => !c.hidden && c.getBoundingClientRect().width < innerWidth - 40).map((c) => c.id + ' ' + c.getBoundingClientRect().width)`)
	if len(narrow) > 0 {
		t.Errorf("cards narrower than the screen: %v", narrow)
	}
	p.screenshot("seed-get-360")
	q := open(t, baseURL+"#scenario=seed-get", 1440)
	defer q.close()
	q.screenshot("seed-get-1440")
}

// TestDarkTheme follows prefers-color-scheme: dark.
func TestDarkTheme(t *testing.T) {
	p := openWith(t, baseURL+"#scenario=listing", 1440, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}})
		return err
	}))
	defer p.close()
	if bg := eval[string](p, `getComputedStyle(document.body).backgroundColor`); bg != "rgb(12, 16, 22)" {
		t.Errorf("dark theme background = %s", bg)
	}
	p.screenshot("listing-1440-dark")
}

// TestLabels checks that every control has an accessible name.
func TestLabels(t *testing.T) {
	p := open(t, baseURL, 1440)
	defer p.close()
	missing := eval[[]string](p, `[...document.querySelectorAll('button, input, select, textarea, a[href], [tabindex]')].filter((e) => {
	  if (e.type === 'hidden') return false;
	  const name = (e.getAttribute('aria-label') || e.getAttribute('title') || (e.labels && [...e.labels].map((l) => l.textContent).join('')) || e.textContent || e.getAttribute('placeholder') || '').trim();
	  return name === '';
	}).map((e) => e.outerHTML.slice(0, 80))`)
	if len(missing) > 0 {
		t.Errorf("controls without a name: %q", missing)
	}
}

// TestMultipartFile posts a multipart form with a file part, attached
// through the file picker, to the seed handler: the console must show
// what cgi.FieldStorage prints for the bytes the page sent.
func TestMultipartFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(file, []byte("line one\nline two\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p := open(t, baseURL, 1440)
	defer p.close()
	p.do(chromedp.Click(chromedp.CSS(`button.scn[data-scenario="seed-post"]`), chromedp.NodeVisible))
	waitSends(p, 2)
	p.do(chromedp.Click(chromedp.CSS(`#tab-body`)), chromedp.Click(chromedp.CSS(`input[name="body-mode"][value="multipart"]`)))
	p.do(chromedp.Click(chromedp.CSS(`#add-field`)))
	p.do(chromedp.SendKeys(chromedp.CSS(`#fields-table .kv-row:nth-child(1) input[data-k="name"]`), "title"),
		chromedp.SendKeys(chromedp.CSS(`#fields-table .kv-row:nth-child(1) input[data-k="value"]`), "My notes"))
	p.do(chromedp.SendKeys(chromedp.CSS(`#add-file`), file, chromedp.NodeReady))
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`app.store.request.parts.length === 2`)); err != nil {
		t.Fatalf("the file part did not arrive: %v", err)
	}
	p.do(chromedp.Click(chromedp.CSS(`#send-btn`)))
	waitSends(p, 3)
	type got struct{ Sent, Stdout string }
	g := eval[got](p, `(() => { let s = ''; for (const b of app.store.state.result.sent) s += String.fromCharCode(b);
	  return { sent: btoa(s), stdout: [...document.querySelectorAll('#terminal .out:not(.boot)')].map((e) => e.textContent).join('') }; })()`)
	sent, _ := base64.StdEncoding.DecodeString(g.Sent)
	if !strings.Contains(string(sent), `Content-Disposition: form-data; name="file"; filename="notes.txt"`+"\r\nContent-Type: text/plain\r\n\r\nline one\nline two\n\r\n") {
		t.Fatalf("the request has no file part:\n%s", sent)
	}
	want, err := webui.NewSession().Send(sent, webui.Options{Python: "3.12", Handler: "seed"})
	if err != nil {
		t.Fatal(err)
	}
	if g.Stdout != want.Result.Stdout {
		t.Errorf("console stdout = %q\nwant %q", g.Stdout, want.Result.Stdout)
	}
	if !strings.Contains(g.Stdout, "FieldStorage('file', 'notes.txt', b'line one") {
		t.Errorf("stdout does not show the file part: %q", g.Stdout)
	}
}

// TestUndecodableName writes a file whose name is not UTF-8 through
// window.httpsim by its bytes: the tree shows the bad byte as \xff, and
// its GET link is the one each version's listing writes (3.x through the
// surrogate escape, 2.7 the byte), which that version serves.
func TestUndecodableName(t *testing.T) {
	p := open(t, baseURL, 1440)
	defer p.close()
	label := eval[string](p, `(() => {
	  httpsim.fs.write(new Uint8Array([0x62, 0x61, 0x64, 0xff, 0x2e, 0x74, 0x78, 0x74]), 'not UTF-8\n');
	  app.files.refresh();
	  const b = document.querySelector('#tree .badbyte');
	  return b ? b.closest('.nm').textContent + ' ' + b.textContent : '';
	})()`)
	if label != `bad\xff.txt \xff` {
		t.Fatalf("tree label = %q, want the bad byte shown as \\xff", label)
	}
	for i, c := range []struct{ python, line string }{
		{"3.12", "GET /bad%ED%B3%BF.txt HTTP/1.0"},
		{"2.7", "GET /bad%FF.txt HTTP/1.0"},
	} {
		p.do(chromedp.SendKeys(chromedp.CSS(`#set-python`), c.python))
		n := eval[int](p, `app.timings.sends.length`)
		p.do(chromedp.Click(chromedp.CSS(`#tree li:has(.badbyte) .more`)), chromedp.Click(chromedp.CSS(`#file-get`)))
		waitSends(p, n+1)
		got := eval[[]any](p, `[app.store.state.settings.python, app.store.state.result.reply.exchanges[0].requestLine, app.store.state.result.reply.exchanges[0].status]`)
		if got[0] != c.python || got[1] != c.line || got[2] != 200.0 {
			t.Errorf("#%d: GET from the tree = %q, want %s %q and 200", i, got, c.python, c.line)
		}
	}
}
