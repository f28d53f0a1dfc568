package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestStepToBytes ties trace frames to what they wrote (issue 12,
// point 3): clicking a frame lights its bytes and log lines, clicking
// bytes or a console line selects the frame that wrote them.
func TestStepToBytes(t *testing.T) {
	p := open(t, baseURL, 1440)
	defer p.close()
	p.do(chromedp.Click(chromedp.CSS(`button.scn[data-scenario="seed-get"]`), chromedp.NodeVisible))
	waitSends(p, 2)
	p.do(chromedp.Click(chromedp.CSS(`#res-tabs [data-view="raw"]`)), chromedp.Click(chromedp.CSS(`#frames-all`)))
	type lit struct {
		From, To int
		Lines    []string
		Head     int
	}
	const read = `(() => {
	  const segs = [...document.querySelectorAll('#res-view .wseg.hl')];
	  const r = app.store.state.result.reply.response;
	  let head = 0;
	  for (let i = 0; i + 3 < r.length; i++) if (r[i] === 13 && r[i + 1] === 10 && r[i + 2] === 13 && r[i + 3] === 10) { head = i + 4; break; }
	  return { from: segs.length ? Number(segs[0].dataset.from) : -1, to: segs.length ? Number(segs[segs.length - 1].dataset.to) : -1,
	    lines: [...document.querySelectorAll('#terminal .line.hl')].map((l) => l.textContent), head };
	})()`
	// end_headers flushes the whole head.
	p.do(chromedp.Click(chromedp.CSS(`#trace .frame[data-fn$=".end_headers"] .name`)))
	got := eval[lit](p, read)
	if got.From != 0 || got.To != got.Head || got.Head == 0 {
		t.Errorf("end_headers lights bytes %d:%d, want the head 0:%d", got.From, got.To, got.Head)
	}
	// log_message wrote the log line.
	p.do(chromedp.Click(chromedp.CSS(`#trace .frame[data-fn$=".log_message"] .name`)))
	got = eval[lit](p, read)
	if len(got.Lines) != 1 || !strings.HasSuffix(got.Lines[0], `"GET /hello.txt HTTP/1.0" 200 -`+"\n") {
		t.Errorf("log_message lights %q", got.Lines)
	}
	// The body's bytes were written by copyfile.
	p.do(chromedp.Click(chromedp.CSS(`#res-view .wseg:last-child`)))
	if fn := eval[string](p, `app.dispatch.frames[app.dispatch.sel].fn`); !strings.Contains(fn, "copyfile") {
		t.Errorf("clicking the body selects %s, want copyfile", fn)
	}
	// A stdout line was printed by the seed do_GET.
	p.do(chromedp.Click(chromedp.CSS(`#terminal .line[data-stream="stdout"]`)))
	if fn := eval[string](p, `app.dispatch.frames[app.dispatch.sel].fn`); fn != "ServerHandler.do_GET" {
		t.Errorf("clicking a stdout line selects %s, want ServerHandler.do_GET", fn)
	}
	if n := eval[int](p, `document.querySelectorAll('#terminal .line.hl').length`); n != 6 {
		t.Errorf("do_GET lights %d console lines, want the 5 lines print(self.headers) wrote and the log line", n)
	}
	// The Hex view lights the body lines copyfile wrote, and a hex line
	// selects it.
	p.do(chromedp.Click(chromedp.CSS(`#res-tabs [data-view="hex"]`)), chromedp.Click(chromedp.CSS(`#trace .frame[data-fn$=".end_headers"] .name`)))
	if n := eval[int](p, `document.querySelectorAll('#res-view .wseg.hl').length`); n != 0 {
		t.Errorf("end_headers lights %d hex lines of the body, want none", n)
	}
	p.do(chromedp.Click(chromedp.CSS(`#res-view .wseg`)))
	if fn := eval[string](p, `app.dispatch.frames[app.dispatch.sel].fn`); !strings.Contains(fn, "copyfile") {
		t.Errorf("clicking a hex line selects %s, want copyfile", fn)
	}
	if n := eval[int](p, `document.querySelectorAll('#res-view .wseg.hl').length`); n == 0 {
		t.Errorf("copyfile lights no hex line")
	}
	// The chip on a frame shows its output; Enter on the trace does too.
	p.do(chromedp.Click(chromedp.CSS(`#res-tabs [data-view="headers"]`)))
	p.do(chromedp.Click(chromedp.CSS(`#trace .frame[data-fn$=".send_error"], #trace .frame[data-fn$=".end_headers"]`)), chromedp.KeyEvent("\r"))
	if v := eval[string](p, `app.response.view`); v != "raw" {
		t.Errorf("Enter on a frame shows view %q, want raw", v)
	}
	if n := eval[int](p, `document.querySelectorAll('#res-view .wseg.hl').length`); n == 0 {
		t.Errorf("Enter on a frame shows the Raw view with none of its bytes lit")
	}
}
