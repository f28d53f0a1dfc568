// exporters.js: commands that reproduce a scenario on a real machine:
// curl, printf | nc (byte for byte), Python http.client (byte for byte)
// and requests, JavaScript fetch, HTTPie, and the python command line
// with its handler file. Also a tar archive of the virtual files.

import { body, autoHeaders, utf8, latin1 } from './wire.js';

export const HOST = '127.0.0.1';
export const PORT = 8000;

// sq quotes s for a POSIX shell.
export const sq = (s) => "'" + s.replace(/'/g, "'\\''") + "'";

// quoted writes bytes between prefix and a closing quote with the C-style
// escapes that bash's $'...' and Python's b'...' both read the same way.
function quoted(prefix, bytes) {
  let s = prefix;
  for (const b of bytes) {
    if (b === 0x27) s += "\\'";
    else if (b === 0x5c) s += '\\\\';
    else if (b === 13) s += '\\r';
    else if (b === 10) s += '\\n';
    else if (b === 9) s += '\\t';
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += '\\x' + b.toString(16).padStart(2, '0');
  }
  return s + "'";
}

// ansiC quotes bytes as bash's $'...'.
const ansiC = (bytes) => quoted("$'", bytes);

const printable = (s) => /^[\x20-\x7e]*$/.test(s);

// curl builds a curl command for form-mode requests. It returns {cmd,
// notes}; cmd is null when curl cannot send the request at all.
export function curl(requests) {
  const notes = [];
  const parts = [];
  for (const [i, r] of requests.entries()) {
    if (r.version === '') return { cmd: null, notes: ['curl cannot send an HTTP/0.9 request (a request line without a version). Use the printf | nc command.'] };
    if (!/^HTTP\/1\.[01]$/.test(r.version)) return { cmd: null, notes: [`curl only speaks real HTTP versions; it cannot send "${r.version}". Use the printf | nc command.`] };
    if (!printable(r.target) || r.target.includes(' ') || !r.target.startsWith('/')) return { cmd: null, notes: ['curl rejects this request target (spaces, control characters or no leading slash). Use the printf | nc command.'] };
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(r.method)) return { cmd: null, notes: ['curl cannot send this method. Use the printf | nc command.'] };
    const a = [];
    if (i > 0) a.push('--next');
    a.push(r.version === 'HTTP/1.0' ? '--http1.0' : '--http1.1');
    if (r.method === 'HEAD') a.push('--head');
    else if (r.method !== 'GET' || r.bodyMode !== 'none') a.push('-X ' + sq(r.method));
    if (/\/\.\.?(\/|$|\?)/.test(r.target)) a.push('--path-as-is');
    if (/[[\]{}]/.test(r.target)) a.push('--globoff');
    const names = new Set();
    const heads = [...r.headers.filter((x) => x.on && x.name !== ''), ...autoHeaders(r).filter((x) => x.name.toLowerCase() !== 'content-length')];
    for (const x of heads) {
      if (x.name.toLowerCase() === 'content-length') notes.push('curl writes its own Content-Length; a different value in the table is not reproduced.');
      else a.push('-H ' + sq(`${x.name}: ${x.value}`));
      names.add(x.name.toLowerCase());
    }
    for (const d of ['Host', 'User-Agent', 'Accept']) if (!names.has(d.toLowerCase())) a.push('-H ' + sq(d + ':'));
    if (r.bodyMode !== 'none') {
      const b = body(r).bytes;
      a.push('--data-binary ' + ansiC(b));
    }
    a.push(sq(`http://${HOST}:${PORT}${r.target}`));
    parts.push(a.join(' '));
  }
  notes.push('curl puts Host first and may order other headers differently; the printf | nc command sends the exact bytes.');
  return { cmd: 'curl -sv ' + parts.join(' \\\n  '), notes };
}

// sent lists what a form request puts on the wire: its header fields
// in order (the table's, then the automatic ones) and its body bytes.
function sent(r) {
  return { heads: [...r.headers.filter((x) => x.on && x.name !== ''), ...autoHeaders(r)], data: r.bodyMode === 'none' ? null : body(r).bytes };
}

// pyBytes is a Python bytes literal.
const pyBytes = (bytes) => quoted("b'", bytes);

const pyText = (v) => (/^[\x20-\x7e]*$/.test(v) ? pyStr(v) : `${pyBytes(utf8(v))}.decode('latin-1')`);
const jsStr = (v) => JSON.stringify(v);
const tokenMethod = (m) => /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(m);
const plainTarget = (t) => /^\/[\x21-\x7e]*$/.test(t);

// httpClient is a Python 3 script that sends the very bytes with
// http.client: putrequest without its own Host and Accept-Encoding, the
// header fields in order, and the body. One connection carries every
// request, as the composer's connection does. It returns {code, notes};
// code is null when http.client cannot send the request.
export function httpClient(requests) {
  const notes = [];
  const out = ['import http.client', '', `conn = http.client.HTTPConnection(${pyStr(HOST)}, ${PORT})`];
  for (const [i, r] of requests.entries()) {
    if (!/^HTTP\/1\.[01]$/.test(r.version)) return { code: null, notes: [`http.client sends HTTP/1.0 or HTTP/1.1 only, not ${r.version ? `"${r.version}"` : 'HTTP/0.9'}. Use the printf | nc command.`] };
    if (!tokenMethod(r.method) || !plainTarget(r.target)) return { code: null, notes: ['http.client refuses this method or target (spaces, control characters). Use the printf | nc command.'] };
    const { heads, data } = sent(r);
    if (heads.some((h) => /[\r\n]/.test(h.name + h.value))) return { code: null, notes: ['http.client refuses a header with CR or LF in it. Use the printf | nc command.'] };
    if (i > 0) out.push('');
    // _http_vsn_str is what putrequest writes; HTTPConnection has no
    // public switch for HTTP/1.0.
    out.push(`conn._http_vsn, conn._http_vsn_str = ${r.version === 'HTTP/1.0' ? "10, 'HTTP/1.0'" : "11, 'HTTP/1.1'"}`);
    out.push(`conn.putrequest(${pyStr(r.method)}, ${pyStr(r.target)}, skip_host=True, skip_accept_encoding=True)`);
    for (const h of heads) out.push(`conn.putheader(${pyStr(h.name)}, ${pyText(h.value)})`);
    out.push(data ? `conn.endheaders(${pyBytes(data)})` : 'conn.endheaders()');
    out.push('resp = conn.getresponse()', 'print(resp.status, resp.reason)', 'print(resp.headers)', 'print(resp.read())');
    if (i < requests.length - 1) out.push('if resp.will_close:', '    raise SystemExit("the server closed the connection")');
  }
  out.push('conn.close()');
  if (requests.some((r) => r.version === 'HTTP/1.0')) notes.push('conn._http_vsn_str is not public API; it is how http.client writes HTTP/1.0 in its request line.');
  return { code: out.join('\n') + '\n', notes };
}

// pyRequests is a script for the requests library. requests adds its
// own fields (User-Agent, Accept-Encoding, Accept, Connection) unless
// they are set, and always speaks HTTP/1.1.
export function pyRequests(requests) {
  const out = ['import requests', '', 's = requests.Session()'];
  const notes = ['requests always sends HTTP/1.1 and adds Accept-Encoding, Accept, Connection and its own User-Agent where the request has none; printf | nc sends the exact bytes.'];
  for (const r of requests) {
    if (!tokenMethod(r.method) || !plainTarget(r.target)) return { code: null, notes: ['requests cannot send this method or target. Use the printf | nc command.'] };
    const { heads, data } = sent(r);
    const hs = heads.filter((h) => !/^(host|content-length)$/i.test(h.name)).map((h) => `${pyStr(h.name)}: ${pyText(h.value)}`);
    out.push(`r = s.request(${pyStr(r.method)}, ${pyStr(`http://${HOST}:${PORT}${r.target}`)}${hs.length ? `, headers={${hs.join(', ')}}` : ''}${data ? `, data=${pyBytes(data)}` : ''})`);
    out.push('print(r.status_code, r.reason)', 'print(r.headers)', 'print(r.content)');
  }
  return { code: out.join('\n') + '\n', notes };
}

// fetchJS is JavaScript fetch code. Browsers (and Node) set Host,
// Connection and Content-Length themselves and refuse to let code set
// them; a browser page also needs CORS, which http.server does not send.
export function fetchJS(requests) {
  const out = [];
  const notes = ['fetch sends HTTP/1.1 and sets Host, Connection and Content-Length itself; in a browser, http.server sends no CORS headers, so run it with Node (node --input-type=module).'];
  for (const r of requests) {
    if (!tokenMethod(r.method) || !plainTarget(r.target)) return { code: null, notes: ['fetch cannot send this method or target. Use the printf | nc command.'] };
    const { heads, data } = sent(r);
    const hs = heads.filter((h) => !/^(host|connection|content-length)$/i.test(h.name));
    const opts = [`method: ${jsStr(r.method)}`];
    if (hs.length) opts.push(`headers: [${hs.map((h) => `[${jsStr(h.name)}, ${jsStr(h.value)}]`).join(', ')}]`);
    if (data) opts.push(`body: new Uint8Array([${[...data].join(', ')}])`);
    out.push(`{\n  const r = await fetch(${jsStr(`http://${HOST}:${PORT}${r.target}`)}, { ${opts.join(', ')} });\n  console.log(r.status, r.statusText, Object.fromEntries(r.headers));\n  console.log(await r.text());\n}`);
  }
  return { code: out.join('\n') + '\n', notes };
}

// httpie is an HTTPie command per request (HTTPie 3.2+ for --raw).
export function httpie(requests) {
  const out = [];
  const notes = ['HTTPie speaks HTTP/1.1 and adds its own User-Agent, Accept-Encoding, Accept and Connection unless the request sets them.'];
  for (const r of requests) {
    if (!tokenMethod(r.method) || !plainTarget(r.target)) return { code: null, notes: ['HTTPie cannot send this method or target. Use the printf | nc command.'] };
    const { heads, data } = sent(r);
    const a = ['http', '--print=HBhb'];
    if (data && !/^[\x09\x0a\x0d\x20-\x7e]*$/.test(latin1(data))) return { code: null, notes: ['HTTPie takes a text body here; this one has binary bytes. Use the printf | nc command.'] };
    if (data) a.push('--raw ' + sq(latin1(data)));
    a.push(r.method, sq(`${HOST}:${PORT}${r.target}`));
    for (const h of heads) if (!/^content-length$/i.test(h.name)) a.push(sq(`${h.name}:${h.value}`));
    out.push(a.join(' '));
  }
  return { code: out.join('\n') + '\n', notes };
}

// printfNc writes bytes as a printf format (runs of one byte longer than
// 64 become head -c N /dev/zero | tr) piped into nc.
export function printfNc(bytes) {
  const segs = [];
  let fmt = '';
  const flush = () => { if (fmt) segs.push(`printf '${fmt}'`); fmt = ''; };
  for (let i = 0; i < bytes.length;) {
    let j = i;
    while (j < bytes.length && bytes[j] === bytes[i]) j++;
    const b = bytes[i];
    if (j - i > 64 && b >= 0x21 && b < 0x7f && b !== 0x27 && b !== 0x5c) {
      flush();
      segs.push(`head -c ${j - i} /dev/zero | tr '\\0' '${String.fromCharCode(b)}'`);
      i = j;
      continue;
    }
    if (b === 0x25) fmt += '%%';
    else if (b === 0x5c) fmt += '\\\\';
    else if (b === 0x27) fmt += "'\\''";
    else if (b === 13) fmt += '\\r';
    else if (b === 10) fmt += '\\n';
    else if (b === 9) fmt += '\\t';
    else if (b >= 0x20 && b < 0x7f) fmt += String.fromCharCode(b);
    else fmt += '\\' + b.toString(8).padStart(3, '0');
    i++;
  }
  flush();
  const src = segs.length === 1 ? segs[0] : `{ ${segs.join('; ')}; }`;
  return `${src} | nc -N ${HOST} ${PORT}\n# -N (netcat-openbsd) closes the sending side after the last byte, as httpsim's client does.\n# Other netcats: use -q 1, or press Ctrl+C once the response is in.`;
}

// python returns the commands that start the same server, and the
// handler file to save first (if the handler is not the stock one).
// A server class other than the program's own runs through serve.py
// (source.serve), except for seed.py, which builds its TCPServer itself.
export function python(settings, profile, source) {
  const py = profile.name.startsWith('2') ? 'python2.7' : `python${profile.name}`;
  const lines = [];
  const files = [];
  const h = settings.handler;
  const p11 = settings.protocol !== 'HTTP/1.0';
  const server = settings.server || '';
  const own = server === '' || (h === 'simple' && server === 'cli') || (h === 'seed' && server === 'TCPServer');
  if (!own && h !== 'seed' && server !== 'cli' && source.serve) {
    files.push({ name: 'serve.py', text: source.serve });
    if (h === 'upload') files.push({ name: source.file || 'upload.py', text: source.source });
    const handler = h === 'upload' ? ' --handler upload' : '';
    if (profile.name.startsWith('2')) {
      if (p11) lines.push(`# Python 2.7's test() has no protocol option: add protocol_version = ${pyStr(settings.protocol)} to the handler class first.`);
      lines.push(`${py} serve.py --server ${server}${handler} ${PORT}`);
    } else {
      lines.push(`${py} serve.py --server ${server}${handler}${p11 ? ' -p ' + settings.protocol : ''} ${PORT}`);
    }
    return { lines, files };
  }
  if (!own) lines.push(`# ${h === 'seed' ? 'seed.py builds socketserver.TCPServer' : `${source.file || h + '.py'} starts http.server.test()`} itself: edit it to use ${server === 'cli' ? "python -m http.server's class" : server} instead.`);
  if (h === 'simple') {
    if (profile.name.startsWith('2')) {
      if (p11) {
        // BaseHTTPServer.test sets protocol_version from its argument
        // (HTTP/1.0 unless told), so a class attribute would not last.
        files.push({ name: 'serve.py', text: `import BaseHTTPServer\nimport SimpleHTTPServer\nBaseHTTPServer.test(SimpleHTTPServer.SimpleHTTPRequestHandler, protocol=${pyStr(settings.protocol)})\n` });
        lines.push(`${py} serve.py ${PORT}`);
      } else lines.push(`${py} -m SimpleHTTPServer ${PORT}`);
    } else if (!p11) {
      lines.push(`${py} -m http.server ${PORT}`);
    } else if (minor(profile) >= 11) {
      lines.push(`${py} -m http.server --protocol ${settings.protocol} ${PORT}`);
    } else {
      files.push({ name: 'serve.py', text: `import http.server\nhttp.server.test(HandlerClass=http.server.SimpleHTTPRequestHandler, port=${PORT}, protocol=${pyStr(settings.protocol)})\n` });
      lines.push(`${py} serve.py`);
    }
  } else if (h === 'script') {
    // A learner's script runs as the question's does: python FILE PORT.
    const file = source.file || 'server.py';
    files.push({ name: file, text: source.source });
    lines.push(`${py} ${file} ${PORT}`);
  } else {
    const file = source.file || `${h}.py`;
    if (profile.name.startsWith('2') && p11) {
      // 2.7's command lines have no protocol option: the file says it.
      const text = withProtocol(source.source, settings.protocol, source.class);
      files.push({ name: file, text });
      if (text === source.source) lines.push(`# Set protocol_version = ${pyStr(settings.protocol)} in ${file}: it has no ${source.class || 'handler'} class or test() call to change.`);
    } else files.push({ name: file, text: source.source });
    if (profile.name.startsWith('2')) {
      lines.push(`${py} ${file} ${PORT}`);
    } else {
      lines.push(`${py} ${file}${p11 ? ' -p ' + settings.protocol : ''} ${PORT}`);
    }
  }
  return { lines, files };
}

// withProtocol edits a 2.7 handler file to serve protocol. A
// SimpleHTTPServer.test(HandlerClass=...) call becomes
// BaseHTTPServer.test(HandlerClass=..., protocol=...), since test()
// sets protocol_version itself; otherwise the class cls gets a
// protocol_version attribute as the first line of its body. A file with
// neither comes back as it was.
export function withProtocol(src, protocol, cls) {
  const call = /^([ \t]*)SimpleHTTPServer\.test\((HandlerClass=)?(\w+)\)[ \t]*$/m;
  if (call.test(src)) {
    let out = src.replace(call, (_, ind, kw, name) => `${ind}BaseHTTPServer.test(HandlerClass=${name}, protocol=${pyStr(protocol)})`);
    if (!/^import BaseHTTPServer$/m.test(out)) out = out.replace(/^import SimpleHTTPServer$/m, 'import BaseHTTPServer\nimport SimpleHTTPServer');
    return out;
  }
  const lines = src.split('\n');
  const at = cls ? lines.findIndex((l) => new RegExp(`^class\\s+${cls}\\b.*:\\s*$`).test(l)) : -1;
  if (at < 0) return src;
  lines.splice(at + 1, 0, `    protocol_version = ${pyStr(protocol)}`);
  return lines.join('\n');
}

const minor = (p) => parseInt(p.name.split('.')[1], 10);
const pyStr = (s) => "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";

// tar builds a ustar archive of entries ({path, dir, data, mtime}).
export function tar(entries, root = 'site') {
  const blocks = [];
  const header = (name, size, mtime, dir) => {
    const h = new Uint8Array(512);
    // name is a string, or bytes for a path that is not UTF-8.
    let nm = typeof name === 'string' ? utf8(name) : name;
    let prefix = new Uint8Array(0);
    if (nm.length > 100) {
      const cut = nm.subarray(0, 155).lastIndexOf(0x2f);
      prefix = nm.subarray(0, cut);
      nm = nm.subarray(cut + 1);
    }
    const put = (off, len, s) => h.set(typeof s === 'string' ? utf8(s).subarray(0, len) : s.subarray(0, len), off);
    const oct = (n, len) => n.toString(8).padStart(len - 1, '0');
    put(0, 100, nm);
    put(100, 8, dir ? '0000755' : '0000644');
    put(108, 8, '0000000');
    put(116, 8, '0000000');
    put(124, 12, oct(size, 12));
    put(136, 12, oct(Math.floor(mtime), 12)); // seconds, as fs.list() gives them
    h.fill(0x20, 148, 156);
    h[156] = dir ? 0x35 : 0x30;
    put(257, 6, 'ustar');
    put(263, 2, '00');
    put(345, 155, prefix);
    const sum = h.reduce((a, b) => a + b, 0);
    put(148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
    return h;
  };
  blocks.push(header(root + '/', 0, Date.UTC(2025, 11, 24, 18, 30), true));
  for (const e of entries) {
    const name = e.pathBytes
      ? Uint8Array.from([...utf8(root + '/'), ...e.pathBytes, ...(e.dir ? [0x2f] : [])])
      : `${root}/${e.path}${e.dir ? '/' : ''}`;
    const data = e.dir ? new Uint8Array(0) : e.data;
    blocks.push(header(name, data.length, e.mtime, e.dir));
    if (data.length) {
      const pad = new Uint8Array(Math.ceil(data.length / 512) * 512);
      pad.set(data);
      blocks.push(pad);
    }
  }
  blocks.push(new Uint8Array(1024));
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
  let o = 0;
  for (const b of blocks) { out.set(b, o); o += b.length; }
  return out;
}
