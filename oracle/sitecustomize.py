# sitecustomize for the httpsim oracle. The harness puts the directory
# holding this file on PYTHONPATH, so every interpreter imports it at
# startup, before the server module. It changes nothing a user would see in
# a traceback; it only pins down what would otherwise depend on the host.
#
# 1. mimetypes: use the interpreter's built-in table only. Emptying
#    knownfiles first matters: from 3.7 on, init(files=[]) still reads
#    the system files (it uses knownfiles + files).
# 2. HTTPSIM_BIND: the address a server asked to bind '' (all interfaces)
#    binds instead. Python 2.7's SimpleHTTPServer has no bind option.
# 3. HTTPSIM_PROTOCOL: the protocol_version given to the request handler
#    class of every server (python -m http.server has no -p option before
#    3.11, nor do the 2.7 handler scripts). It is set when the server is
#    constructed, after test() has assigned its own default.
import os
import sys

import mimetypes

mimetypes.knownfiles[:] = []
mimetypes.init()


def _httpsim_patch():
    bind = os.environ.get('HTTPSIM_BIND')
    protocol = os.environ.get('HTTPSIM_PROTOCOL')
    if not bind and not protocol:
        return
    if sys.version_info[0] == 2:
        import SocketServer as socketserver
    else:
        import socketserver
    init = socketserver.TCPServer.__init__

    def __init__(self, server_address, RequestHandlerClass, *args, **kwargs):
        if bind and server_address[0] == '':
            server_address = (bind,) + tuple(server_address[1:])
        if protocol:
            # 3.7 and 3.8 pass a functools.partial of the class.
            cls = getattr(RequestHandlerClass, 'func', RequestHandlerClass)
            cls.protocol_version = protocol
        init(self, server_address, RequestHandlerClass, *args, **kwargs)

    socketserver.TCPServer.__init__ = __init__


_httpsim_patch()
del _httpsim_patch
