// Run with: node --test web/js/
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
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

test('tar writes a name that is not UTF-8 as its bytes', () => {
  const name = Uint8Array.from([0x62, 0x61, 0x64, 0xff, 0x2e, 0x74, 0x78, 0x74]); // bad\xff.txt
  const t = x.tar([{ path: 'bad\ufffd.txt', pathBytes: name, dir: false, mtime: 0, data: w.utf8('x\n') }]);
  const list = execFileSync('tar', ['--quoting-style=literal', '-tf', '-'], { input: t });
  assert.deepEqual([...list], [...Buffer.from('site/\nsite/bad\xff.txt\n', 'latin1')]);
});
