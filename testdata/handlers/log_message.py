# log_message overridden: the library's log lines come out the learner's way.
import sys
from http.server import SimpleHTTPRequestHandler, HTTPServer


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        sys.stdout.write("LOG %s %s\n" % (self.command, format % args))


HTTPServer(('', int(sys.argv[1])), QuietHandler).serve_forever()
