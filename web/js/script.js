// script.js: the learner's own handler script in the Server card: the
// editor (js/editor.js, loaded the first time a script is shown), the
// Python loading bar, what the process is doing, and Restart. The script
// itself runs through httpsim.send with opts.handlerSource, which hands
// it to a PyHost (js/pyhost.js): Pyodide in a Web Worker with its own Go
// simulator.

import { $, el } from './helpers.js';
import { scriptURL } from './scenarios.js';

export const DEFAULT_FILE = 'server.py';

// scriptError reads where a reply says the script failed before it
// served: {type, message, line, col, text} or null. The runtime reports
// it as reply.error; a traceback's last frame in the script gives the
// line when the error has none of its own.
export function scriptError(reply, file = DEFAULT_FILE) {
  const e = reply && (reply.error || (reply.refused && reply.startupError));
  if (!e) return null;
  let { line, col } = e;
  const text = e.traceback && typeof e.traceback === 'string' ? e.traceback : e.text || '';
  if (!line) {
    const frames = Array.isArray(e.traceback) ? e.traceback : parseTraceback(text);
    const mine = frames.filter((t) => isScriptFile(t.file, file));
    if (mine.length) line = mine[mine.length - 1].line;
  }
  return { type: e.type, message: e.message, line: line || null, col: col || null, endCol: e.endCol || null, text };
}

// isScriptFile tells the learner's file from the library's: server.py
// is also the name of http/server.py.
const isScriptFile = (path, file) => (path === file || (path || '').endsWith('/' + file)) && !/\/lib\/python[\d.]*\//.test(path) && !(path || '').endsWith('/http/' + file);

// fetchScript returns the text of a gallery script (web/scripts/NAME).
const cache = new Map();
export async function fetchScript(name) {
  if (!cache.has(name)) {
    cache.set(name, fetch(scriptURL(name)).then((r) => {
      if (!r.ok) throw new Error(`scripts/${name}: ${r.status} ${r.statusText}`);
      return r.text();
    }));
  }
  try {
    return await cache.get(name);
  } catch (err) {
    cache.delete(name);
    throw err;
  }
}

// PYODIDE_SIZES are the files loadPyodide fetches from the pinned
// Pyodide 314.0.8 (web/package-lock.json), unpacked; script.test.mjs
// checks them against node_modules. PYODIDE_GZ is about what they
// weigh on the wire, gzipped (the stdlib zip is compressed already).
export const PYODIDE_SIZES = { 'pyodide.asm.wasm': 9597892, 'python_stdlib.zip': 2545550, 'pyodide.asm.mjs': 1250259, 'pyodide-lock.json': 119077 };
const PYODIDE_BYTES = Object.values(PYODIDE_SIZES).reduce((a, b) => a + b, 0);
const PYODIDE_GZ = 6.4e6;

// What each phase of PyHost's 'progress' events is called on the bar.
const phases = {
  simulator: 'Starting the simulator',
  pyodide: 'Starting Python',
  download: 'Downloading Python',
  shim: 'Loading http.server, socketserver and the standard library',
  ready: 'Python is ready',
};

export class ScriptView {
  constructor(store, { api, onEdit }) {
    this.store = store;
    this.api = api;
    this.onEdit = onEdit; // the text changed in the editor
    this.editor = null;
    this.loading = null;
    this.$ = {
      box: $('#script-box'), file: $('#script-file'), state: $('#script-state'), restart: $('#script-restart'),
      progress: $('#py-progress'), bar: $('#py-progress-bar'), progressText: $('#py-progress-text'),
      host: $('#editor'), fallback: $('#editor-fallback'), msg: $('#script-msg'),
    };
    this.$.restart.addEventListener('click', () => this.restart());
    this.hostEvents = false;
  }

  // listen subscribes to the PyHost's events once it exists.
  listen(host) {
    if (this.hostEvents || !host) return;
    this.hostEvents = true;
    host.addEventListener('progress', (e) => this.progress(e.detail));
    host.addEventListener('restart', (e) => this.restarted(e.detail));
  }

  // show makes the box visible and loads the editor the first time.
  async show(on) {
    this.$.box.hidden = !on;
    if (!on) return;
    const s = this.store.state.script;
    this.$.file.textContent = s.file;
    if (!this.editor) {
      this.$.fallback.textContent = s.source;
      this.loading = this.loading || import('./editor.js').then(({ Editor }) => {
        this.$.host.replaceChildren();
        this.editor = new Editor(this.$.host, {
          doc: this.store.state.script.source,
          label: `Python handler script ${this.store.state.script.file}`,
          onChange: (text) => this.onEdit(text),
        });
        this.$.host.dataset.ready = 'true';
        this.markFromResult();
      });
      await this.loading;
    }
  }

  // setSource shows a new script (a scenario, a share link, a copy).
  setSource() {
    const s = this.store.state.script;
    this.$.file.textContent = s.file;
    if (this.editor) this.editor.setValue(s.source);
    else this.$.fallback.textContent = s.source;
    this.setMessage(null);
  }

  progress({ phase, loaded, total, text }) {
    const p = this.$;
    p.progress.hidden = phase === 'ready';
    const what = phases[phase] || text || 'Starting Python';
    if (phase === 'download') {
      // One event per chunk of one file; gzipped files come without a
      // length, so the sizes of the pinned Pyodide stand in for them.
      const name = (text || '').replace(/^.*: /, '');
      this.files = this.files || {};
      this.files[name] = loaded;
      const done = Object.values(this.files).reduce((a, b) => a + b, 0);
      const all = Math.max(done, PYODIDE_BYTES + (total && !(name in PYODIDE_SIZES) ? total : 0));
      p.bar.max = all;
      p.bar.value = done;
      if (done >= PYODIDE_BYTES) {
        // Everything is in; the WebAssembly compiles and the interpreter
        // starts, with no events until it is done.
        p.bar.removeAttribute('value');
        p.progressText.textContent = `Initialising Python: compiling the interpreter and unpacking the standard library (${(PYODIDE_GZ / 1e6).toFixed(1)} MB downloaded)…`;
      } else {
        p.progressText.textContent = `${what}: ${Math.floor((100 * done) / all)}% of ${(all / 1e6).toFixed(1)} MB (${(PYODIDE_GZ / 1e6).toFixed(1)} MB compressed) · ${name}`;
      }
    } else {
      p.bar.removeAttribute('value'); // indeterminate
      p.progressText.textContent = `${what}…`;
    }
    p.progress.dataset.phase = phase;
    this.setState(phase === 'ready' ? 'ready' : 'loading');
  }

  setState(what, text) {
    const labels = { loading: 'loading Python…', running: 'running…', serving: 'serving', stopped: 'not started', ready: 'ready', failed: 'did not start', restarted: 'restarted' };
    this.$.state.textContent = text || labels[what] || '';
    this.$.state.dataset.state = what;
  }

  // setMessage shows one message under the editor: {kind, text, detail}.
  setMessage(m) {
    const box = this.$.msg;
    box.hidden = !m;
    if (!m) { box.replaceChildren(); return; }
    box.className = `script-msg ${m.kind || 'info'}`;
    box.replaceChildren(...[el('strong', m.title || ''), m.title ? ' ' : '', m.text, m.detail ? el('pre', m.detail) : ''].filter((x) => x !== ''));
  }

  // render shows what the last send says about the script.
  render(reply) {
    this.$.progress.hidden = true;
    if (!reply) return;
    this.markFromResult();
    const err = scriptError(reply, this.store.state.script.file);
    if (err) {
      this.setState('failed');
      const where = err.line ? ` (line ${err.line})` : '';
      this.setMessage({ kind: 'bad', title: `${err.type}${where}:`, text: `${err.message}. Python stopped before the server started, so no request was read.` });
      return;
    }
    const sc = reply.script || {};
    if (sc.served === 'default') {
      this.setState('serving', `serving ${sc.class || 'the last handler class'}`);
      this.setMessage({ kind: 'info', text: sc.note || 'This script starts no server, so its last BaseHTTPRequestHandler subclass is served the way python -m http.server serves its handler.' });
    } else {
      this.setState('serving', sc.serverClass ? `serving (${sc.serverClass})` : 'serving');
      this.setMessage(null);
    }
  }

  markFromResult() {
    if (!this.editor) return;
    const r = this.store.state.result;
    const err = r && r.settings.handler === 'script' ? scriptError(r.reply, this.store.state.script.file) : null;
    if (err && err.line && r.script === this.store.state.script.source) this.editor.markError(err);
    else this.editor.clearError();
  }

  // showStep is the dispatch path's selected step: a line of the script.
  showStep(line, note) {
    if (this.editor) this.editor.showStep(line, note);
  }

  restarted({ reason, message }) {
    this.files = null; // the next Worker loads Python again
    this.setState('restarted');
    const why = reason === 'memory'
      ? 'The script grew Python\'s memory past 512 MiB, so the Python process was stopped.'
      : reason === 'watchdog'
        ? 'The script kept the processor busy inside a C function (a loop the step budget cannot interrupt), so the Python process was stopped.'
        : message || 'The Python process stopped.';
    this.setMessage({ kind: 'warn', title: 'Python was restarted.', text: `${why} Your files, history and settings are kept; the next send starts the script again.`, detail: message && message !== why ? message : null });
  }

  async restart() {
    const host = await this.api.python();
    host.restart();
    this.setState('stopped', 'restarts on the next send');
    this.setMessage(null);
  }
}

// parseTraceback reads the frames of a traceback Python printed:
// [{file, line, func, text}], outermost first.
export function parseTraceback(text) {
  const out = [];
  const lines = (text || '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    // A SyntaxError's frame has no ", in <function>".
    const m = /^\s*File "([^"]*)", line (\d+)(?:, in (.*))?$/.exec(lines[i]);
    if (!m) continue;
    const next = lines[i + 1];
    const src = next !== undefined && !/^\s*File "/.test(next) && /^\s{4}/.test(next) ? next.trim() : '';
    out.push({ file: m[1], line: Number(m[2]), func: m[3] || '<module>', text: src });
  }
  return out;
}

// adaptScriptReply gives a script's reply the fields the result views
// read for a built-in handler that failed to start (refused,
// startupError), so that the response, dispatch and timeline panels show
// a script that never served the same way.
export function adaptScriptReply(reply, script) {
  const r = { ...reply };
  r.exchanges = r.exchanges || [];
  // The console draws from each chunk's bytes; a runtime that sends only
  // the text (Python's str, UTF-8 on the wire) gets them made here.
  const enc = new TextEncoder();
  r.output = (r.output || []).map((c) => (c.bytes ? c : { ...c, bytes: enc.encode(c.text) }));
  r.vfs = r.vfs || { changed: [] };
  if (!r.class) r.class = (r.script && r.script.class) || script.file;
  if (r.error && !r.startupError) {
    const e = scriptError(r, script.file);
    let frames = Array.isArray(r.error.traceback) ? r.error.traceback : parseTraceback(e.text);
    if (!frames.length && e.line) frames = [{ file: script.file, line: e.line, func: '<module>', text: '' }];
    r.refused = true;
    const lines = (script.source || '').split('\n');
    r.startupError = {
      type: e.type, message: e.message, text: e.text || `${e.type}: ${e.message}`,
      traceback: frames.map((f) => {
        const mine = isScriptFile(f.file, script.file);
        return { ...f, file: mine ? script.file : f.file, text: f.text || (mine ? (lines[f.line - 1] || '').trim() : '') };
      }),
    };
  }
  if (typeof r.elapsedMs !== 'number') r.elapsedMs = 0;
  return r;
}
