package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/httpsim/httpsim/internal/webui"
	"github.com/httpsim/httpsim/sim"
)

// TestCompareVersions runs the 404 story's request on every profile from
// its "Compare all versions" button (issue 12, point 2): one column per
// profile the core has, cells that differ from the base marked, and a
// side-by-side diff of two versions.
func TestCompareVersions(t *testing.T) {
	p := open(t, baseURL+"#scenario=not-found", 1440)
	defer p.close()
	p.do(chromedp.Click(chromedp.CSS(`#story .story-compare`), chromedp.NodeVisible), chromedp.WaitVisible(chromedp.CSS(`#compare-dialog table.cmp`)))
	type grid struct {
		Heads  []string
		Rows   map[string][]string
		Differ map[string][]bool
	}
	const read = `(() => {
	  const rows = {}, differ = {};
	  for (const tr of document.querySelectorAll('#compare-dialog table.cmp tbody tr')) {
	    const k = tr.querySelector('th').textContent;
	    rows[k] = [...tr.querySelectorAll('td')].map((td) => td.textContent);
	    differ[k] = [...tr.querySelectorAll('td')].map((td) => td.classList.contains('differs'));
	  }
	  return { heads: [...document.querySelectorAll('#compare-dialog thead th')].slice(1).map((th) => th.textContent.trim()), rows, differ };
	})()`
	g := eval[grid](p, read)
	profiles := sim.Profiles()
	if len(g.Heads) != len(profiles) {
		t.Fatalf("matrix columns %v, want one per profile (%d)", g.Heads, len(profiles))
	}
	mirror := webui.NewSession()
	for i, prof := range profiles {
		want := ""
		for _, h := range g.Heads {
			if h == prof.Version {
				want = h
			}
		}
		if want == "" {
			t.Errorf("no column for %s", prof.Version)
			continue
		}
		r, err := mirror.Send([]byte("GET /missing.html HTTP/1.0\r\n\r\n"), webui.Options{Python: prof.Name})
		if err != nil {
			t.Fatal(err)
		}
		col := -1
		for j, h := range g.Heads {
			if h == prof.Version {
				col = j
			}
		}
		line, _, _ := strings.Cut(string(r.Result.Response), "\r\n")
		if g.Rows["status"][col] != line {
			t.Errorf("%s status cell %q, want %q", prof.Name, g.Rows["status"][col], line)
		}
		_ = i
	}
	if g.Differ["status"][0] || !contains(g.Differ["body hash"], true) || !contains(g.Differ["header Server"], true) {
		t.Errorf("differences from the base: status %v, body hash %v, Server %v", g.Differ["status"], g.Differ["body hash"], g.Differ["header Server"])
	}
	// A new base: its own column never differs.
	p.do(chromedp.Click(chromedp.CSS(`#compare-dialog thead th:last-child input[type="radio"]`)))
	g = eval[grid](p, read)
	if last := len(g.Heads) - 1; g.Differ["header Server"][last] || !g.Differ["header Server"][0] {
		t.Errorf("after choosing %s as the base: Server differs %v", g.Heads[last], g.Differ["header Server"])
	}
	// Side by side: the oldest against the newest differ in their bytes.
	p.do(chromedp.Focus(chromedp.CSS(`#compare-dialog .cmp-pick select:first-of-type`)), chromedp.KeyEvent(kb.Home),
		chromedp.Focus(chromedp.CSS(`#compare-dialog .cmp-pick select:last-of-type`)), chromedp.KeyEvent(kb.End))
	parts := eval[map[string]int](p, `Object.fromEntries([...document.querySelectorAll('#compare-dialog .cmp-part')].map((d) => [d.querySelector('summary').firstChild.textContent, d.querySelectorAll('.cmp-line.del, .cmp-line.add').length]))`)
	if parts["Response bytes"] == 0 || parts["Dispatch path"] == 0 {
		t.Errorf("side-by-side diff of %s and %s: %v", g.Heads[0], g.Heads[len(g.Heads)-1], parts)
	}
	p.screenshot("compare-1440")
}

func contains[T comparable](s []T, v T) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
