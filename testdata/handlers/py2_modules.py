# Python 2 module names under Python 3: the import fails before anything
# else runs.
import sys
import SimpleHTTPServer

PORT = int(sys.argv[1])
