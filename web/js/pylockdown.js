// pylockdown.js takes away, from the realm a learner's script runs in,
// what the script could do with JavaScript if it got hold of it.
//
// Inside Pyodide, Python cannot be kept from every JavaScript object:
// gc.get_objects(), object.__subclasses__(), a shim function's
// __globals__ or a frame's f_globals all lead to JsProxy objects, and
// any one of them leads on to the Function constructor
// (proxy.constructor.constructor). So the line is drawn here, in
// JavaScript, once Pyodide, its standard library, the simulator and the
// shim are loaded and before the learner's first line runs:
//
//   - no code from strings: eval, the Function constructors (plain,
//     async, generator, async generator) and setTimeout/setInterval with
//     a string refuse, so no proxy can be turned into new JavaScript
//     (and import(), which only code from a string could call here);
//   - no network, no script loading, no other threads: fetch,
//     XMLHttpRequest, WebSocket, WebTransport, EventSource,
//     importScripts, Worker, SharedWorker, BroadcastChannel, indexedDB,
//     caches are deleted from the global object and its prototypes;
//   - no talking to the page: postMessage and close are deleted too (the
//     Worker keeps its own bound copies, taken before; see pyworker.js);
//   - under Node, process loses what loads native code or other
//     modules (binding, dlopen, getBuiltinModule, ...).
//
// What is left, and why it is harmless, is in web/README.md ("A
// learner's script cannot reach the page").

export const removedGlobals = [
  'fetch', 'XMLHttpRequest', 'WebSocket', 'WebSocketStream', 'WebTransport', 'EventSource',
  'importScripts', 'Worker', 'SharedWorker', 'BroadcastChannel', 'indexedDB', 'caches',
  'postMessage', 'close', 'requestFileSystem', 'webkitRequestFileSystem',
];

const processMembers = [
  'binding', '_linkedBinding', 'dlopen', 'getBuiltinModule', 'mainModule', 'kill', 'abort',
  'chdir', 'setuid', 'setgid', 'seteuid', 'setegid', 'setgroups', 'initgroups', 'reallyExit',
  'openStdin', 'permission', 'report',
];

function refuse() {
  throw new EvalError('httpsim: JavaScript from strings is disabled where scripts run');
}

// remove deletes name from o and every object on its prototype chain;
// a property that cannot be deleted is made undefined and read-only.
function remove(o, name) {
  for (let p = o; p; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, name);
    if (!d) continue;
    if (!Reflect.deleteProperty(p, name)) {
      try { Object.defineProperty(p, name, { value: undefined, writable: false }); } catch { /* frozen already */ }
    }
  }
}

let done = false;

export function lockdown() {
  if (done) return;
  done = true;
  const g = globalThis;
  for (const f of [function () {}, async function () {}, function* () {}, async function* () {}]) {
    const proto = Object.getPrototypeOf(f);
    const real = proto.constructor;
    // A Proxy keeps `x instanceof Function` and Function.prototype
    // working for the code that is already loaded.
    const fake = new Proxy(real, { apply: refuse, construct: refuse });
    Object.defineProperty(proto, 'constructor', { value: fake, writable: false, configurable: false });
    if (g[real.name] === real) Object.defineProperty(g, real.name, { value: fake, writable: false, configurable: false });
  }
  Object.defineProperty(g, 'eval', { value: refuse, writable: false, configurable: false });
  for (const name of ['setTimeout', 'setInterval']) {
    const real = g[name];
    if (typeof real !== 'function') continue;
    const safe = function (fn, ...rest) {
      if (typeof fn !== 'function') refuse();
      return real.call(g, fn, ...rest);
    };
    Object.defineProperty(g, name, { value: safe, writable: false, configurable: false });
  }
  for (const name of removedGlobals) remove(g, name);
  if (typeof process === 'object' && process) {
    for (const name of processMembers) remove(process, name);
  }
}
