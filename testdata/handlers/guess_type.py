# guess_type overridden: .md is served as text/markdown, .txt gets a charset.
import sys
from http.server import SimpleHTTPRequestHandler, HTTPServer


class TypedHandler(SimpleHTTPRequestHandler):
    def guess_type(self, path):
        if path.endswith('.md'):
            return 'text/markdown; charset=utf-8'
        if path.endswith('.txt'):
            return 'text/plain; charset=utf-8'
        return super().guess_type(path)


HTTPServer(('', int(sys.argv[1])), TypedHandler).serve_forever()
