# SimpleHTTPRequestHandler plus do_PUT, which stores the request body as a
# file so that you can watch the served directory change (Python 2.7).
# Run it like python -m SimpleHTTPServer:  python2 upload.py [PORT]
import os
import SimpleHTTPServer


class UploadHandler(SimpleHTTPServer.SimpleHTTPRequestHandler):

    def do_PUT(self):
        try:
            length = int(self.headers.get('Content-Length', ''))
        except ValueError:
            self.send_error(411, 'Content-Length required')
            return
        path = self.translate_path(self.path)
        if path.endswith('/') or os.path.isdir(path):
            self.send_error(409, 'Cannot replace a directory')
            return
        try:
            with open(path, 'wb') as f:
                f.write(self.rfile.read(length))
        except (IOError, OSError):
            self.send_error(409, 'Cannot create the file')
            return
        self.send_response(201)
        self.send_header('Content-Length', '0')
        self.end_headers()


if __name__ == '__main__':
    SimpleHTTPServer.test(HandlerClass=UploadHandler)
