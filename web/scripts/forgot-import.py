# A form handler that uses cgi but never imports it.
# python server.py [PORT]
import http.server
import socketserver
import sys

port = int(sys.argv[1]) if len(sys.argv) > 1 else 8000


class FormHandler(http.server.SimpleHTTPRequestHandler):

    def do_POST(self):
        form = cgi.FieldStorage(
            fp=self.rfile,
            headers=self.headers,
            environ={'REQUEST_METHOD': 'POST',
                     'CONTENT_TYPE': self.headers['Content-Type']})
        name = form.getfirst('name', 'stranger')
        body = f'Hello, {name}!\n'.encode()
        self.send_response(200)
        self.send_header('Content-Type', 'text/plain; charset=utf-8')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)


with socketserver.TCPServer(("", port), FormHandler) as httpd:
    print("serving at port", port)
    httpd.serve_forever()
