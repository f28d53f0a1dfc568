// app.js: the page. One App object holds the DOM cache and the views,
// wires events in init(), and redraws from the Store on its 'change'
// events.

import { $, $$, el, formatBytes } from './helpers.js';
import { httpsim, start } from './httpsim.js';
import { Store } from './store.js';
import { Composer } from './composer.js';
import { ResponseView, DispatchView, ConsoleView, TimelineView, statusClass, innermost } from './result.js';
import { FilesView } from './files.js';
import { scenarios, byId } from './scenarios.js';
import * as wire from './wire.js';
import * as share from './share.js';
import * as exporters from './exporters.js';
import { ScriptView, fetchScript, adaptScriptReply, DEFAULT_FILE } from './script.js';
import { CompareView, runAll } from './compare.js';
import * as hist from './history.js';
import * as importers from './importers.js';

// The script the editor starts with: the question's, fixed.
const FIRST_SCRIPT = 'question-fixed.py';
const isScript = (settings) => settings.handler === 'script';

const clone = (x) => structuredClone(x);

// SHARE_COMFORT is about where links start to break in chat tools and
// address bars.
const SHARE_COMFORT = 8000;

const minorOf = (p) => parseInt(p.name.split('.')[1], 10);

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
      storyText: $('#story-text'), storyTag: $('#story-tag'), storyEdited: $('#story-edited'), gallery: $('#gallery-list'), history: $('#history-list'),
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
    this.linkSteps();
    this.timeline = new TimelineView(store);
    this.files = new FilesView(store, { api: httpsim, toast, compose: (m, t, headers) => this.compose(m, t, { headers, send: true }) });
    this.script = new ScriptView(store, {
      api: httpsim,
      onEdit: (text) => { store.state.script.source = text; store.update('script'); },
    });
    $('#source-copy').addEventListener('click', (e) => { e.preventDefault(); this.editCopy(); });
    // The tree marks the handler's file; its source opens in the Handler
    // source box, or the editor when the learner's script serves.
    this.files.showScript = () => { this.$.sourceBox.open = true; this.$.sourceBox.scrollIntoView({ block: 'nearest' }); };
    this.composer.init();
    this.files.init();

    store.addEventListener('change', (e) => this.render(e.detail));
    for (const [k, sel] of [['python', this.$.python], ['handler', this.$.handler], ['protocol', this.$.protocol], ['server', this.$.server]]) {
      sel.addEventListener('change', () => {
        // Switching between a built-in class and the learner's script
        // leaves the scenario: its story would describe the other one.
        const leaves = k === 'handler' && (sel.value === 'script') !== isScript(store.state.settings) && store.state.scenario;
        this.setSetting(k, sel.value, leaves ? (s) => { s.scenario = null; } : null);
        if (leaves) { this.renderStory(); this.renderGallery(); }
      });
    }
    this.$.two.addEventListener('change', () => this.setSetting('clients', this.$.two.checked ? 2 : 1));
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.target.closest('dialog')) {
        e.preventDefault();
        this.send();
      }
    });
    $('#share-btn').addEventListener('click', () => this.share());
    $('#export-btn').addEventListener('click', () => this.openExport());
    this.compareView = new CompareView({ dialog: $('#compare-dialog'), body: $('#compare-body') });
    $('#compare-btn').addEventListener('click', () => this.compare());
    $('#import-btn').addEventListener('click', () => { $('#import-error').textContent = ''; $('#import-dialog').showModal(); $('#import-text').focus(); });
    $('#import-form').addEventListener('submit', (e) => {
      if (!e.submitter || e.submitter.value !== 'import') return;
      if (!this.importText($('#import-text').value)) e.preventDefault();
    });
    // A closed dialog gives the focus back to what opened it, or to its
    // stand-in when a redraw replaced it (the file tree redraws on Save),
    // never to <body>.
    document.addEventListener('focusin', (e) => { if (!e.target.closest('dialog')) this.lastFocus = e.target; });
    for (const d of $$('dialog')) {
      const show = d.showModal.bind(d);
      d.showModal = () => {
        const from = this.lastFocus && this.lastFocus.isConnected ? this.lastFocus : document.activeElement;
        this.dialogFrom = { node: from, key: focusKey(from) };
        show();
      };
      d.addEventListener('close', () => {
        const f = this.dialogFrom;
        this.dialogFrom = null;
        if (!f) return;
        setTimeout(() => {
          if (document.activeElement && document.activeElement !== document.body) return;
          const to = f.node && f.node.isConnected ? f.node : f.key && $(f.key);
          (to || $('#composer-title').closest('section').querySelector('button, input')).focus();
        }, 0);
      });
    }
    $('#history-clear').addEventListener('click', () => {
      hist.clear(localStorage);
      store.update('history', (s) => { s.history = []; });
    });
    store.state.history = hist.load(localStorage);
    this.renderHistory();
    // Embed mode (?embed=1, or #embed): the composer and the result only,
    // for an iframe on a course page; the server allows framing for
    // ?embed=1 alone.
    this.embed = new URLSearchParams(location.search).get('embed') === '1' || /^#embed\b/.test(location.hash);
    document.documentElement.classList.toggle('embed', this.embed);
    if (this.embed) $('#full-page').href = location.pathname + location.hash.replace(/^#embed&?/, '#');
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

  // linkSteps ties each trace frame to what it wrote: selecting a frame
  // lights its bytes in the Raw view and its lines in the console, and
  // clicking bytes or a line selects the innermost frame that wrote it.
  linkSteps() {
    this.dispatch.onSelect = (f) => {
      const w = f && f.wrote; // a refused script's traceback rows have none
      this.response.highlight(w && w.out);
      this.console.highlight(w);
    };
    this.dispatch.showWrote = (i) => {
      this.dispatch.select(i, false);
      const f = this.dispatch.frames[i];
      if (!f || !f.wrote) return;
      if (f.wrote.out[1] > f.wrote.out[0] && this.response.view !== 'raw' && this.response.view !== 'hex') {
        this.response.view = 'raw';
        this.response.render();
      }
      const first = $('#res-view .wseg.hl') || $('#terminal .line.hl');
      if (first) first.scrollIntoView({ block: 'nearest' });
    };
    const pick = (part, x) => {
      const ex = this.response.ex;
      if (!ex) return;
      const i = innermost(ex.trace, part, x);
      if (i < 0) return;
      if (!this.dispatch.all && !$(`#trace .frame[data-i="${i}"]`)) { this.dispatch.all = true; this.dispatch.render(); }
      this.dispatch.select(i, true);
    };
    this.response.onBytes = (x) => pick('out', x);
    this.console.onLine = (part, n) => pick(part, n);
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

  // setSetting changes one server setting (python, handler, protocol,
  // or any setting added later) and re-sends, so that everything shown
  // belongs to the settings shown.
  // also, if given, changes more of the state in the same update.
  setSetting(key, value, also) {
    if (this.store.state.settings[key] === value) return;
    this.store.update('settings', (s) => { s.settings[key] = value; if (also) also(s); });
    this.resend();
  },

  // resend runs the current request again after a change of settings.
  // Every setting calls it; a send costs microseconds. It returns what
  // send returns (a promise when the learner's script serves: the script
  // runs again with the new settings).
  resend() {
    this.markEdited();
    return this.send();
  },

  // markEdited tells the story and the gallery whether the composer and
  // settings still hold the scenario they came from.
  markEdited() {
    const id = this.store.state.scenario;
    const sc = id && byId[id];
    const edited = !!sc && !this.matchesScenario(sc);
    this.$.story.classList.toggle('edited', edited);
    this.$.storyEdited.hidden = !edited;
    for (const b of $$('button.scn', this.$.gallery)) {
      const on = b.dataset.scenario === id;
      b.setAttribute('aria-current', String(on && !edited));
      b.classList.toggle('edited', on && edited);
    }
  },

  matchesScenario(sc) {
    const { settings } = this.store.state;
    for (const k of Object.keys(sc.settings)) if (settings[k] !== sc.settings[k]) return false;
    if (!sc.bytes) sc.bytes = sc.raw ? wire.rawTextToBytes(sc.raw()) : wire.connectionBytes(sc.requests);
    return wire.bytesEqual(this.composer.bytes(), sc.bytes);
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
      // No result belongs to these settings: say so rather than keep the
      // last one on screen.
      this.store.update(['result', 'selected'], (s) => { s.result = null; s.selected = 0; s.sendError = err.message; });
      this.toast(err.message);
      return;
    }
    state.sendError = null;
    const t1 = performance.now();
    const label = reply.exchanges.length ? reply.exchanges.map((x) => wire.shownLine(x.requestLine, x.requestLineRaw) || '(empty)').join(' · ') : wire.latin1(sent.subarray(0, 60)).split(/\r?\n/)[0];
    const ex0 = reply.exchanges[0];
    const entry = {
      at: new Date(), settings: { ...state.settings }, composer: clone(state.composer), scenario: state.scenario, reply, sent, label, two, script,
      code: reply.refused ? 'refused' : ex0 ? String(ex0.status || '—') : '—', cls: reply.refused ? 's0' : statusClass(ex0 && ex0.status),
    };
    this.store.update(['result', 'history', 'selected'], (s) => {
      s.result = entry;
      s.selected = 0;
      s.history = [entry, ...s.history].slice(0, 50);
    });
    // Kept for the next visit after the page is idle: a send stays one frame.
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => hist.save(localStorage, this.store.state.history), 300);
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
    if (parts.has('composer') || parts.has('settings')) this.markEdited();
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
      // The tree's handler row is the built-in class's file; the learner's
      // script is in the editor.
      if (this.files.script) {
        this.files.script = null;
        this.files.render();
      }
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
    if (this.files.script !== this.source.file) {
      this.files.script = this.source.file;
      this.files.render();
    }
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
    this.$.storyText.replaceChildren(sc.explain);
    if (sc.compare) {
      this.$.storyText.append(' ', el('button.btn.small.story-compare', { type: 'button', onclick: () => this.compare() }, 'Compare all versions'));
    }
    this.markEdited();
  },

  renderGallery() {
    const cur = this.store.state.scenario;
    this.$.gallery.replaceChildren(...scenarios.map((sc, i) => el('li', el('button.scn' + (i < 2 ? '.lead' : ''), {
      type: 'button', 'aria-current': String(sc.id === cur), dataset: { scenario: sc.id },
      onclick: () => { history.replaceState(null, '', '#scenario=' + sc.id); this.loadScenario(sc.id); $('#story').scrollIntoView({ block: 'nearest' }); },
    }, el('span.t', sc.title), el('span.g', sc.tag)))));
    this.markEdited();
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
    const time = `${String(h.at.getHours()).padStart(2, '0')}:${String(h.at.getMinutes()).padStart(2, '0')}:${String(h.at.getSeconds()).padStart(2, '0')}`;
    return el('li', { dataset: { at: String(h.at.getTime()) } }, el('button', {
      type: 'button', title: 'Show this exchange again (the files are not rolled back)',
      onclick: () => this.restore(h),
    }, el('span.badge.' + h.cls, h.code), el('span.what', h.label),
    el('span.when', `${h.settings.python} · ${h.settings.handler} · ${time}`)));
  },

  restore(h) {
    if (!h.reply) {
      // Kept from an earlier visit without its reply: send it again.
      Object.assign(this.store.state, { settings: { ...defaultSettings, ...h.settings }, composer: clone(h.composer), scenario: h.scenario });
      if (typeof h.script === 'string') {
        this.store.state.script = { ...this.store.state.script, source: h.script };
        this.script.setSource();
      }
      this.composer.render();
      this.renderSettings();
      this.renderStory();
      this.renderGallery();
      this.send();
      return;
    }
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
    const big = url.length > SHARE_COMFORT ? ` It is long: chat tools and some browsers cut links past about 8 KB. ${this.shareWeight()}` : '';
    try {
      await navigator.clipboard.writeText(url);
      this.toast(`Link copied (${url.length.toLocaleString('en-US')} characters). It holds the request, the settings and your file changes.${big}`);
    } catch {
      this.toast('The link is in the address bar: copy it from there.');
    }
    return url;
  },

  // importText puts a pasted curl command or raw HTTP in the composer;
  // it reports false (and says why in the dialog) when it cannot.
  importText(text) {
    const c = this.store.state.composer;
    let said;
    try {
      if (/^\s*(\$\s*)?curl\b/.test(text)) {
        const got = importers.fromCurl(text);
        Object.assign(c, { mode: 'form', requests: got.requests, active: 0, rawText: '' });
        said = `Imported the request curl sends${got.notes.length ? ` (${got.notes.join('; ')})` : ''}.`;
      } else {
        if (!text.trim()) throw new Error('paste a curl command or an HTTP request first');
        const got = importers.fromRaw(text);
        Object.assign(c, { mode: 'raw', rawText: got.rawText });
        said = `Imported ${formatBytes(wire.rawTextToBytes(got.rawText).length)} of raw HTTP${got.fixed ? `; ${got.fixed} bare LF line end${got.fixed === 1 ? '' : 's'} in the head became CRLF` : ''}.`;
      }
    } catch (err) {
      $('#import-error').textContent = `Could not import this: ${err.message}.`;
      return false;
    }
    this.composer.tab = 'headers';
    this.composer.render();
    this.composer.changed();
    this.toast(said + ' Press Send to run it.');
    return true;
  },

  // compare runs the current request on every profile the core has and
  // shows the matrix and the side-by-side diffs.
  compare() {
    if (!this.profiles) return;
    if (isScript(this.store.state.settings)) {
      // Each version would need a Python process of its own, and the
      // page has one (Pyodide's 3.14) whatever the profile.
      this.toast('Compare versions runs the built-in handlers. Your script runs on one version at a time: pick another in Python to see it there.');
      return;
    }
    const bytes = this.composer.bytes();
    const runs = runAll(httpsim, bytes, this.store.state.settings);
    const first = wire.latin1(bytes.subarray(0, 80)).split(/\r?\n/)[0];
    this.compareView.show(runs, `${first || '(no request line)'} · ${this.store.state.settings.handler} · protocol_version ${this.store.state.settings.protocol}`, this.store.state.settings.python);
  },

  // shareWeight says what makes a share link big: the request bytes and
  // each changed file, largest first.
  shareWeight() {
    const d = httpsim.fs.diff();
    const parts = [{ what: 'the request', n: this.composer.bytes().length }];
    for (const f of d.files) parts.push({ what: f.path, n: f.data.length });
    parts.sort((a, b) => b.n - a.n);
    return 'Most of it: ' + parts.slice(0, 3).filter((p) => p.n > 0).map((p) => `${p.what} (${formatBytes(p.n)})`).join(', ') + '.';
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
      el('p.hint', `Python ${p.version}, ${state.settings.handler === 'simple' ? 'python -m http.server' : this.source.file}, ${isScript(state.settings) ? 'the protocol_version your script sets' : `protocol_version ${state.settings.protocol}`}. A real run differs only where the simulation fixes things: the Date header and log times (the clock), the patch release in the Server header, the client port, and the directory in tracebacks.${this.command().includes('-m http.server') && !p.name.startsWith('2') && minorOf(p) >= 8 ? ' The page\'s server binds :: (a dual-stack socket), so its log shows the client as ::ffff:127.0.0.1; python -m http.server binds :: or 0.0.0.0, whichever getaddrinfo lists first on your machine, and logs 127.0.0.1 in the second case.' : ''}`),
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
    // The other clients a learner may already use; form mode only, since
    // they build the bytes themselves.
    const reqs = state.composer.mode === 'form' ? state.composer.requests : null;
    for (const [title, make] of [['Python http.client (the same bytes)', exporters.httpClient], ['Python requests', exporters.pyRequests], ['JavaScript fetch', exporters.fetchJS], ['HTTPie', exporters.httpie]]) {
      const x = reqs ? make(reqs) : { code: null, notes: ['The request was written in raw mode: use the printf | nc command.'] };
      const notes = el('ul', x.notes.map((n) => el('li', n)));
      body.push(x.code ? block(title, x.code, notes) : el('section.export-block', el('h3', title), notes));
    }
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

  // toast shows a message, with an action button if given (Undo). It
  // stays long enough to read, and for as long as the pointer or the
  // focus is on it; Alt+U moves the focus to its button.
  toast(message, action) {
    const t = this.$.toast;
    const from = document.activeElement;
    t.replaceChildren(message);
    let btn = null;
    if (action) {
      btn = el('button.btn.small', {
        type: 'button', onclick: () => {
          action.run();
          t.classList.remove('show');
          if (from && from.isConnected) from.focus();
        },
      }, action.label);
      t.append(' ', btn);
      t.style.pointerEvents = 'auto';
    } else t.style.pointerEvents = 'none';
    t.classList.add('show');
    const ms = Math.max(action ? 6000 : 3500, message.length * 45);
    const hide = () => {
      clearTimeout(this.toastTimer);
      this.toastTimer = setTimeout(() => { if (!t.matches(':hover, :focus-within')) t.classList.remove('show'); else hide(); }, ms);
    };
    hide();
    if (!this.toastWired) {
      this.toastWired = true;
      // Alt+U reaches the toast's button from anywhere.
      document.addEventListener('keydown', (e) => {
        if (e.altKey && e.key.toLowerCase() === 'u' && t.classList.contains('show')) {
          const b = $('button', t);
          if (b) { e.preventDefault(); b.focus(); }
        }
      });
    }
  },
};

// focusKey is a selector that finds node again after a redraw: its id,
// or its place in the file tree.
function focusKey(node) {
  if (!node || node === document.body) return null;
  if (node.id) return '#' + CSS.escape(node.id);
  const row = node.closest('[data-path]');
  if (row) return `#tree li[data-path="${CSS.escape(row.dataset.path)}"] ${node.classList.contains('more') ? '.more' : '.nm'}`;
  return null;
}

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
