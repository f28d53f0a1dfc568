# A NameError in module code: the server never starts.
import sys
import http.server

PORT = int(sys.argv[1])


class Handler(http.server.SimpleHTTPRequestHandler):
    pass


httpd = http.server.HTTPServer(("", PORT), Hnadler)
httpd.serve_forever()
