// pyworker.js is the module Worker behind js/pyhost.js (the protocol is
// described there). It holds one Python process: Pyodide and its own Go
// instance of the simulator, so a script that loops in C freezes this
// thread only, and the page's watchdog can terminate it.

import { createRuntime } from './pyruntime.js';

// Bound before js/pylockdown.js deletes them from the global scope: from
// then on only this module can answer the page or end the Worker.
const post = postMessage.bind(globalThis);
const closeWorker = close.bind(globalThis);

let base = null;
let runtime = null;

function progress(p) { post({ type: 'progress', ...p }); }

// fetchCounting wraps fetch so that the big downloads report real bytes.
function fetchCounting(label) {
  const orig = globalThis.fetch;
  return async (url, init) => {
    const resp = await orig(url, init);
    const name = String(url).split('/').pop();
    const total = Number(resp.headers.get('Content-Length')) || 0;
    if (!resp.body || !/\.(wasm|zip|json|mjs)$/.test(name)) return resp;
    let loaded = 0;
    const counted = resp.body.pipeThrough(new TransformStream({
      transform(chunk, ctl) {
        loaded += chunk.byteLength;
        progress({ phase: 'download', loaded, total, text: `${label}: ${name}` });
        ctl.enqueue(chunk);
      },
    }));
    return new Response(counted, { status: resp.status, statusText: resp.statusText, headers: resp.headers });
  };
}

async function loadGo() {
  await import(new URL('dist/wasm_exec.js', base).href);
  const go = new globalThis.Go();
  const ready = new Promise((res) => { globalThis.__httpsimReady = res; });
  const resp = await fetch(new URL('dist/httpsim.wasm', base));
  const { instance } = await WebAssembly.instantiateStreaming(resp, go.importObject);
  go.run(instance);
  await ready;
  return globalThis.__httpsim;
}

async function loadPy(onProgress) {
  const indexURL = new URL('dist/vendor/pyodide/', base).href;
  const { loadPyodide } = await import(indexURL + 'pyodide.mjs');
  globalThis.fetch = fetchCounting('Python');
  onProgress({ phase: 'pyodide', loaded: 0, total: 0, text: 'Starting Python (Pyodide)' });
  return loadPyodide({ indexURL });
}

async function readShim(name) {
  const r = await fetch(new URL(`js/${name}`, base));
  if (!r.ok) throw new Error(`pyworker: js/${name}: ${r.status}`);
  return r.text();
}

async function getRuntime() {
  if (!runtime) {
    runtime = createRuntime({ loadGo, loadPyodide: loadPy, readShim, onProgress: progress });
  }
  return runtime;
}

onmessage = async (e) => {
  const m = e.data;
  if (m.type === 'init') { base = m.base; return; }
  try {
    const rt = await getRuntime();
    if (m.type === 'restart') { rt.restart(); return; }
    if (m.type === 'typeofGlobals') {
      // e2e TestPySandbox asks what js/pylockdown.js left in this scope.
      post({ id: m.id, type: 'typeofGlobals', types: Object.fromEntries(m.names.map((n) => [n, typeof globalThis[n]])) });
      return;
    }
    if (m.type === 'send') {
      post({ id: m.id, type: 'busy' });
      const result = await rt.send(m.raw, m.opts, m.files);
      post({ id: m.id, type: 'result', result });
    }
  } catch (err) {
    post({ id: m.id, type: 'error', message: String(err && err.message || err), reason: err && err.reason });
    if (err && err.reason === 'memory') closeWorker();
  }
};
