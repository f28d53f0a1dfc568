// composer.js: the request composer. Form mode edits one or more
// requests on a connection field by field; raw mode edits the exact
// bytes. Both feed the live "Bytes to send" preview.

import { $, $$, el, formatBytes } from './helpers.js';
import * as wire from './wire.js';

export class Composer {
  constructor(store, { onSend, toast }) {
    this.store = store;
    this.onSend = onSend;
    this.toast = toast;
    this.tab = 'headers';
    this.$ = {
      formMode: $('#form-mode'), rawMode: $('#raw-mode'), modeForm: $('#mode-form'), modeRaw: $('#mode-raw'),
      connTabs: $('#conn-tabs'), method: $('#req-method'), target: $('#req-target'), version: $('#req-version'),
      params: $('#params-table'), headers: $('#headers-table'), fields: $('#fields-table'),
      bodyFields: $('#body-fields'), bodyTextWrap: $('#body-text-wrap'), bodyText: $('#body-text'),
      addFileLabel: $('#add-file-label'), addFile: $('#add-file'), autoType: $('#auto-type'), autoLength: $('#auto-length'),
      autoToggles: $('#auto-toggles'), http09: $('#http09-hint'), addHeader: $('#add-header'),
      raw: $('#raw-text'), preview: $('#wire-preview'), size: $('#wire-size'),
      countParams: $('#count-params'), countHeaders: $('#count-headers'), countBody: $('#count-body'),
    };
  }

  get c() { return this.store.state.composer; }
  get req() { return this.store.request; }

  // bytes are what Send sends.
  bytes() {
    return this.c.mode === 'raw' ? wire.rawTextToBytes(this.c.rawText) : wire.connectionBytes(this.c.requests);
  }

  init() {
    const d = this.$;
    d.modeForm.addEventListener('click', () => this.setMode('form'));
    d.modeRaw.addEventListener('click', () => this.setMode('raw'));
    $('#new-request').addEventListener('click', () => {
      Object.assign(this.c, { mode: 'form', requests: [wire.newRequest()], active: 0, rawText: '' });
      this.tab = 'headers';
      this.render();
      this.changed();
      d.target.focus();
    });
    d.method.addEventListener('input', () => this.edit(() => { this.req.method = d.method.value; }, 'tabs'));
    d.target.addEventListener('input', () => this.edit(() => { this.req.target = d.target.value; }, 'params'));
    d.version.addEventListener('input', () => this.edit(() => { this.req.version = d.version.value.trim() === '' ? '' : d.version.value; }, 'headers'));
    for (const t of $$('#composer .tabs .tab')) t.addEventListener('click', () => this.showTab(t.id.slice(4)));
    $('#add-param').addEventListener('click', () => {
      const rows = this.paramRows();
      rows.push({ name: '', value: '', on: true });
      this.setParams(rows, true);
    });
    d.addHeader.addEventListener('click', () => {
      this.req.headers.push({ name: '', value: '', on: true });
      this.renderHeaders(true);
      this.changed();
    });
    $('#add-field').addEventListener('click', () => {
      this.list().push({ name: '', value: '', on: true });
      this.renderFields(true);
      this.changed();
    });
    d.addFile.addEventListener('change', async () => {
      for (const f of d.addFile.files) {
        const data = new Uint8Array(await f.arrayBuffer());
        this.req.parts.push({ name: 'file', value: '', on: true, file: { name: f.name, type: f.type || 'application/octet-stream', data } });
      }
      d.addFile.value = '';
      this.renderFields();
      this.changed();
    });
    for (const r of $$('input[name="body-mode"]')) {
      r.addEventListener('change', () => {
        this.req.bodyMode = r.value;
        this.renderBody();
        this.changed();
      });
    }
    d.bodyText.addEventListener('input', () => this.edit(() => { this.req.bodyText = d.bodyText.value; }));
    d.autoType.addEventListener('change', () => this.edit(() => { this.req.autoType = d.autoType.checked; }, 'headers'));
    d.autoLength.addEventListener('change', () => this.edit(() => { this.req.autoLength = d.autoLength.checked; }, 'headers'));

    d.raw.addEventListener('input', () => { this.c.rawText = d.raw.value; this.changed(); });
    d.raw.addEventListener('paste', (e) => {
      const text = e.clipboardData && e.clipboardData.getData('text/plain');
      if (!text) return;
      e.preventDefault(); // the textarea would turn CRLF into LF
      const p = wire.pasteText(text);
      const from = d.raw.selectionStart;
      this.insertRaw(p.text);
      const said = [];
      if (p.crlf) said.push(`kept ${p.crlf} CRLF line ending${p.crlf === 1 ? '' : 's'} (↵ then a line break)`);
      if (p.cr) said.push(`${p.cr} lone CR`);
      if (p.lf) said.push(`${p.lf} bare LF line ending${p.lf === 1 ? '' : 's'}, sent as LF only`);
      if (!said.length) return;
      const fix = p.lf ? {
        label: 'Make them CRLF',
        run: () => {
          const end = from + p.text.length;
          const v = d.raw.value;
          const mid = v.slice(from, end).replace(/(^|[^\u21B5\u240D])\n/g, (m, c) => c + wire.CR_MARK + '\n');
          d.raw.value = v.slice(0, from) + mid + v.slice(end);
          this.c.rawText = d.raw.value;
          this.changed();
        },
      } : null;
      this.toast(`Pasted: ${said.join('; ')}.`, fix);
    });
    d.raw.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        this.insertRaw(e.shiftKey ? '\n' : wire.CR_MARK + '\n');
      }
    });
    $('#raw-cr').addEventListener('click', () => this.insertRaw(wire.CR_MARK));
    $('#raw-from-form').addEventListener('click', () => {
      this.c.rawText = wire.bytesToRawText(wire.connectionBytes(this.c.requests));
      d.raw.value = this.c.rawText;
      this.changed();
    });
    $('#repeat-insert').addEventListener('click', () => {
      const n = Math.max(1, Math.min(2e6, parseInt($('#repeat-count').value, 10) || 1));
      this.insertRaw($('#repeat-text').value.repeat(n));
    });
    $('#send-btn').addEventListener('click', () => this.onSend());
    $('#send-btn-raw').addEventListener('click', () => this.onSend());
  }

  insertRaw(text) {
    const t = this.$.raw;
    const a = t.selectionStart;
    const b = t.selectionEnd;
    t.setRangeText(text, a, b, 'end');
    t.focus();
    this.c.rawText = t.value;
    this.changed();
  }

  // edit applies a field change, redraws what depends on it, and the preview.
  edit(fn, also) {
    fn();
    if (also === 'params') this.renderParams();
    if (also === 'headers') { this.renderHeaders(); this.renderBody(); }
    if (also === 'tabs') this.renderConnTabs();
    this.changed();
  }

  changed() {
    this.renderPreview();
    this.renderCounts();
    this.renderConnTabs();
    this.store.update('composer');
  }

  setMode(mode) {
    const c = this.c;
    if (mode === c.mode) return;
    if (mode === 'raw') {
      c.rawText = wire.bytesToRawText(wire.connectionBytes(c.requests));
    } else {
      const p = wire.parseRequests(wire.rawTextToBytes(c.rawText));
      if (p.exact) {
        c.requests = p.requests;
        c.active = 0;
      } else if (wire.bytesEqual(wire.rawTextToBytes(c.rawText), wire.connectionBytes(c.requests))) {
        // unchanged since the switch: nothing to lose
      } else {
        this.toast('These bytes cannot be written as form fields (bare LF, folded header, no CRLF…). The form shows the last request it could build.');
      }
    }
    c.mode = mode;
    this.render();
    this.changed();
  }

  showTab(name) {
    this.tab = name;
    for (const t of $$('#composer .tabs .tab')) {
      const on = t.id === 'tab-' + name;
      t.setAttribute('aria-selected', String(on));
      $('#' + t.getAttribute('aria-controls')).hidden = !on;
    }
  }

  // render redraws the whole composer from the state.
  render() {
    const c = this.c;
    const d = this.$;
    d.modeForm.setAttribute('aria-pressed', String(c.mode === 'form'));
    d.modeRaw.setAttribute('aria-pressed', String(c.mode === 'raw'));
    d.formMode.hidden = c.mode !== 'form';
    d.rawMode.hidden = c.mode !== 'raw';
    if (c.mode === 'raw') {
      if (d.raw.value !== c.rawText) d.raw.value = c.rawText;
    } else {
      const r = this.req;
      d.method.value = r.method;
      d.target.value = r.target;
      d.version.value = r.version;
      this.renderConnTabs();
      this.renderParams();
      this.renderHeaders();
      this.renderBody();
    }
    this.showTab(this.tab);
    this.renderPreview();
    this.renderCounts();
  }

  renderConnTabs() {
    const c = this.c;
    const tabs = [el('span.conn-label', 'Connection:')];
    c.requests.forEach((r, i) => {
      tabs.push(el('button.conn-tab', {
        type: 'button', role: 'tab', 'aria-selected': String(i === c.active),
        title: `Request ${i + 1} on this connection`,
        onclick: () => { c.active = i; this.render(); $('.conn-tab[aria-selected="true"]', this.$.connTabs).focus(); },
      }, `${i + 1} · ${r.method || '?'} ${r.target.length > 18 ? r.target.slice(0, 17) + '…' : r.target}`));
    });
    tabs.push(el('button.conn-tab.add', {
      type: 'button', title: 'Pipeline another request on the same connection',
      onclick: () => {
        const last = c.requests[c.requests.length - 1];
        c.requests.push(wire.newRequest({ version: last.version, headers: last.headers.map((h) => ({ ...h })) }));
        c.active = c.requests.length - 1;
        this.render();
        this.changed();
        // The tabs were redrawn: keep the focus on the new request.
        $('.conn-tab[aria-selected="true"]', this.$.connTabs).focus();
      },
    }, '+ Request'));
    if (c.requests.length > 1) {
      tabs.push(el('button.conn-tab', {
        type: 'button', title: 'Remove the selected request',
        onclick: () => { c.requests.splice(c.active, 1); c.active = Math.max(0, c.active - 1); this.render(); this.changed(); $('.conn-tab[aria-selected="true"]', this.$.connTabs).focus(); },
      }, '− Remove'));
    }
    this.$.connTabs.replaceChildren(...tabs);
  }

  paramRows() {
    const t = wire.splitTarget(this.req.target);
    const rows = wire.queryParams(t.query);
    return rows.concat(this.req.offParams || []);
  }

  setParams(rows, focusLast) {
    this.req.offParams = rows.filter((r) => !r.on || (r.name === '' && r.value === ''));
    this.req.target = wire.withParams(this.req.target, rows);
    this.$.target.value = this.req.target;
    this.renderParams(focusLast);
    this.changed();
  }

  renderParams(focusLast) {
    const rows = this.paramRows();
    const set = () => this.setParams(rows);
    const live = () => {
      this.req.offParams = rows.filter((r) => !r.on || (r.name === '' && r.value === ''));
      this.req.target = wire.withParams(this.req.target, rows);
      this.$.target.value = this.req.target;
      this.changed();
    };
    this.$.params.replaceChildren(...rows.map((r, i) => kvRow(r, {
      label: 'parameter', onToggle: set, onInput: live, onDelete: () => { rows.splice(i, 1); set(); },
    })));
    if (focusLast) $$('input[data-k="name"]', this.$.params).pop()?.focus();
  }

  renderHeaders(focusLast) {
    const r = this.req;
    const http09 = r.version === '';
    this.$.http09.hidden = !http09;
    this.$.addHeader.disabled = http09;
    const rows = r.headers.map((h, i) => kvRow(h, {
      label: 'header', list: 'header-names', disabled: http09,
      onToggle: () => this.edit(() => {}, 'headers'),
      onInput: () => { this.renderBodyAuto(); this.changed(); },
      onDelete: () => { r.headers.splice(i, 1); this.renderHeaders(); this.changed(); },
    }));
    for (const a of wire.autoHeaders(r)) {
      rows.push(el('div.kv-row.auto', { title: 'Added for the body; turn it off in the Body tab' },
        el('span.m', { 'aria-hidden': 'true' }, '⚙'),
        el('span.auto-val', a.name),
        el('span.auto-val', a.value),
        el('span')));
    }
    this.$.headers.replaceChildren(...rows);
    if (focusLast) $$('input[data-k="name"]', this.$.headers).pop()?.focus();
  }

  renderBodyAuto() {
    // Auto rows depend on the table (a typed Content-Type replaces them).
    const autos = $$('.kv-row.auto', this.$.headers);
    const want = wire.autoHeaders(this.req);
    if (autos.length !== want.length) this.renderHeaders();
    else autos.forEach((row, i) => { row.children[2].textContent = want[i].value; });
  }

  list() { return this.req.bodyMode === 'multipart' ? this.req.parts : this.req.fields; }

  renderBody() {
    const r = this.req;
    const d = this.$;
    for (const radio of $$('input[name="body-mode"]')) {
      radio.checked = radio.value === r.bodyMode;
      radio.parentElement.classList.toggle('on', radio.checked);
    }
    d.bodyFields.hidden = r.bodyMode !== 'urlencoded' && r.bodyMode !== 'multipart';
    d.addFileLabel.hidden = r.bodyMode !== 'multipart';
    d.bodyTextWrap.hidden = r.bodyMode !== 'text';
    d.autoToggles.hidden = r.bodyMode === 'none';
    if (d.bodyText.value !== r.bodyText) d.bodyText.value = r.bodyText;
    d.autoType.checked = r.autoType;
    d.autoLength.checked = r.autoLength;
    this.renderFields();
  }

  renderFields(focusLast) {
    if (this.$.bodyFields.hidden) return;
    const list = this.list();
    this.$.fields.replaceChildren(...list.map((f, i) => kvRow(f, {
      label: 'field',
      onToggle: () => { this.renderBodyAuto(); this.changed(); },
      onInput: () => { this.renderBodyAuto(); this.changed(); },
      onDelete: () => { list.splice(i, 1); this.renderFields(); this.renderBodyAuto(); this.changed(); },
    })));
    if (focusLast) $$('input[data-k="name"]', this.$.fields).pop()?.focus();
  }

  renderCounts() {
    if (this.c.mode !== 'form') return;
    const r = this.req;
    const n = (x) => (x ? String(x) : '');
    this.$.countParams.textContent = n(wire.queryParams(wire.splitTarget(r.target).query).length);
    this.$.countHeaders.textContent = n(r.headers.filter((h) => h.on).length + wire.autoHeaders(r).length);
    const b = wire.body(r).bytes.length;
    this.$.countBody.textContent = r.bodyMode === 'none' ? '' : formatBytes(b);
  }

  renderPreview() {
    const bytes = this.bytes();
    this.$.size.textContent = formatBytes(bytes.length);
    this.$.preview.replaceChildren(...markBytes(wire.showBytes(bytes)));
    this.$.preview.dataset.len = String(bytes.length);
  }
}

// markBytes turns showBytes text into nodes: CR and LF become small
// "CR" "LF" tags (fonts often lack ␍ ␊), \xHH escapes are coloured.
export function markBytes(text) {
  const out = [];
  const re = /[\u240D\u240A]|\\x[0-9a-f]{2}/g;
  let last = 0;
  let m;
  while ((m = re.exec(text))) {
    if (m.index > last) out.push(document.createTextNode(text.slice(last, m.index)));
    if (m[0].startsWith('\\')) out.push(el('span.x', m[0]));
    else out.push(el('span.m', { dataset: { c: m[0] === '\u240D' ? 'CR' : 'LF' }, 'aria-label': m[0] === '\u240D' ? 'CR' : 'LF' }));
    last = re.lastIndex;
  }
  if (last < text.length) out.push(document.createTextNode(text.slice(last)));
  return out;
}

// kvRow is one editable row of a name/value table.
function kvRow(row, { label, list, disabled, onToggle, onInput, onDelete }) {
  const node = el('div.kv-row' + (row.on ? '' : '.off'));
  const cb = el('input', { type: 'checkbox', checked: row.on, disabled, 'aria-label': `Send this ${label}` });
  cb.addEventListener('change', () => { row.on = cb.checked; node.classList.toggle('off', !row.on); onToggle(); });
  const name = el('input', { value: row.name, placeholder: 'name', 'aria-label': `${label} name`, spellcheck: 'false', list, disabled, dataset: { k: 'name' } });
  name.addEventListener('input', () => { row.name = name.value; onInput(); });
  let value;
  if (row.file) {
    value = el('span.file-chip', { title: row.file.name }, `file: ${row.file.name} · ${row.file.type} · ${formatBytes(row.file.data.length)}`);
  } else {
    value = el('input', { value: row.value, placeholder: 'value', 'aria-label': `${label} value`, spellcheck: 'false', disabled, dataset: { k: 'value' } });
    value.addEventListener('input', () => { row.value = value.value; onInput(); });
  }
  const del = el('button.icon-btn', { type: 'button', 'aria-label': `Remove this ${label}`, title: 'Remove', disabled, onclick: onDelete }, '✕');
  node.append(cb, name, value, del);
  return node;
}
