# SimpleHTTPRequestHandler plus do_PUT, which stores the request body as a
# file so that you can watch the served directory change.
# Run it like python -m http.server:  python3 upload.py [-b ADDRESS] [-p VERSION] [PORT]
import argparse
import http.server
import os


class UploadHandler(http.server.SimpleHTTPRequestHandler):

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
    parser = argparse.ArgumentParser()
    parser.add_argument('-b', '--bind', default='0.0.0.0')
    parser.add_argument('-p', '--protocol', default='HTTP/1.0')
    parser.add_argument('port', type=int, nargs='?', default=8000)
    args = parser.parse_args()
    http.server.test(HandlerClass=UploadHandler, port=args.port,
                     bind=args.bind, protocol=args.protocol)
