# The program from the question "how do do_GET and do_POST get called in
# SimpleHTTPServer?": its ServerHandler, served by a socketserver.TCPServer,
# which handles one connection at a time.
# Run it:  python3 seed.py [-b ADDRESS] [-p VERSION] [PORT]
import argparse
import cgi
import http.server
import socketserver


class ServerHandler(http.server.SimpleHTTPRequestHandler):

    def do_GET(self):
        print(self.headers)
        http.server.SimpleHTTPRequestHandler.do_GET(self)

    def do_POST(self):
        print(self.headers)
        form = cgi.FieldStorage(
            fp=self.rfile,
            headers=self.headers,
            environ={'REQUEST_METHOD': 'POST',
                     'CONTENT_TYPE': self.headers['Content-Type']})
        for item in form.list:
            print(item)
        http.server.SimpleHTTPRequestHandler.do_GET(self)


if __name__ == '__main__':
    parser = argparse.ArgumentParser()
    parser.add_argument('-b', '--bind', default='')
    parser.add_argument('-p', '--protocol', default='HTTP/1.0')
    parser.add_argument('port', type=int, nargs='?', default=8000)
    args = parser.parse_args()
    ServerHandler.protocol_version = args.protocol
    httpd = socketserver.TCPServer((args.bind, args.port), ServerHandler)
    print('serving at port', httpd.server_address[1])
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
