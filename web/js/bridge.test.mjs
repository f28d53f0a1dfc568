import test from 'node:test';
import assert from 'node:assert/strict';
import { decode } from './bridge.js';

test('decode returns a plain value', () => {
  assert.deepEqual(decode({ value: ['a', 1] }), ['a', 1]);
  assert.equal(decode({ value: undefined }), undefined);
});

test('decode puts the blobs back in the JSON', () => {
  const b = new Uint8Array([0, 255]);
  const got = decode({ json: '{"data":{"$b":0},"n":{"$b":"x"},"z":null}', blobs: [b] });
  assert.equal(got.data, b);
  assert.deepEqual(got.n, { $b: 'x' });
  assert.equal(got.z, null);
});

test('decode throws the error with the Go stack', () => {
  assert.throws(() => decode({ error: 'httpsim.send: bad', stack: 'goroutine 1' }),
    (e) => e.message === 'httpsim.send: bad' && e.goStack === 'goroutine 1');
  assert.throws(() => decode({ error: 'no stack' }), (e) => !('goStack' in e));
});
