package e2e

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Budgets from the issue: the page is ready (wasm running, first
// scenario rendered) within a second, and a send is rendered within a
// frame (16 ms) at the median.
const (
	readyBudgetMS = 1000
	sendBudgetMS  = 16
)

// BenchmarkPage measures the page in headless Chromium: `make bench-web`
// runs it once (-benchtime 1x) and prints the figures.
func BenchmarkPage(b *testing.B) {
	for b.Loop() {
		benchPage(b)
	}
}

func benchPage(b *testing.B) {
	type load struct {
		Ready, Fetch, Fetched, Instantiated, FirstSend float64
	}
	const loads = 7
	var ready []float64
	var first load
	for i := range loads {
		p := open(b, baseURL, 1440)
		l := eval[load](p, `(() => {
		  const m = (n) => performance.getEntriesByName(n)[0]?.startTime ?? -1;
		  return { ready: app.timings.ready, fetch: m('httpsim:fetch'), fetched: m('httpsim:fetched'), instantiated: m('httpsim:instantiated'), firstSend: app.timings.sends[0]?.total ?? -1 };
		})()`)
		if i == 0 {
			first = l
		}
		ready = append(ready, l.Ready)
		p.close()
	}
	p := open(b, baseURL, 1440)
	defer p.close()
	// 20 sends warm the JIT first; the first send after load is reported
	// above on its own.
	sends := eval[[]float64](p, `(async () => {
	  for (let i = 0; i < 20; i++) {
	    app.send();
	    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
	  }
	  app.timings.sends.length = 0;
	  for (let i = 0; i < 60; i++) {
	    app.send();
	    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
	  }
	  return app.timings.sends.map((s) => s.total);
	})()`)
	parts := eval[map[string]float64](p, `(() => {
	  const s = app.timings.sends, med = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
	  return { sim: med(s.map((x) => x.sim)), render: med(s.map((x) => x.render)) };
	})()`)
	slices.Sort(ready)
	slices.Sort(sends)
	medReady, medSend, p90Send := ready[len(ready)/2], sends[len(sends)/2], sends[len(sends)*9/10]
	raw, gz := wasmSizes()
	fmt.Fprintf(os.Stderr, "\npage ready (wasm started, first scenario rendered): median %.0f ms of %d loads (first load %.0f ms: wasm requested at %.0f ms, response at %.0f ms, compiled and instantiated at %.0f ms, first send %.1f ms)\n",
		medReady, loads, first.Ready, first.Fetch, first.Fetched, first.Instantiated, first.FirstSend)
	fmt.Fprintf(os.Stderr, "send -> rendered (seed GET, sim + DOM + layout): median %.1f ms, p90 %.1f ms over %d sends (sim %.1f ms, render %.1f ms at the median)\n",
		medSend, p90Send, len(sends), parts["sim"], parts["render"])
	fmt.Fprintf(os.Stderr, "wasm: %d bytes, %d gzipped\n\n", raw, gz)
	b.ReportMetric(medReady, "ms-ready")
	b.ReportMetric(medSend, "ms-send")
	// The budgets are reported, not asserted: timings depend on the load.
	if medReady > readyBudgetMS {
		fmt.Fprintf(os.Stderr, "page ready median %.0f ms is over the %d ms target\n", medReady, readyBudgetMS)
	}
	if medSend > sendBudgetMS {
		fmt.Fprintf(os.Stderr, "send -> rendered median %.1f ms is over the %d ms target\n", medSend, sendBudgetMS)
	}
}

func wasmSizes() (raw, gz int) {
	h, err := os.ReadFile(builtWasm)
	if err != nil {
		return -1, -1
	}
	return len(h), gzipLen(h)
}

// Budgets for a learner's script (issue 10): the first send after the
// page loads, with Python downloaded and started, within 5 s, and a send
// to the running script rendered within 30 ms at the median.
const (
	scriptColdBudgetMS = 5000
	scriptSendBudgetMS = 30
)

// BenchmarkScript measures the fixed question's script in headless
// Chromium: the first send after a cold page load (no HTTP cache:
// Python is downloaded, compiled and started), what that downloads, and
// send -> rendered once the script runs. `make bench-web` runs it once.
func BenchmarkScript(b *testing.B) {
	for b.Loop() {
		benchScript(b)
	}
}

func benchScript(b *testing.B) {
	served.take()
	p := openFor(b, baseURL, 1440, scriptTab, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true})
		return err
	}))
	defer p.close()
	page := served.take()
	type cold struct {
		Ready, First, Shown float64
		Progress            bool
	}
	c := eval[cold](p, `(async () => {
	  const bar = document.querySelector('#py-progress');
	  const t0 = performance.now();
	  document.querySelector('button.scn[data-scenario="question-fixed"]').click();
	  while (!(app.timings.attempts >= 1 && !app.inflight)) await new Promise((r) => setTimeout(r, 20));
	  return { ready: app.timings.ready, first: performance.now() - t0, shown: app.timings.sends.at(-1)?.total ?? -1, progress: bar.dataset.phase !== undefined };
	})()`)
	python := served.take()
	sends := eval[[]float64](p, `(async () => {
	  for (let i = 0; i < 5; i++) await app.send();
	  const from = app.timings.sends.length;
	  for (let i = 0; i < 40; i++) {
	    await app.send();
	    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
	  }
	  return app.timings.sends.slice(from).map((s) => s.total);
	})()`)
	split := eval[map[string]float64](p, `(() => {
	  const s = app.timings.sends.slice(-40), med = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
	  return { sim: med(s.map((x) => x.sim)), render: med(s.map((x) => x.render)), python: med(s.map((x) => x.python ?? -1)) };
	})()`)
	slices.Sort(sends)
	sum := func(m map[string]int64) (n int64) {
		for _, v := range m {
			n += v
		}
		return n
	}
	top := func(m map[string]int64) string {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(x, y string) int { return int(m[y] - m[x]) })
		var parts []string
		for _, k := range keys[:min(len(keys), 6)] {
			parts = append(parts, fmt.Sprintf("%s %.2f MB", k, float64(m[k])/1e6))
		}
		return strings.Join(parts, ", ")
	}
	med, p90 := sends[len(sends)/2], sends[len(sends)*9/10]
	fmt.Fprintf(os.Stderr, "\nscript, first send after a cold load (click -> rendered, Python downloaded and started): %.0f ms (the send itself %.0f ms; page ready at %.0f ms; progress bar shown: %v)\n", c.First, c.Shown, c.Ready, c.Progress)
	fmt.Fprintf(os.Stderr, "downloaded: the page %.2f MB; first use of a script %.2f MB more (%s)\n", float64(sum(page))/1e6, float64(sum(python))/1e6, top(python))
	fmt.Fprintf(os.Stderr, "script send -> rendered (fixed question, GET): median %.1f ms, p90 %.1f ms over %d sends (to the Worker and back %.1f ms, of which the Python process %.1f ms; render %.1f ms at the median)\n\n",
		med, p90, len(sends), split["sim"], split["python"], split["render"])
	b.ReportMetric(c.First, "ms-script-cold")
	b.ReportMetric(med, "ms-script-send")
	b.ReportMetric(float64(sum(python)), "B-python")
	if c.First > scriptColdBudgetMS {
		fmt.Fprintf(os.Stderr, "the cold first script send (%.0f ms) is over the %d ms target\n", c.First, scriptColdBudgetMS)
	}
	if med > scriptSendBudgetMS {
		fmt.Fprintf(os.Stderr, "script send -> rendered median %.1f ms is over the %d ms target\n", med, scriptSendBudgetMS)
	}
}
