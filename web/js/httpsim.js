// httpsim.js loads the simulator (dist/httpsim.wasm, built from
// wasm/page with the same Go code as the CLI) and defines the page's one
// API, window.httpsim:
//
//   httpsim.ready                      Promise, resolves to httpsim once the wasm runs
//   httpsim.send(raw, opts)            run one connection; raw is a string or Uint8Array
//   httpsim.twoClients(a, b, opts)     A sends a[:opts.split] and pauses, B sends b, A the rest
//   httpsim.profiles()                 [{name, version, hasCGI, default}]
//   httpsim.handlers()                 [{name, class, mro, description}]
//   httpsim.handlerSource(name, py)    {name, class, file, source, python, missing}
//   httpsim.fs.list() read(path) write(path, data, {mtime}) mkdir(path, {mtime})
//              touch(path, mtime) rename(from, to) remove(path) reset(empty) diff() apply(changes)
//
// Times are seconds since the epoch, as os.stat's st_mtime: fs.list()
// reports them, and touch sets one as os.utime(path, (mtime, mtime)).
//
// A raw string is read one byte per character up to U+00FF (latin-1), and
// as UTF-8 above; pass a Uint8Array for exact bytes. A path is a string,
// or for a name that is not UTF-8 its bytes (Uint8Array or {bytes}), as
// fs.list gives them in pathBytes. Every call is synchronous, except send
// with opts.handlerSource (a learner's script): that one returns a
// Promise, because the script runs on Pyodide in a Web Worker
// (js/pyhost.js), which gets the page's files with it and hands back what
// the script wrote (applied to httpsim.fs before it resolves).
// httpsim.python() returns that PyHost, for its 'progress' and 'restart'
// events and restart(). Bad arguments throw an Error whose message starts with the
// call's name: "httpsim.send: opts.python must be a string, not a number".

import { decode } from './bridge.js';
import { PyHost } from './pyhost.js';

let resolveReady;
let rejectReady;
const ready = new Promise((res, rej) => { resolveReady = res; rejectReady = rej; });
ready.catch(() => {}); // reported by start()'s caller; avoid an unhandled rejection

function call(name, ...args) {
  const g = globalThis.__httpsim;
  if (!g) throw new Error(`httpsim.${name}: not ready yet (await httpsim.ready)`);
  const path = name.split('.');
  const fn = path.length === 2 ? g[path[0]][path[1]] : g[name];
  return decode(fn(...args));
}

let host = null;
// fsVersion counts the changes to the page's files; sentVersion is the
// one the Python process has (-1: it has the sample site, or nothing).
// The files travel to it only when they changed, and come back only
// when the script (or a PUT) wrote: a diff of the whole tree each way
// would cost more than the request.
let fsVersion = 0;
let sentVersion = -1;
function python() {
  if (!host) {
    host = new PyHost();
    host.addEventListener('restart', () => { sentVersion = -1; });
    const restart = host.restart.bind(host);
    host.restart = () => { sentVersion = -1; restart(); };
  }
  return host;
}

// sendScript runs raw through the learner's script, with the page's
// files, and brings back the files the script wrote.
async function sendScript(raw, opts) {
  const v = fsVersion;
  const r = await python().send(raw, opts, sentVersion === v ? null : call('fs.diff'));
  sentVersion = v;
  if (r && r.files && r.vfs && r.vfs.changed.length) {
    call('fs.apply', r.files);
    fsVersion++;
    sentVersion = fsVersion;
    if (!r.vfs.entries) r.vfs.entries = call('fs.list');
  }
  return r;
}

// wrote notes that a built-in handler's send wrote files (a PUT).
function wrote(r) {
  if (r && r.vfs && r.vfs.changed.length) fsVersion++;
  return r;
}

// mutate is a call that changes the page's files.
function mutate(name, ...args) {
  fsVersion++;
  return call(name, ...args);
}

export const httpsim = {
  ready,
  send: (raw, opts) => (opts && opts.handlerSource !== undefined ? sendScript(raw, opts) : wrote(call('send', raw, opts))),
  python: () => Promise.resolve(python()),
  twoClients: (a, b, opts) => { const r = call('twoClients', a, b, opts); wrote(r.a); wrote(r.b); return r; },
  profiles: () => call('profiles'),
  handlers: () => call('handlers'),
  handlerSource: (name, python) => call('handlerSource', name, python),
  fs: {
    list: () => call('fs.list'),
    read: (path) => call('fs.read', path),
    write: (path, data, opts) => mutate('fs.write', path, data, opts),
    mkdir: (path, opts) => mutate('fs.mkdir', path, opts),
    touch: (path, mtime) => mutate('fs.touch', path, mtime),
    rename: (from, to) => mutate('fs.rename', from, to),
    remove: (path) => mutate('fs.remove', path),
    reset: (empty = false) => mutate('fs.reset', empty),
    diff: () => call('fs.diff'),
    apply: (changes) => mutate('fs.apply', changes),
  },
};
globalThis.httpsim = httpsim;

// start runs the wasm once and resolves with httpsim. It uses the
// download that js/boot.js started, if the page has it, or fetches url.
let started;
export function start(url = 'dist/httpsim.wasm') {
  if (started) return ready;
  started = true;
  if (typeof globalThis.Go !== 'function') {
    rejectReady(new Error('httpsim: wasm_exec.js is missing (run `make web`)'));
    return ready;
  }
  globalThis.__httpsimReady = () => { delete globalThis.__httpsimReady; resolveReady(httpsim); };
  const go = new globalThis.Go();
  (async () => {
    let module = globalThis.__httpsimModule;
    if (!module) {
      const resp = await fetch(url);
      if (!resp.ok) throw new Error(`httpsim: ${url}: ${resp.status} ${resp.statusText} (run \`make web\`)`);
      module = WebAssembly.compile(await resp.arrayBuffer());
    }
    const inst = await WebAssembly.instantiate(await module, go.importObject);
    performance.mark('httpsim:instantiated');
    go.run(inst).then(() => { delete globalThis.__httpsim; });
  })().catch(rejectReady);
  return ready;
}
