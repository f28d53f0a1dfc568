// files.js: the served directory as a tree, with add, edit, rename,
// delete, upload and reset. Every change goes through httpsim.fs.

import { $, el, formatBytes } from './helpers.js';
import { utcInput, fromUTCInput, httpDate } from './wire.js';

const dec = new TextDecoder('utf-8', { fatal: true });

function icon(e) {
  if (e.dir) return 'dir';
  if (/\.(png|jpe?g|gif|svg|webp|ico)$/i.test(e.name)) return 'file.image';
  if (/\.(gz|tgz|zip|tar|bz2|xz)$/i.test(e.name)) return 'file.archive';
  if (/\.html?$/i.test(e.name)) return 'file.html';
  return 'file';
}

// shortTime is a file time for the tree: "2025-12-24 18:30:00" (UTC).
export function shortTime(seconds) {
  return utcInput(Math.floor(seconds)).replace('T', ' ');
}

// timeTitle says everything about a file time: the instant, the float
// os.stat gives, and the HTTP date send_head writes and compares.
export function timeTitle(seconds) {
  return `Modified ${utcInput(seconds).replace('T', ' ')} UTC (st_mtime ${seconds}); Last-Modified: ${httpDate(seconds)}`;
}

// quotePath percent-encodes a file path for a request target, as
// list_directory's links do (urllib.parse.quote keeps / and unreserved).
export function quotePath(p) {
  return p.split('/').map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())).join('/');
}

// A name that is not UTF-8 cannot be a JavaScript string: fs.list gives
// its bytes as pathBytes (path is then a display string with U+FFFD), and
// every fs call takes those bytes back.
const ref = (e) => e.pathBytes ?? e.path;

// utf8Len is the length of the UTF-8 sequence at b[i], or 0 if none
// starts there (as Python's strict decoder sees it: no overlong forms,
// no surrogates, nothing above U+10FFFF).
function utf8Len(b, i) {
  const c = b[i];
  if (c < 0x80) return 1;
  const n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (!n || i + n > b.length) return 0;
  for (let k = 1; k < n; k++) if ((b[i + k] & 0xc0) !== 0x80) return 0;
  const d = b[i + 1];
  if ((c === 0xe0 && d < 0xa0) || (c === 0xed && d >= 0xa0) || (c === 0xf0 && d < 0x90) || (c === 0xf4 && d >= 0x90)) return 0;
  return n;
}

// quoteBytes is the link list_directory writes for a name given as
// bytes: 2.7 quotes each byte; 3.x reads a bad byte b as the surrogate
// escape U+DC00+b and quotes it with errors='surrogatepass' (0xff is
// %ED%B3%BF).
export function quoteBytes(b, py3) {
  const hex = (c) => '%' + c.toString(16).toUpperCase().padStart(2, '0');
  const safe = (c) => /[A-Za-z0-9_.\-~/]/.test(String.fromCharCode(c));
  let out = '';
  for (let i = 0; i < b.length;) {
    const n = py3 ? utf8Len(b, i) : 1;
    if (n === 0) {
      out += hex(0xed) + hex(0xb0 | (b[i] >> 6)) + hex(0x80 | (b[i] & 0x3f));
      i++;
      continue;
    }
    for (let k = 0; k < n; k++, i++) out += safe(b[i]) ? String.fromCharCode(b[i]) : hex(b[i]);
  }
  return out;
}

// nameLabel shows a name, with each byte that is not UTF-8 as \xNN in
// a span of its own (never a silent U+FFFD).
function nameLabel(e) {
  if (!e.pathBytes) return [e.name];
  const all = e.pathBytes;
  const b = all.subarray(all.lastIndexOf(0x2f) + 1);
  const parts = [];
  let text = [];
  const flush = () => { if (text.length) parts.push(new TextDecoder().decode(new Uint8Array(text))); text = []; };
  for (let i = 0; i < b.length;) {
    const n = utf8Len(b, i);
    if (n === 0) {
      flush();
      parts.push(el('span.badbyte', { title: 'a byte that is not UTF-8' }, '\\x' + b[i].toString(16).padStart(2, '0')));
      i++;
    } else {
      for (let k = 0; k < n; k++) text.push(b[i++]);
    }
  }
  flush();
  return parts;
}

export class FilesView {
  constructor(store, { api, toast, compose }) {
    this.store = store;
    this.api = api;
    this.toast = toast;
    this.compose = compose; // compose(method, target)
    this.$ = {
      tree: $('#tree'), dialog: $('#file-dialog'), form: $('#file-form'), title: $('#file-dialog-title'),
      path: $('#file-path'), content: $('#file-content'), contentWrap: $('#file-content-wrap'),
      binary: $('#file-binary'), error: $('#file-error'),
      mtimeDate: $('#file-mtime-date'), mtime: $('#file-mtime'), mtimeHint: $('#file-mtime-hint'),
    };
  }

  init() {
    $('#file-new').addEventListener('click', () => this.edit(null, false));
    $('#dir-new').addEventListener('click', () => this.edit(null, true));
    $('#fs-reset').addEventListener('click', () => this.change(() => this.api.fs.reset(), 'The sample site is back.'));
    $('#file-upload').addEventListener('change', async (e) => {
      const input = e.target;
      const names = [];
      for (const f of input.files) {
        const data = new Uint8Array(await f.arrayBuffer());
        this.api.fs.write(f.name, data);
        names.push(f.name);
      }
      input.value = '';
      this.refresh(names);
      this.toast(`Uploaded ${names.join(', ')} to /srv/www.`);
    });
    $('#file-delete').addEventListener('click', () => {
      const { entry } = this.editing;
      this.$.dialog.close();
      this.change(() => this.api.fs.remove(ref(entry)), `Deleted ${entry.path}${entry.dir ? '/' : ''}.`);
    });
    $('#file-get').addEventListener('click', () => {
      // The GET must see what the dialog shows: save first.
      const path = this.save({ quiet: true });
      if (path === null) return;
      const { entry, dir } = this.editing;
      this.compose('GET', this.target(entry && entry.path === path ? entry : { path, dir: !!dir }));
    });
    // A conditional GET with the time in the dialog (saved or not), so
    // that 304 is one click away.
    $('#file-get-ims').addEventListener('click', () => {
      const { entry } = this.editing;
      const t = Number(this.$.mtime.value);
      if (this.$.mtime.value.trim() === '' || !Number.isFinite(t)) {
        this.$.error.textContent = 'Give the time first.';
        return;
      }
      this.$.dialog.close();
      this.compose('GET', this.target(entry), [{ name: 'If-Modified-Since', value: httpDate(t), on: true }]);
    });
    // The two time fields show one value: a UTC date and time, and the
    // seconds Python reports (fractions allowed).
    this.$.mtimeDate.addEventListener('input', () => {
      const t = fromUTCInput(this.$.mtimeDate.value);
      if (Number.isFinite(t)) this.$.mtime.value = String(t);
    });
    this.$.mtime.addEventListener('input', () => {
      const t = Number(this.$.mtime.value);
      if (this.$.mtime.value.trim() !== '' && Number.isFinite(t) && t >= 0 && t < 253402300800) this.$.mtimeDate.value = utcInput(t);
    });
    this.$.form.addEventListener('submit', (e) => {
      if (e.submitter && e.submitter.value !== 'save') return;
      e.preventDefault();
      this.save();
    });
  }

  refresh(changed = []) {
    this.store.update('files', (s) => {
      s.files = this.api.fs.list();
      s.filesChanged = changed;
    });
  }

  // change runs fn, offers an undo, and redraws.
  change(fn, message) {
    const before = this.api.fs.diff();
    try {
      fn();
    } catch (err) {
      this.toast(err.message);
      return;
    }
    this.refresh();
    this.toast(message, { label: 'Undo', run: () => { this.api.fs.apply(before); this.refresh(); } });
  }

  // target is the request target that GETs entry under the current
  // version, the way its listing links it.
  target(e) {
    const p = e.pathBytes ? quoteBytes(e.pathBytes, this.store.state.settings.python !== '2.7') : quotePath(e.path);
    return '/' + p + (e.dir ? '/' : '');
  }

  render() {
    const { files, filesChanged } = this.store.state;
    const changed = new Set(filesChanged);
    const rows = files.map((e) => {
      const depth = e.path.split('/').length - 1;
      const target = this.target(e);
      return el('li' + (changed.has(e.path) ? '.changed' : ''), { style: `--d:${depth}`, role: 'treeitem', 'aria-level': String(depth + 1), dataset: { path: e.path } },
        el('span.ic.' + icon(e), { 'aria-hidden': 'true' }),
        el('button.nm', {
          type: 'button', title: e.dir ? `GET ${target}` : `Edit ${e.path}`,
          onclick: () => (e.dir ? this.compose('GET', this.target(e)) : this.edit(e, false)),
        }, ...nameLabel(e), e.dir ? '/' : ''),
        el('span.sz', e.dir ? '' : formatBytes(e.size).replace(/ \(.*\)/, '')),
        el('button.mt', { type: 'button', title: timeTitle(e.mtime) + ' (click to change it)', 'aria-label': `Modification time of ${e.path}: ${shortTime(e.mtime)} UTC`, onclick: () => this.edit(e, e.dir, { focusTime: true }) }, shortTime(e.mtime)),
        el('button.more', { type: 'button', title: `Rename, move or delete ${e.path}`, 'aria-label': `More actions for ${e.path}`, onclick: () => (e.dir ? this.rename(e) : this.edit(e, false)) }, '•••'));
    });
    // The handler script sits in the served directory while it runs, as
    // it does when you run `python seed.py` there: the server serves
    // it and lists it, and its traceback names /srv/www/seed.py.
    const script = this.script;
    if (script && !files.some((e) => e.path === script)) {
      rows.unshift(el('li.script', { style: '--d:0', role: 'treeitem', 'aria-level': '1', dataset: { path: script } },
        el('span.ic.file', { 'aria-hidden': 'true' }),
        el('button.nm', { type: 'button', title: `The handler script: python runs /srv/www/${script}, so it is served too`, onclick: () => this.showScript && this.showScript() }, script),
        el('span.sz', 'handler')));
    }
    if (!rows.length) rows.push(el('li.muted', 'The directory is empty.'));
    this.$.tree.replaceChildren(...rows);
  }

  // edit opens the dialog for an existing file (entry), a new file, or a
  // new folder.
  edit(entry, dir, { focusTime = false } = {}) {
    const d = this.$;
    this.editing = { entry, dir, rename: false, text: null };
    d.mtime.value = entry ? String(entry.mtime) : '';
    d.mtimeDate.value = entry ? utcInput(entry.mtime) : '';
    d.mtimeHint.textContent = entry
      ? `${timeTitle(entry.mtime)}. Saving new contents sets it to the server clock, as a real write would, unless you change it here.`
      : 'Empty: the server clock (2026-01-01 00:00:00 UTC).';
    $('#file-get-ims').hidden = !entry;
    d.error.textContent = '';
    d.binary.hidden = true;
    d.contentWrap.hidden = dir;
    d.content.disabled = false;
    if (entry && dir) {
      d.title.textContent = `Folder ${entry.path}/`;
      d.path.value = entry.path;
    } else if (entry) {
      d.title.textContent = `Edit ${entry.path}`;
      d.path.value = entry.path;
      const data = this.api.fs.read(ref(entry));
      try {
        if (data.includes(0)) throw new Error('binary');
        d.content.value = dec.decode(data);
        this.editing.text = d.content.value;
      } catch {
        d.content.value = '';
        d.contentWrap.hidden = true;
        d.binary.hidden = false;
        d.binary.textContent = `A binary file of ${formatBytes(data.length)}: it cannot be edited as text. You can still rename or move it here.`;
        this.editing.binary = true;
      }
    } else {
      d.title.textContent = dir ? 'New folder' : 'New file';
      d.path.value = dir ? 'new folder' : 'new.txt';
      d.content.value = dir ? '' : 'Hello!\n';
    }
    // Delete and Send GET act on something that exists.
    $('#file-delete').hidden = !entry;
    $('#file-get').hidden = !entry;
    d.dialog.showModal();
    if (focusTime) {
      d.mtimeDate.focus();
      return;
    }
    d.path.focus();
    d.path.select();
  }

  rename(entry) {
    this.edit(entry, entry.dir);
    this.editing.rename = true;
  }

  // save writes the dialog back and closes it; it returns the path, or
  // null when it did not save (an error, or a question to answer first).
  save({ quiet = false } = {}) {
    const d = this.$;
    const { entry, dir, rename, binary, text } = this.editing;
    const path = d.path.value.trim().replace(/^\/+/, '');
    const typed = d.mtime.value.trim();
    // An unchanged field means "no new time": Number('') would be 0.
    const mtime = typed === '' || (entry && typed === String(entry.mtime)) ? undefined : Number(typed);
    const opts = mtime === undefined ? undefined : { mtime };
    const unchanged = entry && path === entry.path && mtime === undefined && (dir || binary || d.content.value === text);
    if (unchanged) {
      d.dialog.close();
      return path;
    }
    const exists = (!entry || path !== entry.path) && this.store.state.files.find((f) => f.path === path);
    if (exists && this.editing.confirm !== path) {
      // Ask once; Save again replaces.
      this.editing.confirm = path;
      d.error.textContent = `${path}${exists.dir ? '/' : ''} already exists. Press ${quiet ? 'Send GET' : 'Save'} again to replace it, or change the path.`;
      return null;
    }
    try {
      if (!path) throw new Error('Give the file a path, like notes/todo.txt.');
      if (typed !== '' && !Number.isFinite(Number(typed))) throw new Error(`The time ${typed} is not a number of seconds.`);
      // An unchanged path keeps the entry's own bytes.
      const to = entry && path === entry.path ? ref(entry) : path;
      if (entry && path !== entry.path) this.api.fs.rename(ref(entry), path);
      if (dir && !entry) this.api.fs.mkdir(path, opts);
      else if (!entry && !dir) this.api.fs.write(path, d.content.value, opts);
      else if (!dir && !rename && !binary && d.content.value !== text) this.api.fs.write(to, d.content.value, opts);
      else if (mtime !== undefined) this.api.fs.touch(to, mtime);
    } catch (err) {
      d.error.textContent = err.message.replace(/^httpsim\.fs\.\w+: /, '');
      return null;
    }
    d.dialog.close();
    this.refresh([path]);
    if (!quiet) this.toast(entry ? `Saved ${path}.` : `Created ${path}${dir ? '/' : ''}.`);
    return path;
  }
}
