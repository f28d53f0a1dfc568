# translate_path serves a subfolder: / is the blog directory.
import os
import sys
from http.server import SimpleHTTPRequestHandler, HTTPServer


class BlogHandler(SimpleHTTPRequestHandler):
    def translate_path(self, path):
        path = super().translate_path(path)
        rel = os.path.relpath(path, os.getcwd())
        return os.path.join(os.getcwd(), 'blog', rel)


HTTPServer(('', int(sys.argv[1])), BlogHandler).serve_forever()
