// importers.js: a request from what a learner has at hand, a curl
// command copied from a tutorial or raw HTTP from a book. fromCurl builds
// the request curl 8 would send; fromRaw reads pasted HTTP, turning the
// bare LF line ends that text usually has into CRLF in the head.

import { newRequest, CR_MARK } from './wire.js';

// shellWords splits a POSIX shell command line: '...', "...", $'...',
// backslash escapes and backslash-newline continuations.
export function shellWords(s) {
  const words = [];
  let w = null;
  const push = (c) => { w = (w ?? '') + c; };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') {
      if (s[i + 1] === '\n') { i++; continue; }
      if (i + 1 < s.length) push(s[++i]);
      continue;
    }
    if (c === "'") {
      const j = s.indexOf("'", i + 1);
      if (j < 0) throw new Error('an unclosed \' quote');
      push(s.slice(i + 1, j));
      i = j;
      continue;
    }
    if (c === '$' && s[i + 1] === "'") {
      let out = '';
      let j = i + 2;
      for (; j < s.length && s[j] !== "'"; j++) {
        if (s[j] !== '\\') { out += s[j]; continue; }
        const n = s[++j];
        const simple = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', e: '\x1b', f: '\f', v: '\v' };
        if (n in simple) out += simple[n];
        else if (n === 'x') { const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(j + 1)); out += String.fromCharCode(parseInt(m[0], 16)); j += m[0].length; }
        else if (/[0-7]/.test(n)) { const m = /^[0-7]{1,3}/.exec(s.slice(j)); out += String.fromCharCode(parseInt(m[0], 8)); j += m[0].length - 1; }
        else out += '\\' + n;
      }
      if (j >= s.length) throw new Error("an unclosed $' quote");
      push(out);
      i = j;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let out = '';
      for (; j < s.length && s[j] !== '"'; j++) {
        if (s[j] === '\\' && /["\\$`\n]/.test(s[j + 1])) { j++; if (s[j] !== '\n') out += s[j]; } else out += s[j];
      }
      if (j >= s.length) throw new Error('an unclosed " quote');
      push(out);
      i = j;
      continue;
    }
    if (/\s/.test(c)) {
      if (w !== null) { words.push(w); w = null; }
      continue;
    }
    push(c);
  }
  if (w !== null) words.push(w);
  return words;
}

const NO_ARG = new Set(['-s', '--silent', '-S', '--show-error', '-v', '--verbose', '-i', '--include', '-L', '--location', '-k', '--insecure',
  '--compressed', '--path-as-is', '-g', '--globoff', '-f', '--fail', '-N', '--no-buffer', '--http1.1', '--http1.0', '-0', '-I', '--head', '-G', '--get']);
const WITH_ARG = new Set(['-o', '--output', '-m', '--max-time', '--connect-timeout', '-w', '--write-out', '--retry']);

// fromCurl returns {requests, notes}: the request curl would send for
// the command (its defaults: HTTP/1.1, Host, User-Agent: curl/8.5.0,
// Accept: */*), and what it left out.
export function fromCurl(cmd) {
  const words = shellWords(cmd.replace(/^\s*\$\s*/, ''));
  if (words[0] !== 'curl') throw new Error('not a curl command (it should start with curl)');
  let method = null;
  let url = null;
  let version = 'HTTP/1.1';
  let head = false;
  let get = false;
  const headers = [];
  const data = [];
  const notes = [];
  const extra = []; // curl's own fields set by options, in curl's order
  for (let i = 1; i < words.length; i++) {
    let a = words[i];
    let v = null;
    const eq = /^(--[\w.-]+)=(.*)$/s.exec(a);
    if (eq) { a = eq[1]; v = eq[2]; }
    const arg = () => {
      if (v !== null) return v;
      if (/^-[A-Za-z]./.test(a) && !a.startsWith('--')) return a.slice(2); // -XPOST
      if (i + 1 >= words.length) throw new Error(`${a} needs a value`);
      return words[++i];
    };
    const short = /^-[A-Za-z]/.test(a) && !a.startsWith('--') ? a.slice(0, 2) : a;
    switch (short) {
      case '-X': case '--request': method = arg(); break;
      case '-H': case '--header': {
        const h = arg();
        const c = h.indexOf(':');
        if (c < 0) { notes.push(`skipped the header ${JSON.stringify(h)}: no colon`); break; }
        headers.push({ name: h.slice(0, c).trim(), value: h.slice(c + 1).trim() });
        break;
      }
      case '-d': case '--data': case '--data-ascii': case '--data-raw': case '--data-binary': {
        const d = arg();
        if (d.startsWith('@') && short !== '--data-raw') notes.push(`${d} reads a file; its name was kept as the data`);
        data.push(short === '--data-binary' || short === '--data-raw' ? d : d.replace(/[\r\n]/g, ''));
        break;
      }
      case '--data-urlencode': {
        const d = arg();
        const k = d.indexOf('=');
        // curl escapes all but A-Z a-z 0-9 - . _ ~, in lowercase hex,
        // and a space as +.
        const esc = (x) => encodeURIComponent(x).replace(/[!'()*]/g, (ch) => '%' + ch.charCodeAt(0).toString(16))
          .replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()).replace(/%20/g, '+');
        data.push(k < 0 ? esc(d) : (k > 0 ? d.slice(0, k) + '=' : '') + esc(d.slice(k + 1)));
        break;
      }
      case '-A': case '--user-agent': extra.push({ name: 'User-Agent', value: arg() }); break;
      case '-e': case '--referer': extra.push({ name: 'Referer', value: arg() }); break;
      case '-b': case '--cookie': extra.push({ name: 'Cookie', value: arg() }); break;
      case '-u': case '--user': extra.push({ name: 'Authorization', value: 'Basic ' + btoa(arg()) }); break;
      case '--url': url = arg(); break;
      default:
        if (a === '--http1.0' || a === '-0') version = 'HTTP/1.0';
        else if (a === '-I' || a === '--head') head = true;
        else if (a === '-G' || a === '--get') get = true;
        else if (NO_ARG.has(a)) { /* output options: nothing on the wire */ } else if (WITH_ARG.has(a)) i++;
        else if (a.startsWith('-')) notes.push(`ignored ${a}`);
        else if (url === null) url = a;
        else notes.push(`only the first URL is used; ignored ${a}`);
    }
  }
  if (url === null) throw new Error('the command has no URL');
  const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : 'http://' + url);
  if (u.protocol !== 'http:') notes.push(`${u.protocol} became plain HTTP: http.server does not speak TLS`);
  let target = (u.pathname || '/') + u.search;
  if (get && data.length) { target += (u.search ? '&' : '?') + data.join('&'); data.length = 0; }
  method = method || (head ? 'HEAD' : data.length ? 'POST' : 'GET');
  const host = u.host;
  // curl's own fields first, each replaced in place by a -H of that
  // name, or dropped by an empty "-H 'Name:'".
  const own = [{ name: 'Host', value: host }];
  const byName = (n) => (x) => x.name.toLowerCase() === n.toLowerCase();
  const auth = extra.find(byName('Authorization'));
  if (auth) own.push(auth);
  own.push(extra.find(byName('User-Agent')) || { name: 'User-Agent', value: 'curl/8.5.0' }, { name: 'Accept', value: '*/*' });
  for (const n of ['Referer', 'Cookie']) { const x = extra.find(byName(n)); if (x) own.push(x); }
  const out = [];
  for (const o of own) {
    const mine = headers.find(byName(o.name));
    if (!mine) out.push(o);
    else if (mine.value !== '') out.push(mine);
  }
  for (const h of headers) if (!own.some(byName(h.name)) && h.value !== '') out.push(h);
  const req = newRequest({ method, target, version, headers: out.map((h) => ({ name: h.name, value: h.value, on: true })) });
  if (data.length) {
    req.bodyMode = 'text';
    req.bodyText = data.join('&');
    req.autoType = false;
    if (!out.some(byName('Content-Type'))) req.headers.push({ name: 'Content-Type', value: 'application/x-www-form-urlencoded', on: true });
    notes.push('curl sends Content-Length before Content-Type; here Content-Length comes last');
  }
  return { requests: [req], notes };
}

// fromRaw reads pasted HTTP into raw editor text. Lines in a request's
// head that end in a bare LF get their CR (text copied from a page has
// none, HTTP needs it); the body is kept as it is. It reports how many
// line ends it changed.
export function fromRaw(text) {
  const t = text.replace(/^\s*\n/, '');
  const blank = /\r?\n\r?\n/.exec(t);
  const headEnd = blank ? blank.index + blank[0].length : t.length;
  let fixed = 0;
  const head = t.slice(0, headEnd).replace(/\r?\n/g, (m) => { if (m === '\n') fixed++; return '\r\n'; });
  const raw = (head + t.slice(headEnd)).replace(/\r/g, CR_MARK);
  return { rawText: raw, fixed };
}
