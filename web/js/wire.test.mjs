// Run with: node --test web/js/
import test from 'node:test';
import assert from 'node:assert/strict';
import * as w from './wire.js';

const s = (b) => w.latin1(b);

test('wireBytes: latin-1 below U+0100, UTF-8 above', () => {
  assert.deepEqual([...w.wireBytes('A\u00e9\u00ff')], [0x41, 0xe9, 0xff]);
  assert.deepEqual([...w.wireBytes('\u20ac')], [0xe2, 0x82, 0xac]);
  assert.deepEqual([...w.wireBytes('\u{1F600}')], [0xf0, 0x9f, 0x98, 0x80]);
});

test('raw editor text round-trips every byte', () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  assert.deepEqual(w.rawTextToBytes(w.bytesToRawText(all)), all);
  assert.equal(s(w.rawTextToBytes('GET / HTTP/1.0\u240D\n\u240D\n')), 'GET / HTTP/1.0\r\n\r\n');
  assert.equal(s(w.rawTextToBytes('a\\r\\nb\\x00\\\\\\q')), 'a\r\nb\x00\\\\q');
  assert.equal(w.bytesToRawText(w.wireBytes('X: a\n b\r\n')), 'X: a\n b\u21B5\n');
  assert.equal(s(w.rawTextToBytes('A\u21B5\nB\u240D\n')), 'A\r\nB\r\n');
});

test('query params stay in sync with the target', () => {
  const rows = w.queryParams('q=a+b&x=%26&flag');
  assert.deepEqual(rows.map((r) => [r.name, r.value]), [['q', 'a b'], ['x', '&'], ['flag', '']]);
  assert.equal(w.withParams('/s?old=1#top', rows), '/s?q=a%20b&x=%26&flag#top');
  rows[1].on = false;
  assert.equal(w.withParams('/s', rows), '/s?q=a%20b&flag');
  assert.equal(w.withParams('/s?q=1', []), '/s');
});

test('urlencoded and multipart bodies', () => {
  assert.equal(w.urlencode([{ name: 'name', value: 'Ada L', on: true }, { name: 'x', value: 'é&', on: true }]), 'name=Ada+L&x=%C3%A9%26');
  const m = s(w.multipart([{ name: 'a', value: '1', on: true }, { name: 'f', on: true, file: { name: 'x.txt', type: 'text/plain', data: w.utf8('hi') } }], 'B'));
  assert.equal(m, '--B\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--B\r\nContent-Disposition: form-data; name="f"; filename="x.txt"\r\nContent-Type: text/plain\r\n\r\nhi\r\n--B--\r\n');
});

test('requestBytes adds Content-Type and Content-Length once', () => {
  const r = w.newRequest({ method: 'POST', target: '/', headers: [{ name: 'Host', value: 'x', on: true }, { name: 'Off', value: 'y', on: false }], bodyMode: 'urlencoded', fields: [{ name: 'a', value: 'b', on: true }] });
  assert.equal(s(w.requestBytes(r)), 'POST / HTTP/1.0\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\na=b');
  r.headers.push({ name: 'content-length', value: '99', on: true });
  assert.equal(s(w.requestBytes(r)), 'POST / HTTP/1.0\r\nHost: x\r\ncontent-length: 99\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\na=b');
  assert.equal(s(w.requestBytes(w.newRequest({ target: '/hello.txt', version: '' }))), 'GET /hello.txt\r\n');
});

test('parseRequests reads back what the composer writes', () => {
  const reqs = [w.newRequest({ version: 'HTTP/1.1', headers: [{ name: 'Host', value: 'h', on: true }] }),
    w.newRequest({ method: 'PUT', target: '/a', version: 'HTTP/1.1', bodyMode: 'text', bodyText: 'hé' })];
  const raw = w.connectionBytes(reqs);
  const p = w.parseRequests(raw);
  assert.equal(p.exact, true);
  assert.equal(p.requests.length, 2);
  assert.deepEqual(w.connectionBytes(p.requests), raw);
  assert.equal(w.parseRequests(w.wireBytes('GET / HTTP/1.0\n\n')).exact, false);
  assert.equal(w.parseRequests(w.wireBytes('GET /x\r\n')).exact, true);
});

test('showBytes and hexDump', () => {
  assert.equal(w.showBytes(w.wireBytes('A\r\n\x01\xff')), 'A\u240D\u240A\n\\x01\\xff');
  assert.equal(w.hexDump(w.wireBytes('GET / HTTP/1.0\r\n\r\n')).split('\n')[0], '00000000  47 45 54 20 2f 20 48 54  54 50 2f 31 2e 30 0d 0a  |GET / HTTP/1.0..|');
});

test('pasteText keeps CRLF and counts line endings', () => {
  const got = w.pasteText('GET / HTTP/1.0\r\nHost: x\r\n\r\nbare\nlone\r');
  assert.equal(got.text, `GET / HTTP/1.0${w.CR_MARK}\nHost: x${w.CR_MARK}\n${w.CR_MARK}\nbare\nlone${w.CR_MARK}`);
  assert.deepEqual([got.crlf, got.lf, got.cr], [3, 1, 1]);
  assert.deepEqual([...w.rawTextToBytes(got.text)], [...new TextEncoder().encode('GET / HTTP/1.0\r\nHost: x\r\n\r\nbare\nlone\r')]);
});

test('utf8Runs keeps valid UTF-8 as text and shows every other byte as \\xHH', () => {
  const runs = (b) => w.utf8Runs(Uint8Array.from(b)).map((r) => (r.byte === undefined ? r.text : `[${r.text}]`)).join('');
  // The access log line 2.7 writes for GET /\x80\x9f\xe9\xff (corpus case log_high_bytes).
  assert.equal(runs(w.wireBytes('"GET /\x80\x9f\xe9\xff HTTP/1.0" 404 -\n')), '"GET /[\\x80][\\x9f][\\xe9][\\xff] HTTP/1.0" 404 -\n');
  assert.equal(runs(w.utf8('café ÿ € 😀')), 'café ÿ € 😀');
  assert.equal(runs([0xc3]), '[\\xc3]'); // truncated
  assert.equal(runs([0xc0, 0xaf]), '[\\xc0][\\xaf]'); // overlong
  assert.equal(runs([0xe0, 0x80, 0xaf]), '[\\xe0][\\x80][\\xaf]'); // overlong 3-byte
  assert.equal(runs([0xed, 0xa0, 0x80]), '[\\xed][\\xa0][\\x80]'); // a surrogate
  assert.equal(runs([0xf4, 0x90, 0x80, 0x80]), '[\\xf4][\\x90][\\x80][\\x80]'); // past U+10FFFF
  assert.equal(runs([0xe2, 0x82, 0x41]), '[\\xe2][\\x82]A');
  assert.deepEqual(w.utf8Runs(new Uint8Array(0)), []);
  // Every byte string: the runs hold exactly the bytes, and valid input decodes as TextDecoder does.
  for (let n = 0; n < 2000; n++) {
    const b = Uint8Array.from({ length: 1 + (n % 7) }, (_, i) => (n * 131 + i * 97 + (n >> 3)) & 0xff);
    const rebuilt = w.concat(w.utf8Runs(b).map((r) => (r.byte === undefined ? w.utf8(r.text) : Uint8Array.of(r.byte))));
    assert.deepEqual(rebuilt, b);
    let valid = true;
    try { new TextDecoder('utf-8', { fatal: true }).decode(b); } catch { valid = false; }
    assert.equal(w.utf8Runs(b).every((r) => r.byte === undefined), valid, `bytes ${[...b]}`);
  }
});

test('file times: a datetime-local value in UTC and back, and the HTTP date', () => {
  assert.equal(w.utcInput(1767225600), '2026-01-01T00:00:00');
  assert.equal(w.utcInput(1767225600.25), '2026-01-01T00:00:00.250');
  assert.equal(w.fromUTCInput('2026-01-01T00:00:00.250'), 1767225600.25);
  assert.equal(w.fromUTCInput('2026-01-01T00:00'), 1767225600);
  assert.ok(Number.isNaN(w.fromUTCInput('')));
  assert.ok(Number.isNaN(w.fromUTCInput('yesterday')));
  assert.equal(w.httpDate(1767225600.9), 'Thu, 01 Jan 2026 00:00:00 GMT');
});

test('shownLine: U+FFFD in a logged line falls back to the raw bytes', () => {
  assert.equal(w.shownLine('GET / HTTP/1.0', w.wireBytes('GET / HTTP/1.0\r\n')), 'GET / HTTP/1.0');
  assert.equal(w.shownLine('GET /\ufffd HTTP/1.0', w.wireBytes('GET /\xff HTTP/1.0\r\n')), 'GET /\\xff HTTP/1.0');
  assert.equal(w.shownLine('GET /\u00e9', w.wireBytes('GET /\xe9')), 'GET /\u00e9'); // 3.x decoded latin-1: keep its text
});
