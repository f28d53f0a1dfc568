// result.js: what came back. The response (status, headers, body as a
// sandboxed preview, text, hex or raw bytes), the dispatch path through
// CPython's methods, the server console and the connection timeline.

import { $, $$, el, formatBytes } from './helpers.js';
import * as wire from './wire.js';
import { markBytes } from './composer.js';
import { prettyJSON, prettyHTML } from './pretty.js';
import { previewDocument } from './sanitize.js';

const dec = new TextDecoder();

export const header = (fields, name) => {
  const f = fields.find((x) => x.name.toLowerCase() === name.toLowerCase());
  return f ? f.value : null;
};

export function statusClass(code) {
  if (!code) return 'sx';
  return 's' + String(code)[0];
}

// shortFn splits "http.server.BaseHTTPRequestHandler.handle_one_request".
export function splitFn(fn) {
  const parts = fn.split('.');
  const name = parts.pop();
  const cls = parts.length ? parts.pop() : '';
  return { mod: parts.length ? parts.join('.') + '.' : '', cls, name };
}

function isText(type, body) {
  if (type && /^(text\/|application\/(json|javascript|xml|x-www-form-urlencoded))|\+xml|\+json/i.test(type)) return true;
  if (type) return false;
  return !body.subarray(0, 512).some((b) => b === 0);
}

// ---- Response -------------------------------------------------------------

export class ResponseView {
  constructor(store, { api, follow, composeForm }) {
    this.store = store;
    this.api = api;
    this.follow = follow; // follow(target) composes and sends a GET
    this.composeForm = composeForm;
    this.view = 'preview';
    this.$ = { tabs: $('#res-tabs'), view: $('#res-view'), status: $('#status-row'), exTabs: $('#ex-tabs'), frameBox: $('#res-frame-box'), frame: $('#preview-frame') };
    // One frame for the life of the page: a new srcdoc is a navigation in
    // it, much cheaper than a new frame. It is shown once loaded, a fade
    // in that also makes Chromium paint it.
    this.$.frame.addEventListener('load', () => {
      if (this.$.frame.srcdoc === '') return;
      this.$.frame.dataset.loaded = 'true';
      this.$.frame.classList.add('shown');
    });
    for (const t of $$('.tab', this.$.tabs)) {
      t.addEventListener('click', () => { this.view = t.dataset.view; this.render(); });
    }
  }

  get ex() {
    const r = this.store.state.result;
    return r && r.reply.exchanges[this.store.state.selected];
  }

  render() {
    const { state } = this.store;
    const d = this.$;
    for (const t of $$('.tab', d.tabs)) t.setAttribute('aria-selected', String(t.dataset.view === this.view));
    this.showFrame = false;
    d.frameBox.hidden = true;
    const r = state.result;
    d.exTabs.replaceChildren();
    if (!r) {
      d.status.replaceChildren(state.sendError
        ? el('span.error', `Nothing could be sent with these settings: ${state.sendError}`)
        : el('span.muted', 'Nothing sent yet. Press Send or pick a scenario.'));
      d.view.replaceChildren();
      return;
    }
    const reply = r.reply;
    if (reply.refused) {
      d.status.replaceChildren(el('span.badge.s0', 'refused'), el('span.status-line', 'curl: (7) Failed to connect to 127.0.0.1 port 8000: Connection refused'));
      d.tabs.hidden = true;
      d.view.replaceChildren(el('div.refused',
        el('strong', `${reply.class} could not start: `), `${reply.startupError.type}: ${reply.startupError.message}. `,
        'Python printed this traceback and exited before binding the port, so no request was ever read:',
        el('pre', reply.startupError.text)));
      return;
    }
    d.tabs.hidden = false;
    if (reply.exchanges.length > 1) {
      reply.exchanges.forEach((x, i) => {
        d.exTabs.append(el('button.conn-tab', {
          type: 'button', role: 'tab', 'aria-selected': String(i === state.selected),
          onclick: () => this.store.update('selected', (s) => { s.selected = i; }),
        }, `${i + 1} · ${x.status || '—'}`));
      });
    }
    const ex = this.ex;
    if (!ex) {
      d.status.replaceChildren(el('span.badge.sx', 'no request'), el('span.muted', reply.response.length ? '' : 'The server read no request line (the connection closed first) and sent nothing.'));
      d.view.replaceChildren(el('div.empty', 'Nothing came back.'));
      return;
    }
    const http09 = ex.version === 'HTTP/0.9';
    const headless = !ex.statusLine && ex.response.length > 0;
    const badge = ex.statusLine ? String(ex.status) : http09 && headless ? '0.9' : ex.status ? String(ex.status) : '—';
    const facts = [
      el('span', { title: 'Every byte the server wrote for this request' }, formatBytes(ex.response.length)),
      ex.statusLine ? el('span', `head ${formatBytes(ex.response.length - ex.responseBody.length)} · body ${formatBytes(ex.responseBody.length)}`) : null,
      el('span', ex.closeConnection ? 'then closed' : 'kept open'),
      el('span', { title: 'Time the simulator took (WebAssembly)' }, `${reply.elapsedMs.toFixed(2)} ms`),
    ];
    d.status.replaceChildren(
      el('span.badge.' + statusClass(ex.statusLine ? ex.status : 0), badge),
      el('span.status-line', ex.statusLine || (headless ? (http09 ? 'HTTP/0.9: no status line, no headers, only the body' : `No status line: send_error(${ex.status}) ran while request_version was still 'HTTP/0.9'`) : 'No response: the server wrote nothing')),
      el('span.facts', facts));
    d.view.replaceChildren(...this.renderView(ex));
    // The Raw and Hex segments are lit once they are in the page: a
    // frame chosen before the view changed (Enter on the trace) lights
    // its bytes in the new view too.
    this.highlight();
    d.frameBox.hidden = !this.showFrame;
  }

  renderView(ex) {
    const body = ex.responseBody;
    const type = header(ex.responseHeaders, 'Content-Type');
    switch (this.view) {
      case 'headers': {
        if (!ex.statusLine) return [el('div.empty', noHead(ex))];
        const rows = [el('tr', el('th', { scope: 'row' }, 'Status line'), el('td', ex.statusLine))];
        for (const b of ex.interim) rows.unshift(el('tr', el('th', { scope: 'row' }, 'Interim'), el('td', wire.latin1(b).trim())));
        for (const h of ex.responseHeaders) rows.push(el('tr', el('th', { scope: 'row' }, h.name), el('td', h.value)));
        return [el('table.headers', el('tbody', rows))];
      }
      case 'body': {
        if (!body.length) return [el('div.empty', 'The body is empty.')];
        if (!isText(type, body)) return [el('div.empty', `Binary body (${type || 'no Content-Type'}), ${formatBytes(body.length)}: see Hex.`)];
        const text = dec.decode(body.length > 262144 ? body.subarray(0, 262144) : body);
        const kind = /json/i.test(type || '') ? 'JSON' : /html/i.test(type || '') ? 'HTML' : null;
        if (!kind) return [el('pre.bytes', text)];
        const pretty = this.pretty ? (kind === 'JSON' ? prettyJSON(text) : prettyHTML(text)) : null;
        const toggle = el('label.pretty-toggle', el('input', {
          type: 'checkbox', id: 'pretty-toggle', checked: !!this.pretty,
          onchange: (e) => { this.pretty = e.target.checked; this.render(); $('#pretty-toggle').focus(); },
        }), ` Pretty-print the ${kind}`, el('span.muted', ' (for reading: Raw and Hex keep the exact bytes)'));
        return [toggle, el('pre.bytes' + (pretty ? '.pretty' : ''), pretty || text), this.pretty && !pretty ? el('p.hint', 'This is not valid JSON, so it is shown as it came.') : null];
      }
      case 'hex': {
        // One line per 16 bytes of the body, each tied to its offsets on
        // the connection, so that frames light lines and lines find frames.
        const start = ex.at + ex.response.length - body.length;
        const pre = el('pre.bytes.raw-segs');
        wire.hexDump(body).split('\n').forEach((line, k) => {
          pre.append(el('span.wseg', { dataset: { from: String(start + k * 16), to: String(start + Math.min(body.length, k * 16 + 16)) } }, line + '\n'));
        });
        pre.addEventListener('click', (e) => {
          const seg = e.target.closest('.wseg');
          if (seg && this.onBytes) this.onBytes(Number(seg.dataset.from));
        });
        return [el('p.hint', 'The body, 16 bytes a line. Click a line to find the call that wrote it.'), pre];
      }
      case 'raw':
        return [el('p.hint', 'Every byte the server wrote for this request; CR and LF are tagged. Click bytes to find the call that wrote them.'), this.rawSegments(ex)];
      default:
        return this.preview(ex, body, type);
    }
  }

  // rawSegments shows the response cut where trace frames start and
  // stop writing, so that a frame's bytes can be lit and a click on
  // bytes can find their frame. Offsets are the exchange's own.
  rawSegments(ex) {
    const n = ex.response.length;
    const cuts = new Set([0, n]);
    for (const f of ex.trace) {
      for (const o of f.wrote.out) {
        const x = o - ex.at;
        if (x > 0 && x < n) cuts.add(x);
      }
    }
    const at = [...cuts].sort((a, b) => a - b);
    const pre = el('pre.bytes.raw-segs');
    const big = n > 65536;
    for (let i = 0; i + 1 < at.length; i++) {
      const a = at[i];
      const b = at[i + 1];
      const seg = ex.response.subarray(a, b);
      pre.append(el('span.wseg', { dataset: { from: String(a + ex.at), to: String(b + ex.at) } }, markBytes(wire.showBytes(seg, big ? 16384 : Infinity))));
    }
    pre.addEventListener('click', (e) => {
      const seg = e.target.closest('.wseg');
      if (seg && this.onBytes) this.onBytes(Number(seg.dataset.from));
    });
    return pre;
  }

  // highlight lights the bytes of the frame span given (connection
  // offsets), in the Raw view.
  highlight(span = this.span) {
    this.span = span;
    for (const seg of $$('#res-view .wseg')) {
      // Raw segments are cut at every frame's edges, so they are inside
      // a span or outside it; a hex line may straddle one.
      const on = !!span && Number(seg.dataset.from) < span[1] && Number(seg.dataset.to) > span[0] && span[1] > span[0];
      seg.classList.toggle('hl', on);
    }
  }

  preview(ex, body, type) {
    const loc = header(ex.responseHeaders, 'Location');
    if (!body.length) {
      const out = [el('div.empty', ex.command === 'HEAD' ? 'HEAD: headers only, no body.' : ex.status === 304 ? '304 Not Modified: no body; the client uses its cached copy.' : 'The body is empty.')];
      if (loc) out.push(this.linksBox([{ text: `Location: ${loc}`, href: loc, via: 'redirect' }], ex));
      return out;
    }
    const sniffHtml = !type && /^\s*<(!doctype|html|head|body)/i.test(dec.decode(body.subarray(0, 64)));
    if ((type && /^text\/html/i.test(type)) || sniffHtml) return this.htmlPreview(ex, body);
    if (type && /^image\//i.test(type)) {
      return [el('img.preview-img', { src: dataURL(body, type), alt: `The ${type} image the server sent` })];
    }
    if (isText(type, body)) return [el('pre.bytes', dec.decode(body.subarray(0, 65536)))];
    return [el('div.empty', `${type || 'Binary data'}, ${formatBytes(body.length)}. A browser would download it; see Hex for the bytes.`)];
  }

  // htmlPreview renders HTML in an iframe with sandbox="" (no scripts, no
  // forms, no navigation out, an opaque origin) from srcdoc, which
  // previewDocument (sanitize.js) writes without any parser of the page's
  // own: no scripts, no event attributes, no javascript: URLs, the
  // stylesheets and images it fetches from the simulated server inlined,
  // and links made inert: the buttons under the frame follow them instead.
  htmlPreview(ex, body) {
    const base = new URL(ex.path && ex.path.startsWith('/') ? ex.path : '/', 'http://127.0.0.1:8000');
    const { html, links, forms } = previewDocument(dec.decode(body), {
      image: (src) => {
        const got = this.fetchSim(src, base);
        return got && /^image\//.test(got.type) ? dataURL(got.body, got.type) : null;
      },
      stylesheet: (href) => {
        const got = this.fetchSim(href, base);
        return got && /css/.test(got.type) ? dec.decode(got.body) : null;
      },
    });
    const frame = this.$.frame;
    this.showFrame = true;
    if (frame.srcdoc !== html) {
      frame.dataset.loaded = 'false';
      // A frame that loads before the page has finished loading is not
      // painted by Chromium when it is sandboxed into its own process;
      // give it its document after the page's load event.
      if (document.readyState === 'complete') frame.srcdoc = html;
      else window.addEventListener('load', () => { frame.srcdoc = html; }, { once: true });
    }
    const out = [];
    const items = links.map((l) => ({ ...l, via: 'link' }));
    if (items.length || forms.length) out.push(this.linksBox(items, ex, forms, base));
    return out;
  }

  linksBox(items, ex, forms = [], base) {
    base = base || new URL(ex.path && ex.path.startsWith('/') ? ex.path : '/', 'http://127.0.0.1:8000');
    const lis = items.map((l) => {
      let u;
      try { u = new URL(l.href, base); } catch { u = null; }
      const local = u && u.origin === base.origin;
      const target = local ? u.pathname + u.search : l.href;
      return el('li', el('button.link-btn', {
        type: 'button', disabled: !local,
        title: local ? `Compose and send GET ${target}` : 'Another origin: not on this server',
        onclick: () => this.follow(target),
      }, l.text, el('span.via', local ? `GET ${target}` : 'external')));
    });
    for (const f of forms) {
      let u;
      try { u = new URL(f.action || base.pathname, base); } catch { u = base; }
      const target = u.pathname + (f.method === 'GET' ? '' : u.search);
      lis.push(el('li', el('button.link-btn', {
        type: 'button', title: `Compose a ${f.method} of this form`,
        onclick: () => this.composeForm(f.method, target, f.fields),
      }, `form: ${f.fields.map((x) => x.name).join(', ') || '(no fields)'}`, el('span.via', `${f.method} ${target}`))));
    }
    return el('nav.links', { 'aria-label': 'Links in the response' }, el('h3', 'Follow a link'), el('ul', lis));
  }

  // fetchSim GETs a URL from the simulated server for the preview.
  fetchSim(href, base) {
    if (!href) return null;
    let u;
    try { u = new URL(href, base); } catch { return null; }
    if (u.origin !== base.origin) return null;
    const { clients, ...settings } = this.store.state.settings;
    try {
      const r = this.api.send(`GET ${u.pathname}${u.search} HTTP/1.0\r\n\r\n`, settings);
      const x = r.exchanges[0];
      if (!x || x.status !== 200) return null;
      return { type: header(x.responseHeaders, 'Content-Type') || '', body: x.responseBody };
    } catch {
      return null;
    }
  }
}

// noHead explains a response without a status line. Either the request
// was HTTP/0.9, or send_error ran before parse_request stored the
// request's version (HTTP/2.0 → 505, a malformed line → 400): then
// request_version still holds its default, 'HTTP/0.9', and
// send_response_only and send_header write nothing.
export function noHead(ex) {
  if (!ex.response.length) return 'No headers: the server wrote nothing for this request.';
  if (ex.version === 'HTTP/0.9') return 'No headers: the request was HTTP/0.9, and an HTTP/0.9 answer is the body alone.';
  return `No status line and no headers. This request was not HTTP/0.9: parse_request rejected it and called send_error(${ex.status}) before it stored the request's version, so self.request_version still held its default, 'HTTP/0.9'. send_response_only and send_header write nothing when request_version is 'HTTP/0.9', so the client got the error page alone. The log still records ${ex.status}.`;
}

function dataURL(bytes, type) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
  return `data:${type.split(';')[0]};base64,${btoa(s)}`;
}

// ---- Dispatch path --------------------------------------------------------

const PLUMBING = /\.(address_string|log_date_time_string|date_time_string|version_string|flush_headers|log_request|_handle_request_noblock|get_request|verify_request|process_request_thread|setup|__init__)$/;

export function frameKind(f) {
  const n = f.fn;
  if (/\.handle_one_request$/.test(n)) return 'dispatch';
  if (/\.do_[A-Za-z0-9_]+$/.test(n)) return 'do';
  if (/\.send_error$/.test(n)) return 'error';
  if (/\.handle_error$/.test(n)) return 'error';
  if (/\.shutdown_request$/.test(n)) return 'close';
  if (/\.handle$/.test(n)) return 'loop';
  if (/\.handle_expect_100$/.test(n)) return 'expect';
  return '';
}

const val = (f, name) => (f && f.values.find((v) => v.name === name) || {}).value;

export class DispatchView {
  constructor(store, { showSource, sourceLine = () => '' }) {
    this.store = store;
    this.showSource = showSource;
    this.sourceLine = sourceLine; // the text of a line of the learner's script
    this.all = false;
    this.sel = -1;
    this.$ = { trace: $('#trace'), stack: $('#stack'), decisions: $('#decisions'), key: $('#frames-key'), all: $('#frames-all') };
    this.$.key.addEventListener('click', () => { this.all = false; this.render(); });
    this.$.all.addEventListener('click', () => { this.all = true; this.render(); });
    // The trace is one Tab stop: Up and Down (j, k) step through the
    // frames, Right and Left move through the selected frame's links,
    // Enter on the list shows what the frame wrote, Escape comes back.
    this.$.trace.addEventListener('keydown', (e) => {
      const onList = e.target === this.$.trace;
      // A step row's key is "frame:step"; what it wrote is its frame's.
      const fi = parseInt(this.sel, 10);
      if (e.key === 'Enter' && onList && this.showWrote && fi >= 0) { e.preventDefault(); this.showWrote(fi); return; }
      if (e.key === 'Escape' && !onList) { e.preventDefault(); this.$.trace.focus(); return; }
      if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
        const row = $$('.frame', this.$.trace).find((r) => rowKey(r) === this.sel);
        const links = row ? $$('a.src', row) : [];
        if (!links.length) return;
        e.preventDefault();
        const at = links.indexOf(e.target);
        const next = e.key === 'ArrowRight' ? Math.min(links.length - 1, at + 1) : at - 1;
        if (next < 0) this.$.trace.focus();
        else links[next].focus();
        return;
      }
      const keys = { ArrowDown: 1, j: 1, ArrowUp: -1, k: -1, Home: -Infinity, End: Infinity };
      if (!(e.key in keys)) return;
      e.preventDefault();
      this.step(keys[e.key]);
      if (!onList) this.$.trace.focus();
    });
    $('#step-prev').addEventListener('click', () => this.step(-1));
    $('#step-next').addEventListener('click', () => this.step(1));
  }

  // step moves the selection by n visible frames (±Infinity: to an end).
  step(n) {
    const rows = $$('.frame', this.$.trace);
    if (!rows.length) return;
    let i = rows.findIndex((r) => rowKey(r) === String(this.sel)) + n;
    i = Math.max(0, Math.min(rows.length - 1, Number.isFinite(i) ? i : n > 0 ? rows.length - 1 : 0));
    this.select(rowKey(rows[i]), true);
  }

  get frames() {
    const r = this.store.state.result;
    const ex = r && r.reply.exchanges[this.store.state.selected];
    return ex ? ex.trace : [];
  }

  // isUser tells the learner's frames: marked so by the runtime, or any
  // frame outside the library when the handler is the learner's script.
  isUser(f) {
    const r = this.store.state.result;
    return !!f.user || (!!r && r.settings.handler === 'script' && !f.url && !f.file.startsWith('Lib/'));
  }

  // select marks a row: a frame (its index) or, in a frame of the
  // learner's script, one line it ran ("frame:step"). A person's choice
  // (not the first frame a new result starts on) also lights what the
  // frame wrote and, in the learner's frames, shows the line in the
  // editor, Python Tutor style.
  select(key, scroll, chosen = true) {
    key = String(key);
    this.sel = key;
    const [fi, si] = key.split(':').map(Number);
    const f = this.frames[fi];
    if (this.onSelect) this.onSelect(chosen ? f || null : null);
    for (const row of $$('.frame', this.$.trace)) {
      const on = rowKey(row) === key;
      row.classList.toggle('sel', on);
      row.setAttribute('aria-selected', String(on));
      if (on && scroll) row.scrollIntoView({ block: 'nearest' });
    }
    this.renderStack();
    if (f && chosen && this.isUser(f)) {
      const st = Number.isInteger(si) && f.steps ? f.steps[si] : null;
      this.showSource(st ? st.line : f.line, st ? stepNote(st) : '');
    }
  }

  render() {
    const d = this.$;
    d.key.setAttribute('aria-pressed', String(!this.all));
    d.all.setAttribute('aria-pressed', String(this.all));
    const r = this.store.state.result;
    if (!r) { d.decisions.replaceChildren(); d.trace.replaceChildren(); d.stack.replaceChildren(); return; }
    const reply = r.reply;
    if (reply.refused) {
      const e = reply.startupError;
      d.decisions.replaceChildren(el('div.decision.key', el('h3', 'The server never started'),
        el('div.flow', el('code', `$ ${this.store.state.settings ? 'python' + reply.python : ''} ${e.traceback[0]?.file || ''}`), el('span.arrow', '→'),
          el('code', e.traceback.map((t) => t.text).join('; ') || 'import'), el('span.arrow', '→'), el('span.no', `${e.type}: ${e.message}`)),
        el('p', 'Nothing reaches serve_forever: there is no socket, so there is no dispatch path. The client gets "connection refused".')));
      d.trace.replaceChildren(...e.traceback.map((t, i) => el('li.frame.key', { style: `--d:${i}`, dataset: { i } },
        el('div.sig', el('span.fn', el('span.name', t.func)), el('a.src', { href: '#source-box', onclick: (ev) => { ev.preventDefault(); this.showSource(t.line); } }, `${t.file}:${t.line}`), el('span.flag.bad', e.type)),
        t.text ? el('div.vals', el('code.val', t.text)) : null)));
      d.stack.replaceChildren();
      return;
    }
    const frames = this.frames;
    const ex = reply.exchanges[this.store.state.selected];
    d.decisions.replaceChildren(...(ex ? decisions(ex, reply, this.store.state.settings) : [el('div.empty', 'No request line was read, so nothing was dispatched.')]));
    // Which frames are listed is cheap to know; their rows are built
    // only when they go in (below), most of them a frame later.
    const shown = [];
    frames.forEach((f, i) => {
      const kind = frameKind(f);
      const mine = this.isUser(f) || !f.file.startsWith('Lib/');
      if (!(this.all || kind || mine || f.values.length || f.note || !PLUMBING.test(f.fn))) return;
      shown.push(i);
      // The lines the learner's frame ran, each a row of its own.
      if (this.isUser(f) && f.steps) f.steps.forEach((_, k) => shown.push(`${i}:${k}`));
    });
    const stepRow = (key) => {
      const [i, k] = key.split(':').map(Number);
      const f = frames[i];
      const st = f.steps[k];
      return el('li.frame.step', {
        style: `--d:${f.depth + 1}`, dataset: { i, s: k }, role: 'option', 'aria-selected': 'false',
        onclick: () => this.select(key),
      }, el('div.sig', el('span.fn', el('span.mod', `${f.file}:`), el('span.name', `line ${st.line}`)), el('code.src-line', (st.text || this.sourceLine(st.line) || '').trim())),
      st.locals && st.locals.length ? el('div.vals', st.locals.map((v) => el('code.val', { title: `${v.name} = ${v.value}` }, el('b', v.name + ' = '), v.value))) : null);
    };
    const makeRow = (i) => {
      if (typeof i === 'string') return stepRow(i);
      const f = frames[i];
      const kind = frameKind(f);
      const mine = this.isUser(f) || !f.file.startsWith('Lib/');
      const s = splitFn(f.fn);
      const flags = [];
      if (kind === 'dispatch') flags.push(el('span.flag.key', 'method chosen here'));
      if (kind === 'do') flags.push(el('span.flag.key', mine ? 'your do_ method' : 'do_ method'));
      if (kind === 'error') flags.push(el('span.flag.bad', val(f, 'code') || 'error'));
      if (kind === 'close') flags.push(el('span.flag.bad', 'socket closed'));
      if (kind === 'expect') flags.push(el('span.flag.key', '100 Continue'));
      if (mine && kind !== 'do') flags.push(el('span.flag.ok', f.file));
      const src = f.url
        ? el('a.src', { tabindex: '-1', href: f.url, target: '_blank', rel: 'noopener noreferrer', title: `Open ${f.file} line ${f.line} of CPython ${reply.pythonVersion} on GitHub` }, `${f.file.replace(/^Lib\//, '')}:${f.line}`)
        : el('a.src', { tabindex: '-1', href: '#source-box', title: 'Show this line in the handler source', onclick: (ev) => { ev.preventDefault(); ev.stopPropagation(); this.showSource(f.line); } }, `${f.file}:${f.line}`);
      // The lines that ran inside this call, beside its def.
      const ran = (f.ran || []).map((st) => el('a.src.stmt', {
        tabindex: '-1', href: st.url, target: '_blank', rel: 'noopener noreferrer', title: `Line ${st.line} of ${f.file}, CPython ${reply.pythonVersion}: the line that ran`,
      }, `:${st.line} `, el('code', st.code)));
      return el(`li.frame${kind ? '.key' : ''}${!kind && !f.values.length && !f.note && !mine ? '.dim' : ''}`, {
        style: `--d:${f.depth}`, dataset: { i, fn: f.fn }, role: 'option', 'aria-selected': 'false',
        onclick: () => this.select(i),
      },
      el('div.sig', el('span.fn', el('span.mod', s.mod + (s.cls ? s.cls + '.' : '')), el('span.name', s.name)), src, ran, flags, wroteChip(f, () => this.showWrote && this.showWrote(i))),
      f.values.length ? el('div.vals', f.values.map((v) => el('code.val', { title: `${v.name} = ${v.value}` }, el('b', v.name + ' = '), v.value))) : null,
      f.note ? el('p.note', f.note) : null);
    };
    d.trace.setAttribute('role', 'listbox');
    d.trace.setAttribute('aria-label', 'Python calls, outermost first. Up and Down step through them, Right and Left reach the source links, Enter shows what a call wrote.');
    const first = frames.findIndex((f) => frameKind(f) === 'dispatch');
    // The list shows about ten frames from just above
    // handle_one_request. Those go in now; the frames above and below
    // them go in at the next frame, so that a send costs one small layout.
    const at = Math.max(0, shown.indexOf(first));
    const from = Math.max(0, at - 2);
    const to = at + (this.window || 9);
    const now = shown.slice(from, to).map(makeRow);
    d.trace.replaceChildren(...now);
    this.select(first, false, false);
    const token = (this.token = (this.token || 0) + 1);
    requestAnimationFrame(() => {
      if (token !== this.token) return;
      const before = shown.slice(0, from).map(makeRow);
      d.trace.append(...shown.slice(to).map(makeRow));
      d.trace.prepend(...before);
      d.trace.scrollTop = 0;
      if (before.length && now.length) d.trace.scrollTop = now[0].getBoundingClientRect().top - d.trace.getBoundingClientRect().top - 4;
    });
  }

  renderStack() {
    const frames = this.frames;
    const sel = parseInt(this.sel, 10);
    const f = frames[sel];
    if (!f) { this.$.stack.replaceChildren(); return; }
    const chain = [f];
    let d = f.depth;
    for (let i = sel - 1; i >= 0 && d > 0; i--) {
      if (frames[i].depth < d) { chain.unshift(frames[i]); d = frames[i].depth; }
    }
    const shown = chain.length > 5 ? chain.slice(-5) : chain;
    this.$.stack.replaceChildren(...(chain.length > 5 ? [el('span.crumb', { title: chain.slice(0, -5).map((c) => c.fn).join(' › ') }, '…')] : []),
      ...shown.map((c) => el('span.crumb', { title: c.fn }, splitFn(c.fn).name)));
  }
}

// rowKey names a row of the dispatch path: "7" for frame 7, "7:2" for
// the third line frame 7 (the learner's) ran.
const rowKey = (row) => (row.dataset.s !== undefined ? `${row.dataset.i}:${row.dataset.s}` : row.dataset.i);

// stepNote is what a line of the learner's code left behind, for the
// editor: its locals after the line, shortened.
function stepNote(st) {
  const parts = (st.locals || []).filter((v) => v.name !== 'self').map((v) => `${v.name} = ${v.value}`);
  const s = parts.join(', ');
  return s.length > 90 ? s.slice(0, 88) + '…' : s;
}

// wroteChip says what a frame wrote (its callees included): bytes of
// the response, log lines, stdout lines. Clicking it shows them.
function wroteChip(f, show) {
  const w = f.wrote;
  if (!w) return null;
  const parts = [];
  if (w.out[1] > w.out[0]) parts.push(formatBytes(w.out[1] - w.out[0]).replace(/ \(.*\)/, ''));
  if (w.log[1] > w.log[0]) parts.push(`${w.log[1] - w.log[0]} log`);
  if (w.stdout[1] > w.stdout[0]) parts.push(`${w.stdout[1] - w.stdout[0]} stdout`);
  if (!parts.length) return null;
  return el('button.wrote', {
    type: 'button', tabindex: '-1', title: 'What this call wrote (with the calls it made): show it in the Raw view and the console',
    onclick: (e) => { e.stopPropagation(); show(); },
  }, '→ ' + parts.join(' · '));
}

// innermost returns the index of the deepest frame whose span in part
// ('out', 'log' or 'stdout') holds position x, or -1.
export function innermost(trace, part, x) {
  let best = -1;
  trace.forEach((f, i) => {
    const r = f.wrote && f.wrote[part];
    if (r && x >= r[0] && x < r[1] && (best < 0 || f.depth >= trace[best].depth)) best = i;
  });
  return best;
}

// decisions explains the two choices that matter: which method ran, and
// whether the connection stayed open.
function decisions(ex, reply, settings) {
  const out = [];
  const t = ex.trace;
  const hor = t.find((f) => frameKind(f) === 'dispatch');
  const mname = val(hor, 'mname');
  const has = val(hor, 'hasattr(self, mname)');
  const err = t.find((f) => /\.send_error$/.test(f.fn));
  const doFrame = t.find((f) => frameKind(f) === 'do');
  const pr = t.find((f) => /\.parse_request$/.test(f.fn));
  const flow = [];
  const raw = val(hor, 'raw_requestline');
  if (raw) flow.push(el('code', raw.length > 90 ? raw.slice(0, 80) + '…' + raw.slice(-8) : raw), el('span.arrow', '→'));
  if (mname) {
    flow.push(el('code', `command = ${JSON.stringify(ex.command).replace(/^"|"$/g, "'")}`), el('span.arrow', '→'), el('code', `mname = ${mname}`), el('span.arrow', '→'),
      el('code', `hasattr(self, mname)`), el(has === 'True' ? 'span.yes' : 'span.no', has || '?'), el('span.arrow', '→'));
    if (has === 'True') flow.push(el('code', `${doFrame ? splitFn(doFrame.fn).cls : reply.class}.${mname.replace(/'/g, '')}()`));
    else flow.push(el('code', `send_error(501, ${val(err, 'message') || '…'})`));
  } else if (hor && hor.note && !(pr && err && t.indexOf(err) > t.indexOf(pr) && err.depth > pr.depth)) {
    // handle_one_request itself decided (a request line too long, or none at all).
    flow.push(el('span', hor.note));
    if (err) flow.push(el('span.arrow', '→'), el('code', `send_error(${val(err, 'code')}, ${val(err, 'message') || ''})`));
  } else if (err) {
    flow.push(el('code', 'parse_request()'), el('span.no', 'False'), el('span.arrow', '→'), el('code', `send_error(${val(err, 'code')}, ${val(err, 'message') || ''})`));
  } else {
    flow.push(el('span', hor && hor.note ? hor.note : 'No method was called for this request.'));
  }
  const text = mname
    ? has === 'True'
      ? `Nothing calls ${mname.replace(/'/g, '')} by name: handle_one_request builds 'do_' + self.command and calls getattr(self, mname)(). ${reply.class} ${doFrame && !doFrame.file.startsWith('Lib/') ? 'defines it itself' : `inherits it (MRO: ${reply.class}${reply.class === 'SimpleHTTPRequestHandler' ? '' : ' → SimpleHTTPRequestHandler'} → BaseHTTPRequestHandler)`}.`
      : `${reply.class} has no ${mname.replace(/'/g, '')}, so the server answers 501 Not Implemented without reading the body.`
    : err && pr && t.indexOf(err) > t.indexOf(pr) && err.depth > pr.depth
      ? 'parse_request rejected the request before any do_ method could be chosen.'
      : err
        ? 'handle_one_request answered with an error before parsing anything, so no do_ method was chosen.'
        : '';
  out.push(el('div.decision.key', el('h3', 'Where the method was chosen'), el('div.flow', flow), text ? el('p', text) : null));

  const reasons = [];
  const conn = ex.headers ? header(ex.headers, 'Connection') : null;
  if (ex.version === 'HTTP/0.9') reasons.push('an HTTP/0.9 request always closes');
  else if (settings.protocol === 'HTTP/1.0' || reply.protocol < 'HTTP/1.1') reasons.push(`protocol_version is ${reply.protocol}, so every request closes`);
  else if (ex.version && ex.version < 'HTTP/1.1') reasons.push(`the request is ${ex.version}${conn && /keep-alive/i.test(conn) ? ' with Connection: keep-alive' : ''}`);
  if (conn) reasons.push(`Connection: ${conn}`);
  if (err) reasons.push(`send_error adds Connection: close`);
  const closed = ex.closeConnection;
  out.push(el('div.decision', el('h3', 'Connection'),
    el('div.flow', el('code', `close_connection = ${closed ? 'True' : 'False'}`), el('span.arrow', '→'),
      closed ? el('span', 'handle() returns, finish() flushes, shutdown_request() closes the socket') : el('span', 'handle() loops: handle_one_request() reads the next request on this socket')),
    reasons.length || pr ? el('p.muted', `Why: ${reasons.length ? reasons.join('; ') : `parse_request set it from the request version (${ex.version}) and protocol_version (${reply.protocol})`}.`) : null));
  return out;
}

// ---- Console --------------------------------------------------------------

export class ConsoleView {
  constructor(store) {
    this.store = store;
    this.stream = 'all';
    this.$ = { term: $('#terminal') };
    this.$.term.addEventListener('click', (e) => {
      const l = e.target.closest('.line');
      if (l && this.onLine) this.onLine(l.dataset.stream === 'stderr' ? 'log' : 'stdout', Number(l.dataset.n));
    });
    for (const b of $$('#console [data-stream]')) {
      b.addEventListener('click', () => {
        this.stream = b.dataset.stream;
        for (const x of $$('#console [data-stream]')) x.setAttribute('aria-pressed', String(x === b));
        this.$.term.dataset.stream = this.stream;
      });
    }
  }

  render(cmd) {
    const r = this.store.state.result;
    const nodes = [el('span.prompt', `$ ${cmd}\n`)];
    if (!r) {
      nodes.push(el('span.sep', '(waiting for a connection)'));
    } else {
      // Lines of the connection are numbered per stream as the core
      // numbers them, so a frame can light the lines it wrote; each is
      // shown from its bytes.
      const n = { stderr: 0, stdout: 0 };
      for (const c of r.reply.output) {
        const cls = 'span.' + (c.stream === 'stderr' ? 'err' : 'out');
        if (c.startup) { nodes.push(el(cls + '.boot', consoleText(c.bytes))); continue; }
        for (let a = 0; a < c.bytes.length;) {
          let b = c.bytes.indexOf(10, a);
          b = b < 0 ? c.bytes.length : b + 1;
          nodes.push(el(cls + '.line', { dataset: { stream: c.stream, n: String(n[c.stream]++) } }, consoleText(c.bytes.subarray(a, b))));
          a = b;
        }
      }
      if (!r.reply.output.length) nodes.push(el('span.sep', '(nothing printed)'));
      if (r.reply.refused) nodes.push(el('span.prompt', '$ '));
    }
    this.$.term.replaceChildren(...nodes);
    this.$.term.dataset.stream = this.stream;
    this.highlight();
  }

  // highlight lights the stderr and stdout lines a frame wrote.
  highlight(w = this.wrote) {
    this.wrote = w;
    for (const l of $$('.line', this.$.term)) {
      const r = w && w[l.dataset.stream === 'stderr' ? 'log' : 'stdout'];
      const k = Number(l.dataset.n);
      l.classList.toggle('hl', !!r && k >= r[0] && k < r[1]);
    }
  }
}

// consoleText renders what a process wrote: UTF-8 as text, and each byte
// that is not UTF-8 as a marked \xHH (2.7 logs a request line's raw
// bytes), never as U+FFFD.
export function consoleText(bytes) {
  return wire.utf8Runs(bytes).map((r) => (r.byte === undefined ? r.text
    : el('span.nb', { title: `byte 0x${r.text.slice(2)}: not UTF-8, so a UTF-8 terminal cannot show it as a character` }, r.text)));
}

// ---- Connection timeline --------------------------------------------------

export class TimelineView {
  constructor(store) {
    this.store = store;
    this.$ = { seq: $('#seq') };
  }

  render() {
    const r = this.store.state.result;
    const d = this.$;
    if (!r) { d.seq.replaceChildren(el('li.empty', 'No connection yet.')); return; }
    if (r.two) { d.seq.replaceChildren(...twoClients(r.two)); return; }
    const reply = r.reply;
    const items = [el('li.seq-lanes', { 'aria-hidden': 'true' }, el('span', 'client'), el('span', 'server'))];
    if (reply.refused) {
      items.push(el('li.seq-note.end', 'connect() → ECONNREFUSED: nothing is listening on port 8000'));
      d.seq.replaceChildren(...items);
      return;
    }
    const sent = r.sent;
    reply.exchanges.forEach((ex, i) => {
      const reqDesc = wire.shownLine(ex.requestLine, ex.requestLineRaw) || (ex.requestLineRaw.length ? `${wire.latin1(ex.requestLineRaw.subarray(0, 48))}… (${formatBytes(ex.requestLineRaw.length)} read)` : '(empty line)');
      const group = el('li.seq-ex' + (i === this.store.state.selected ? '.sel' : ''), {
        onclick: () => this.store.update('selected', (s) => { s.selected = i; }),
        title: 'Show this request in the response and dispatch panels',
      });
      group.append(msg('req', trunc(reqDesc, 70), ex.headers ? `${ex.headers.length} header${ex.headers.length === 1 ? '' : 's'}${ex.body.length ? `, body ${formatBytes(ex.body.length)}` : ''}` : ''));
      for (const b of ex.interim) group.append(msg('interim', wire.latin1(b).trim(), formatBytes(b.length)));
      if (ex.response.length) {
        const st = ex.statusLine || (ex.version === 'HTTP/0.9' ? 'HTTP/0.9 body' : `body alone (${ex.status}, no status line)`);
        group.append(msg('res' + (ex.status >= 400 ? '.s4x' : ''), trunc(st, 70), formatBytes(ex.response.length - ex.interim.reduce((n, b) => n + b.length, 0))));
      } else {
        group.append(el('div.seq-note', 'no response bytes'));
      }
      items.push(group);
      if (!ex.closeConnection) items.push(el('li.seq-note.open', 'close_connection = False · the socket stays open; handle() reads the next request'));
    });
    const last = reply.exchanges[reply.exchanges.length - 1];
    // The core counts what rfile handed to the handler: the rest of the
    // bytes were never read.
    const left = sent.length - reply.read;
    if (!last) items.push(el('li.seq-note', `The client sent ${formatBytes(sent.length)} but no complete request line.`));
    if (last && last.closeConnection) {
      items.push(el('li.seq-note.end', { dataset: { unread: String(left) } }, `server closed the connection${left > 0 ? ` · ${formatBytes(left)} the client sent were never read` : ''}`));
    } else if (last) {
      items.push(el('li.seq-note.end', 'client closed its side (EOF): readline() returned b\'\', so the server closes too'));
    }
    d.seq.replaceChildren(...items);
  }
}

// twoClients renders the two-client scenario: one row per event, in the
// order they happen, client A on the left, client B on the right, the
// server's steps in the middle; the rows while B waits are marked.
function twoClients(two) {
  const waited = two.events.some((e) => e.blocked);
  const summary = waited
    ? `${two.serverClass} serves one connection at a time: B waits until A is done.`
    : `${two.serverClass} runs a thread per connection: B is answered while A is still unfinished.`;
  const items = [
    el('li.two-summary' + (waited ? '.blocked' : '.ok'), summary),
    el('li.two-lanes', { 'aria-hidden': 'true' }, el('span', 'client A'), el('span', 'server'), el('span', 'client B')),
  ];
  two.events.forEach((e, i) => {
    const cls = `li.two-ev.${e.client.toLowerCase()}.${e.actor}.k-${e.kind}${e.blocked ? '.blocked' : ''}`;
    items.push(el(cls, { dataset: { client: e.client, kind: e.kind, step: String(i + 1) } },
      el('span.step', String(i + 1)),
      el('span.who', e.actor === 'client' ? e.client : `server → ${e.client}`),
      el('span.what', e.text, e.bytes ? el('span.muted', `  ${formatBytes(e.bytes)}`) : null)));
  });
  return items;
}

function msg(kind, text, meta) {
  return el('div.msg.' + kind.split('.').join('.'), el('div.label', text, meta ? el('span.muted', `  ${meta}`) : null), el('div.arrow-line'));
}

const trunc = (s, n) => (s.length > n ? s.slice(0, n - 12) + '…' + s.slice(-10) : s);
