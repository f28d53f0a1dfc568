// bridge.js reads the answers of the Go bridge (wasm/page/bridge_js.go),
// for js/httpsim.js on the page and js/pyruntime.js in the Worker and
// under Node: pure, no DOM, nothing loaded on import.
//
// An answer is {value}, {error, stack} or, for big results, {json, blobs}:
// JSON whose {"$b": n} objects stand for blobs[n], a Uint8Array, so that
// the bytes cross without base64.

// decode returns an answer's value or throws its error (the Go stack, if
// any, in goStack).
export function decode(r) {
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
