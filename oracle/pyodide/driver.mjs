// The 3.14 oracle's Node half: loads Pyodide (CPython 3.14.2 in
// WebAssembly) offline from the pinned npm package, once, and then either
//
//   node driver.mjs PYODIDE_DIR serve
//       reads JSON lines on stdin: first {"fixture": [...], "mtime": N},
//       then one case per line for oracle314.serve; writes one JSON
//       result line per case on stdout (see oracle/pyodide/pyodide.go);
//   node driver.mjs PYODIDE_DIR run FILE [ARG...]
//       runs the Python file FILE as __main__ with sys.argv = [FILE, ARG...],
//       its stdout and stderr going to ours, and exits with its status
//       (go generate runs sim/internal/pydata/dump.py this way).
//
// Nothing is fetched: the interpreter, its standard library and this
// directory's oracle314.py are read from disk.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const [pyodideDir, mode, ...rest] = process.argv.slice(2);
if (!pyodideDir || (mode !== "serve" && mode !== "run") || (mode === "run" && rest.length === 0)) {
  process.stderr.write("usage: node driver.mjs PYODIDE_DIR serve | run FILE [ARG...]\n");
  process.exit(2);
}
const dir = resolve(pyodideDir);
const { loadPyodide } = await import(pathToFileURL(join(dir, "pyodide.mjs")).href);

// Only the driver's own diagnostics reach these: cases write to streams
// of their own.
const toStderr = { write: (buf) => { process.stderr.write(buf); return buf.length; } };
const py = await loadPyodide({
  indexURL: dir + "/",
  env: { HOME: "/home/pyodide", LC_ALL: "C.UTF-8", LANG: "C.UTF-8", TZ: "UTC", PYTHONDONTWRITEBYTECODE: "1" },
  stdout: mode === "run" ? undefined : (s) => process.stderr.write(s + "\n"),
  stderr: (s) => process.stderr.write(s + "\n"),
});
if (mode === "run") {
  py.setStdout({ write: (buf) => { process.stdout.write(buf); return buf.length; } });
}
py.setStderr(toStderr);

if (mode === "run") {
  const [file, ...args] = rest;
  py.FS.mkdirTree("/tmp/run");
  const target = "/tmp/run/" + file.split("/").pop();
  py.FS.writeFile(target, readFileSync(file));
  py.globals.set("_target", target);
  py.globals.set("_args", py.toPy(args));
  const code = py.runPython(`
import sys, traceback
def _run(target, args):
    sys.argv = [target] + list(args)
    sys.path[0] = '/tmp/run'
    g = {'__name__': '__main__', '__file__': target, '__builtins__': __builtins__}
    try:
        with open(target, 'rb') as f:
            exec(compile(f.read(), target, 'exec'), g)
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException:
        traceback.print_exc()
        return 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    return 0
_run(_target, _args)
`);
  process.exitCode = code;
} else {
  py.FS.mkdirTree("/oracle");
  py.FS.writeFile("/oracle/oracle314.py", readFileSync(join(here, "oracle314.py")));
  py.runPython("import sys; sys.path.insert(0, '/oracle')");
  const oracle = py.pyimport("oracle314");
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let first = true;
  for await (const line of lines) {
    if (line === "") continue;
    if (first) {
      const init = JSON.parse(line);
      oracle.set_fixture(JSON.stringify(init.fixture));
      oracle.set_mtime(init.mtime);
      oracle.setup();
      first = false;
      process.stdout.write('{"ready":true}\n');
      continue;
    }
    let out;
    try {
      out = oracle.serve(line);
    } catch (e) {
      out = JSON.stringify({ error: String(e) });
    }
    process.stdout.write(out + "\n");
  }
}
