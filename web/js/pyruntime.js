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
// loadPyodide(onProgress) to a Pyodide instance; readShim() to the text
// of js/pyshim.py.

// memoryCap is the most the interpreter's memory may grow to. Pyodide
// grows its WebAssembly.Memory from JavaScript (emscripten's
// growMemory), so refusing the grow there makes malloc fail and Python
// raise MemoryError; the runtime then asks for a restart.
export const memoryCap = 512 << 20;

let memoryCapped = false;
function capMemory() {
  if (memoryCapped) return;
  memoryCapped = true;
  const grow = WebAssembly.Memory.prototype.grow;
  WebAssembly.Memory.prototype.grow = function (pages) {
    if (this.buffer.byteLength + pages * 65536 > memoryCap) {
      throw new RangeError('httpsim: memory cap');
    }
    return grow.call(this, pages);
  };
}

// decode reads a bridge answer the way js/httpsim.js does.
function decode(r) {
  if (r.error !== undefined) {
    const e = new Error(r.error);
    if (r.stack) e.goStack = r.stack;
    throw e;
  }
  if (r.json !== undefined) {
    const { blobs } = r;
    return JSON.parse(r.json, (_, v) => (v !== null && typeof v === 'object' && typeof v.$b === 'number' ? blobs[v.$b] : v));
  }
  return r.value;
}

export const argv0 = (file) => [file, '8000'];

export async function createRuntime({ loadGo, loadPyodide, readShim, onProgress = () => {} }) {
  onProgress({ phase: 'simulator', loaded: 0, total: 0, text: 'Starting the simulator' });
  const go = await loadGo();
  capMemory();
  const pyodide = await loadPyodide(onProgress);
  onProgress({ phase: 'shim', loaded: 0, total: 0, text: 'Preparing the handler modules' });
  const shimSource = await readShim();
  const ns = pyodide.globals.get('dict')();
  pyodide.runPython(shimSource, { globals: ns, filename: '<httpsim>' });
  const ffi = pyodide.pyimport('pyodide.ffi');
  ns.get('install')(go.py, ffi.to_js, Object);
  const pyStart = ns.get('start');
  const pyCall = ns.get('call');
  const pyClose = ns.get('close');
  globalThis.__httpsimPyRunner = {
    call: (conn, name, args) => pyCall(conn, name, args),
    close: (conn) => pyClose(conn),
  };
  onProgress({ phase: 'ready', loaded: 1, total: 1, text: 'Python is ready' });

  let proc = null; // {key, spec, startup, script, error, result}

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
    return { key: key(opts), python, file, ...r };
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
    if (!proc || proc.key !== key(opts)) {
      proc = startProcess(opts);
      proc.first = true;
      restarted = true;
    }
    if (proc.error) {
      const out = refusal(opts, proc);
      out.restarted = restarted;
      if (!restarted) out.output = [];
      return out;
    }
    const startup = proc.first ? proc.startup : [];
    proc.first = false;
    const spec = proc.spec;
    const o = { python: proc.python, protocol: opts.protocol || spec.protocol || 'HTTP/1.0' };
    const r = decode(go.py.send(raw, o, spec, startup));
    r.handler = 'script';
    r.error = null;
    r.restarted = restarted;
    r.script = { file: proc.file, served: proc.served, serverClass: proc.serverClass, note: proc.note };
    r.files = decode(go.fs.diff());
    return r;
  }

  return { send, restart: fresh, pyodide, go };
}
