// pynode.mjs runs js/pyruntime.js under Node: the same code path as the
// page's Worker, with loaders that read the files from disk. The
// differential tests (internal/pydiff) drive it as a child process over
// stdin/stdout, one JSON request per line:
//
//   {"raw": base64, "opts": {...}, "files": Changes | null}  →  result (bytes as base64)
//   {"restart": true}
//
// Usage: node web/js/pynode.mjs        (run from anywhere; paths are relative to this file)

import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { createRuntime } from './pyruntime.js';

// Taken before js/pylockdown.js strips the realm the script runs in.
const stdout = process.stdout;

const web = new URL('../', import.meta.url);

async function loadGo() {
  await import(new URL('dist/wasm_exec.js', web).href);
  const go = new globalThis.Go();
  const ready = new Promise((res) => { globalThis.__httpsimReady = res; });
  const buf = await readFile(new URL('dist/httpsim.wasm', web));
  const { instance } = await WebAssembly.instantiate(buf, go.importObject);
  go.run(instance);
  await ready;
  return globalThis.__httpsim;
}

async function loadPy() {
  const dir = new URL('node_modules/pyodide/', web).pathname;
  const { loadPyodide } = await import(dir + 'pyodide.mjs');
  return loadPyodide({ indexURL: dir });
}

const readShim = (name) => readFile(new URL(`js/${name}`, web), 'utf8');

function toWire(v) {
  if (v instanceof Uint8Array) return { $b64: Buffer.from(v).toString('base64') };
  if (Array.isArray(v)) return v.map(toWire);
  if (v && typeof v === 'object') {
    const o = {};
    for (const [k, x] of Object.entries(v)) o[k] = toWire(x);
    return o;
  }
  return v;
}

function fromWire(v) {
  if (Array.isArray(v)) return v.map(fromWire);
  if (v && typeof v === 'object') {
    if (typeof v.$b64 === 'string') return new Uint8Array(Buffer.from(v.$b64, 'base64'));
    const o = {};
    for (const [k, x] of Object.entries(v)) o[k] = fromWire(x);
    return o;
  }
  return v;
}

const t0 = performance.now();
const rt = await createRuntime({ loadGo, loadPyodide: loadPy, readShim });
process.stdout.write(JSON.stringify({ ready: true, loadMs: performance.now() - t0 }) + '\n');

const rl = createInterface({ input: process.stdin });
for await (const line of rl) {
  if (!line.trim()) continue;
  let out;
  try {
    const m = JSON.parse(line);
    if (m.restart) { rt.restart(); out = { ok: true }; } else if (m.typeofGlobals) {
      // What internal/pydiff TestHostile checks js/pylockdown.js removed.
      out = { typeofGlobals: Object.fromEntries(m.typeofGlobals.map((n) => [n, typeof globalThis[n]])) };
    } else {
      const raw = Buffer.from(m.raw || '', 'base64');
      const t = performance.now();
      const r = await rt.send(new Uint8Array(raw), m.opts || {}, fromWire(m.files || null));
      r.sendMs = performance.now() - t;
      out = toWire(r);
    }
  } catch (e) {
    out = { fail: String(e && (e.message + "\n" + e.stack) || e) };
  }
  stdout.write(JSON.stringify(out) + '\n');
}
