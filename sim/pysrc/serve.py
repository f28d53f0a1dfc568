# python -m http.server (2.7: -m SimpleHTTPServer) with the socketserver
# class named on the command line, which is what httpsim serve --server NAME
# simulates. It starts the server through the module's own test(), so the
# startup line, the log and Ctrl-C are those of python -m http.server; only
# the class that accepts connections differs. Python 2.7 and 3.6 have no
# ThreadingHTTPServer: there it is the class 3.7 added, ThreadingMixIn plus
# HTTPServer.
# Run it:  python serve.py [--server CLASS] [--handler upload] [-b ADDRESS] [-p VERSION] [PORT]
# (2.7 takes no -b or -p.)
import argparse
import sys

if sys.version_info[0] == 2:
    import BaseHTTPServer as server
    import SimpleHTTPServer as simple
    import SocketServer as socketserver
else:
    import http.server as server
    import http.server as simple
    import socketserver


class ThreadingHTTPServer(socketserver.ThreadingMixIn, server.HTTPServer):
    daemon_threads = True


CLASSES = {
    'TCPServer': socketserver.TCPServer,
    'HTTPServer': server.HTTPServer,
    'ThreadingHTTPServer': getattr(server, 'ThreadingHTTPServer',
                                   ThreadingHTTPServer),
}

if __name__ == '__main__':
    parser = argparse.ArgumentParser()
    parser.add_argument('--server', choices=sorted(CLASSES), default='TCPServer')
    parser.add_argument('--handler', choices=['simple', 'upload'], default='simple')
    if sys.version_info[0] > 2:
        parser.add_argument('-b', '--bind')
        parser.add_argument('-p', '--protocol', default='HTTP/1.0')
    parser.add_argument('port', type=int, nargs='?', default=8000)
    args = parser.parse_args()
    handler = simple.SimpleHTTPRequestHandler
    if args.handler == 'upload':
        from upload import UploadHandler as handler
    if sys.version_info[0] == 2:
        sys.argv[1:] = [str(args.port)]  # BaseHTTPServer.test reads argv
        simple.test(HandlerClass=handler, ServerClass=CLASSES[args.server])
    else:
        kw = {'bind': args.bind} if args.bind is not None else {}
        simple.test(HandlerClass=handler, ServerClass=CLASSES[args.server],
                    port=args.port, protocol=args.protocol, **kw)
