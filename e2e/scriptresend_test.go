package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestScriptResend checks the learner's script where issue 12's page
// meets it: a settings change re-runs the script (the one resend path),
// a step row of the learner's frame lights what that frame wrote, and
// embed mode, whose CSP differs only in frame-ancestors, still loads
// the editor through the import map.
func TestScriptResend(t *testing.T) {
	p := openFor(t, baseURL, 1440, scriptTab)
	defer p.close()

	n := sends(p)
	clickScenario(p, "question-fixed")
	waitScript(p, n+1)
	noFailure(t, p)

	p.do(chromedp.SendKeys(chromedp.CSS(`#set-protocol`), "HTTP/1.1"))
	waitScript(p, n+2)
	type res struct {
		Handler, Protocol, Edited string
		Same                      bool
	}
	got := eval[res](p, `(() => {
	  const r = app.store.state.result;
	  return { handler: r.settings.handler, protocol: r.settings.protocol, same: r.script === app.store.state.script.source,
	    edited: String(!document.querySelector('#story-edited').hidden) };
	})()`)
	if got.Handler != "script" || got.Protocol != "HTTP/1.1" || !got.Same {
		t.Errorf("a protocol change did not re-run the script: %+v", got)
	}
	if got.Edited != "true" {
		t.Errorf("the scenario is not marked edited after the protocol change: %+v", got)
	}

	// A line the learner's do_GET ran: its row is selected by its
	// "frame:step" key, and Enter shows the bytes its frame wrote.
	if !eval[bool](p, `!!document.querySelector('#trace .frame.step')`) {
		p.do(chromedp.Click(chromedp.CSS(`#frames-all`)))
	}
	p.do(chromedp.Click(chromedp.CSS(`#trace .frame.step`), chromedp.NodeVisible))
	sel := eval[string](p, `app.dispatch.sel`)
	if !strings.Contains(sel, ":") || !eval[bool](p, `!!document.querySelector('#trace .frame.step.sel')`) {
		t.Fatalf("clicking a step row selected %q", sel)
	}
	p.do(chromedp.Focus(chromedp.CSS(`#trace`)), chromedp.KeyEvent(kb.Enter))
	if lit := eval[int](p, `document.querySelectorAll('#res-view .wseg.hl').length`); lit == 0 {
		t.Errorf("Enter on step %s lit no bytes in the Raw view (view %q): %s", sel, eval[string](p, `app.response.view`),
			eval[string](p, `JSON.stringify({ f: (({ fn, file, user, wrote, depth }) => ({ fn, file, user, wrote, depth }))(app.dispatch.frames[parseInt(app.dispatch.sel, 10)]), span: app.response.span, segs: [...document.querySelectorAll('#res-view .wseg')].map((s) => s.dataset.from + '-' + s.dataset.to).join(' ') })`))
	}

	// Embed mode: the editor's modules come through the import map, which
	// the embed entry's CSP must allow as the page's does.
	q := openFor(t, baseURL+"?embed=1#scenario=question-fixed", 800, scriptTab)
	defer q.close()
	waitScript(q, 1)
	noFailure(t, q)
	if got := eval[string](q, `app.store.state.result.reply.exchanges[0].status + ''`); got != "200" {
		t.Errorf("embed mode with the script: status %q", got)
	}
}
