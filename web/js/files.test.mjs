// Run with: node --test web/js/
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { quoteBytes } from './files.js';

// fromNotation reads the byte notation of testdata/corpus/README.md for
// one line of text: \xHH is a byte, \\ a backslash, anything else its
// UTF-8 bytes.
function fromNotation(s) {
  const out = [];
  const enc = new TextEncoder();
  for (let i = 0; i < s.length;) {
    if (s[i] === '\\' && s[i + 1] === 'x') {
      out.push(parseInt(s.slice(i + 2, i + 4), 16));
      i += 4;
    } else if (s[i] === '\\') {
      out.push(...enc.encode(s[i + 1]));
      i += 2;
    } else {
      const cp = s.codePointAt(i);
      const ch = String.fromCodePoint(cp);
      out.push(...enc.encode(ch));
      i += ch.length;
    }
  }
  return new Uint8Array(out);
}

// Every link of the recorded listing of the fixture's undecodable/
// directory is what quoteBytes makes of the name shown beside it: the
// expectations are CPython's own output.
for (const [python, py3] of [['2.7', false], ['3.6', true], ['3.13', true]]) {
  test(`quoteBytes matches CPython ${python}'s listing links`, () => {
    const url = new URL(`../../testdata/oracle/${python}/undecodable_listing.txtar`, import.meta.url);
    const rows = [...readFileSync(url, 'utf8').matchAll(/<li><a href="([^"]*)">([^<]*)<\/a>/g)];
    assert.ok(rows.length >= 8, `${rows.length} rows`);
    for (const [, href, shown] of rows) {
      assert.equal(quoteBytes(fromNotation(shown), py3), href, shown);
    }
  });
}
