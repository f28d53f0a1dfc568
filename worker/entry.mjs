// Entry module of the httpsim Worker: keeps one Go instance per isolate.
//
// The glue that workers-assets-gen generates (build/worker.mjs, from
// syumai/workers v0.33.0 cmd/workers-assets-gen/assets/common/worker.mjs)
// runs `new Go()`, `new WebAssembly.Instance(mod, ...)` and `go.run` for
// every request, and workers.Serve ends the Go program once the response
// body is closed. Instantiating the module and running the Go runtime's
// and our packages' init is most of a request's CPU time (about 10 ms of
// a small request's 13 ms here), so this module replaces worker.mjs and
// reuses the generated rest of build/: wasm_exec.js (Go's own, patched so
// that go.run(instance, context) makes `context` a global for Go) and
// runtime.mjs (loadModule, createRuntimeContext).
//
// One instance serves requests until it has started MAX_REQUESTS of them
// (or has died); then the next request starts a fresh one and the old one
// is told to exit as soon as its last request is done. Recycling bounds
// memory: Go's heap only grows, and syumai's ReadableStream bridge
// registers js.FuncOf callbacks it never releases.
//
// Go globals therefore live for MAX_REQUESTS requests, not one: the Go
// side (package api) keeps no per-request state in them. Bodies are
// read whole before a request counts as done, so an instance is never
// shut down while Go is still writing a response.

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
