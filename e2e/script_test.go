package e2e

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/httpsim/httpsim/internal/corpus"
)

// The tests of learners' scripts drive the editor and the gallery with
// clicks and keys and compare what the page shows with what live CPython
// 3.12 did with the same script and bytes, recorded in
// testdata/scripts/ID.txtar by `make e2e-record` (e2e/record).

// scriptTab is how long one tab may take: Python loads in seconds, more
// on a machine shared with other jobs.
const scriptTab = 5 * time.Minute

// want is a recorded CPython transcript of one script scenario.
type want struct {
	startupOut, startupErr []byte
	exited                 bool
	request, response      []byte
	stderr, stdout         []byte
}

func loadWant(t *testing.T, id string) want {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "scripts", id+".txtar"))
	if err != nil {
		t.Fatalf("%v (run `make e2e-record`)", err)
	}
	a := corpus.ParseArchive(data)
	get := func(name string) []byte {
		b, ok := a.File(name)
		if !ok {
			return nil
		}
		d, err := corpus.Decode(b)
		if err != nil {
			t.Fatalf("%s.txtar %s: %v", id, name, err)
		}
		return d
	}
	_, exited := a.File("exit")
	return want{
		startupOut: get("startup/stdout"), startupErr: get("startup/stderr"), exited: exited,
		request: get("request"), response: get("response"), stderr: get("stderr"), stdout: get("stdout"),
	}
}

// got is what the page shows for the last send of a script.
type got struct {
	Sent       string `json:"sent"`     // base64 of the bytes sent
	Response   string `json:"response"` // base64
	StartupOut string `json:"startupOut"`
	StartupErr string `json:"startupErr"`
	Stderr     string `json:"stderr"`
	Stdout     string `json:"stdout"`
	Refused    bool   `json:"refused"`
	HasStartup bool   `json:"hasStartup"`
	Terminal   string `json:"terminal"` // the console's text
	ErrorLine  string `json:"errorLine"`
	Marked     int    `json:"marked"` // error ranges drawn in the editor
	State      string `json:"state"`
}

const readGot = `(() => {
  const r = app.store.state.result, rep = r.reply, out = rep.output || [];
  const b64 = (u) => { let s = ''; for (const x of u) s += String.fromCharCode(x); return btoa(s); };
  const join = (f) => out.filter(f).map((c) => c.text).join('');
  const cm = document.querySelector('#editor .cm-editor');
  return {
    sent: b64(r.sent), response: b64(rep.response || new Uint8Array()), refused: !!rep.refused,
    startupOut: join((c) => c.startup && c.stream === 'stdout'), startupErr: join((c) => c.startup && c.stream === 'stderr'),
    stdout: join((c) => !c.startup && c.stream === 'stdout'), stderr: join((c) => !c.startup && c.stream === 'stderr'),
    hasStartup: out.some((c) => c.startup), terminal: document.querySelector('#terminal').textContent,
    errorLine: cm && cm.dataset.errorLine || '', marked: document.querySelectorAll('#editor .cm-lintRange-error').length,
    state: document.querySelector('#script-state').textContent,
  };
})()`

// waitScript waits until n script sends have ended (well or not) and
// none is running.
func waitScript(p *page, n int) {
	p.t.Helper()
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](fmt.Sprintf(`app.timings.attempts >= %d && !app.inflight && document.querySelector('#editor').dataset.ready === 'true'`, n), chromedp.WithPollingTimeout(3*time.Minute))); err != nil {
		p.t.Fatalf("waiting for script send %d: %v (state %q, message %q)", n, err,
			eval[string](p, `document.querySelector('#script-state').textContent`), eval[string](p, `document.querySelector('#script-msg').textContent`))
	}
}

var (
	pylibRE = regexp.MustCompile(`File "[^"]*/lib/python3\.\d+/`)
	dateRE  = regexp.MustCompile(`(?m)^Date: [^\r\n]*\r$`)
)

// normText puts the page's run-dependent values into the recorder's
// placeholders: the page runs the script as /srv/www/server.py.
func normText(b []byte) []byte {
	b = bytes.ReplaceAll(b, []byte("/srv/www/server.py"), []byte("$SCRIPTDIR/server.py"))
	b = pylibRE.ReplaceAll(b, []byte(`File "$$PYLIB/`))
	t := &corpus.Transcript{Stderr: b}
	corpus.Normalize(t)
	return t.Stderr
}

func normResponse(b []byte) []byte { return dateRE.ReplaceAll(b, []byte("Date: $$DATE\r")) }

// compare checks the page's last send against CPython's transcript.
func compare(t *testing.T, p *page, id string, w want, startup bool) got {
	t.Helper()
	g := eval[got](p, readGot)
	diff := func(what string, gotB, wantB []byte) {
		if !bytes.Equal(gotB, wantB) {
			t.Errorf("%s: %s differs from CPython 3.12\n page: %q\n want: %q", id, what, gotB, wantB)
		}
	}
	if startup || w.exited {
		if !g.HasStartup {
			t.Errorf("%s: the reply has no startup output (output[].startup)", id)
		}
		diff("startup stdout", normText([]byte(g.StartupOut)), w.startupOut)
		diff("startup stderr", normText([]byte(g.StartupErr)), w.startupErr)
	}
	if w.exited {
		if !g.Refused {
			t.Errorf("%s: CPython's script exited before serving, but the page shows a response", id)
		}
		return g
	}
	sent, _ := base64.StdEncoding.DecodeString(g.Sent)
	diff("request bytes", sent, w.request)
	resp, _ := base64.StdEncoding.DecodeString(g.Response)
	diff("response bytes", normResponse(resp), w.response)
	diff("stderr", normText([]byte(g.Stderr)), w.stderr)
	diff("stdout", normText([]byte(g.Stdout)), w.stdout)
	if !strings.Contains(g.Terminal, "python3.12 server.py 8000") {
		t.Errorf("%s: the console does not show the command: %q", id, g.Terminal)
	}
	return g
}

// lineOf returns the 1-based line of the gallery script that holds s.
func lineOf(t *testing.T, script, s string) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "web", "scripts", script))
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(b), "\n") {
		if strings.Contains(l, s) {
			return i + 1
		}
	}
	t.Fatalf("%s has no line with %q", script, s)
	return 0
}

// noFailure stops the test if the last script send did not come back.
func noFailure(t *testing.T, p *page) {
	t.Helper()
	if st := eval[string](p, `document.querySelector('#script-state').dataset.state`); st == "failed" && eval[bool](p, `app.store.state.result?.settings.handler !== 'script' || app.store.state.result.script !== app.store.state.script.source`) {
		t.Fatalf("the script did not run: %s", eval[string](p, `document.querySelector('#script-msg').textContent`))
	}
}

func clickScenario(p *page, id string) {
	p.t.Helper()
	p.do(chromedp.Click(chromedp.CSS(`button.scn[data-scenario="`+id+`"]`), chromedp.NodeVisible))
}

// sends counts the script sends that have ended.
func sends(p *page) int { return eval[int](p, `app.timings.attempts`) }

// TestScriptQuestion tells the question's story through the UI: the
// script as posted (a SyntaxError marked on its line), ported (a
// TypeError at ServerHandler(1000)), fixed by typing in the editor, then
// a GET and a form POST that must give CPython 3.12's bytes, log and
// stdout, with the learner's frames in the dispatch path.
func TestScriptQuestion(t *testing.T) {
	p := openFor(t, baseURL, 1440, scriptTab)
	defer p.close()

	// 1. As posted. The first script loads Python: the bar must show.
	n := sends(p)
	clickScenario(p, "question-as-posted")
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`!document.querySelector('#py-progress').hidden && document.querySelector('#py-progress-text').textContent !== ''`, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Errorf("no progress bar while Python loads: %v", err)
	} else {
		p.screenshot("script-progress-1440")
	}
	waitScript(p, n+1)
	noFailure(t, p)
	g := compare(t, p, "question-as-posted", loadWant(t, "question-as-posted"), true)
	if want := lineOf(t, "question-as-posted.py", `print "serving at port", port`); g.ErrorLine != fmt.Sprint(want) || g.Marked == 0 {
		t.Errorf("as posted: the editor marks line %q (%d ranges), want the SyntaxError's line %d", g.ErrorLine, g.Marked, want)
	}
	if !strings.Contains(g.Terminal, "SyntaxError: Missing parentheses in call to 'print'") {
		t.Errorf("as posted: the console lacks the SyntaxError: %q", g.Terminal)
	}
	p.screenshot("script-syntaxerror-1440")

	// 2. Ported to Python 3.
	n = sends(p)
	clickScenario(p, "question-ported")
	waitScript(p, n+1)
	noFailure(t, p)
	g = compare(t, p, "question-ported", loadWant(t, "question-ported"), true)
	fixLine := lineOf(t, "question-ported.py", "Handler = ServerHandler(1000)")
	if g.ErrorLine != fmt.Sprint(fixLine) || g.Marked == 0 {
		t.Errorf("ported: the editor marks line %q, want the TypeError's line %d", g.ErrorLine, fixLine)
	}

	// 3. Fix it the way a learner would: click the line, End, delete
	// "(1000)", Ctrl+Enter.
	// Click just after the end of that line, where the editor draws it.
	type pt struct {
		X, Y float64
		Text string
	}
	at := eval[pt](p, fmt.Sprintf(`(async () => {
	  const v = app.script.editor.view, line = v.state.doc.line(%d);
	  v.dispatch({ effects: v.constructor.scrollIntoView(line.from, { y: 'center' }) });
	  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
	  const c = v.coordsAtPos(line.to);
	  return { x: c.right + 2, y: (c.top + c.bottom) / 2, text: line.text };
	})()`, fixLine))
	if at.Text != "Handler = ServerHandler(1000)" {
		t.Fatalf("editor line %d is %q", fixLine, at.Text)
	}
	p.do(chromedp.MouseClickXY(at.X, at.Y))
	p.do(key("End", "End", 35, 0))
	for i := range len("(1000)") {
		// One key at a time: each must have reached the document before
		// the next, as a person's keystrokes do.
		before := eval[int](p, `app.store.state.script.source.length`)
		p.do(key("Backspace", "Backspace", 8, 0))
		if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](fmt.Sprintf(`app.store.state.script.source.length === %d`, before-1), chromedp.WithPollingTimeout(5*time.Second))); err != nil {
			t.Fatalf("Backspace %d did not delete a character: %v", i+1, err)
		}
	}
	if line := eval[string](p, fmt.Sprintf(`app.store.state.script.source.split('\n')[%d]`, fixLine-1)); line != "Handler = ServerHandler" {
		t.Fatalf("after typing, line %d is %q", fixLine, line)
	}
	if m := eval[int](p, `document.querySelectorAll('#editor .cm-lintRange-error').length`); m != 0 {
		t.Errorf("the error mark stayed after the line was edited (%d)", m)
	}
	typed := eval[string](p, `app.store.state.script.source`)
	n = sends(p)
	p.do(chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	waitScript(p, n+1)
	if after := eval[string](p, `app.store.state.script.source`); after != typed {
		t.Errorf("Ctrl+Enter in the editor changed the script:\n%q\nwas\n%q", after, typed)
	}
	compare(t, p, "question-fixed", loadWant(t, "question-fixed"), true)
	checkUserFrames(t, p, "ServerHandler.do_GET", lineOf(t, "question-fixed.py", "def do_GET"))
	p.screenshot("script-traced-get-1440")

	// 4. The form POST, from its gallery card.
	n = sends(p)
	clickScenario(p, "question-fixed-post")
	waitScript(p, n+1)
	compare(t, p, "question-fixed-post", loadWant(t, "question-fixed-post"), false)
	checkUserFrames(t, p, "ServerHandler.do_POST", lineOf(t, "question-fixed.py", "def do_POST"))
}

// checkUserFrames finds the learner's frame fn in the dispatch path,
// selects it, and checks that the editor highlights its line; then it
// steps through the lines it ran, if the runtime listed them.
func checkUserFrames(t *testing.T, p *page, fn string, defLine int) {
	t.Helper()
	type frame struct {
		Index int    `json:"index"`
		File  string `json:"file"`
		Line  int    `json:"line"`
		Steps []int  `json:"steps"`
	}
	f := eval[frame](p, fmt.Sprintf(`(() => {
	  const tr = app.store.state.result.reply.exchanges[0].trace;
	  const i = tr.findIndex((f) => f.fn === %q);
	  if (i < 0) return { index: -1, file: '', line: 0, steps: [] };
	  return { index: i, file: tr[i].file, line: tr[i].line, steps: (tr[i].steps || []).map((s) => s.line) };
	})()`, fn))
	if f.Index < 0 {
		t.Errorf("the dispatch path has no %s frame", fn)
		return
	}
	if f.File != "server.py" || f.Line < defLine {
		t.Errorf("%s is at %s:%d, want server.py at or after line %d", fn, f.File, f.Line, defLine)
	}
	p.do(chromedp.Click(chromedp.CSS(`#frames-all`)))
	p.do(chromedp.Click(chromedp.CSS(fmt.Sprintf(`#trace li.frame[data-i="%d"]:not([data-s])`, f.Index)), chromedp.NodeVisible))
	if got := eval[string](p, `document.querySelector('#editor .cm-editor').dataset.stepLine || ''`); got != fmt.Sprint(f.Line) {
		t.Errorf("selecting %s highlights editor line %q, want %d", fn, got, f.Line)
	}
	if len(f.Steps) == 0 {
		t.Errorf("%s lists no lines it ran (trace steps)", fn)
		return
	}
	// Arrow keys step through the lines, Python Tutor style.
	p.do(chromedp.Focus(chromedp.CSS(`#trace`)))
	for k, line := range f.Steps {
		p.do(key("ArrowDown", "ArrowDown", 40, 0))
		sel := eval[string](p, `(() => { const r = document.querySelector('#trace li.frame.sel'); return r ? r.dataset.i + ':' + (r.dataset.s ?? '') : ''; })()`)
		if sel != fmt.Sprintf("%d:%d", f.Index, k) {
			t.Errorf("step %d of %s: selected row %q", k, fn, sel)
			break
		}
		if got := eval[string](p, `document.querySelector('#editor .cm-editor').dataset.stepLine || ''`); got != fmt.Sprint(line) {
			t.Errorf("step %d of %s highlights editor line %q, want %d", k, fn, got, line)
		}
	}
}

// TestScriptScenarios runs every other script scenario of the gallery
// from its card and compares the page with CPython 3.12.
func TestScriptScenarios(t *testing.T) {
	story := []string{"question-as-posted", "question-ported", "question-fixed", "question-fixed-post"}
	rest := []string{"forgot-import", "cors", "json-api", "no-end-headers", "write-str", "log-message", "basic-auth"}
	p := openFor(t, baseURL, 1440, scriptTab)
	defer p.close()
	ids := eval[[]string](p, `import('./js/scenarios.js').then(m => m.scenarios.filter(s => s.script).map(s => s.id))`)
	if all := append(slices.Clone(story), rest...); !sameSet(ids, all) {
		t.Fatalf("gallery scripts = %v\n         tests = %v: every script scenario needs a test", ids, all)
	}
	for _, id := range rest {
		n := sends(p)
		clickScenario(p, id)
		waitScript(p, n+1)
		compare(t, p, id, loadWant(t, id), true)
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// key presses one key (keydown, keyup) with no text, as the editor's
// and the trace's own key handling expects.
func key(k, code string, vk int64, mod chromedp.Modifier) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeRawKeyDown, input.DispatchKeyEventTypeKeyUp} {
			if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, input.DispatchKeyEventParams{
				Type: typ, Key: k, Code: code, Modifiers: int64(mod), WindowsVirtualKeyCode: vk, NativeVirtualKeyCode: vk,
			}); err != nil {
				return err
			}
		}
		return nil
	})
}

// replaceScript selects the editor's text with Ctrl+A and types text
// over it (inserted as one input, as a paste is: the editor's
// auto-indent would otherwise indent each typed line again).
func replaceScript(p *page, text string) {
	p.t.Helper()
	p.do(chromedp.Click(chromedp.CSS(`#editor .cm-content`)))
	p.do(chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	p.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, input.InsertText, input.InsertTextParams{Text: text})
		return err
	}))
	if got := eval[string](p, `app.store.state.script.source`); got != text {
		p.t.Fatalf("the editor holds %q after typing, want %q", got, text)
	}
}

const loopScript = `import http.server
import socketserver


class Loop(http.server.BaseHTTPRequestHandler):

    def do_GET(self):
        n = 0
        while True:
            n += 1


with socketserver.TCPServer(("", 8000), Loop) as httpd:
    httpd.serve_forever()
`

const cLoopScript = `import http.server
import socketserver


class Busy(http.server.BaseHTTPRequestHandler):

    def do_GET(self):
        total = sum(range(10**11))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(str(total).encode())


with socketserver.TCPServer(("", 8000), Busy) as httpd:
    httpd.serve_forever()
`

// TestScriptRunaway types two scripts that never return. A Python loop
// is stopped by the step budget with a message naming its line; a loop
// inside C (sum over a huge range) only by the watchdog, which restarts
// Python: the page says so, stays responsive, and keeps the files the
// learner made and the history.
func TestScriptRunaway(t *testing.T) {
	p := openFor(t, baseURL, 1440, scriptTab)
	defer p.close()
	// A file made in the tree before, to see that it survives.
	p.do(chromedp.Click(chromedp.CSS(`#file-new`)), chromedp.WaitVisible(chromedp.CSS(`#file-path`)))
	retype(p, `#file-path`, "notes/keep.txt")
	retype(p, `#file-content`, "still here\n")
	p.do(chromedp.Click(chromedp.CSS(`#file-save`)))

	p.do(chromedp.SendKeys(chromedp.CSS(`#set-handler`), "m")) // my script
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`document.querySelector('#editor').dataset.ready === 'true'`, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("choosing my script shows no editor: %v", err)
	}
	replaceScript(p, loopScript)
	n := sends(p)
	p.do(chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	waitScript(p, n+1)
	noFailure(t, p)
	if eval[bool](p, `app.store.state.result.script !== app.store.state.script.source`) {
		t.Fatalf("the endless loop's send shows no result (message %q)", eval[string](p, `document.querySelector('#script-msg').textContent`))
	}
	g := eval[got](p, readGot)
	loopLine := strings.Count(loopScript[:strings.Index(loopScript, "n += 1")], "\n") + 1
	whileLine := loopLine - 1
	if !regexp.MustCompile(fmt.Sprintf(`line (%d|%d)\b`, loopLine, whileLine)).MatchString(g.Terminal) {
		t.Errorf("the endless loop's message does not name line %d or %d:\n%s", whileLine, loopLine, g.Terminal)
	}

	// The C-level loop: the watchdog restarts Python.
	history := eval[int](p, `app.store.state.history.length`)
	replaceScript(p, cLoopScript)
	p.do(chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`!!app.inflight`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the send did not start: %v", err)
	}
	// While Python is busy the page answers at once.
	start := time.Now()
	if v := eval[int](p, `1 + 1`); v != 2 || time.Since(start) > 2*time.Second {
		t.Errorf("the page took %v to answer while the script ran", time.Since(start))
	}
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`!app.inflight && document.querySelector('#script-state').dataset.state === 'restarted'`, chromedp.WithPollingTimeout(2*time.Minute))); err != nil {
		t.Fatalf("no watchdog restart: %v (message %q)", err, eval[string](p, `document.querySelector('#script-msg').textContent`))
	}
	msg := eval[string](p, `document.querySelector('#script-msg').textContent`)
	if !strings.Contains(msg, "Python was restarted") || !strings.Contains(msg, "files, history and settings are kept") {
		t.Errorf("the restart message is %q", msg)
	}
	p.screenshot("script-watchdog-1440")
	if got := eval[string](p, `new TextDecoder().decode(httpsim.fs.read('notes/keep.txt'))`); got != "still here\n" {
		t.Errorf("after the restart notes/keep.txt holds %q", got)
	}
	if h := eval[int](p, `app.store.state.history.length`); h != history {
		t.Errorf("the history has %d entries after the restart, %d before", h, history)
	}
	if s := eval[string](p, `app.store.state.settings.handler`); s != "script" {
		t.Errorf("the handler setting is %q after the restart", s)
	}
	// And the next send starts Python again.
	replaceScript(p, strings.Replace(cLoopScript, "sum(range(10**11))", "sum(range(10))", 1))
	n = sends(p)
	p.do(chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	waitScript(p, n+1)
	if resp := eval[string](p, `new TextDecoder().decode(app.store.state.result.reply.response)`); !strings.HasSuffix(resp, "\r\n\r\n45") {
		t.Errorf("after the restart the response is %q", resp)
	}

	// A script that starts no server: its handler class is served, and
	// the page says how.
	replaceScript(p, noServerScript)
	n = sends(p)
	p.do(chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	waitScript(p, n+1)
	msg = eval[string](p, `document.querySelector('#script-msg').hidden ? '' : document.querySelector('#script-msg').textContent`)
	if !strings.Contains(msg, "Hello") && !strings.Contains(strings.ToLower(msg), "no server") {
		t.Errorf("a script without a server: the page says %q", msg)
	}
	if st := eval[float64](p, `app.store.state.result.reply.exchanges[0]?.status ?? 0`); st != 200 {
		t.Errorf("a script without a server answers %v", st)
	}
}

const noServerScript = `import http.server


class Hello(http.server.SimpleHTTPRequestHandler):
    pass
`

// TestScriptShareExport shares a script scenario and opens the link in a
// new tab: the script comes back in the editor. The export gives the
// script file and the command that runs it.
func TestScriptShareExport(t *testing.T) {
	p := openFor(t, baseURL+"#scenario=json-api", 1440, scriptTab)
	defer p.close()
	waitScript(p, 1)
	want := eval[string](p, `app.store.state.script.source`)
	if !strings.Contains(want, "class NotesAPI") {
		t.Fatalf("the json-api script did not load: %q", want)
	}
	p.do(chromedp.Click(chromedp.CSS(`#export-btn`)), chromedp.WaitVisible(chromedp.CSS(`#export-dialog`)))
	exp := eval[string](p, `document.querySelector('#export-body').textContent`)
	if !strings.Contains(exp, "Save server.py in that folder") || !strings.Contains(exp, "class NotesAPI") || !strings.Contains(exp, "python3.12 server.py 8000") {
		t.Errorf("the export lacks the script or its command:\n%.600s", exp)
	}
	p.do(chromedp.KeyEvent(kbEscape))
	p.do(chromedp.Click(chromedp.CSS(`#share-btn`)))
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`location.hash.startsWith('#s=')`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("no share link: %v", err)
	}
	url := eval[string](p, `location.href`)
	q := openFor(t, url, 1440, scriptTab)
	defer q.close()
	if _, err := chromedp.Run(q.ctx, chromedp.Poll[bool](`document.querySelector('#editor').dataset.ready === 'true'`, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("the shared link shows no editor: %v", err)
	}
	if got := eval[string](q, `app.script.editor.value`); got != want {
		t.Errorf("the shared link's editor holds %q, want the script", got)
	}
	if h := eval[string](q, `document.querySelector('#set-handler').value`); h != "script" {
		t.Errorf("the shared link's handler is %q", h)
	}
	t.Logf("share link with the script: %d characters", len(url))
	waitScript(q, 1) // let its send finish before the tab closes
}

const kbEscape = "\u001b"

// TestScriptScreens keeps screenshots of the editor, the Python progress
// bar and a traced request of the learner's script, at 1440 and 390 px,
// light and dark.
func TestScriptScreens(t *testing.T) {
	for _, dark := range []bool{false, true} {
		for _, width := range []int64{1440, 390} {
			name := fmt.Sprintf("%d", width)
			var setup []chromedp.Action[chromedp.Void]
			if dark {
				name += "-dark"
				setup = append(setup, darkMode())
			}
			p := openFor(t, baseURL, width, scriptTab, setup...)
			clickScenario(p, "question-fixed")
			if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`!document.querySelector('#py-progress').hidden`, chromedp.WithPollingTimeout(30*time.Second))); err == nil {
				eval[any](p, `document.querySelector('#script-box').scrollIntoView()`)
				buf, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
				if err == nil {
					err = os.WriteFile(filepath.Join(artifacts, "script-progress-"+name+".png"), buf, 0o644)
				}
				if err != nil {
					t.Error(err)
				}
			} else {
				t.Errorf("%s: no progress bar: %v", name, err)
			}
			waitScript(p, 1)
			// Select the learner's do_GET in the dispatch path.
			eval[any](p, `(() => { const i = app.store.state.result.reply.exchanges[0].trace.findIndex((f) => f.fn === 'ServerHandler.do_GET'); document.querySelector('#trace li.frame[data-i="' + i + '"]')?.click(); })()`)
			if width < 760 {
				if wide := eval[int](p, `document.documentElement.scrollWidth`); wide > int(width) {
					t.Errorf("%s: the page scrolls sideways (%d px)", name, wide)
				}
			}
			p.screenshot("script-traced-" + name)
			if width < 760 {
				// The full page is long at 390 px: keep what a phone shows
				// of the editor and of the dispatch path too.
				for _, part := range []string{"script-box", "dispatch"} {
					eval[any](p, `document.querySelector('#`+part+`').scrollIntoView()`)
					buf, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
					if err == nil {
						err = os.WriteFile(filepath.Join(artifacts, "script-"+part+"-"+name+".png"), buf, 0o644)
					}
					if err != nil {
						t.Error(err)
					}
				}
			}
			p.close()
		}
	}
}

// darkMode emulates prefers-color-scheme: dark, before the page loads.
func darkMode() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}})
		return err
	})
}

// TestRecordingsCurrent re-runs `make e2e-record` into a temporary
// directory: the committed transcripts must be what CPython 3.12 does
// with today's scripts and scenarios (a missing interpreter fails).
func TestRecordingsCurrent(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command("go", "run", "./e2e/record", "-o", dir)
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./e2e/record: %v\n%s", err, out)
	}
	fresh, _ := filepath.Glob(filepath.Join(dir, "*.txtar"))
	committed, _ := filepath.Glob(filepath.Join("testdata", "scripts", "*.txtar"))
	if len(fresh) != len(committed) {
		t.Errorf("the recorder wrote %d transcripts, testdata/scripts holds %d (run `make e2e-record`)", len(fresh), len(committed))
	}
	for _, f := range fresh {
		want, _ := os.ReadFile(filepath.Join("testdata", "scripts", filepath.Base(f)))
		got, _ := os.ReadFile(f)
		if !bytes.Equal(got, want) {
			t.Errorf("testdata/scripts/%s is not what CPython does now (run `make e2e-record`)", filepath.Base(f))
		}
	}
}
