// pyruntime.js is one Python process for learners' handler scripts: the
// Go simulator (its own instance of dist/httpsim.wasm) and Pyodide in
// one JavaScript realm. The Worker (js/pyworker.js) and the Node tests
// (internal/pydiff) run this same code; they differ only in the loaders
// they pass. See js/pyhost.js for what send returns.
//
//   const rt = await createRuntime({loadGo, loadPyodide, readShim, onProgress});
//   const result = await rt.send(raw, opts, files);
//   rt.restart();
//
// loadGo() resolves to the __httpsim object once the wasm runs;
// loadPyodide(onProgress) to a Pyodide instance; readShim(name) to the
// text of js/<name> (pyshim.py, the Python side, and pyframes.py, the
// library frames recorded from live CPython by internal/pydiff/framesgen).

import { decode } from './bridge.js';

// memoryCap is the most the interpreter's memory may grow to. Pyodide
// grows its WebAssembly.Memory from JavaScript (emscripten's
// growMemory), so refusing the grow there makes malloc fail and Python
// raise MemoryError; the runtime then asks for a restart.
import { lockdown } from './pylockdown.js';

export const memoryCap = 512 << 20;

let memoryCapped = false;
let memoryHit = false;
function capMemory() {
  if (memoryCapped) return;
  memoryCapped = true;
  const grow = WebAssembly.Memory.prototype.grow;
  WebAssembly.Memory.prototype.grow = function (pages) {
    if (this.buffer.byteLength + pages * 65536 > memoryCap) {
      memoryHit = true;
      throw new RangeError('httpsim: memory cap');
    }
    return grow.call(this, pages);
  };
}

// memoryError is what a send that hit the cap rejects with: the process
// is stopped and a new one starts (the Worker is replaced).
function memoryError() {
  memoryHit = false;
  const e = new Error(`The script grew Python's memory past ${memoryCap >> 20} MiB, the cap here: it was stopped, and Python restarts (module state is lost; the files stay).`);
  e.reason = 'memory';
  return e;
}

export const argv0 = (file) => [file, '8000'];

export async function createRuntime({ loadGo, loadPyodide, readShim, onProgress = () => {} }) {
  onProgress({ phase: 'simulator', loaded: 0, total: 0, text: 'Starting the simulator' });
  const go = await loadGo();
  capMemory();
  const pyodide = await loadPyodide(onProgress);
  onProgress({ phase: 'shim', loaded: 0, total: 0, text: 'Preparing the handler modules' });
  const [shimSource, frames] = await Promise.all([readShim('pyshim.py'), readShim('pyframes.py')]);
  const ns = pyodide.globals.get('dict')();
  pyodide.runPython(shimSource, { globals: ns, filename: '<httpsim>' });
  const ffi = pyodide.pyimport('pyodide.ffi');
  ns.get('install')(go.py, ffi.to_js, Object, frames);
  const pyStart = ns.get('start');
  const pyCall = ns.get('call');
  const pyClose = ns.get('close');
  // Read-only and frozen: the Go side looks the runner up on every call,
  // and a script holding a proxy of the bridge must not swap what answers.
  Object.defineProperty(globalThis, '__httpsimPyRunner', {
    value: Object.freeze({
      call: (conn, name, args) => pyCall(conn, name, args),
      close: (conn) => pyClose(conn),
    }),
    writable: false, configurable: false,
  });
  for (const o of [go.py, go.fs, go]) Object.freeze(o);
  lockdown();
  onProgress({ phase: 'ready', loaded: 1, total: 1, text: 'Python is ready' });

  let proc = null; // {key, spec, startup, script, error, result}

  // The served tree lives in Go (the library serves it) and, as a copy,
  // in Pyodide's file system at the served directory, so that open(),
  // os and os.path are CPython's own over the same files. Each send
  // copies Go's tree in and what the script changed back out.
  const FS = pyodide.FS;
  const root = '/srv/www';
  FS.mkdirTree(root);
  FS.chdir(root);
  // snapshot: path → {dir} | {size, mtime, data}, what both sides held
  // after the last sync; goSig is Go's listing then, so a send whose
  // files did not change reads nothing from Go.
  let snapshot = new Map();
  let goSig = '';


  function walk(dir, rel, out) {
    for (const name of FS.readdir(dir)) {
      if (name === '.' || name === '..') continue;
      const p = rel ? `${rel}/${name}` : name;
      const full = `${dir}/${name}`;
      const st = FS.lstat(full);
      if (FS.isDir(st.mode)) {
        out.set(p, { dir: true });
        walk(full, p, out);
      } else if (FS.isFile(st.mode)) out.set(p, { size: st.size, mtime: +st.mtime });
    }
    return out;
  }

  function syncIn() {
    const entries = decode(go.fs.list()).filter((e) => !e.link);
    const sig = JSON.stringify(entries.map((e) => [e.path, e.dir, e.size, e.mtime]));
    if (sig === goSig) return;
    const want = new Map(entries.map((e) => [e.path, e]));
    const have = walk(root, '', new Map());
    for (const [p, v] of [...have].reverse()) {
      const w = want.get(p);
      if (!w || w.dir !== !!v.dir) {
        if (v.dir) FS.rmdir(`${root}/${p}`); else FS.unlink(`${root}/${p}`);
        have.delete(p);
      }
    }
    for (const [p, e] of want) {
      const full = `${root}/${p}`;
      if (e.dir) {
        if (!have.has(p)) FS.mkdirTree(full);
        continue;
      }
      FS.writeFile(full, decode(go.fs.read(p)));
      FS.utime(full, e.mtime, e.mtime);
    }
    snapshot = walk(root, '', new Map());
    goSig = sig;
  }

  // syncOut copies what the script wrote into Go and returns the paths.
  function syncOut() {
    const now = walk(root, '', new Map());
    const changed = [];
    let dirty = false;
    for (const [p, v] of now) {
      const old = snapshot.get(p);
      if (v.dir) {
        if (!old || !old.dir) { decode(go.fs.mkdir(p)); dirty = true; }
      } else if (!old || old.dir || old.size !== v.size || old.mtime !== v.mtime) {
        decode(go.fs.write(p, FS.readFile(`${root}/${p}`)));
        changed.push(p);
      }
    }
    for (const [p] of [...snapshot].reverse()) {
      if (!now.has(p)) {
        dirty = true;
        try { decode(go.fs.remove(p)); } catch { /* gone with its parent */ }
      }
    }
    snapshot = now;
    if (dirty || changed.length) goSig = '';
    return changed;
  }

  function fresh() { proc = null; }

  function key(opts) {
    return JSON.stringify([opts.python || '', opts.handlerSource, opts.handlerFile || 'server.py', opts.server || '', opts.protocol || '']);
  }

  function startProcess(opts) {
    const python = opts.python || '3.12';
    const file = opts.handlerFile || 'server.py';
    const prof = decode(go.profiles()).find((p) => p.name === python);
    if (!prof) throw new Error(`PyHost.send: unknown python ${JSON.stringify(python)}`);
    if (python.startsWith('2.')) {
      const message = 'Python 2.7 cannot run in the page: scripts run on Pyodide, which is CPython 3.14. Pick a 3.x profile for your script (the built-in handlers still run as 2.7).';
      return { key: key(opts), python, error: { type: 'httpsim', message, line: null, col: null, traceback: '' }, startup: [{ stream: 'stderr', text: message + '\n' }] };
    }
    const r = pyStart(python, opts.handlerSource, file, argv0(file));
    if (r.internal) throw new Error(`httpsim: the Python side failed:\n${r.internal}`);
    return { key: key(opts), python, file, ...r };
  }

  // startupTrace is the startup part of the dispatch path: module code,
  // one frame holding the lines it ran (class bodies and the functions it
  // called among them, each step naming its function).
  function startupTrace(p) {
    if (!p.steps || !p.steps.length) return [];
    return [{ fn: '<module>', file: p.file || 'server.py', line: 1, depth: 0, startup: true, steps: p.steps }];
  }

  function refusal(opts, p) {
    const stderr = p.startup.filter((c) => c.stream === 'stderr').map((c) => c.text).join('');
    return {
      response: new Uint8Array(0), python: p.python, pythonVersion: p.python, handler: 'script', class: '',
      protocol: opts.protocol || 'HTTP/1.0', refused: true, startupError: null, stderr, warnings: '', banner: '',
      stdout: '', exchanges: [], elapsedMs: 0,
      output: p.startup.map((c) => ({ stream: c.stream, text: c.text, startup: true })),
      vfs: { changed: [], entries: null }, files: null, error: p.error,
      script: { file: p.file || opts.handlerFile || 'server.py', served: null, serverClass: null, note: null },
    };
  }

  async function send(raw, opts = {}, files = null) {
    if (typeof raw === 'string') raw = new TextEncoder().encode(raw);
    let restarted = false;
    if (files) decode(go.fs.apply(files));
    syncIn();
    let wrote = [];
    if (!proc || proc.key !== key(opts)) {
      proc = startProcess(opts);
      if (memoryHit) { proc = null; throw memoryError(); }
      proc.first = true;
      restarted = true;
      wrote = syncOut();
    }
    if (proc.error) {
      const out = refusal(opts, proc);
      out.restarted = restarted;
      out.startupTrace = restarted ? startupTrace(proc) : [];
      if (!restarted) out.output = [];
      return out;
    }
    const startup = proc.first ? proc.startup : [];
    const trace = proc.first ? startupTrace(proc) : [];
    proc.first = false;
    const spec = proc.spec;
    const o = { python: proc.python, protocol: opts.protocol || spec.protocol || 'HTTP/1.0', server: proc.serverClass || 'TCPServer' };
    const r = decode(go.py.send(raw, o, spec, startup));
    if (memoryHit) { proc = null; throw memoryError(); }
    wrote = wrote.concat(syncOut());
    if (wrote.length) {
      r.vfs.changed = [...new Set([...r.vfs.changed, ...wrote])];
      r.vfs.entries = decode(go.fs.list());
    }
    r.handler = 'script';
    r.error = null;
    r.restarted = restarted;
    r.startupTrace = trace;
    r.script = { file: proc.file, served: proc.served, serverClass: proc.serverClass, note: proc.note };
    // The page applies files only when something was written; the diff
    // walks the whole tree, so skip it otherwise.
    r.files = r.vfs.changed.length ? decode(go.fs.diff()) : null;
    return r;
  }

  return { send, restart: fresh, pyodide, go };
}
