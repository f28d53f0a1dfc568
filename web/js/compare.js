// compare.js: the same request on every Python version. runAll sends
// the bytes once per profile the core lists; matrix turns the replies
// into rows (status, each response header, body size and hash, log,
// stdout) with the cells that differ from a base version marked; diff
// compares two versions line by line. The pure parts are tested by
// compare.test.mjs.

import { el, formatBytes } from './helpers.js';
import * as wire from './wire.js';
import { markBytes } from './composer.js';

// runAll sends raw under each profile with the other settings as they
// are. Each run starts from the same files, so a PUT on one version does
// not change what the next one sees; the files are put back afterwards.
export function runAll(api, raw, settings) {
  // One client each: the page's "Two clients" switch is not a send option.
  const { clients, ...opts } = settings;
  const before = api.fs.diff();
  const out = [];
  for (const p of api.profiles()) {
    api.fs.reset();
    api.fs.apply(before);
    let reply = null;
    let error = null;
    try {
      reply = api.send(raw, { ...opts, python: p.name });
    } catch (err) {
      error = err.message;
    }
    out.push({ python: p.name, version: p.version, reply, error });
  }
  api.fs.reset();
  api.fs.apply(before);
  return out;
}

// fnv1a is a short content hash for the matrix (not for security): two
// bodies with the same hash are the same bytes for any practical purpose.
export function fnv1a(bytes) {
  let h = 0x811c9dc5;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

// cellsOf is what one version shows for the first request: name → text.
export function cellsOf(run) {
  const r = run.reply;
  if (run.error) return { status: `error: ${run.error}` };
  if (r.refused) return { status: `refused: ${r.startupError.type}`, log: r.stderr.trim() };
  const ex = r.exchanges[0];
  if (!ex) return { status: 'no request', 'body size': formatBytes(r.response.length) };
  const c = {
    status: ex.statusLine || (ex.response.length ? `${ex.status} (no status line)` : '—'),
  };
  for (const h of ex.responseHeaders) {
    const k = `header ${h.name}`;
    c[k] = c[k] === undefined ? h.value : `${c[k]}, ${h.value}`;
  }
  c['body size'] = String(ex.responseBody.length);
  c['body hash'] = fnv1a(ex.responseBody);
  c.log = r.exchanges.flatMap((x) => x.log).join('\n');
  c.stdout = r.exchanges.flatMap((x) => x.stdout).join('\n');
  if (r.exchanges.length > 1) c.requests = String(r.exchanges.length);
  return c;
}

// matrix lays the runs out as rows of cells, one column per run; a cell
// differs when its text is not the base run's.
export function matrix(runs, base = 0) {
  const cells = runs.map(cellsOf);
  const names = [];
  const seen = new Set();
  const order = (k) => (k === 'status' ? 0 : k.startsWith('header ') ? 1 : k.startsWith('body') ? 2 : 3);
  for (const c of cells) for (const k of Object.keys(c)) if (!seen.has(k)) { seen.add(k); names.push(k); }
  names.sort((a, b) => order(a) - order(b));
  return names.map((name) => ({
    name,
    cells: cells.map((c) => {
      const text = c[name] === undefined ? '' : c[name];
      return { text, differs: text !== (cells[base][name] === undefined ? '' : cells[base][name]) };
    }),
  }));
}

// diffLines is a longest-common-subsequence diff of two line lists:
// [{op: ' ' | '-' | '+', a, b}] where a and b are the line texts.
export function diffLines(a, b) {
  const n = a.length;
  const m = b.length;
  if (n * m > 4e6) {
    // Too big to align: show both whole.
    return [...a.map((x) => ({ op: '-', a: x })), ...b.map((x) => ({ op: '+', b: x }))];
  }
  const w = m + 1;
  const L = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      L[i * w + j] = a[i] === b[j] ? L[(i + 1) * w + j + 1] + 1 : Math.max(L[(i + 1) * w + j], L[i * w + j + 1]);
    }
  }
  const out = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) { out.push({ op: ' ', a: a[i], b: b[j] }); i++; j++; }
    else if (L[(i + 1) * w + j] >= L[i * w + j + 1]) out.push({ op: '-', a: a[i++] });
    else out.push({ op: '+', b: b[j++] });
  }
  while (i < n) out.push({ op: '-', a: a[i++] });
  while (j < m) out.push({ op: '+', b: b[j++] });
  return out;
}

// byteLines splits bytes into lines for a diff, each shown as the bytes
// view shows it (CR and LF visible), so that a CRLF against an LF is a
// difference one can see.
export function byteLines(bytes) {
  const out = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 10) { out.push(wire.showBytes(bytes.subarray(start, i + 1), Infinity).replace(/\n$/, '')); start = i + 1; }
  }
  if (start < bytes.length) out.push(wire.showBytes(bytes.subarray(start), Infinity));
  return out;
}

// pathOf is a run's dispatch path as "depth name" lines for a diff.
export function pathOf(run) {
  if (!run.reply || run.reply.refused) return [];
  return run.reply.exchanges.flatMap((x, i) => [`── request ${i + 1}`, ...x.trace.map((f) => '  '.repeat(f.depth) + f.fn)]);
}

// diffParts are the four side-by-side diffs between two runs.
export function diffParts(a, b) {
  const resp = (r) => (r.reply ? r.reply.response : new Uint8Array());
  const text = (r, k) => (r.reply ? r.reply[k].split('\n').filter((l, i, all) => l !== '' || i < all.length - 1) : []);
  return [
    { title: 'Response bytes', rows: diffLines(byteLines(resp(a)), byteLines(resp(b))) },
    { title: 'Log (stderr)', rows: diffLines(text(a, 'stderr'), text(b, 'stderr')) },
    { title: 'stdout', rows: diffLines(text(a, 'stdout'), text(b, 'stdout')) },
    { title: 'Dispatch path', rows: diffLines(pathOf(a), pathOf(b)) },
  ];
}

// CompareView fills the compare dialog.
export class CompareView {
  constructor({ dialog, body }) {
    this.dialog = dialog;
    this.body = body;
    this.base = 0;
    this.pair = [0, 1];
  }

  // show opens the dialog with the version the page runs (current) as
  // the base, beside the nearest version that answers differently.
  show(runs, label, current) {
    this.runs = runs;
    this.label = label;
    this.base = Math.max(0, runs.findIndex((r) => r.python === current));
    const rows = matrix(runs, this.base);
    const differs = (i) => rows.some((row) => row.cells[i].differs);
    const order = runs.map((_, i) => i).sort((a, b) => Math.abs(a - this.base) - Math.abs(b - this.base));
    const other = order.find((i) => i !== this.base && differs(i));
    this.pair = [this.base, other ?? (this.base === 0 ? Math.min(1, runs.length - 1) : 0)];
    this.render();
    if (!this.dialog.open) this.dialog.showModal();
  }

  render() {
    const runs = this.runs;
    const rows = matrix(runs, this.base);
    const head = el('tr', el('th', { scope: 'col' }, 'Base →'), runs.map((r, i) => el('th', { scope: 'col' },
      el('label.base-pick', { title: `Compare every version with ${r.version}` },
        el('input', { type: 'radio', name: 'cmp-base', value: String(i), checked: i === this.base, onchange: () => { this.base = i; this.render(); } }),
        ` ${r.version}`))));
    const body = rows.map((row) => el('tr', el('th', { scope: 'row' }, row.name),
      row.cells.map((c, i) => el('td' + (c.differs ? '.differs' : '') + (i === this.base ? '.base' : ''), { title: c.text }, el('div.cell', c.text || '—')))));
    const pick = (k) => el('select', { 'aria-label': k ? 'Second version' : 'First version', onchange: (e) => { this.pair[k] = Number(e.target.value); this.renderDiff(); } },
      runs.map((r, i) => el('option', { value: String(i), selected: i === this.pair[k] }, r.version)));
    const differing = rows.filter((r) => r.cells.some((c) => c.differs)).length;
    this.diffBox = el('div.cmp-diff');
    this.body.replaceChildren(
      el('p.hint', `${this.label} — sent unchanged to each of the ${runs.length} versions. ${differing ? `${differing} row${differing === 1 ? '' : 's'} differ from ${runs[this.base].version} (marked).` : `Every version answers exactly as ${runs[this.base].version} does.`} The clock is fixed, so the Date header is the same everywhere; Server names each version.`),
      el('div.cmp-wrap', el('table.cmp', el('thead', head), el('tbody', body))),
      el('h3', 'Side by side'),
      el('div.cmp-pick', pick(0), el('span', ' against '), pick(1)),
      this.diffBox);
    this.renderDiff();
  }

  renderDiff() {
    const [i, j] = this.pair;
    const a = this.runs[i];
    const b = this.runs[j];
    const parts = diffParts(a, b);
    this.diffBox.replaceChildren(...parts.map((p) => {
      const changed = p.rows.some((r) => r.op !== ' ');
      return el('details.cmp-part', { open: changed }, el('summary', p.title, el('span.muted', changed ? ` · ${p.rows.filter((r) => r.op !== ' ').length} lines differ` : ' · the same')),
        el('div.cmp-side', el('div.cmp-col-head', a.version), el('div.cmp-col-head', b.version),
          p.rows.flatMap((r) => [
            el('pre.cmp-line' + (r.op === '-' ? '.del' : r.op === ' ' ? '' : '.gap'), r.a === undefined ? '' : markBytes(r.a)),
            el('pre.cmp-line' + (r.op === '+' ? '.add' : r.op === ' ' ? '' : '.gap'), r.b === undefined ? '' : markBytes(r.b)),
          ])));
    }));
  }
}
