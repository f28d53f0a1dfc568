// Run with: node --test web/js/
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x from './exporters.js';
import * as w from './wire.js';

// The printf part of the nc command must print the very bytes.
function printfBytes(cmd) {
  const src = cmd.split(' | nc ')[0];
  return new Uint8Array(execFileSync('bash', ['-c', src]));
}

test('printf | nc reproduces every byte', () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  for (const b of [w.wireBytes("GET /a%20b?x='y' HTTP/1.0\r\nX: \\100%\r\n\r\n"), all, w.wireBytes('GET /' + 'a'.repeat(70000) + ' HTTP/1.0\r\n\r\n')]) {
    const cmd = x.printfNc(b);
    assert.deepEqual(printfBytes(cmd), b);
  }
  assert.match(x.printfNc(w.wireBytes('GET /' + 'a'.repeat(70000) + ' HTTP/1.0\r\n\r\n')), /head -c 70000 \/dev\/zero \| tr '\\0' 'a'/);
});

test('curl for form requests, and why not otherwise', () => {
  const r = w.newRequest({ method: 'POST', target: '/', headers: [{ name: 'Host', value: '127.0.0.1:8000', on: true }], bodyMode: 'urlencoded', fields: [{ name: 'a', value: "it's", on: true }] });
  const c = x.curl([r]);
  assert.equal(c.cmd, "curl -sv --http1.0 -X 'POST' -H 'Host: 127.0.0.1:8000' -H 'Content-Type: application/x-www-form-urlencoded' -H 'User-Agent:' -H 'Accept:' --data-binary $'a=it%27s' 'http://127.0.0.1:8000/'");
  assert.equal(x.curl([w.newRequest({ version: '' })]).cmd, null);
  assert.equal(x.curl([w.newRequest({ target: '/a b' })]).cmd, null);
  assert.match(x.curl([w.newRequest({ target: '/../etc/passwd' })]).cmd, /--path-as-is/);
  assert.match(x.curl([w.newRequest({ method: 'HEAD' })]).cmd, /--head/);
});

test('python commands per version and protocol', () => {
  const p = (name) => ({ name });
  assert.deepEqual(x.python({ handler: 'simple', protocol: 'HTTP/1.0' }, p('3.12'), {}).lines, ['python3.12 -m http.server 8000']);
  assert.deepEqual(x.python({ handler: 'simple', protocol: 'HTTP/1.1' }, p('3.12'), {}).lines, ['python3.12 -m http.server --protocol HTTP/1.1 8000']);
  const old = x.python({ handler: 'simple', protocol: 'HTTP/1.1' }, p('3.8'), {});
  assert.deepEqual(old.lines, ['python3.8 serve.py']);
  assert.match(old.files[0].text, /protocol='HTTP\/1.1'/);
  assert.deepEqual(x.python({ handler: 'simple', protocol: 'HTTP/1.0' }, p('2.7'), {}).lines, ['python2.7 -m SimpleHTTPServer 8000']);
  const tcp = x.python({ handler: 'simple', protocol: 'HTTP/1.1', server: 'TCPServer' }, p('3.12'), { serve: '# serve.py\n' });
  assert.deepEqual(tcp.lines, ['python3.12 serve.py --server TCPServer -p HTTP/1.1 8000']);
  assert.deepEqual(tcp.files.map((f) => f.name), ['serve.py']);
  const up = x.python({ handler: 'upload', protocol: 'HTTP/1.0', server: 'HTTPServer' }, p('2.7'), { file: 'upload.py', source: 'pass\n', serve: '# serve.py\n' });
  assert.deepEqual(up.lines, ['python2.7 serve.py --server HTTPServer --handler upload 8000']);
  assert.deepEqual(up.files.map((f) => f.name), ['serve.py', 'upload.py']);
  assert.deepEqual(x.python({ handler: 'simple', protocol: 'HTTP/1.0', server: 'cli' }, p('3.12'), { serve: 'x' }).lines, ['python3.12 -m http.server 8000']);
  const seedThreads = x.python({ handler: 'seed', protocol: 'HTTP/1.0', server: 'ThreadingHTTPServer' }, p('3.12'), { file: 'seed.py', source: 'pass\n', serve: 'x' });
  assert.match(seedThreads.lines[0], /^# seed.py builds socketserver.TCPServer itself: edit it to use ThreadingHTTPServer instead.$/);
  assert.deepEqual(seedThreads.lines.slice(1), ['python3.12 seed.py 8000']);
  const seed = x.python({ handler: 'seed', protocol: 'HTTP/1.1' }, p('3.12'), { file: 'seed.py', source: 'print(1)\n' });
  assert.deepEqual(seed.lines, ['python3.12 seed.py -p HTTP/1.1 8000']);
  assert.deepEqual(seed.files, [{ name: 'seed.py', text: 'print(1)\n' }]);
});

test('a learner\'s script is exported as its file, run as python FILE PORT', () => {
  const src = 'import http.server\nprint("serving at port", 8000)\n';
  const out = x.python({ handler: 'script', protocol: 'HTTP/1.1' }, { name: '3.12' }, { file: 'server.py', source: src });
  assert.deepEqual(out.files, [{ name: 'server.py', text: src }]);
  assert.deepEqual(out.lines, ['python3.12 server.py 8000']);
});

test('tar is a ustar archive that tar reads', () => {
  const t = x.tar([{ path: 'a b', dir: true, mtime: 0 }, { path: 'a b/c&<d>.txt', dir: false, mtime: 1767225600.5, data: w.utf8('hi\n') }]);
  assert.equal(t.length % 512, 0);
  const list = execFileSync('tar', ['-tvf', '-'], { input: t, env: { ...process.env, TZ: 'UTC' } }).toString();
  assert.match(list, /site\/a b\/c&<d>\.txt/);
  assert.match(list, /2026-01-01 00:00 site\/a b\/c&<d>\.txt/); // fs.list() times are seconds
  const body = execFileSync('tar', ['-xOf', '-', 'site/a b/c&<d>.txt'], { input: t }).toString();
  assert.equal(body, 'hi\n');
});

const post = () => w.newRequest({
  method: 'POST', target: '/x?a=1', headers: [{ name: 'Host', value: '127.0.0.1:8000', on: true }, { name: 'X-Note', value: "it's é", on: true }],
  bodyMode: 'urlencoded', fields: [{ name: 'a', value: "it's", on: true }],
});

test('http.client writes the request field by field', () => {
  const c = x.httpClient([post()]).code;
  assert.match(c, /conn\._http_vsn, conn\._http_vsn_str = 10, 'HTTP\/1\.0'\n/);
  assert.match(c, /conn\.putrequest\('POST', '\/x\?a=1', skip_host=True, skip_accept_encoding=True\)\n/);
  assert.match(c, /conn\.putheader\('Host', '127\.0\.0\.1:8000'\)\nconn\.putheader\('X-Note', b'it\\'s \\xc3\\xa9'\.decode\('latin-1'\)\)\nconn\.putheader\('Content-Type', 'application\/x-www-form-urlencoded'\)\nconn\.putheader\('Content-Length', '8'\)\nconn\.endheaders\(b'a=it%27s'\)/);
  assert.equal(x.httpClient([w.newRequest({ version: 'HTTP/2.0' })]).code, null);
  assert.equal(x.httpClient([w.newRequest({ version: '' })]).code, null);
  // Two requests on one connection, stopping if the server closes it.
  assert.match(x.httpClient([w.newRequest({ version: 'HTTP/1.1' }), w.newRequest({ version: 'HTTP/1.1' })]).code, /if resp\.will_close:/);
});

test('requests, fetch and HTTPie leave out the fields they set themselves', () => {
  const r = x.pyRequests([post()]).code;
  assert.match(r, /s\.request\('POST', 'http:\/\/127\.0\.0\.1:8000\/x\?a=1', headers=\{'X-Note': b'it\\'s \\xc3\\xa9'\.decode\('latin-1'\), 'Content-Type': 'application\/x-www-form-urlencoded'\}, data=b'a=it%27s'\)/);
  assert.doesNotMatch(r, /'Host'|Content-Length/);
  const f = x.fetchJS([post()]).code;
  assert.match(f, /await fetch\("http:\/\/127\.0\.0\.1:8000\/x\?a=1", \{ method: "POST", headers: \[\["X-Note", "it's é"\], \["Content-Type", "application\/x-www-form-urlencoded"\]\], body: new Uint8Array\(\[97, 61, 105, 116, 37, 50, 55, 115\]\) \}\)/);
  const h = x.httpie([post()]).code;
  assert.equal(h, "http --print=HBhb --raw 'a=it%27s' POST '127.0.0.1:8000/x?a=1' 'Host:127.0.0.1:8000' 'X-Note:it'\\''s é' 'Content-Type:application/x-www-form-urlencoded'\n");
  assert.equal(x.httpie([w.newRequest({ target: '/a b' })]).code, null);
});

// serveOnce runs python2.7 FILE 0 in dir, sends raw to it and returns
// the first line of the response.
async function serveOnce(dir, file, raw) {
  const py = spawn('/root/.pyenv/versions/2.7.18/bin/python', ['-u', file, '0'], { cwd: dir });
  try {
    const port = await new Promise((res, rej) => {
      let out = '';
      py.stdout.on('data', (d) => { out += d; const m = / port (\d+)[ \n]/.exec(out); if (m) res(Number(m[1])); });
      py.on('exit', (c) => rej(new Error(`python exited ${c}`)));
      setTimeout(() => rej(new Error(`no port in ${JSON.stringify(out)}`)), 10000);
    });
    return await new Promise((res, rej) => {
      const sock = connect(port, '127.0.0.1', () => sock.write(raw));
      let got = '';
      sock.on('data', (d) => { got += d; if (got.includes('\r\n')) { res(got.split('\r\n')[0]); sock.destroy(); } });
      sock.on('error', rej);
    });
  } finally {
    py.kill();
  }
}

test('2.7 with HTTP/1.1 gets files that serve HTTP/1.1', async () => {
  const src = readFileSync(new URL('../../sim/pysrc/seed2.py', import.meta.url), 'utf8');
  const seed = x.python({ handler: 'seed', protocol: 'HTTP/1.1' }, { name: '2.7' }, { file: 'seed.py', class: 'ServerHandler', source: src });
  assert.deepEqual(seed.lines, ['python2.7 seed.py 8000']);
  assert.match(seed.files[0].text, /^class ServerHandler\(SimpleHTTPServer\.SimpleHTTPRequestHandler\):\n    protocol_version = 'HTTP\/1\.1'$/m);
  // A file that starts the server with SimpleHTTPServer.test() gets
  // BaseHTTPServer.test(..., protocol=...), which test() cannot undo.
  assert.equal(x.withProtocol('import SimpleHTTPServer\nclass H(SimpleHTTPServer.SimpleHTTPRequestHandler):\n    pass\nSimpleHTTPServer.test(HandlerClass=H)\n', 'HTTP/1.1', 'H'),
    "import BaseHTTPServer\nimport SimpleHTTPServer\nclass H(SimpleHTTPServer.SimpleHTTPRequestHandler):\n    pass\nBaseHTTPServer.test(HandlerClass=H, protocol='HTTP/1.1')\n");
  const simple = x.python({ handler: 'simple', protocol: 'HTTP/1.1' }, { name: '2.7' }, {});
  assert.deepEqual(simple.lines, ['python2.7 serve.py 8000']);
  const dir = mkdtempSync(join(tmpdir(), 'httpsim-export-'));
  for (const f of [...seed.files, ...simple.files]) writeFileSync(join(dir, f.name), f.text);
  for (const file of ['seed.py', 'serve.py']) {
    assert.equal(await serveOnce(dir, file, 'GET /seed.py HTTP/1.1\r\nHost: x\r\n\r\n'), 'HTTP/1.1 200 OK', file);
  }
});

test('tar writes a name that is not UTF-8 as its bytes', () => {
  const name = Uint8Array.from([0x62, 0x61, 0x64, 0xff, 0x2e, 0x74, 0x78, 0x74]); // bad\xff.txt
  const t = x.tar([{ path: 'bad\ufffd.txt', pathBytes: name, dir: false, mtime: 0, data: w.utf8('x\n') }]);
  const list = execFileSync('tar', ['--quoting-style=literal', '-tf', '-'], { input: t });
  assert.deepEqual([...list], [...Buffer.from('site/\nsite/bad\xff.txt\n', 'latin1')]);
});
