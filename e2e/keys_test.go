package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// active names the focused element.
const active = `(() => { const a = document.activeElement; return a === document.body ? 'BODY' : a.tagName + (a.id ? '#' + a.id : '') + '.' + a.className; })()`

// TestKeyboard drives the page by keys (issue 12, point 6): the tab
// order starts with the gallery, the trace is one Tab stop with arrows
// inside, the focus never falls to <body>, and the Undo toast can be
// reached and stays while it has the focus.
func TestKeyboard(t *testing.T) {
	p := open(t, baseURL, 1440)
	defer p.close()
	// After the skip link and the top bar, the first stop is the
	// gallery, the left column on screen.
	for range 8 {
		p.do(chromedp.KeyEvent(kb.Tab))
		if eval[bool](p, `!document.activeElement.closest('.topbar, .skip')`) {
			break
		}
	}
	if a := eval[string](p, active); !strings.HasPrefix(a, "BUTTON.scn") {
		t.Errorf("the first Tab stop after the top bar is %s, want the first gallery card", a)
	}
	// The trace: one stop, arrows inside.
	p.do(chromedp.Focus(chromedp.CSS(`#trace`)), chromedp.KeyEvent(kb.ArrowRight))
	if a := eval[string](p, active); !strings.HasPrefix(a, "A.src") {
		t.Errorf("ArrowRight in the trace focused %s, want a source link", a)
	}
	p.do(chromedp.KeyEvent(kb.Escape))
	if a := eval[string](p, active); a != "OL#trace.trace" {
		t.Errorf("Escape from a link focused %s, want the trace", a)
	}
	p.do(chromedp.KeyEvent(kb.Tab))
	if inTrace := eval[bool](p, `document.querySelector('#trace').contains(document.activeElement)`); inTrace {
		t.Errorf("Tab stayed in the trace: %s", eval[string](p, active))
	}
	// + Request keeps the focus on the request it made.
	p.do(chromedp.Focus(chromedp.CSS(`.conn-tab.add`)), chromedp.KeyEvent(kb.Enter))
	if a := eval[string](p, active); !strings.HasPrefix(a, "BUTTON.conn-tab") {
		t.Errorf("after + Request the focus is on %s", a)
	}
	// A dialog gives the focus back, even when Save redrew the tree.
	p.do(chromedp.Focus(chromedp.CSS(`#file-new`)), chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.CSS(`#file-path`)), chromedp.KeyEvent(kb.Escape))
	if a := eval[string](p, active); a != "BUTTON#file-new.btn small" {
		t.Errorf("after closing New file the focus is on %s", a)
	}
	p.do(chromedp.Focus(chromedp.CSS(`#tree li[data-path="hello.txt"] .more`)), chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.CSS(`#file-content`)))
	p.do(chromedp.Click(chromedp.CSS(`#file-save`)))
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`document.activeElement === document.querySelector('#tree li[data-path="hello.txt"] .more')`, chromedp.WithPollingTimeout(2*time.Second))); err != nil {
		t.Errorf("after Save the focus is on %s, want hello.txt's button", eval[string](p, active))
	}
	// The Undo toast: Alt+U reaches it, and it stays while focused.
	p.do(chromedp.Click(chromedp.CSS(`#fs-reset`)), chromedp.KeyEvent("u", chromedp.KeyModifiers(chromedp.ModifierAlt)))
	if a := eval[string](p, active); !strings.Contains(a, "btn small") || !eval[bool](p, `document.querySelector('#toast').contains(document.activeElement)`) {
		t.Errorf("Alt+U focused %s, want the toast's Undo", a)
	}
	time.Sleep(8 * time.Second)
	if !eval[bool](p, `document.querySelector('#toast').classList.contains('show')`) {
		t.Errorf("the toast went away while its button had the focus")
	}
	p.do(chromedp.KeyEvent(kb.Enter))
	if a := eval[string](p, active); a == "BODY" {
		t.Errorf("after Undo the focus fell to <body>")
	}
	// The sticky header does not cover the story scrolled to.
	p.do(chromedp.Click(chromedp.CSS(`button.scn[data-scenario="bare-lf"]`)))
	if over := eval[bool](p, `document.querySelector('#story-title').getBoundingClientRect().top < document.querySelector('.topbar').getBoundingClientRect().bottom`); over {
		t.Errorf("the story title is under the top bar")
	}
}

// TestPhone is the page at 390 px (issue 12, point 6): the gallery is
// one tap from the top, the settings and the request line are not
// clipped, and the story title stays in view after a tap.
func TestPhone(t *testing.T) {
	p := open(t, baseURL, 390)
	defer p.close()
	p.do(chromedp.Click(chromedp.CSS(`.topbar a[href="#gallery"]`), chromedp.NodeVisible))
	time.Sleep(300 * time.Millisecond)
	if r := eval[[]float64](p, `(() => { const h = document.querySelector('#gallery-title').getBoundingClientRect(); return [h.top, document.querySelector('.topbar').getBoundingClientRect().bottom, innerHeight]; })()`); r[0] < r[1] || r[0] > r[2] {
		t.Errorf("after the Scenarios tap the gallery title is at %v (top bar bottom, screen height)", r)
	}
	// Fields show their whole value.
	clipped := eval[[]string](p, `(() => {
	  const c = document.createElement('canvas').getContext('2d');
	  const out = [];
	  for (const s of ['#set-python', '#set-handler', '#set-protocol', '#req-version', '#req-method']) {
	    const e = document.querySelector(s), st = getComputedStyle(e);
	    c.font = st.fontSize + ' ' + st.fontFamily;
	    const text = e.tagName === 'SELECT' ? e.selectedOptions[0].textContent : e.value;
	    const room = e.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight) - (e.tagName === 'SELECT' ? 18 : 0);
	    if (c.measureText(text).width > room) out.push(s + ' ' + text + ' ' + room);
	  }
	  return out;
	})()`)
	if len(clipped) > 0 {
		t.Errorf("clipped at 390 px: %q", clipped)
	}
	p.do(chromedp.Click(chromedp.CSS(`button.scn[data-scenario="keep-alive"]`)))
	time.Sleep(300 * time.Millisecond)
	if r := eval[[]float64](p, `(() => { const h = document.querySelector('#story-title').getBoundingClientRect(); return [h.top, document.querySelector('.topbar').getBoundingClientRect().bottom, innerHeight]; })()`); r[0] < r[1] || r[0] > r[2] {
		t.Errorf("after a tap the story title is at %v (top bar bottom, screen height)", r)
	}
}

// TestImportAndPretty imports a curl command and raw HTTP through the
// dialog, and pretty-prints a JSON body (issue 12, point 4).
func TestImportAndPretty(t *testing.T) {
	p := open(t, baseURL, 1440)
	defer p.close()
	bytesNow := `(() => { let s = ''; for (const b of app.composer.bytes()) s += String.fromCharCode(b); return s; })()`
	p.do(chromedp.Click(chromedp.CSS(`#import-btn`)), chromedp.WaitVisible(chromedp.CSS(`#import-text`)))
	p.do(chromedp.SendKeys(chromedp.CSS(`#import-text`), `curl -sv --http1.0 -d 'name=Ada' http://127.0.0.1:8000/`), chromedp.Click(chromedp.CSS(`#import-go`)))
	if got := eval[string](p, bytesNow); got != "POST / HTTP/1.0\r\nHost: 127.0.0.1:8000\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 8\r\n\r\nname=Ada" {
		t.Errorf("imported curl command became %q", got)
	}
	p.do(chromedp.Click(chromedp.CSS(`#import-btn`)), chromedp.WaitVisible(chromedp.CSS(`#import-text`)))
	retype(p, `#import-text`, "GET /files/data.json HTTP/1.0\nHost: x\n\n")
	p.do(chromedp.Click(chromedp.CSS(`#import-go`)))
	if got := eval[string](p, bytesNow); got != "GET /files/data.json HTTP/1.0\r\nHost: x\r\n\r\n" {
		t.Errorf("imported raw HTTP became %q", got)
	}
	n := eval[int](p, `app.timings.sends.length`)
	p.do(chromedp.Click(chromedp.CSS(`#send-btn-raw`)))
	waitSends(p, n+1)
	p.do(chromedp.Click(chromedp.CSS(`#res-tabs [data-view="body"]`)), chromedp.Click(chromedp.CSS(`#pretty-toggle`)))
	got := eval[[]string](p, `[document.querySelector('#res-view pre.pretty')?.textContent ?? '', JSON.stringify(JSON.parse(new TextDecoder().decode(app.store.state.result.reply.exchanges[0].responseBody)), null, 2)]`)
	if got[0] == "" || got[0] != got[1] {
		t.Errorf("pretty JSON %q, want %q", got[0], got[1])
	}
	p.do(chromedp.Click(chromedp.CSS(`#res-tabs [data-view="raw"]`)))
	if raw := eval[string](p, `document.querySelector('#res-view pre.bytes').textContent`); strings.Contains(raw, "\n  \"") {
		t.Errorf("the Raw view is not the exact bytes: %.80q", raw)
	}
}
