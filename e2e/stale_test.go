package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestNothingStale changes the settings, the request and the files the
// way a learner does and checks that every panel belongs to what is on
// screen, and says only true things (issue 12, point 1).
func TestNothingStale(t *testing.T) {
	p := open(t, baseURL, 1440)
	defer p.close()

	// The tree is there at the bare URL, before any scenario is clicked.
	if n := eval[int](p, `document.querySelectorAll('#tree li[data-path="hello.txt"]').length`); n != 1 {
		t.Errorf("the Files panel is empty on first load")
	}
	// The banner says ::, so the log shows the IPv4-mapped client.
	p.do(chromedp.Click(chromedp.CSS(`button.scn[data-scenario="listing"]`), chromedp.NodeVisible))
	waitSends(p, 2)
	term := eval[string](p, `document.querySelector('#terminal').textContent`)
	if !strings.Contains(term, "Serving HTTP on :: port 8000") || !strings.Contains(term, "\n::ffff:127.0.0.1 - - [") {
		t.Errorf("banner and log disagree:\n%s", term)
	}

	// A settings change re-sends at once; the scenario marks itself edited.
	p.do(chromedp.Click(chromedp.CSS(`button.scn[data-scenario="seed-get"]`), chromedp.NodeVisible))
	waitSends(p, 3)
	if !eval[bool](p, `!!document.querySelector('#tree li.script[data-path="seed.py"]')`) {
		t.Errorf("the seed handler's script is not in the tree, though its output names /srv/www/seed.py")
	}
	// The list is newest first: 3.13 is above 3.12.
	p.do(chromedp.Focus(chromedp.CSS(`#set-python`)), chromedp.KeyEvent(kb.ArrowUp))
	waitSends(p, 4)
	type st struct {
		Python, Refused, Edited, Current, Console string
	}
	const read = `(() => ({
	  python: app.store.state.result.reply.python,
	  refused: String(!!document.querySelector('#res-view .refused')),
	  edited: String(!document.querySelector('#story-edited').hidden),
	  current: document.querySelector('button.scn[data-scenario="seed-get"]').getAttribute('aria-current'),
	  console: document.querySelector('#terminal').textContent,
	}))()`
	got := eval[st](p, read)
	if got.Python != "3.13" || got.Refused != "true" || !strings.Contains(got.Console, "ModuleNotFoundError") {
		t.Errorf("after choosing 3.13 with the seed handler: %+v", got)
	}
	if got.Edited != "true" || got.Current != "false" {
		t.Errorf("the story does not say it was edited: %+v", got)
	}
	p.do(chromedp.KeyEvent(kb.ArrowDown))
	waitSends(p, 5)
	if got := eval[st](p, read); got.Python != "3.12" || got.Refused != "false" || got.Edited != "false" || got.Current != "true" {
		t.Errorf("back on the scenario's settings: %+v", got)
	}
	p.do(chromedp.SendKeys(chromedp.CSS(`#set-protocol`), "HTTP/1.1"))
	waitSends(p, 6)
	if got := eval[string](p, `app.store.state.result.reply.protocol`); got != "HTTP/1.1" {
		t.Errorf("protocol change did not re-send: result is %s", got)
	}
	// Typing in the composer also marks the story.
	p.do(chromedp.SendKeys(chromedp.CSS(`#req-target`), "x"))
	if got := eval[st](p, read); got.Edited != "true" {
		t.Errorf("an edited request is not marked: %+v", got)
	}

	// A request without header lines: parse_headers read its blank line.
	p.do(chromedp.Click(chromedp.CSS(`#new-request`)))
	p.do(chromedp.Click(chromedp.CSS(`#send-btn`)))
	waitSends(p, 7)
	if note := eval[string](p, `document.querySelector('#seq .seq-note.end').textContent`); strings.Contains(note, "never read") {
		t.Errorf("timeline: %q, but the server read every byte", note)
	}
	// Two HTTP/1.0 requests: the second is never read.
	p.do(chromedp.Click(chromedp.CSS(`.conn-tab.add`)))
	p.do(chromedp.Click(chromedp.CSS(`#send-btn`)))
	waitSends(p, 8)
	if note := eval[string](p, `document.querySelector('#seq .seq-note.end').textContent`); !strings.Contains(note, "18 B the client sent were never read") {
		t.Errorf("timeline: %q, want the 18 bytes of the second request unread", note)
	}

	// HTTP/2.0: 505 with no status line, explained for what it is.
	p.do(chromedp.Click(chromedp.CSS(`#new-request`)))
	retype(p, `#req-version`, "HTTP/2.0")
	p.do(chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	waitSends(p, 9)
	p.do(chromedp.Click(chromedp.CSS(`#res-tabs [data-view="headers"]`)))
	line := eval[string](p, `document.querySelector('#status-row .status-line').textContent + ' | ' + document.querySelector('#res-view').textContent`)
	if !strings.Contains(line, "send_error(505)") || !strings.Contains(line, "not HTTP/0.9") || strings.Contains(line, "an HTTP/0.9 answer") {
		t.Errorf("HTTP/2.0 → 505 explained as %q", line)
	}

	// Pasting CRLF into the raw editor keeps it, and says so.
	p.do(chromedp.Click(chromedp.CSS(`#mode-raw`)))
	retype(p, `#raw-text`, "")
	eval[any](p, `(() => { const dt = new DataTransfer(); dt.setData('text/plain', 'GET /hello.txt HTTP/1.0\r\nHost: x\r\n\r\n');
	  document.querySelector('#raw-text').dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true })); })()`)
	if got := eval[string](p, `(() => { let s = ''; for (const b of app.composer.bytes()) s += String.fromCharCode(b); return s; })()`); got != "GET /hello.txt HTTP/1.0\r\nHost: x\r\n\r\n" {
		t.Errorf("pasted CRLF became %q", got)
	}
	if toast := eval[string](p, `document.querySelector('#toast').textContent`); !strings.Contains(toast, "kept 3 CRLF") {
		t.Errorf("the paste did not say what it did: %q", toast)
	}

	p.do(chromedp.Click(chromedp.CSS(`#mode-form`)), chromedp.Click(chromedp.CSS(`#new-request`)))

	// The New file dialog offers no Delete or Send GET, and asks before
	// replacing a file.
	p.do(chromedp.Click(chromedp.CSS(`#file-new`)), chromedp.WaitVisible(chromedp.CSS(`#file-path`)))
	if vis := eval[bool](p, `!!(document.querySelector('#file-delete').offsetParent || document.querySelector('#file-get').offsetParent)`); vis {
		t.Errorf("New file shows Delete or Send GET")
	}
	retype(p, `#file-path`, "hello.txt")
	retype(p, `#file-content`, "replaced\n")
	p.do(chromedp.Click(chromedp.CSS(`#file-save`)))
	if msg := eval[string](p, `document.querySelector('#file-error').textContent`); !strings.Contains(msg, "already exists") {
		t.Errorf("creating over hello.txt did not ask: %q", msg)
	}
	p.do(chromedp.Click(chromedp.CSS(`#file-save`)))
	// Send GET from the edit dialog sends what the dialog shows.
	p.do(chromedp.Click(chromedp.CSS(`#tree li[data-path="hello.txt"] .more`)), chromedp.WaitVisible(chromedp.CSS(`#file-content`)))
	retype(p, `#file-content`, "edited then fetched\n")
	n := eval[int](p, `app.timings.sends.length`)
	p.do(chromedp.Click(chromedp.CSS(`#file-get`)))
	waitSends(p, n+1)
	if body := eval[string](p, `new TextDecoder().decode(app.store.state.result.reply.exchanges[0].responseBody)`); body != "edited then fetched\n" {
		t.Errorf("Send GET from the dialog got %q", body)
	}
}
