"""Run this interpreter's own SimpleHTTPServerTestCase against httpsim serve.

Usage: python runner.py HTTPSIM PROFILE

The test module is the interpreter's own test.test_httpservers (its
stdlib copy; nothing of it is in this repository). Its BaseTestCase.setUp
starts TestServerThread, which runs an in-process HTTPServer; this runner
replaces that class with one that starts `HTTPSIM serve --python PROFILE`
as a separate process on 127.0.0.1 and an OS-chosen port, serving
tempfile.gettempdir() (the directory the test chdirs into and makes its
files under; point TMPDIR at a private directory). Everything else in the
tests runs as CPython wrote it.

The last line on stdout is a JSON summary: the class's tests, how many
ran, and the names of those that failed, raised or were skipped. The unittest report and the
server's stderr go to stderr.
"""
import json
import re
import subprocess
import sys
import tempfile
import threading
import unittest

HTTPSIM, PROFILE = sys.argv[1], sys.argv[2]

from test import test_httpservers as suite


class ProcessServer(threading.Thread):
    """TestServerThread's interface (start, stop, the test object's HOST,
    PORT and server_started) over an httpsim serve process."""

    def __init__(self, test_object, request_handler):
        threading.Thread.__init__(self)
        self.test_object = test_object
        self.proc = None

    def run(self):
        self.proc = subprocess.Popen(
            [HTTPSIM, 'serve', '--python', PROFILE, '-b', '127.0.0.1',
             '-d', tempfile.gettempdir(), '0'],
            stdout=subprocess.PIPE, stderr=sys.stderr)
        line = self.proc.stdout.readline().decode('latin-1')
        m = re.search(r' port (\d+)', line)
        if not m:
            self.proc.kill()
            self.proc.wait()
            raise RuntimeError('httpsim serve did not start: %r' % line)
        self.test_object.HOST = '127.0.0.1'
        self.test_object.PORT = int(m.group(1))
        self.test_object.server_started.set()
        self.test_object = None

    def stop(self):
        self.join()
        self.proc.terminate()
        self.proc.wait()
        self.proc.stdout.close()


suite.TestServerThread = ProcessServer


def names(pairs):
    return [test.id().rsplit('.', 1)[-1] for test, _ in pairs]


cases = unittest.defaultTestLoader.loadTestsFromTestCase(suite.SimpleHTTPServerTestCase)
# The suite drops each test once it has run, so name them first.
tests = [test.id().rsplit('.', 1)[-1] for test in cases]
result = unittest.TextTestRunner(stream=sys.stderr, verbosity=2).run(cases)
print(json.dumps({
    'python': sys.version.split()[0],
    'tests': tests,
    'run': result.testsRun,
    'failures': names(result.failures),
    'errors': names(result.errors),
    'skipped': names(result.skipped),
}))
