// wire.js: the bytes a request is made of, built from the composer's
// fields, and the text forms the page shows bytes in. Pure functions;
// node --test runs wire.test.mjs against them.
//
// Strings that stand for wire bytes follow one rule, the same as
// httpsim.send's: a character up to U+00FF is that one byte (ISO-8859-1,
// which is how http.server decodes the request line and headers), and a
// character above it is its UTF-8 bytes. Body text and file contents are
// UTF-8, as an editor would save them.

export const CR_MARK = '\u21B5'; // ↵: a carriage return in the raw editor (␍ is read too)
export const CR_PICTURE = '\u240D'; // ␍: a carriage return in byte previews
export const LF_PICTURE = '\u240A'; // ␊: a line feed in byte previews

const enc = new TextEncoder();

export const utf8 = (s) => enc.encode(s);

export function wireBytes(s) {
  const out = [];
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (c <= 0xff) out.push(c);
    else out.push(...enc.encode(ch));
  }
  return Uint8Array.from(out);
}

// latin1 is the inverse of wireBytes for any bytes: one char per byte.
export function latin1(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
  }
  return s;
}

export function concat(parts) {
  const bufs = parts.map((p) => (typeof p === 'string' ? wireBytes(p) : p));
  const out = new Uint8Array(bufs.reduce((n, b) => n + b.length, 0));
  let o = 0;
  for (const b of bufs) { out.set(b, o); o += b.length; }
  return out;
}

export function bytesEqual(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// ---- The raw editor ----------------------------------------------------
//
// The raw editor is a textarea whose text stands for bytes:
//   ↵ (or ␍)     a carriage return (CR, 0x0D); Enter types ↵ and a line break
//   line break   a line feed (LF, 0x0A)
//   \r \n \t     CR, LF, TAB;  \xHH  any byte;  \\  a backslash
//   other chars  one byte up to U+00FF, else their UTF-8 bytes
// bytesToRawText writes bytes back in that form, so the two round-trip.

export function rawTextToBytes(text) {
  const out = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === CR_MARK || ch === CR_PICTURE) { out.push(13); continue; }
    if (ch === '\\' && i + 1 < text.length) {
      const n = text[i + 1];
      if (n === 'r') { out.push(13); i++; continue; }
      if (n === 'n') { out.push(10); i++; continue; }
      if (n === 't') { out.push(9); i++; continue; }
      if (n === '\\') { out.push(92); i++; continue; }
      if (n === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))) {
        out.push(parseInt(text.slice(i + 2, i + 4), 16));
        i += 3;
        continue;
      }
    }
    const c = text.codePointAt(i);
    if (c > 0xffff) i++;
    if (c <= 0xff) out.push(c);
    else out.push(...enc.encode(String.fromCodePoint(c)));
  }
  return Uint8Array.from(out);
}

export function bytesToRawText(bytes) {
  let s = '';
  for (const b of bytes) {
    if (b === 13) s += CR_MARK;
    else if (b === 10) s += '\n';
    else if (b === 92) s += '\\\\';
    else if (b === 9 || (b >= 0x20 && b < 0x7f)) s += String.fromCharCode(b);
    else s += '\\x' + b.toString(16).padStart(2, '0');
  }
  return s;
}

// pasteText turns pasted text into raw editor text: each CR becomes the
// CR mark, so CRLF survives the textarea (which turns CRLF into LF), and
// reports the line endings it found. Backslash escapes are kept as the
// editor reads them.
export function pasteText(text) {
  const crlf = (text.match(/\r\n/g) || []).length;
  const cr = (text.match(/\r(?!\n)/g) || []).length;
  const lf = (text.match(/(?<!\r)\n/g) || []).length;
  return { text: text.replace(/\r/g, CR_MARK), crlf, cr, lf };
}

// showBytes renders bytes for reading: CR and LF as ␍␊ (a line break
// follows each LF), other control bytes and bytes >= 0x80 as \xHH. Past
// max bytes the middle is elided.
export function showBytes(bytes, max = 16384) {
  if (bytes.length > max) {
    const head = showBytes(bytes.subarray(0, max - 512), Infinity);
    const tail = showBytes(bytes.subarray(bytes.length - 256), Infinity);
    return `${head}\n… ${(bytes.length - max + 256).toLocaleString('en-US')} bytes not shown …\n${tail}`;
  }
  let s = '';
  for (const b of bytes) {
    if (b === 13) s += CR_PICTURE;
    else if (b === 10) s += LF_PICTURE + '\n';
    else if (b === 9) s += '\t';
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += '\\x' + b.toString(16).padStart(2, '0');
  }
  return s;
}

// utf8Runs splits bytes a process wrote into runs of valid UTF-8 text
// ({text}) and single bytes that are not part of any UTF-8 sequence
// ({text: '\\xff', byte: 0xff}), so a console can show each such byte
// as what it is instead of U+FFFD. The sequences accepted are those of
// Unicode's table 3-7 (no overlong forms, no surrogates, nothing past
// U+10FFFF), the same ones TextDecoder and Python's UTF-8 codec accept.
export function utf8Runs(bytes) {
  const out = [];
  let start = 0;
  const flush = (end) => {
    if (end > start) out.push({ text: utf8Decoder.decode(bytes.subarray(start, end)) });
  };
  for (let i = 0; i < bytes.length;) {
    const n = utf8SeqLen(bytes, i);
    if (n > 0) { i += n; continue; }
    flush(i);
    out.push({ text: '\\x' + bytes[i].toString(16).padStart(2, '0'), byte: bytes[i] });
    start = ++i;
  }
  flush(bytes.length);
  return out;
}

const utf8Decoder = new TextDecoder('utf-8');

// shownLine is a request line for a label: the text Python logged, or,
// where that text lost bytes to U+FFFD (2.7 keeps the line as bytes),
// the raw line with each byte that is not UTF-8 as \xHH.
export function shownLine(text, raw) {
  if (!text.includes('\ufffd')) return text;
  let end = raw.length;
  while (end > 0 && (raw[end - 1] === 10 || raw[end - 1] === 13)) end--;
  return utf8Runs(raw.subarray(0, end)).map((r) => r.text).join('');
}

// utf8SeqLen is the length of the well-formed UTF-8 sequence at i, or 0.
function utf8SeqLen(b, i) {
  const c = b[i];
  if (c < 0x80) return 1;
  const lo = (k, min = 0x80, max = 0xbf) => i + k < b.length && b[i + k] >= min && b[i + k] <= max;
  if (c >= 0xc2 && c <= 0xdf) return lo(1) ? 2 : 0;
  if (c === 0xe0) return lo(1, 0xa0) && lo(2) ? 3 : 0;
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return lo(1) && lo(2) ? 3 : 0;
  if (c === 0xed) return lo(1, 0x80, 0x9f) && lo(2) ? 3 : 0;
  if (c === 0xf0) return lo(1, 0x90) && lo(2) && lo(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return lo(1) && lo(2) && lo(3) ? 4 : 0;
  if (c === 0xf4) return lo(1, 0x80, 0x8f) && lo(2) && lo(3) ? 4 : 0;
  return 0;
}

// ---- File times -----------------------------------------------------------

// utcInput is a time in seconds as a datetime-local input's value, read
// as UTC, to the millisecond ("2026-01-01T00:00:00.250"); the fraction is
// left out when it is zero.
export function utcInput(seconds) {
  const d = new Date(Math.floor(seconds * 1000));
  const iso = d.toISOString(); // 2026-01-01T00:00:00.000Z
  return iso.endsWith('.000Z') ? iso.slice(0, 19) : iso.slice(0, 23);
}

// fromUTCInput is the inverse of utcInput: seconds, or NaN for a value
// that is not a date and time.
export function fromUTCInput(value) {
  if (!/^\d{4,}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?$/.test(value)) return NaN;
  return Date.parse(value + 'Z') / 1000;
}

// httpDate is a time in seconds as an HTTP date, "Thu, 01 Jan 2026
// 00:00:00 GMT", the form If-Modified-Since takes (the fraction dropped).
export function httpDate(seconds) {
  return new Date(Math.floor(seconds) * 1000).toUTCString();
}

// hexDump is `hexdump -C` style, up to max bytes.
export function hexDump(bytes, max = 65536) {
  const lines = [];
  const n = Math.min(bytes.length, max);
  for (let o = 0; o < n; o += 16) {
    const row = bytes.subarray(o, Math.min(o + 16, n));
    let hex = '';
    let asc = '';
    for (let i = 0; i < 16; i++) {
      if (i === 8) hex += ' ';
      if (i < row.length) {
        hex += row[i].toString(16).padStart(2, '0') + ' ';
        asc += row[i] >= 0x20 && row[i] < 0x7f ? String.fromCharCode(row[i]) : '.';
      } else hex += '   ';
    }
    lines.push(`${o.toString(16).padStart(8, '0')}  ${hex} |${asc}|`);
  }
  if (bytes.length > n) lines.push(`… ${(bytes.length - n).toLocaleString('en-US')} more bytes`);
  return lines.join('\n');
}

// ---- Query strings and forms --------------------------------------------

// encodeComponent percent-encodes what cannot stand in a query as typed:
// it keeps RFC 3986 unreserved characters and the sub-delims that are
// harmless in a value, and encodes the rest as UTF-8.
export function encodeComponent(s) {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

export function decodeComponent(s) {
  try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch { return s; }
}

// splitTarget: "/a?b=1#x" -> {path: "/a", query: "b=1", hasQuery: true, fragment: "#x"}
export function splitTarget(target) {
  let frag = '';
  const h = target.indexOf('#');
  if (h >= 0) { frag = target.slice(h); target = target.slice(0, h); }
  const q = target.indexOf('?');
  if (q < 0) return { path: target, query: '', hasQuery: false, fragment: frag };
  return { path: target.slice(0, q), query: target.slice(q + 1), hasQuery: true, fragment: frag };
}

// queryParams parses a query string into table rows, decoded for display.
export function queryParams(query) {
  if (query === '') return [];
  return query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    return { name: decodeComponent(name), value: decodeComponent(value), on: true, bare: eq < 0 };
  });
}

// withParams rebuilds a target from its path and the enabled rows.
export function withParams(target, rows) {
  const t = splitTarget(target);
  const on = rows.filter((r) => r.on && (r.name !== '' || r.value !== ''));
  const q = on.map((r) => encodeComponent(r.name) + (r.bare && r.value === '' ? '' : '=' + encodeComponent(r.value))).join('&');
  return t.path + (on.length ? '?' + q : '') + t.fragment;
}

// urlencode is application/x-www-form-urlencoded as a browser writes it.
export function urlencode(fields) {
  const e = (s) => Array.from(utf8(s), (b) => {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9*\-._]/.test(c)) return c;
    if (b === 0x20) return '+';
    return '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }).join('');
  return fields.filter((f) => f.on).map((f) => e(f.name) + '=' + e(f.value)).join('&');
}

// BOUNDARY is fixed so that the same form always gives the same bytes.
export const BOUNDARY = '----httpsimFormBoundary7MA4YWxkTrZu0gW';

const quoteParam = (s) => s.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');

// multipart is multipart/form-data as a browser writes it.
export function multipart(parts, boundary = BOUNDARY) {
  const chunks = [];
  for (const p of parts.filter((x) => x.on)) {
    chunks.push(`--${boundary}\r\n`);
    if (p.file) {
      chunks.push(utf8(`Content-Disposition: form-data; name="${quoteParam(p.name)}"; filename="${quoteParam(p.file.name)}"\r\n`));
      chunks.push(`Content-Type: ${p.file.type || 'application/octet-stream'}\r\n\r\n`);
      chunks.push(p.file.data);
    } else {
      chunks.push(utf8(`Content-Disposition: form-data; name="${quoteParam(p.name)}"\r\n\r\n`));
      chunks.push(utf8(p.value));
    }
    chunks.push('\r\n');
  }
  chunks.push(`--${boundary}--\r\n`);
  return concat(chunks);
}

// ---- Requests -------------------------------------------------------------

// newRequest returns a composer request with nothing filled in.
export function newRequest(over = {}) {
  return {
    method: 'GET', target: '/', version: 'HTTP/1.0',
    headers: [], bodyMode: 'none', fields: [], parts: [], bodyText: '',
    autoType: true, autoLength: true,
    ...over,
  };
}

// body returns a request's body bytes and the Content-Type it implies.
export function body(req) {
  switch (req.bodyMode) {
    case 'urlencoded': return { bytes: wireBytes(urlencode(req.fields)), type: 'application/x-www-form-urlencoded' };
    case 'multipart': return { bytes: multipart(req.parts), type: `multipart/form-data; boundary=${BOUNDARY}` };
    case 'text': return { bytes: utf8(req.bodyText), type: 'text/plain; charset=utf-8' };
    default: return { bytes: new Uint8Array(0), type: '' };
  }
}

// autoHeaders are the headers the composer adds for the body unless the
// table already has them: Content-Type and Content-Length.
export function autoHeaders(req) {
  if (req.version === '' || req.bodyMode === 'none') return [];
  const b = body(req);
  const has = (n) => req.headers.some((h) => h.on && h.name.toLowerCase() === n);
  const out = [];
  if (req.autoType && b.type && !has('content-type')) out.push({ name: 'Content-Type', value: b.type, auto: true });
  if (req.autoLength && !has('content-length')) out.push({ name: 'Content-Length', value: String(b.bytes.length), auto: true });
  return out;
}

// requestBytes builds one request. A version of '' is an HTTP/0.9 style
// request: the request line alone.
export function requestBytes(req) {
  const line = req.method + ' ' + req.target + (req.version === '' ? '' : ' ' + req.version) + '\r\n';
  if (req.version === '') return wireBytes(line);
  const heads = [...req.headers.filter((h) => h.on && h.name !== ''), ...autoHeaders(req)];
  const parts = [line];
  for (const h of heads) parts.push(h.name + ': ' + h.value + '\r\n');
  parts.push('\r\n');
  parts.push(body(req).bytes);
  return concat(parts);
}

export function connectionBytes(requests) {
  return concat(requests.map(requestBytes));
}

// parseRequests reads raw bytes back into composer requests where it
// can. exact says the requests rebuild the very same bytes; when they do
// not (bare LF, obs-fold, a missing version...) the raw editor is the
// only faithful view.
export function parseRequests(bytes) {
  const s = latin1(bytes);
  const reqs = [];
  let i = 0;
  while (i < s.length) {
    const eol = s.indexOf('\r\n', i);
    if (eol < 0) break;
    const words = s.slice(i, eol).split(' ');
    if (words.length < 2 || words.length > 3 || words.some((w) => w === '')) break;
    const req = newRequest({ method: words[0], target: words[1], version: words[2] ?? '', autoType: false, autoLength: false });
    i = eol + 2;
    if (req.version !== '') {
      let ok = false;
      while (i < s.length) {
        const e = s.indexOf('\r\n', i);
        if (e < 0) break;
        const l = s.slice(i, e);
        i = e + 2;
        if (l === '') { ok = true; break; }
        const c = l.indexOf(':');
        if (c <= 0) { i = s.length + 1; break; }
        req.headers.push({ name: l.slice(0, c), value: l.slice(c + 1).replace(/^[ \t]+/, ''), on: true });
      }
      if (!ok) break;
      const cl = req.headers.find((h) => h.name.toLowerCase() === 'content-length');
      const n = cl ? parseInt(cl.value, 10) : 0;
      if (n > 0) {
        const raw = s.slice(i, i + n);
        req.bodyMode = 'text';
        req.bodyText = new TextDecoder().decode(wireBytes(raw));
        i += n;
      }
    }
    reqs.push(req);
  }
  const exact = reqs.length > 0 && bytesEqual(connectionBytes(reqs), bytes);
  return { requests: reqs, exact };
}
