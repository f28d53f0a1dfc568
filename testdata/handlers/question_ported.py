# The question's script ported to Python 3 but otherwise as posted: the
# server is handed an instance, ServerHandler(1000), not the class.
import cgi
import http.server
import logging
import socketserver
import sys

PORT = int(sys.argv[1])


class ServerHandler(http.server.SimpleHTTPRequestHandler):

    def do_GET(self):
        logging.warning("======= GET STARTED =======")
        logging.warning(self.headers)
        http.server.SimpleHTTPRequestHandler.do_GET(self)


Handler = ServerHandler(1000)

httpd = socketserver.TCPServer(("", PORT), Handler)

print("serving at port", PORT)
httpd.serve_forever()
