// store.js: the page's state, as an EventTarget. Views call update() with
// what they changed and listen for 'change' events, whose detail names
// the parts that changed, so a keystroke in the composer never redraws
// the response.

import { newRequest } from './wire.js';

export class Store extends EventTarget {
  constructor() {
    super();
    this.state = {
      // server is the server class ('' for the handler program's own);
      // clients is 2 for the two-client scenario (httpsim.twoClients).
      settings: { python: '3.12', handler: 'simple', protocol: 'HTTP/1.0', server: '', clients: 1 },
      // The composer: one or more requests on one connection, in form
      // mode, or the connection's exact bytes as raw editor text.
      composer: { mode: 'form', requests: [newRequest()], active: 0, rawText: '' },
      scenario: null, // the gallery scenario loaded, if the composer still holds it
      result: null, // {reply, sent: Uint8Array, at: Date, settings, two: the twoClients reply or null}
      selected: 0, // exchange shown in the response and dispatch panels
      history: [],
      files: [], // httpsim.fs.list()
      filesChanged: [], // paths the last request wrote
    };
  }

  // update applies fn to the state and announces the parts it changed.
  update(parts, fn) {
    if (fn) fn(this.state);
    this.dispatchEvent(new CustomEvent('change', { detail: new Set([].concat(parts)) }));
  }

  get request() {
    const c = this.state.composer;
    return c.requests[c.active];
  }
}
