// pyhost.js runs a learner's own handler script (real Python: Pyodide,
// CPython 3.14.2 in WebAssembly) inside the simulated server, off the
// main thread. The page keeps its own synchronous httpsim (js/httpsim.js)
// for the built-in handlers; a script goes through a PyHost instead.
//
//   const host = new PyHost();              // nothing loads until the first send
//   host.addEventListener('progress', e => bar(e.detail));   // {phase, loaded, total, text}
//   host.addEventListener('restart', e => note(e.detail.reason));
//   const r = await host.send(raw, {
//     python: '3.12',                // profile, as httpsim.send takes it
//     handlerSource: '...',          // the script's text
//     handlerFile: 'server.py',      // its name, as tracebacks print it
//     server: '',                    // '', 'TCPServer', 'HTTPServer', 'ThreadingHTTPServer', 'cli'
//     protocol: '',                  // '' = what the script sets (else HTTP/1.0)
//   }, httpsim.fs.diff());           // the page's files: the Changes of fs.diff()
//   host.restart();                  // a fresh process on the next send
//
// send resolves to what httpsim.send returns for a built-in handler
// (response, output, stderr, stdout, exchanges with their trace, vfs, ...)
// plus:
//
//   output[i].startup    true for what the script printed before it served
//                        (module code, warnings, "serving at port"); only the
//                        first send after a (re)start carries it
//   files                the served tree afterwards, as fs.diff() Changes
//                        (null when vfs.changed is empty: nothing was written):
//                        httpsim.fs.apply(r.files) shows what the script wrote
//   vfs.changed          the paths the script (or a PUT) wrote, in order
//   error                null, or why the server never started:
//                        {type, message, line, col, traceback} (line/col in the
//                        script, 1-based, null when not in the script; traceback
//                        is the text Python printed on stderr)
//   script               {file, served: 'server' | 'default', serverClass, note}:
//                        'default' means the script started no server, so its
//                        last BaseHTTPRequestHandler subclass is served by the
//                        profile's `python -m http.server` class (note says so)
//   exchanges[i].trace   also holds the learner's frames:
//                        {fn, file, line, depth, user: true,
//                         steps: [{line, locals: [{name, value}]}]}
//                        (value is a capped repr after that line ran); calls
//                        from them into inherited methods are the built-in
//                        frames they are, one depth below
//   startupTrace         on the send that carries the startup output: the
//                        startup part of the dispatch path, [{fn: '<module>',
//                        file, line: 1, depth: 0, startup: true, steps:
//                        [{fn, line, locals}]}] (the module's lines, with the
//                        class bodies and functions it ran, each step naming
//                        its function; locals are the globals it defined,
//                        modules left out; capped like a method's); else []
//   restarted            true when this send started a new process
//
// The process (module state, class attributes, files it wrote) lives
// across sends until python, handlerSource, handlerFile, server or
// protocol change, or restart() is called. An empty raw is a connection
// the client closes at once.
//
// Failures: send rejects with an Error only for bad arguments or a
// broken installation. A script stopped by the step budget (runaway
// Python) resolves normally with the message on stderr naming the line.
// C-level work longer than watchdogMs, or memory past 512 MiB, terminates
// the Worker: send rejects with an Error whose `reason` is 'watchdog' or
// 'memory', a 'restart' event fires with {reason}, and the next send
// starts a new Worker (the page's files, history and settings are the
// page's and survive).
//
// Protocol with the Worker (js/pyworker.js, a module Worker):
//   page → worker  {id, type: 'send', raw: Uint8Array, opts, files}
//                  {id, type: 'restart'}
//   worker → page  {type: 'progress', phase, loaded, total, text}
//                  {id, type: 'busy'}            user code started (the watchdog runs)
//                  {id, type: 'result', result}  | {id, type: 'error', message, reason}
//
// Where things are, relative to the page: the Worker at js/pyworker.js,
// the simulator at dist/httpsim.wasm with dist/wasm_exec.js, Pyodide at
// dist/vendor/pyodide/ (copied there by `make web`).

export class PyHost extends EventTarget {
  constructor({
    workerURL = new URL('./pyworker.js', import.meta.url),
    base = new URL('../', import.meta.url).href,
    watchdogMs = 5000,
  } = {}) {
    super();
    this.workerURL = workerURL;
    this.base = base;
    this.watchdogMs = watchdogMs;
    this.worker = null;
    this.pending = new Map();
    this.nextId = 1;
  }

  ensureWorker() {
    if (this.worker) return this.worker;
    const w = new Worker(this.workerURL, { type: 'module', name: 'httpsim-python' });
    w.onmessage = (e) => this.onMessage(e.data);
    w.onerror = (e) => this.fail(`pyworker: ${e.message || 'failed to start'}`, 'crash');
    w.postMessage({ type: 'init', base: this.base });
    this.worker = w;
    return w;
  }

  onMessage(m) {
    if (m.type === 'progress') {
      this.dispatchEvent(new CustomEvent('progress', { detail: { phase: m.phase, loaded: m.loaded, total: m.total, text: m.text } }));
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.type === 'busy') {
      clearTimeout(p.timer);
      p.timer = setTimeout(() => this.kill('watchdog', `the script ran for more than ${this.watchdogMs / 1000} s without returning (C-level work the step budget cannot stop): the Python process was restarted`), this.watchdogMs);
      return;
    }
    clearTimeout(p.timer);
    this.pending.delete(m.id);
    if (m.type === 'result') p.resolve(m.result);
    else {
      const err = new Error(m.message);
      if (m.reason) err.reason = m.reason;
      p.reject(err);
      if (m.reason === 'memory') this.kill('memory', m.message);
    }
  }

  // kill terminates the Worker: every pending send rejects with reason.
  kill(reason, message) {
    if (this.worker) this.worker.terminate();
    this.worker = null;
    this.fail(message, reason);
    this.dispatchEvent(new CustomEvent('restart', { detail: { reason, message } }));
  }

  fail(message, reason) {
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      const err = new Error(message);
      err.reason = reason;
      p.reject(err);
    }
    this.pending.clear();
  }

  send(raw, opts = {}, files = null) {
    if (typeof raw === 'string') raw = latin1(raw);
    if (!(raw instanceof Uint8Array)) return Promise.reject(new Error('PyHost.send: raw must be a string or a Uint8Array'));
    if (typeof opts.handlerSource !== 'string') return Promise.reject(new Error('PyHost.send: opts.handlerSource must be the script, a string'));
    const id = this.nextId++;
    const w = this.ensureWorker();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, timer: null });
      w.postMessage({ id, type: 'send', raw, opts, files });
    });
  }

  restart() {
    if (!this.worker) return;
    this.worker.postMessage({ id: this.nextId++, type: 'restart' });
  }

  // terminate stops the Worker for good (tests, page unload).
  terminate() {
    if (this.worker) this.worker.terminate();
    this.worker = null;
    this.fail('PyHost: terminated', 'terminated');
  }
}

// latin1 reads a string as httpsim.send does: a character up to U+00FF
// is that byte, anything above is its UTF-8.
export function latin1(s) {
  const out = [];
  const enc = new TextEncoder();
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (c <= 0xff) out.push(c);
    else out.push(...enc.encode(ch));
  }
  return Uint8Array.from(out);
}
