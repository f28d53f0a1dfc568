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
// fs.list gives them in pathBytes. Every call is
// synchronous. Bad arguments throw an Error whose message starts with the
// call's name: "httpsim.send: opts.python must be a string, not a number".

let resolveReady;
let rejectReady;
const ready = new Promise((res, rej) => { resolveReady = res; rejectReady = rej; });
ready.catch(() => {}); // reported by start()'s caller; avoid an unhandled rejection

function call(name, ...args) {
  const g = globalThis.__httpsim;
  if (!g) throw new Error(`httpsim.${name}: not ready yet (await httpsim.ready)`);
  const path = name.split('.');
  const fn = path.length === 2 ? g[path[0]][path[1]] : g[name];
  const r = fn(...args);
  if (r.error !== undefined) {
    const e = new Error(r.error);
    if (r.stack) e.goStack = r.stack;
    throw e;
  }
  if (r.json !== undefined) {
    // Big results come as JSON with their bytes beside it: {"$b": n} is
    // blobs[n], a Uint8Array.
    const { blobs } = r;
    return JSON.parse(r.json, (_, v) => (v !== null && typeof v === 'object' && typeof v.$b === 'number' ? blobs[v.$b] : v));
  }
  return r.value;
}

export const httpsim = {
  ready,
  send: (raw, opts) => call('send', raw, opts),
  twoClients: (a, b, opts) => call('twoClients', a, b, opts),
  profiles: () => call('profiles'),
  handlers: () => call('handlers'),
  handlerSource: (name, python) => call('handlerSource', name, python),
  fs: {
    list: () => call('fs.list'),
    read: (path) => call('fs.read', path),
    write: (path, data, opts) => call('fs.write', path, data, opts),
    mkdir: (path, opts) => call('fs.mkdir', path, opts),
    touch: (path, mtime) => call('fs.touch', path, mtime),
    rename: (from, to) => call('fs.rename', from, to),
    remove: (path) => call('fs.remove', path),
    reset: (empty = false) => call('fs.reset', empty),
    diff: () => call('fs.diff'),
    apply: (changes) => call('fs.apply', changes),
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
