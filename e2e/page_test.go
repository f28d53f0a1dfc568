package e2e

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/target"
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
	checkSrcdoc(t, eval[string](p, `document.querySelector('iframe.preview-frame').srcdoc`))
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

// hostileHandlers is a served page with event handlers spelled every way
// a parser accepts, on elements that fire them without a click (errors,
// loads, animations, focus, toggles), next to the other ways in:
// javascript: URLs with their letters hidden in references, srcset,
// frames and plugins, and the mXSS shapes where a <style> or <noscript>
// is read as text by one parser and as markup by another.
const hostileHandlers = `<!DOCTYPE html><html onload="parent.document.title='pwned'"><head><title>handlers</title>
<link rel="stylesheet" href="style.css" onload="parent.document.title='pwned'"></head>
<body ONLOAD="parent.document.title='pwned'" onPageShow="parent.document.title='pwned'">
<img src="files/logo.png" onerror="parent.document.title='pwned'" ONLOAD="parent.document.title='pwned'" srcset="nope.png 1x, files/logo.png 2x">
<img/src="missing.png"/onerror="parent.document.title='pwned'">
<svg onpointerover="parent.document.title='pwned'" OnLoad="parent.document.title='pwned'" width="10" height="10">
<animate attributeName="x" dur="1s" onbegin="parent.document.title='pwned'" onend="parent.document.title='pwned'"/>
<set attributeName="href" to="javascript:parent.document.title='pwned'"/>
<a href="javascript:parent.document.title='pwned'"><circle r="4" onclick="parent.document.title='pwned'"/></a></svg>
<svg><style><img src=x onerror="parent.document.title='pwned'"></style></svg>
<math><mtext><table><mglyph><style><img src=x onerror="parent.document.title='pwned'"></style></mglyph></table></mtext></math>
<noscript><p title="</noscript><img src=x onerror=parent.document.title=1>"></noscript>
<details open ontoggle="parent.document.title='pwned'">d</details>
<form action="/f" onsubmit="parent.document.title='pwned'"><input autofocus onfocus="parent.document.title='pwned'" name="i" value="v">
<button formaction="javascript:parent.document.title='pwned'" onclick="parent.document.title='pwned'">go</button></form>
<a href=" jav&#x61;script&colon;parent.document.title='pwned'">a</a><a href="&#106;avascript:parent.document.title='pwned'">b</a>
<a href="java&Tab;script:parent.document.title='pwned'">c</a><a href="files/" onmouseover="parent.document.title='pwned'">files &amp; more</a>
<iframe srcdoc="<img src=x onerror=parent.document.title=1>"></iframe><object data="x"></object><embed src="x">
<img src=missing.png onerror=parent.document.title=1//`

// TestPreviewHandlers previews hostileHandlers. The page must log
// nothing (the Chromium 156 regression: its own parse of the response
// tripped the CSP), the frame's srcdoc must carry none of the handlers,
// and the document the frame's parser built from it must hold no on*
// attribute, script-running element or javascript: URL. Each check names
// the sanitiser, so a browser that reads markup differently fails here.
func TestPreviewHandlers(t *testing.T) {
	p := open(t, baseURL, 1440)
	defer p.close()
	n := eval[int](p, `app.timings.sends.length`)
	eval[any](p, `httpsim.fs.write('handlers.html', `+strconv.Quote(hostileHandlers)+`)`)
	eval[any](p, `app.compose('GET', '/handlers.html', { send: true })`)
	waitSends(p, n+1)
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`document.querySelector('#preview-frame').dataset.loaded === 'true'`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("no preview frame: %v", err)
	}
	src := eval[string](p, `document.querySelector('#preview-frame').srcdoc`)
	checkSrcdoc(t, src)
	built := frameDocument(p)
	for _, e := range built.Elements {
		if e.Name == "script" || e.Name == "iframe" || e.Name == "object" || e.Name == "embed" || e.Name == "animate" || e.Name == "set" {
			t.Errorf("the frame's parser built <%s> from the sanitiser's output", e.Name)
		}
		for _, a := range e.Attrs {
			if strings.HasPrefix(strings.ToLower(a[0]), "on") || strings.Contains(strings.ToLower(a[1]), "javascript:") ||
				(e.Name == "img" && a[0] == "src" && !strings.HasPrefix(a[1], "data:image/png;base64,")) {
				t.Errorf("the frame's parser built <%s %s=%q> from the sanitiser's output", e.Name, a[0], a[1])
			}
		}
	}
	if built.Images != 1 {
		t.Errorf("the frame has %d inlined images, want 1 (files/logo.png)", built.Images)
	}
	if !strings.Contains(built.Styles, "system-ui") {
		t.Errorf("style.css is not inlined in the frame: %q", built.Styles)
	}
	if title := eval[string](p, `document.title`); strings.Contains(title, "pwned") {
		t.Errorf("a script ran: title %q", title)
	}
	buttons := eval[[]string](p, `[...document.querySelectorAll('.links .link-btn')].map((b) => b.textContent)`)
	if want := []string{"files & moreGET /files/", "form: iGET /f"}; !slices.Equal(buttons, want) {
		t.Errorf("link buttons %q, want %q (the javascript: links dropped)", buttons, want)
	}
}

// TestSanitiserMatchesChromium holds the preview sanitiser's reading of
// markup to Chromium's on markup with no handlers in it (so the page may
// parse it): character references in text and attribute values, for
// every name sanitize.js knows and the edge cases of the numeric form;
// and, for the sample site's pages and some tag soup, the text and the
// element tree of the original against those of the srcdoc.
func TestSanitiserMatchesChromium(t *testing.T) {
	p := open(t, baseURL, 1440)
	defer p.close()
	type mismatch struct {
		Input  string `json:"input"`
		Attr   bool   `json:"attr"`
		Ours   string `json:"ours"`
		Chrome string `json:"chrome"`
	}
	refs := eval[[]mismatch](p, `(async () => {
	  const s = await import('/js/sanitize.js');
	  const doc = document.implementation.createHTMLDocument('');
	  const div = doc.createElement('div');
	  const text = (x) => { div.innerHTML = x; return div.textContent; };
	  const attr = (x) => { div.innerHTML = '<p title="' + x + '">'; return div.firstChild.getAttribute('title'); };
	  // Not "&#x;": Chromium 156 reads it as U+FFFD in text (the standard,
	  // and Chromium in attribute values, keep it as written).
	  const inputs = ['&#0;', '&#x0;', '&#9;', '&#65', '&#x41x', '&#X6a;', '&#128;', '&#x81;', '&#x9F;', '&#xD800;', '&#xDFFF;', '&#x10FFFF;',
	    '&#x110000;', '&#99999999999;', '&#;', '&#xg;', '&#x', '&', '&;', '&&amp;', '&amp', '&ampx', '&amp=', '&amp;=', '&nosuch;', '&nosuch'];
	  for (const n of s.referenceNames()) inputs.push('&' + n + ';', '&' + n, '&' + n + 'x', '&' + n + '=', '&' + n + ' ', '&' + n + '&');
	  const bad = [];
	  for (const x of inputs) {
	    const t = text(x), a = attr(x);
	    if (s.decode(x) !== t) bad.push({ input: x, attr: false, ours: s.decode(x), chrome: t });
	    if (s.decode(x, true) !== a) bad.push({ input: x, attr: true, ours: s.decode(x, true), chrome: a });
	  }
	  return bad;
	})()`)
	for _, m := range refs {
		t.Errorf("decode(%q, attr=%v) = %q, Chromium reads %q", m.Input, m.Attr, m.Ours, m.Chrome)
	}

	type tree struct {
		Name  string    `json:"name"`
		Text  [2]string `json:"text"`
		Names [2]string `json:"names"`
	}
	soup := []string{
		"<p>one<p>two<div>three</div>", "<b>bold<i>both</b>italic</i>", "<ul><li>a<li>b</ul><ol><li>c</ol>",
		"<table><tr><td>a<td>b</table>", "<table>stray<tr><td>cell</td></tr>text</table>", "<select><option>a<option>b</select>",
		"a < b & c &amp; d &copy=1 &notit; &#x41;", "<textarea>x<b>y</b>&amp;</textarea><title>t&lt;</title>", "<!-- c --><p>x<!--> y<!---> z",
		"<![CDATA[hidden]]>shown", "<svg><circle r=1 /><text>svg text</text><foreignObject><p>html in svg</p></foreignObject></svg>after",
		"<svg><![CDATA[<b>cdata</b>]]></svg>", "<xmp><b>x</b>&amp;</xmp>", "<h1>title <small>small</small></h1><hr><br><pre>\npre</pre>",
		"<form><input name=a value=b><button>go</button></form>", "<a href=/x>one<a href=/y>two</a>", "<p title='a\"b' class=c>attrs</p>",
		"<style>p { color: red }</style><p>styled", "</p>end tag first<p>x</p></br>",
	}
	got := eval[[]tree](p, `(async () => {
	  const s = await import('/js/sanitize.js');
	  const pages = [];
	  for (const path of ['/', '/files/', '/blog/']) {
	    const r = httpsim.send('GET ' + path + ' HTTP/1.0\r\n\r\n', { python: '3.12', handler: 'simple', protocol: 'HTTP/1.0' });
	    pages.push([path, new TextDecoder().decode(r.exchanges[0].responseBody)]);
	  }
	  for (const x of `+mustJSON(soup)+`) pages.push([x, x]);
	  const keep = new Set('p a b i em strong small ul ol li h1 h2 h3 table tbody tr td th img form input button code div span select option textarea br hr svg circle text'.split(' '));
	  const read = (html) => {
	    const d = new DOMParser().parseFromString(html, 'text/html');
	    const names = [...d.body.querySelectorAll('*')].map((e) => e.localName.toLowerCase()).filter((n) => keep.has(n));
	    return [d.body.textContent, names.join(' ')];
	  };
	  return pages.map(([name, html]) => {
	    const a = read(html), b = read(s.previewDocument(html).html);
	    return { name, text: [a[0], b[0]], names: [a[1], b[1]] };
	  });
	})()`)
	if len(got) != 3+len(soup) {
		t.Fatalf("%d pages compared, want %d", len(got), 3+len(soup))
	}
	for _, g := range got {
		if g.Text[0] != g.Text[1] {
			t.Errorf("%.60q: the preview's text differs from Chromium's reading of the page:\n%q\n%q", g.Name, g.Text[1], g.Text[0])
		}
		if g.Names[0] != g.Names[1] {
			t.Errorf("%.60q: the preview's elements differ from Chromium's reading of the page:\n%s\n%s", g.Name, g.Names[1], g.Names[0])
		}
	}
}

// TestSanitiserFormsMatchChromium compares the forms the sanitiser
// lists (and turns into buttons under the preview) with what Chromium's
// DOM says for the same markup: the fields a query for
// input[name], textarea[name], select[name] finds, with their .value.
func TestSanitiserFormsMatchChromium(t *testing.T) {
	p := open(t, baseURL, 1440)
	defer p.close()
	forms := []string{
		`<form method=post action="/up?a=1&amp;b"><input name=q value="a&amp;b"><input name=c type=checkbox><input name=r type=RADIO value=x>` +
			`<input name=h type=hidden value=" x "><input name=t value="x` + "\n" + `y"><input name=u type=url value=" http://a/ ">` +
			`<input type=submit name=s value=go><input type=image name=i><input name=f type=file><input name=z type=bogus value=1></form>`,
		"<form><textarea name=ta>\nline &lt;1&gt;\n</textarea><textarea name=tb></textarea><select name=s1><option>a<option value=B selected>b</select>" +
			"<select name=s2><option disabled>x<option> y  z </select><select name=s3 multiple><option>m</select>" +
			"<select name=s4><option selected>p<option selected>q</select><select name=s5></select></form>",
		`<form action=/a><input name=a><form action=/b><input name=b></form><input name=c></form><form action=/d><input name=d></form>`,
		`<form><table><tr><td><input name=cell value=1></td></tr></table><select name=g><optgroup label=o><option>in</option></optgroup></select></form>`,
	}
	type result struct {
		Ours   string `json:"ours"`
		Chrome string `json:"chrome"`
	}
	got := eval[[]result](p, `(async () => {
	  const s = await import('/js/sanitize.js');
	  return `+mustJSON(forms)+`.map((html) => {
	    const d = new DOMParser().parseFromString(html, 'text/html');
	    const dom = [...d.querySelectorAll('form')].map((f) => ({
	      method: (f.getAttribute('method') || 'GET').toUpperCase(), action: f.getAttribute('action') || '',
	      fields: [...f.querySelectorAll('input[name], textarea[name], select[name]')]
	        .filter((i) => !/^(submit|button|reset|file|image)$/i.test(i.type || ''))
	        .map((i) => ({ name: i.getAttribute('name'), value: i.value, on: true })) }));
	    return { ours: JSON.stringify(s.previewDocument(html).forms), chrome: JSON.stringify(dom) };
	  });
	})()`)
	for i, g := range got {
		if g.Ours != g.Chrome {
			t.Errorf("form %d: the sanitiser lists\n%s\nChromium's DOM has\n%s", i, g.Ours, g.Chrome)
		}
	}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// checkSrcdoc holds the sanitiser to the grammar its safety rests on
// (web/js/sanitize.js): after the doctype, every "<" starts a tag of the
// form <name attr="value" ...> with no "<", ">" or quote inside a value,
// so no parser can find a tag or attribute other than these; and none of
// these may run script or fetch anything.
func checkSrcdoc(t *testing.T, src string) {
	t.Helper()
	body, ok := strings.CutPrefix(src, "<!DOCTYPE html>\n")
	if !ok {
		t.Fatalf("the srcdoc does not start with its doctype: %.80q", src)
	}
	tag := regexp.MustCompile(`^</?([a-z][a-z0-9]*)((?: [a-z][a-z0-9-]*="[^"<>]*")*)/?>`)
	attr := regexp.MustCompile(` ([a-z][a-z0-9-]*)="([^"<>]*)"`)
	for i := strings.IndexByte(body, '<'); i >= 0; i = strings.IndexByte(body, '<') {
		body = body[i:]
		m := tag.FindStringSubmatch(body)
		if m == nil {
			t.Errorf("the sanitiser wrote %.60q: not a tag of its grammar", body)
			return
		}
		body = body[len(m[0]):]
		if slices.Contains([]string{"script", "iframe", "frame", "object", "embed", "animate", "set", "link", "base", "use", "image", "foreignobject"}, m[1]) {
			t.Errorf("the sanitiser wrote a <%s>", m[1])
		}
		for _, a := range attr.FindAllStringSubmatch(m[2], -1) {
			name, value := a[1], html.UnescapeString(a[2])
			if strings.HasPrefix(name, "on") || slices.Contains([]string{"srcset", "href", "action", "formaction", "background", "poster", "xlink"}, name) ||
				strings.Contains(strings.ToLower(value), "javascript:") ||
				(name == "src" && !strings.HasPrefix(value, "data:image/")) ||
				(name == "http-equiv" && value != "Content-Security-Policy") {
				t.Errorf("the sanitiser wrote <%s %s=%q>", m[1], name, value)
			}
		}
	}
	if strings.Contains(strings.ToLower(html.UnescapeString(src)), "javascript:") {
		t.Errorf("the srcdoc mentions javascript:")
	}
}

// builtDoc is what the frame's own parser made of its srcdoc.
type builtDoc struct {
	Elements []struct {
		Name  string      `json:"name"`
		Attrs [][2]string `json:"attrs"`
	} `json:"elements"`
	Images int    `json:"images"`
	Styles string `json:"styles"`
}

// frameDocument reads the preview frame's DOM. The frame runs no script
// and sits in an opaque origin (in a process of its own), so the page
// cannot look inside; DevTools can, attached to the frame's target.
func frameDocument(p *page) builtDoc {
	p.t.Helper()
	parent := chromedp.FromContext(p.ctx).Target.TargetID
	targets, err := chromedp.Targets(p.ctx)
	if err != nil {
		p.t.Fatal(err)
	}
	var frames []target.ID
	for _, ti := range targets {
		if ti.Type == "iframe" && ti.ParentID == parent && ti.URL == "about:srcdoc" {
			frames = append(frames, ti.TargetID)
		}
	}
	if len(frames) != 1 {
		p.t.Fatalf("%d about:srcdoc frames under the page, want the preview alone", len(frames))
	}
	// Detach on cancel: closing an iframe target closes its tab.
	ctx, cancel := chromedp.NewContext(p.ctx, chromedp.WithTargetID(frames[0]), chromedp.WithDetachOnCancel())
	defer cancel()
	doc, err := chromedp.Run(ctx, chromedp.Evaluate[builtDoc](`({
	  elements: [...document.querySelectorAll('*')].map((e) => ({ name: e.localName, attrs: [...e.attributes].map((a) => [a.name, a.value]) })),
	  images: document.querySelectorAll('img[src^="data:image/png;base64,"]').length,
	  styles: [...document.querySelectorAll('style')].map((e) => e.textContent).join('\n') })`))
	if err != nil {
		p.t.Fatalf("reading the preview frame: %v", err)
	}
	if len(doc.Elements) == 0 {
		p.t.Fatal("the preview frame's document is empty")
	}
	return doc
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
		pickOption(p, `#set-python`, c.python)
		n := eval[int](p, `app.timings.sends.length`)
		p.do(chromedp.Click(chromedp.CSS(`#tree li:has(.badbyte) .more`)), chromedp.Click(chromedp.CSS(`#file-get`)))
		waitSends(p, n+1)
		got := eval[[]any](p, `[app.store.state.settings.python, app.store.state.result.reply.exchanges[0].requestLine, app.store.state.result.reply.exchanges[0].status]`)
		if got[0] != c.python || got[1] != c.line || got[2] != 200.0 {
			t.Errorf("#%d: GET from the tree = %q, want %s %q and 200", i, got, c.python, c.line)
		}
	}
}
