# Binding an address this machine does not have: OSError from bind().
import sys
from http.server import HTTPServer, SimpleHTTPRequestHandler

httpd = HTTPServer(('192.168.1.77', int(sys.argv[1])), SimpleHTTPRequestHandler)
httpd.serve_forever()
