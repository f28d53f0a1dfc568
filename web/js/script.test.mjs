// Run with: node --test web/js/
import test from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { parseTraceback, scriptError, adaptScriptReply, PYODIDE_SIZES } from './script.js';

test('the progress bar knows the pinned Pyodide files', () => {
  for (const [name, size] of Object.entries(PYODIDE_SIZES)) {
    assert.equal(statSync(new URL(`../node_modules/pyodide/${name}`, import.meta.url)).size, size, name);
  }
});

test('parseTraceback reads a SyntaxError frame, which names no function', () => {
  assert.deepEqual(parseTraceback('  File "/srv/www/server.py", line 36\n    print "x", port\n    ^^^\nSyntaxError: m\n'),
    [{ file: '/srv/www/server.py', line: 36, func: '<module>', text: 'print "x", port' }]);
});

const tb = `Traceback (most recent call last):
  File "/srv/www/server.py", line 33, in <module>
    Handler = ServerHandler(1000)
              ^^^^^^^^^^^^^^^^^^^
  File "/usr/lib/python3.12/http/server.py", line 672, in __init__
    super().__init__(*args, **kwargs)
TypeError: BaseRequestHandler.__init__() missing 2 required positional arguments: 'client_address' and 'server'
`;

test('parseTraceback reads each frame and its source line', () => {
  assert.deepEqual(parseTraceback(tb), [
    { file: '/srv/www/server.py', line: 33, func: '<module>', text: 'Handler = ServerHandler(1000)' },
    { file: '/usr/lib/python3.12/http/server.py', line: 672, func: '__init__', text: 'super().__init__(*args, **kwargs)' },
  ]);
  assert.deepEqual(parseTraceback(''), []);
});

test("scriptError takes the runtime's line, or the last frame in the script", () => {
  assert.equal(scriptError({ error: { type: 'SyntaxError', message: 'x', line: 37, col: 1, traceback: '' } }).line, 37);
  const e = scriptError({ error: { type: 'TypeError', message: 'm', line: null, traceback: tb } });
  assert.equal(e.line, 33);
  assert.equal(e.type, 'TypeError');
  assert.equal(scriptError({ error: null }), null);
  assert.equal(scriptError(null), null);
});

test('adaptScriptReply shows a script that never served as refused', () => {
  const r = adaptScriptReply({ error: { type: 'TypeError', message: 'm', traceback: tb }, output: [] }, { file: 'server.py', source: '' });
  assert.equal(r.refused, true);
  assert.equal(r.startupError.traceback[0].file, 'server.py');
  assert.equal(r.startupError.traceback[0].line, 33);
  assert.deepEqual(r.exchanges, []);
  const withText = adaptScriptReply({ output: [{ stream: 'stdout', text: 'é\n', startup: true }] }, { file: 'server.py' });
  assert.deepEqual([...withText.output[0].bytes], [0xc3, 0xa9, 0x0a]);
  const ok = adaptScriptReply({ error: null, exchanges: [{}], output: [], vfs: { changed: [] }, elapsedMs: 1 }, { file: 'server.py' });
  assert.equal(ok.refused, undefined);
});
