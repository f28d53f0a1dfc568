# The ServerHandler from the question "how do do_GET and do_POST get
# called in SimpleHTTPServer?". Run it the way you would run
# python -m http.server:  python3 seed.py [-b ADDRESS] [-p VERSION] [PORT]
import argparse
import cgi
import http.server


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
    parser.add_argument('-b', '--bind', default='0.0.0.0')
    parser.add_argument('-p', '--protocol', default='HTTP/1.0')
    parser.add_argument('port', type=int, nargs='?', default=8000)
    args = parser.parse_args()
    http.server.test(HandlerClass=ServerHandler, port=args.port,
                     bind=args.bind, protocol=args.protocol)
