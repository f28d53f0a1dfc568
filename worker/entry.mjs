// Entry module of the httpsim Worker: keeps one Go instance per isolate.
//
// Why. The glue that workers-assets-gen generates (build/worker.mjs) runs
// `new Go()`, `new WebAssembly.Instance(mod, ...)` and `go.run` for every
// request, and workers.Serve ends the Go program once the response body
// is closed (its Done channel). Instantiating the module and running the
// Go runtime's and our packages' init is most of a request's CPU: about
// 14-21 ms of workerd CPU per small request here, against 2-4.5 ms with
// this module (make bench-worker). Upstream, at v0.33.0:
//
//   https://github.com/syumai/workers/blob/v0.33.0/cmd/workers-assets-gen/assets/common/worker.mjs  (run per request)
//   https://github.com/syumai/workers/blob/v0.33.0/handler_js.go  (Serve = ServeNonBlock + Ready + <-Done)
//   https://github.com/syumai/workers/blob/v0.33.0/internal/jsutil/stream.go  (pull/cancel js.FuncOf never released)
//   https://github.com/syumai/workers/blob/v0.33.0/cmd/workers-assets-gen/assets/wasm_exec_go.js  (go.run(instance, context))
//
// How. This module replaces worker.mjs and reuses the rest of the
// generated build/: wasm_exec.js (Go's own, patched so that
// go.run(instance, context) makes `context` a global for Go) and
// runtime.mjs (loadModule, createRuntimeContext). The Go side
// (wasm/worker/main.go) calls workers.ServeNonBlock and workers.Ready and
// then waits for `binding.shutdown()` instead of calling workers.Serve.
//
// One instance serves requests until it has started MAX_REQUESTS of them
// (or has died: a Go panic that escapes ends the program); then the next
// request starts a fresh one and the old one is shut down as soon as its
// last request is done, which lets wasm_exec.js drop its memory.
// Recycling bounds memory: Go's heap only grows, and syumai's
// ReadableStream bridge registers js.FuncOf callbacks it never releases.
// The compiled WebAssembly.Module (and V8's optimised code for it) is
// shared by all instances, so a new instance costs only instantiation and
// Go's init.
//
// Consequences. Go globals live for MAX_REQUESTS requests, not one, so
// the Go side (package api) keeps no per-request state in them. Bodies are
// read whole here before a request counts as done, so an instance is
// never shut down while Go is still writing a response.

import "./build/wasm_exec.js";
import { createRuntimeContext, loadModule } from "./build/runtime.mjs";

// MAX_REQUESTS is how many requests one Go instance starts before it is
// replaced. Overridable with the HTTPSIM_MAX_REQUESTS var (wrangler.jsonc).
const MAX_REQUESTS = 1000;

let current = null; // Promise<Instance> of the instance new requests go to
let serial = 0; // instances started in this isolate

class Instance {
  constructor(go, context, exited) {
    this.id = ++serial;
    this.go = go;
    this.context = context;
    this.exited = exited; // settles when the Go program ends, for any reason
    this.started = 0; // requests handed to this instance
    this.inflight = 0; // requests whose response is not complete yet
    this.retired = false;
  }

  get alive() {
    return !this.go.exited;
  }

  // serve runs one request through Go and returns a complete Response,
  // marked X-Httpsim-Instance: instance/request (for tests and debugging).
  async serve(req, env, ctx, n) {
    this.inflight++;
    // Go reads env and ctx through the context object at call time
    // (cloudflare.GetRuntimeContextValue); keep them current.
    this.context.env = env;
    this.context.ctx = ctx;
    try {
      const died = this.exited.then(() => {
        throw new Error("httpsim: the Go instance exited while handling the request");
      });
      died.catch(() => {}); // it also settles, unobserved, when a healthy instance is recycled
      const res = await Promise.race([this.context.binding.handleRequest(req), died]);
      // Read the body here, so that the response is complete (and Go is
      // done with it) before the instance may be shut down.
      const body = res.body === null ? null : await Promise.race([res.arrayBuffer(), died]);
      const out = new Response(body, res);
      out.headers.set("X-Httpsim-Instance", `${this.id}/${n}`);
      return out;
    } finally {
      this.inflight--;
      this.maybeShutdown();
    }
  }

  retire() {
    this.retired = true;
    this.maybeShutdown();
  }

  maybeShutdown() {
    if (this.retired && this.inflight === 0 && this.alive) {
      this.context.binding.shutdown();
    }
  }
}

async function start(env, ctx) {
  const mod = await loadModule();
  const go = new Go();
  const binding = {};
  const context = createRuntimeContext({ env, ctx, binding });
  let ready;
  const readyPromise = new Promise((resolve) => {
    ready = resolve;
  });
  const instance = new WebAssembly.Instance(mod, {
    ...go.importObject,
    workers: { ready: () => ready() },
  });
  const exited = go.run(instance, context);
  await Promise.race([
    readyPromise,
    exited.then(() => {
      throw new Error("httpsim: the Go program exited before it was ready");
    }),
  ]);
  return new Instance(go, context, exited);
}

// instance returns the instance for the next request, starting a new one
// when there is none, the current one died, or it has started its share.
// A failed start fails the requests waiting for it; the next one retries.
async function instance(env, ctx) {
  const limit = Number(env?.HTTPSIM_MAX_REQUESTS) || MAX_REQUESTS;
  for (;;) {
    if (current === null) {
      current = start(env, ctx);
    }
    const p = current;
    let inst;
    try {
      inst = await p;
    } catch (err) {
      if (current === p) current = null;
      throw err;
    }
    if (inst.alive && inst.started < limit) {
      inst.started++;
      return [inst, inst.started];
    }
    if (current === p) {
      current = null;
      inst.retire();
    }
  }
}

export default {
  async fetch(req, env, ctx) {
    const [inst, n] = await instance(env, ctx);
    return inst.serve(req, env, ctx, n);
  },
};
