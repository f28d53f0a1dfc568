package e2e

import (
	"crypto/rand"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestHabits covers what learners expect from the tools they know
// (issue 12, point 4): history across a reload, the export dialog's
// clients, a warning on a long share link, and embed mode.
func TestHabits(t *testing.T) {
	p := open(t, baseURL, 1440)
	defer p.close()
	p.do(chromedp.Click(chromedp.CSS(`button.scn[data-scenario="listing"]`), chromedp.NodeVisible))
	waitSends(p, 2)
	time.Sleep(500 * time.Millisecond) // history is saved when the page is idle
	p.do(chromedp.Reload())
	p.waitReady()
	items := eval[[]string](p, `[...document.querySelectorAll('#history-list .what')].map((e) => e.textContent)`)
	if len(items) < 3 || !contains(items, "GET /files/ HTTP/1.0") {
		t.Fatalf("history after a reload: %q", items)
	}
	n := eval[int](p, `app.timings.sends.length`)
	p.do(chromedp.Click(chromedp.CSS(`#history-list li:nth-child(2) button`)))
	waitSends(p, n+1)
	if got := eval[string](p, `app.store.state.result.reply.exchanges[0].requestLine`); got != "GET /files/ HTTP/1.0" {
		t.Errorf("a kept history entry sent %q", got)
	}
	p.do(chromedp.Click(chromedp.CSS(`#history-clear`)), chromedp.Reload())
	p.waitReady()
	if n := eval[int](p, `document.querySelectorAll('#history-list .what').length`); n != 1 {
		t.Errorf("after Clear and a reload the history has %d entries, want the one send of this load", n)
	}

	// The export dialog offers the other clients.
	p.do(chromedp.Click(chromedp.CSS(`#export-btn`)), chromedp.WaitVisible(chromedp.CSS(`#export-body`)))
	heads := eval[[]string](p, `[...document.querySelectorAll('#export-body h3')].map((h) => h.firstChild.textContent)`)
	for _, want := range []string{"Or with curl", "Python http.client (the same bytes)", "Python requests", "JavaScript fetch", "HTTPie"} {
		if !contains(heads, want) {
			t.Errorf("export dialog has %q, no %q", heads, want)
		}
	}
	p.do(chromedp.KeyEvent("\x1b"))

	// A share link past about 8 KB says what makes it big.
	junk := make([]byte, 12000)
	rand.Read(junk)
	p.do(chromedp.Click(chromedp.CSS(`#file-new`)), chromedp.WaitVisible(chromedp.CSS(`#file-path`)))
	retype(p, `#file-path`, "big.txt")
	p.do(chromedp.SetValue(chromedp.CSS(`#file-content`), base64.StdEncoding.EncodeToString(junk)), chromedp.Click(chromedp.CSS(`#file-save`)))
	p.do(chromedp.Click(chromedp.CSS(`#share-btn`)))
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`/long/.test(document.querySelector('#toast').textContent)`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Errorf("no warning for a long share link: %q", eval[string](p, `document.querySelector('#toast').textContent`))
	} else if toast := eval[string](p, `document.querySelector('#toast').textContent`); !strings.Contains(toast, "big.txt (16,000 bytes") && !strings.Contains(toast, "big.txt (15.6 KB") {
		t.Errorf("the warning does not name what is big: %q", toast)
	}

	// Embed mode: the composer and the result only.
	q := open(t, baseURL+"?embed=1#scenario=listing", 800)
	defer q.close()
	shown := eval[map[string]bool](q, `Object.fromEntries(['#gallery', '#files', '#history', '#dispatch', '#console', '#composer', '#response', '#full-page', '#share-btn'].map((s) => [s, !!document.querySelector(s).offsetParent]))`)
	for sel, want := range map[string]bool{"#gallery": false, "#files": false, "#history": false, "#dispatch": false, "#console": false, "#composer": true, "#response": true, "#full-page": true, "#share-btn": false} {
		if shown[sel] != want {
			t.Errorf("embed mode: %s shown = %v, want %v", sel, shown[sel], want)
		}
	}
	if got := eval[string](q, `app.store.state.result.reply.exchanges[0].requestLine`); got != "GET /files/ HTTP/1.0" {
		t.Errorf("embed mode ran %q", got)
	}
	q.screenshot("embed-800")
}
