// Run with: node --test web/js/
import test from 'node:test';
import assert from 'node:assert/strict';
import * as hist from './history.js';

class Mem { constructor() { this.m = new Map(); } getItem(k) { return this.m.has(k) ? this.m.get(k) : null; } setItem(k, v) { this.m.set(k, String(v)); } removeItem(k) { this.m.delete(k); } }

const entry = (i, extra = '') => ({
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)), settings: { python: '3.12', handler: 'simple', protocol: 'HTTP/1.0' },
  composer: { mode: 'raw', rawText: 'GET /' + extra, requests: [{ parts: [{ file: { data: new Uint8Array([0, 255]) } }] }], active: 0 },
  scenario: null, label: `GET /${i}`, code: '200', cls: 's2', reply: {},
});

test('history round-trips, newest first, bytes included', () => {
  const s = new Mem();
  assert.equal(hist.save(s, [entry(2), entry(1)]), 2);
  const got = hist.load(s);
  assert.deepEqual(got.map((h) => h.label), ['GET /2', 'GET /1']);
  assert.equal(got[0].at.getTime(), Date.UTC(2026, 0, 1, 0, 0, 2));
  assert.deepEqual([...got[0].composer.requests[0].parts[0].file.data], [0, 255]);
  assert.equal(got[0].reply, null);
});

test('history is capped by count and size; clear empties it', () => {
  const s = new Mem();
  const many = Array.from({ length: 50 }, (_, i) => entry(i));
  assert.equal(hist.save(s, many), hist.MAX_ENTRIES);
  assert.equal(hist.save(s, [entry(1, 'a'.repeat(70000)), entry(2)]), 1);
  assert.deepEqual(hist.load(s).map((h) => h.label), ['GET /2']);
  hist.clear(s);
  assert.deepEqual(hist.load(s), []);
  s.setItem(hist.KEY, 'not json');
  assert.deepEqual(hist.load(s), []);
});
