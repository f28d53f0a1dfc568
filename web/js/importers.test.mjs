// Run with: node --test web/js/
import test from 'node:test';
import assert from 'node:assert/strict';
import * as imp from './importers.js';
import * as w from './wire.js';

const bytes = (reqs) => w.latin1(w.connectionBytes(reqs));

test('shellWords reads the quoting tutorials use', () => {
  assert.deepEqual(imp.shellWords(`curl -H 'A: b c' "x\\"y" $'a\\r\\nb' d\\ e \\\n -v`), ['curl', '-H', 'A: b c', 'x"y', 'a\r\nb', 'd e', '-v']);
  assert.throws(() => imp.shellWords("curl 'oops"), /unclosed/);
});

test('fromCurl builds what curl sends', () => {
  assert.equal(bytes(imp.fromCurl('curl http://127.0.0.1:8000/hello.txt').requests),
    'GET /hello.txt HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n');
  assert.equal(bytes(imp.fromCurl("$ curl -sv --http1.0 -H 'Accept:' -H 'X-A: 1' -A 'me/1' localhost:8000").requests),
    'GET / HTTP/1.0\r\nHost: localhost:8000\r\nUser-Agent: me/1\r\nX-A: 1\r\n\r\n');
  assert.equal(bytes(imp.fromCurl("curl -d 'name=Ada Lovelace' -d lang=Python http://127.0.0.1:8000/").requests),
    'POST / HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 29\r\n\r\nname=Ada Lovelace&lang=Python');
  assert.equal(bytes(imp.fromCurl('curl -I http://h/x').requests).split('\r\n')[0], 'HEAD /x HTTP/1.1');
  assert.equal(bytes(imp.fromCurl('curl -XPUT --data-binary @f http://h/x').requests).split('\r\n')[0], 'PUT /x HTTP/1.1');
  assert.equal(bytes(imp.fromCurl('curl -G --data-urlencode "q=a b" http://h/s').requests).split('\r\n')[0], 'GET /s?q=a+b HTTP/1.1');
  assert.match(bytes(imp.fromCurl('curl -u ada:pw http://h/').requests), /\r\nAuthorization: Basic YWRhOnB3\r\n/);
  assert.throws(() => imp.fromCurl('wget http://h/'), /not a curl command/);
  assert.throws(() => imp.fromCurl('curl -v'), /no URL/);
});

test('fromRaw gives the head CRLF and keeps the body', () => {
  const r = imp.fromRaw('POST / HTTP/1.0\nContent-Length: 4\n\na\nb\n');
  assert.equal(w.latin1(w.rawTextToBytes(r.rawText)), 'POST / HTTP/1.0\r\nContent-Length: 4\r\n\r\na\nb\n');
  assert.equal(r.fixed, 3);
  assert.equal(imp.fromRaw('GET / HTTP/1.0\r\n\r\n').fixed, 0);
});
