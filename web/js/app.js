// app.js: the page. One App object holds the DOM cache and the views,
// wires events in init(), and redraws from the Store on its 'change'
// events.

import { $, $$, el } from './helpers.js';
import { httpsim, start } from './httpsim.js';
import { Store } from './store.js';
import { Composer } from './composer.js';
import { ResponseView, DispatchView, ConsoleView, TimelineView, statusClass } from './result.js';
import { FilesView } from './files.js';
import { scenarios, byId } from './scenarios.js';
import * as wire from './wire.js';
import * as share from './share.js';
import * as exporters from './exporters.js';
import { ScriptView, fetchScript, adaptScriptReply, DEFAULT_FILE } from './script.js';

// The script the editor starts with: the question's, fixed.
const FIRST_SCRIPT = 'question-fixed.py';
const isScript = (settings) => settings.handler === 'script';

const clone = (x) => structuredClone(x);

// defaultSettings fill in what a scenario or an older share link leaves out.
const defaultSettings = { python: '3.12', handler: 'simple', protocol: 'HTTP/1.0', server: '', clients: 1 };

export const App = {
  store: new Store(),
  timings: { start: performance.now(), ready: null, sends: [], attempts: 0 },

  init() {
    const store = this.store;
    this.$ = {
      loading: $('#loading'), python: $('#set-python'), handler: $('#set-handler'), protocol: $('#set-protocol'),
      server: $('#set-server'), two: $('#set-two'),
      cmdline: $('#cmdline'), handlerDesc: $('#handler-desc'), sourceBox: $('#source-box'), sourceCode: $('#source-code'),
      sourceFile: $('#source-file'), sourceMissing: $('#source-missing'), story: $('#story'), storyTitle: $('#story-title'),
      storyText: $('#story-text'), storyTag: $('#story-tag'), gallery: $('#gallery-list'), history: $('#history-list'),
      timing: $('#timing'), toast: $('#toast'), exportDialog: $('#export-dialog'), exportBody: $('#export-body'),
    };
    const toast = (m, action) => this.toast(m, action);
    this.composer = new Composer(store, { onSend: () => this.send(), toast });
    this.response = new ResponseView(store, {
      api: httpsim,
      follow: (target) => this.compose('GET', target, { send: true }),
      composeForm: (method, target, fields) => this.compose(method, target, { fields, send: true }),
    });
    this.dispatch = new DispatchView(store, {
      showSource: (line, note) => this.showSource(line, note),
      sourceLine: (n) => (((this.store.state.result && this.store.state.result.script) || '').split('\n')[n - 1] || ''),
    });
    this.console = new ConsoleView(store);
    this.timeline = new TimelineView(store);
    this.files = new FilesView(store, { api: httpsim, toast, compose: (m, t, headers) => this.compose(m, t, { headers, send: true }) });
    this.script = new ScriptView(store, {
      api: httpsim,
      onEdit: (text) => { store.state.script.source = text; store.update('script'); },
    });
    $('#source-copy').addEventListener('click', (e) => { e.preventDefault(); this.editCopy(); });
    this.composer.init();
    this.files.init();

    store.addEventListener('change', (e) => this.render(e.detail));
    for (const [k, sel] of [['python', this.$.python], ['handler', this.$.handler], ['protocol', this.$.protocol], ['server', this.$.server]]) {
      sel.addEventListener('change', () => {
        // Switching between a built-in class and the learner's script
        // leaves the scenario: its story would describe the other one.
        const leaves = k === 'handler' && (sel.value === 'script') !== isScript(store.state.settings) && store.state.scenario;
        store.update('settings', (s) => { s.settings[k] = sel.value; if (leaves) s.scenario = null; });
        if (leaves) { this.renderStory(); this.renderGallery(); }
      });
    }
    this.$.two.addEventListener('change', () => {
      store.update('settings', (s) => { s.settings.clients = this.$.two.checked ? 2 : 1; });
      this.send();
    });
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.target.closest('dialog')) {
        e.preventDefault();
        this.send();
      }
    });
    $('#share-btn').addEventListener('click', () => this.share());
    $('#export-btn').addEventListener('click', () => this.openExport());
    $('#history-clear').addEventListener('click', () => store.update('history', (s) => { s.history = []; }));
    window.addEventListener('hashchange', () => this.loadHash());
    this.renderGallery();

    // The composer can show the first scenario before the wasm is up.
    const first = this.hashScenario() || 'seed-get';
    if (byId[first]) this.loadScenario(first, { send: false });
    this.composer.render();

    start(new URL('../dist/httpsim.wasm', import.meta.url).href).then(() => this.ready(), (err) => {
      this.$.loading.textContent = `The simulator did not start: ${err.message}`;
      this.$.loading.classList.add('error');
    });
  },

  async ready() {
    const profiles = httpsim.profiles().slice().reverse();
    this.profiles = Object.fromEntries(profiles.map((p) => [p.name, p]));
    this.$.python.replaceChildren(...profiles.map((p) => el('option', { value: p.name, title: `CPython ${p.version}${p.hasCGI ? '' : ': the cgi module was removed'}` }, `${p.version}${p.hasCGI ? '' : ' · no cgi'}`)));
    this.$.handler.replaceChildren(...httpsim.handlers().map((h) => el('option', { value: h.name, title: h.description }, `${h.name} · ${h.class}`)),
      el('option', { value: 'script', title: 'Your own Python script, in the editor: real Python in the page, inside the simulated server' }, 'my script · server.py'));
    this.handlers = Object.fromEntries(httpsim.handlers().map((h) => [h.name, h]));
    this.renderSettings();
    this.files.refresh(); // the first scenario loaded before the wasm ran
    if (!(await this.loadHash())) this.send();
    this.$.loading.hidden = true;
    this.timings.ready = performance.now();
    performance.mark('httpsim:ready');
    document.documentElement.dataset.ready = 'true';
    window.dispatchEvent(new Event('httpsim:ready'));
  },

  hashScenario() {
    const m = /^#scenario=([\w-]+)$/.exec(location.hash);
    return m ? m[1] : null;
  },

  async loadHash() {
    const id = this.hashScenario();
    if (id && byId[id]) { this.loadScenario(id); return true; }
    if (location.hash.startsWith('#s=')) {
      try {
        const sc = await share.decode(location.hash);
        this.applyShared(sc);
        return true;
      } catch (err) {
        this.toast(`This share link could not be read: ${err.message}`);
      }
    }
    return false;
  },

  // loadScenario puts a gallery scenario in the composer and the server,
  // resets the files, and sends it.
  loadScenario(id, { send = true } = {}) {
    const sc = byId[id];
    const { state } = this.store;
    state.settings = { ...defaultSettings, ...sc.settings };
    state.scenario = id;
    if (sc.script) {
      const token = (this.scriptToken = (this.scriptToken || 0) + 1);
      this.scriptLoad = fetchScript(sc.script).then((text) => {
        if (token !== this.scriptToken) return;
        state.script = { file: DEFAULT_FILE, source: text };
        this.script.setSource();
      }, (err) => this.toast(`The scenario's script did not load: ${err.message}`));
    }
    const c = state.composer;
    if (sc.raw) {
      c.mode = 'raw';
      c.rawText = sc.raw();
      c.requests = [wire.newRequest()];
    } else {
      c.mode = 'form';
      c.requests = clone(sc.requests);
      c.rawText = '';
    }
    c.active = 0;
    this.composer.tab = sc.requests && sc.requests[0].bodyMode !== 'none' ? 'body' : 'headers';
    this.composer.render();
    if (this.profiles) {
      httpsim.fs.reset();
      this.files.refresh();
      this.renderSettings();
    }
    this.renderStory();
    this.renderGallery();
    if (send && this.profiles) {
      if (sc.script) this.scriptLoad.then(() => this.send());
      else this.send();
    }
  },

  // editCopy opens the built-in handler shown as the learner's script.
  editCopy() {
    const src = this.source;
    if (!src || !src.source) return;
    this.store.update(['settings', 'script'], (s) => {
      s.script = { file: src.file || DEFAULT_FILE, source: src.source };
      s.settings.handler = 'script';
      s.scenario = null;
    });
    this.script.setSource();
    this.renderStory();
    this.renderGallery();
    this.toast(`${src.file} is now your script: edit it, then Send.`);
  },

  applyShared(sc) {
    const { state } = this.store;
    state.settings = { ...defaultSettings, ...sc.settings };
    if (sc.script && typeof sc.script.source === 'string') {
      state.script = { file: sc.script.file || DEFAULT_FILE, source: sc.script.source };
      this.script.setSource();
    }
    state.scenario = sc.scenario && byId[sc.scenario] ? sc.scenario : null;
    state.composer = { ...state.composer, ...sc.composer };
    httpsim.fs.apply(sc.fs);
    this.files.refresh();
    this.composer.render();
    this.renderSettings();
    this.renderStory();
    this.renderGallery();
    this.send();
  },

  // compose fills the composer with a new request and, if asked, sends it.
  compose(method, target, { fields, headers = [], send } = {}) {
    const { state } = this.store;
    const prev = this.store.request;
    const keep = prev.headers.filter((h) => /^(host|user-agent|accept)$/i.test(h.name)).map((h) => ({ ...h })).concat(headers);
    const req = wire.newRequest({ method, target, version: prev.version === '' ? 'HTTP/1.0' : prev.version, headers: keep });
    if (fields) { req.bodyMode = 'urlencoded'; req.fields = fields.map((f) => ({ ...f })); }
    state.composer.mode = 'form';
    state.composer.requests = [req];
    state.composer.active = 0;
    this.composer.render();
    this.composer.changed();
    if (send) this.send();
    $('#composer').scrollIntoView({ block: 'nearest' });
  },

  // send runs the composer's bytes through the server. With a built-in
  // handler that is one synchronous call; with the learner's script it
  // waits for Python, and a send asked for meanwhile runs after it.
  send() {
    if (!this.profiles) return undefined;
    const { state } = this.store;
    if (!isScript(state.settings)) {
      const sent = this.composer.bytes();
      const { clients, ...opts } = state.settings;
      return this.finishSend(performance.now(), sent, () => {
        if (clients !== 2) return { reply: httpsim.send(sent, opts), two: null };
        // A sends its request line and pauses; B sends the same request.
        const two = httpsim.twoClients(sent, sent, opts);
        return { reply: { ...two.a, output: two.output }, two };
      });
    }
    if (this.inflight) { this.again = true; return this.inflight; }
    this.inflight = (async () => {
      do {
        this.again = false;
        try {
          await this.sendScript();
        } finally {
          this.timings.attempts++;
        }
      } while (this.again);
      this.inflight = null;
    })();
    return this.inflight;
  },

  async sendScript() {
    const { state } = this.store;
    if (!state.script.source) {
      state.script = { file: DEFAULT_FILE, source: await fetchScript(FIRST_SCRIPT) };
      this.script.setSource();
    }
    await this.script.show(true);
    this.script.listen(await httpsim.python());
    const t0 = performance.now();
    const sent = this.composer.bytes();
    const opts = { python: state.settings.python, protocol: state.settings.protocol, handlerSource: state.script.source, handlerFile: state.script.file };
    if (state.settings.server !== undefined) opts.server = state.settings.server;
    this.script.setState('running');
    document.documentElement.dataset.sending = 'true';
    let reply;
    try {
      reply = await httpsim.send(sent, opts);
    } catch (err) {
      delete document.documentElement.dataset.sending;
      this.script.render(null);
      if (err.reason === 'watchdog' || err.reason === 'memory') return; // the 'restart' event said it
      this.script.setState('failed', 'Python did not run');
      this.script.setMessage({ kind: 'bad', title: 'The script could not run:', text: err.message });
      return;
    }
    delete document.documentElement.dataset.sending;
    this.finishSend(t0, sent, () => ({ reply: adaptScriptReply(reply, state.script), two: null }), opts.handlerSource);
    const last = this.timings.sends[this.timings.sends.length - 1];
    if (last && typeof reply.elapsedMs === 'number') last.python = reply.elapsedMs;
    this.script.render(reply);
  },

  // finishSend shows what run() returned ({reply, two}) and keeps it in
  // the history; script is the learner's script it ran, if any.
  finishSend(t0, sent, run, script) {
    const { state } = this.store;
    let reply;
    let two;
    try {
      ({ reply, two } = run());
    } catch (err) {
      this.toast(err.message);
      return;
    }
    const t1 = performance.now();
    const label = reply.exchanges.length ? reply.exchanges.map((x) => wire.shownLine(x.requestLine, x.requestLineRaw) || '(empty)').join(' · ') : wire.latin1(sent.subarray(0, 60)).split(/\r?\n/)[0];
    const entry = { at: new Date(), settings: { ...state.settings }, composer: clone(state.composer), scenario: state.scenario, reply, sent, label, two, script };
    this.store.update(['result', 'history', 'selected'], (s) => {
      s.result = entry;
      s.selected = 0;
      s.history = [entry, ...s.history].slice(0, 50);
    });
    if (two) {
      this.files.refresh([...two.a.vfs.changed, ...two.b.vfs.changed]);
    } else if (reply.vfs && reply.vfs.changed.length) {
      this.store.update('files', (s) => { s.files = reply.vfs.entries; s.filesChanged = reply.vfs.changed; });
    }
    document.body.getBoundingClientRect(); // include layout in the measurement
    const t2 = performance.now();
    this.timings.sends.push({ total: t2 - t0, sim: t1 - t0, render: t2 - t1 });
    performance.measure('httpsim:send', { start: t0, end: t2 });
    this.$.timing.textContent = `Last send: simulated in ${(t1 - t0).toFixed(1)} ms, rendered in ${(t2 - t1).toFixed(1)} ms.`;
  },

  render(parts) {
    if (parts.has('settings')) this.renderSettings();
    if (parts.has('result') || parts.has('settings')) {
      // Name the class the program's own choice resolved to, while the
      // last send ran this handler and version.
      const r = this.store.state.result;
      const { settings } = this.store.state;
      const same = r && !r.settings.server && r.reply.serverClass && r.settings.python === settings.python && r.settings.handler === settings.handler;
      this.$.server.options[0].textContent = same ? `the program's own · ${r.reply.serverClass}` : "the program's own";
    }
    if (parts.has('result') || parts.has('selected') || parts.has('settings')) {
      this.response.render();
      this.dispatch.render();
      this.timeline.render();
    }
    if (parts.has('result') || parts.has('settings')) this.console.render(this.command());
    if (parts.has('history')) this.renderHistory();
    if (parts.has('files')) this.files.render();
  },

  command() {
    const { settings, script } = this.store.state;
    const p = this.profiles && this.profiles[settings.python];
    if (!p) return '';
    const src = isScript(settings) ? script : this.source || { file: '' };
    const lines = exporters.python(settings, p, src).lines;
    return lines[lines.length - 1];
  },

  renderSettings() {
    const { settings } = this.store.state;
    if (!this.profiles) return;
    this.$.python.value = settings.python;
    this.$.handler.value = settings.handler;
    this.$.protocol.value = settings.protocol;
    this.$.server.value = settings.server || '';
    this.$.two.checked = settings.clients === 2;
    const mine = isScript(settings);
    this.$.sourceBox.hidden = mine;
    this.script.show(mine);
    if (mine) {
      const { script } = this.store.state;
      this.source = { name: 'script', class: '', file: script.file, source: script.source, python: settings.python, missing: null };
      this.$.cmdline.textContent = '$ ' + this.command();
      this.$.handlerDesc.textContent = settings.python.startsWith('2')
        ? 'Your script needs Python 3: it runs on Pyodide, and Python 2.7 cannot run there. Pick a 3.x version.'
        : `Your own script, run the way python${settings.python} ${script.file} 8000 runs it: module code first, then the server it starts. Edit it below; every send goes to the same process until you change the script, the version or the server class, or press Restart.`;
      this.console.render(this.command());
      if (!script.source) fetchScript(FIRST_SCRIPT).then((text) => { if (!this.store.state.script.source) { this.store.state.script.source = text; this.script.setSource(); } });
      return;
    }
    this.source = httpsim.handlerSource(settings.handler, settings.python);
    this.$.cmdline.textContent = '$ ' + this.command();
    this.$.handlerDesc.textContent = (this.handlers[settings.handler] || {}).description || '';
    this.$.sourceFile.textContent = this.source.file ? `(${this.source.file}, ${this.source.class})` : '(none: the stock class)';
    const miss = this.source.missing;
    this.$.sourceMissing.hidden = !miss;
    if (miss) this.$.sourceMissing.textContent = `Under Python ${settings.python} this file fails to import: ${miss.type}: ${miss.message} (line ${miss.traceback[0]?.line}).`;
    this.$.sourceCode.replaceChildren(...highlightPython(this.source.source, miss ? miss.traceback.map((t) => t.line) : []));
    this.console.render(this.command());
  },

  showSource(line, note) {
    if (isScript(this.store.state.settings)) {
      this.script.showStep(line, note);
      // Keep the dispatch path where it is: bring the editor into view
      // only when none of it shows.
      const r = $('#editor').getBoundingClientRect();
      if (r.bottom < 60 || r.top > innerHeight - 40) $('#script-box').scrollIntoView({ block: 'nearest', behavior: 'smooth' });
      return;
    }
    this.$.sourceBox.open = true;
    for (const l of $$('.ln', this.$.sourceCode)) l.classList.toggle('hl', Number(l.dataset.n) === line);
    const target = $(`.ln[data-n="${line}"]`, this.$.sourceCode);
    if (target) {
      this.$.sourceCode.scrollTop = target.offsetTop - this.$.sourceCode.clientHeight / 3;
      this.$.sourceBox.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    }
  },

  renderStory() {
    const id = this.store.state.scenario;
    const sc = id && byId[id];
    this.$.story.hidden = !sc;
    if (!sc) return;
    this.$.storyTag.textContent = sc.tag;
    this.$.storyTitle.textContent = sc.title;
    this.$.storyText.textContent = sc.explain;
  },

  renderGallery() {
    const cur = this.store.state.scenario;
    this.$.gallery.replaceChildren(...scenarios.map((sc, i) => el('li', el('button.scn' + (i < 2 ? '.lead' : ''), {
      type: 'button', 'aria-current': String(sc.id === cur), dataset: { scenario: sc.id },
      onclick: () => { history.replaceState(null, '', '#scenario=' + sc.id); this.loadScenario(sc.id); $('#story').scrollIntoView({ block: 'nearest' }); },
    }, el('span.t', sc.title), el('span.g', sc.tag)))));
  },

  // renderHistory adds the newest entry on top; it redraws the list only
  // when entries went away (Clear) or the list is empty.
  renderHistory() {
    const { history } = this.store.state;
    const list = this.$.history;
    const first = list.firstElementChild;
    if (history[1] && first && first.dataset.at === String(history[1].at.getTime())) {
      list.prepend(this.historyItem(history[0]));
      while (list.children.length > history.length) list.lastElementChild.remove();
      return;
    }
    list.replaceChildren(...(history.length ? history.map((h) => this.historyItem(h)) : [el('li.muted', 'Requests you send appear here.')]));
  },

  historyItem(h) {
    const ex = h.reply.exchanges[0];
    const code = h.reply.refused ? 'refused' : ex ? String(ex.status || '—') : '—';
    const time = `${String(h.at.getHours()).padStart(2, '0')}:${String(h.at.getMinutes()).padStart(2, '0')}:${String(h.at.getSeconds()).padStart(2, '0')}`;
    return el('li', { dataset: { at: String(h.at.getTime()) } }, el('button', {
      type: 'button', title: 'Show this exchange again (the files are not rolled back)',
      onclick: () => this.restore(h),
    }, el('span.badge.' + (h.reply.refused ? 's0' : statusClass(ex && ex.status)), code), el('span.what', h.label),
    el('span.when', `${h.settings.python} · ${h.settings.handler} · ${time}`)));
  },

  restore(h) {
    this.store.update(['settings', 'result', 'selected'], (s) => {
      s.settings = { ...h.settings };
      s.composer = clone(h.composer);
      s.scenario = h.scenario;
      s.result = h;
      s.selected = 0;
    });
    this.composer.render();
    this.renderStory();
    this.renderGallery();
  },

  scenarioState() {
    const { state } = this.store;
    const out = { settings: state.settings, scenario: state.scenario, composer: state.composer, fs: httpsim.fs.diff() };
    if (isScript(state.settings)) out.script = { ...state.script };
    return out;
  },

  async share() {
    const frag = await share.encode(this.scenarioState());
    const url = `${location.origin}${location.pathname}#${frag}`;
    if (url.length > 1_500_000) {
      this.toast(`This scenario is too big for a link (${(url.length / 1e6).toFixed(1)} MB of URL): remove large uploaded files first.`);
      return null;
    }
    history.replaceState(null, '', '#' + frag);
    try {
      await navigator.clipboard.writeText(url);
      this.toast(`Link copied (${url.length.toLocaleString('en-US')} characters). It holds the request, the settings and your file changes.`);
    } catch {
      this.toast('The link is in the address bar: copy it from there.');
    }
    return url;
  },

  openExport() {
    const { state } = this.store;
    const p = this.profiles[state.settings.python];
    const src = isScript(state.settings) ? { file: state.script.file, source: state.script.source } : this.source;
    const py = exporters.python(state.settings, p, src);
    const bytes = this.composer.bytes();
    const curl = state.composer.mode === 'form' ? exporters.curl(state.composer.requests) : { cmd: null, notes: ['The request was written in raw mode: use the printf | nc command, which sends the exact bytes.'] };
    const block = (title, text, extra) => el('section.export-block', el('h3', title, el('button.btn.small', {
      type: 'button', onclick: () => navigator.clipboard.writeText(text).then(() => this.toast('Copied.'), () => this.toast('Copy failed: select the text instead.')),
    }, 'Copy')), el('pre', text), extra || null);
    const body = [
      el('p.hint', `Python ${p.version}, ${state.settings.handler === 'simple' ? 'python -m http.server' : this.source.file}, ${isScript(state.settings) ? 'the protocol_version your script sets' : `protocol_version ${state.settings.protocol}`}. A real run differs only where the simulation fixes things: the Date header and log times (the clock), the patch release in the Server header, the client port, and the directory in tracebacks.`),
      el('section.export-block', el('h3', '1. The files', el('button.btn.small', { type: 'button', onclick: () => this.downloadTar() }, 'Download site.tar')),
        el('pre', 'tar -xf httpsim-site.tar && cd site')),
    ];
    for (const f of py.files) {
      body.push(block(`2. Save ${f.name} in that folder`, f.text));
    }
    body.push(block(`${py.files.length ? '3' : '2'}. Start the server`, py.lines.join('\n')));
    body.push(block(`${py.files.length ? '4' : '3'}. Send the exact bytes (printf | nc)`, exporters.printfNc(bytes)));
    if (curl.cmd) body.push(block('Or with curl', curl.cmd, el('ul', curl.notes.map((n) => el('li', n)))));
    else body.push(el('section.export-block', el('h3', 'curl'), el('ul', curl.notes.map((n) => el('li', n)))));
    this.$.exportBody.replaceChildren(...body);
    this.$.exportDialog.showModal();
  },

  downloadTar() {
    const entries = httpsim.fs.list().map((e) => (e.dir ? e : { ...e, data: httpsim.fs.read(e.pathBytes ?? e.path) }));
    const blob = new Blob([exporters.tar(entries)], { type: 'application/x-tar' });
    const a = el('a', { href: URL.createObjectURL(blob), download: 'httpsim-site.tar' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 5000);
  },

  toast(message, action) {
    const t = this.$.toast;
    t.replaceChildren(message);
    if (action) {
      t.append(' ', el('button.btn.small', { type: 'button', onclick: () => { action.run(); t.classList.remove('show'); } }, action.label));
      t.style.pointerEvents = 'auto';
    } else t.style.pointerEvents = 'none';
    t.classList.add('show');
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => t.classList.remove('show'), action ? 6000 : 3500);
  },
};

// highlightPython renders source lines with numbers and light colouring.
function highlightPython(src, marks) {
  const tok = /(#.*$)|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|\b(import|from|class|def|return|for|in|if|else|elif|try|except|with|as|not|and|or|is|None|True|False|pass|raise|while|print|lambda|yield)\b/g;
  return src.replace(/\n$/, '').split('\n').map((line, i) => {
    const n = i + 1;
    const node = el('span.ln' + (marks.includes(n) ? '.hl' : ''), { dataset: { n } });
    let last = 0;
    let m;
    tok.lastIndex = 0;
    while ((m = tok.exec(line))) {
      if (m.index > last) node.append(line.slice(last, m.index));
      const cls = m[1] ? 'py-com' : m[2] ? 'py-str' : 'py-kw';
      node.append(el('span.' + cls, m[0]));
      last = tok.lastIndex;
      if (m[0] === 'def' || m[0] === 'class') {
        const nm = /^(\s+)([A-Za-z_]\w*)/.exec(line.slice(last));
        if (nm) { node.append(nm[1], el('span.py-def', nm[2])); last += nm[0].length; tok.lastIndex = last; }
      }
    }
    if (last < line.length) node.append(line.slice(last));
    node.append('\n');
    return node;
  });
}

window.app = App;
App.init();
