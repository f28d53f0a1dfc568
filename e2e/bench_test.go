package e2e

import (
	"fmt"
	"os"
	"slices"
	"testing"
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
