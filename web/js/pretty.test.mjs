// Run with: node --test web/js/
import test from 'node:test';
import assert from 'node:assert/strict';
import { prettyJSON, prettyHTML } from './pretty.js';

test('prettyJSON indents JSON and refuses the rest', () => {
  assert.equal(prettyJSON('{"a":[1,2],"b":"x"}'), '{\n  "a": [\n    1,\n    2\n  ],\n  "b": "x"\n}');
  assert.equal(prettyJSON('{oops'), null);
});

test('prettyHTML nests tags and keeps pre text', () => {
  assert.equal(prettyHTML('<!DOCTYPE html><html><body><h1>Hi  there</h1><br><pre> a\n b</pre></body></html>'),
    '<!DOCTYPE html>\n<html>\n  <body>\n    <h1>\n      Hi there\n    </h1>\n    <br>\n    <pre> a\n b\n    </pre>\n  </body>\n</html>\n');
});
