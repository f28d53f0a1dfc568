// Run with: node --test web/js/
import test from 'node:test';
import assert from 'node:assert/strict';
import * as c from './compare.js';

const enc = (s) => new TextEncoder().encode(s);
const ex = (status, headers, body, log) => ({
  status, statusLine: `HTTP/1.0 ${status} X`, response: enc('x'), responseHeaders: headers.map(([name, value]) => ({ name, value })),
  responseBody: enc(body), log, stdout: [], trace: [],
});
const run = (version, e) => ({ python: version, version, reply: { refused: false, exchanges: [e], response: enc('x'), stderr: e.log.join('\n'), stdout: '' } });

test('fnv1a is FNV-1a 32', () => {
  assert.equal(c.fnv1a(enc('')), '811c9dc5');
  assert.equal(c.fnv1a(enc('a')), 'e40c292c');
});

test('matrix marks the cells that differ from the base', () => {
  const runs = [
    run('3.6', ex(200, [['Server', 'SimpleHTTP/0.6 Python/3.6.15']], 'hello', ['a'])),
    run('3.7', ex(304, [['Server', 'SimpleHTTP/0.6 Python/3.7.16'], ['ETag', 'x']], '', ['a'])),
  ];
  const m = c.matrix(runs, 0);
  const row = (n) => m.find((r) => r.name === n);
  assert.deepEqual(m.map((r) => r.name), ['status', 'header Server', 'header ETag', 'body size', 'body hash', 'log', 'stdout']);
  assert.deepEqual(row('status').cells.map((x) => x.differs), [false, true]);
  assert.deepEqual(row('header ETag').cells.map((x) => [x.text, x.differs]), [['', false], ['x', true]]);
  assert.deepEqual(row('log').cells.map((x) => x.differs), [false, false]);
  assert.deepEqual(c.matrix(runs, 1).find((r) => r.name === 'status').cells.map((x) => x.differs), [true, false]);
});

test('diffLines aligns the common lines', () => {
  const d = c.diffLines(['a', 'b', 'c'], ['a', 'x', 'c', 'd']);
  assert.deepEqual(d.map((r) => r.op + (r.a ?? r.b)), [' a', '-b', '+x', ' c', '+d']);
});

test('byteLines keeps CR and LF visible', () => {
  assert.deepEqual(c.byteLines(enc('A\r\nB\nC')), ['A\u240D\u240A', 'B\u240A', 'C']);
});
