// boot.js starts downloading and compiling the simulator while the rest
// of the page loads. It is a classic script so that it runs as soon as
// the parser reaches it; js/httpsim.js picks up the promise.
'use strict';
(() => {
  const url = 'dist/httpsim.wasm';
  globalThis.__httpsimModule = fetch(url).then((resp) => {
    if (!resp.ok) throw new Error(`httpsim: ${url}: ${resp.status} ${resp.statusText} (run \`make web\`)`);
    performance.mark('httpsim:fetched');
    if (WebAssembly.compileStreaming && resp.headers.get('Content-Type') === 'application/wasm') {
      return WebAssembly.compileStreaming(resp);
    }
    return resp.arrayBuffer().then((b) => WebAssembly.compile(b));
  });
  globalThis.__httpsimModule.catch(() => {}); // reported by httpsim.start
  performance.mark('httpsim:fetch');
})();
