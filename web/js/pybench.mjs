// pybench.mjs measures the page's script path under Node (make bench-py):
// the cold start of the runtime (the Go wasm and Pyodide loading), and
// the cost of one request through the bridge for the question's fixed
// script against the built-in seed class (the same handler, all Go) in
// the same process. It prints figures; it asserts nothing.

import { readFile } from 'node:fs/promises';
import { createRuntime } from './pyruntime.js';

const web = new URL('../', import.meta.url);
const t0 = performance.now();
let goMs = 0;
async function loadGo() {
  await import(new URL('dist/wasm_exec.js', web).href);
  const go = new globalThis.Go();
  const ready = new Promise((res) => { globalThis.__httpsimReady = res; });
  const { instance } = await WebAssembly.instantiate(await readFile(new URL('dist/httpsim.wasm', web)), go.importObject);
  go.run(instance);
  await ready;
  goMs = performance.now() - t0;
  return globalThis.__httpsim;
}
async function loadPy() {
  const dir = new URL('node_modules/pyodide/', web).pathname;
  const { loadPyodide } = await import(dir + 'pyodide.mjs');
  return loadPyodide({ indexURL: dir });
}
const rt = await createRuntime({ loadGo, loadPyodide: loadPy, readShim: (n) => readFile(new URL(`js/${n}`, web), 'utf8') });
const loadMs = performance.now() - t0;

const source = await readFile(new URL('../testdata/handlers/question_fixed.py', web), 'utf8');
const opts = { python: '3.12', handlerSource: source, handlerFile: 'server.py' };
const enc = new TextEncoder();
const get = enc.encode('GET /hello.txt HTTP/1.0\r\nHost: localhost\r\n\r\n');
const body = 'name=Ada&lang=Python';
const post = enc.encode(`POST /hello.txt HTTP/1.0\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body}`);

const t1 = performance.now();
await rt.send(get, opts, null);
const firstMs = performance.now() - t1;

function stats(xs) {
  xs.sort((a, b) => a - b);
  const q = (p) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];
  return `p50 ${q(0.5).toFixed(2)} ms, p90 ${q(0.9).toFixed(2)} ms (n=${xs.length})`;
}
const n = Number(process.env.N || 200);
for (const [name, raw] of [['GET', get], ['POST form', post]]) {
  const script = [];
  const seed = [];
  for (let i = 0; i < n; i++) {
    let t = performance.now();
    await rt.send(raw, opts, null);
    script.push(performance.now() - t);
    t = performance.now();
    rt.go.send(raw, { python: '3.12', handler: 'seed' });
    seed.push(performance.now() - t);
  }
  console.log(`${name}: script through the bridge ${stats(script)}; built-in seed ${stats(seed)}`);
}
console.log(`cold load: ${loadMs.toFixed(0)} ms (Go wasm ${goMs.toFixed(0)} ms, then Pyodide and the shim); first script send (runs the module) ${firstMs.toFixed(0)} ms`);
