// scenarios.js: the gallery. Each scenario sets the server, the files
// (the sample site unless said otherwise) and the request, and explains
// in one paragraph what a learner should notice.

import { newRequest, CR_MARK } from './wire.js';

const h = (name, value) => ({ name, value, on: true });
const curlish = [h('Host', '127.0.0.1:8000'), h('User-Agent', 'curl/8.5.0'), h('Accept', '*/*')];

export const scenarios = [
  {
    id: 'seed-get',
    title: 'Who calls do_GET?',
    tag: 'GET · seed handler',
    settings: { python: '3.12', handler: 'seed', protocol: 'HTTP/1.0' },
    requests: [newRequest({ target: '/hello.txt', headers: curlish })],
    explain: 'This is the question that started httpsim: a ServerHandler subclass defines do_GET and do_POST, but nothing in your code calls them. Follow the dispatch path: handle_one_request reads the request line, parse_request splits it into command, path and version, and then mname = \'do_\' + self.command is looked up with hasattr and called. The seed do_GET prints self.headers (the console shows them on stdout, with the blank line str(headers) ends with) and then hands over to SimpleHTTPRequestHandler.do_GET, which sends hello.txt.',
  },
  {
    id: 'seed-post',
    title: 'A form POST reaches do_POST',
    tag: 'POST · seed handler',
    settings: { python: '3.12', handler: 'seed', protocol: 'HTTP/1.0' },
    requests: [newRequest({
      method: 'POST', target: '/', headers: [h('Host', '127.0.0.1:8000'), h('User-Agent', 'curl/8.5.0')],
      bodyMode: 'urlencoded', fields: [{ name: 'name', value: 'Ada Lovelace', on: true }, { name: 'lang', value: 'Python', on: true }],
    })],
    explain: 'Same handler, same path through handle_one_request, but now command is \'POST\', so mname is \'do_POST\'. The seed do_POST prints the headers, lets cgi.FieldStorage read exactly Content-Length bytes of the body and prints each field (MiniFieldStorage for a urlencoded form), and then calls SimpleHTTPRequestHandler.do_GET: the POST is answered with the page at the same path, index.html. Try the Body tab: switch to multipart and attach a file.',
  },
  {
    id: 'unsupported-method',
    title: '501: python -m http.server has no do_POST',
    tag: 'POST · 501',
    settings: { python: '3.12', handler: 'simple', protocol: 'HTTP/1.0' },
    requests: [newRequest({ method: 'POST', target: '/', headers: [h('Host', '127.0.0.1:8000')], bodyMode: 'urlencoded', fields: [{ name: 'q', value: 'hello', on: true }] })],
    explain: 'SimpleHTTPRequestHandler only defines do_GET and do_HEAD. handle_one_request builds mname = \'do_POST\', hasattr(self, mname) is False, and it calls send_error(501, "Unsupported method (\'POST\')") instead. The body is never read. Every error response adds Connection: close, so the connection ends even on an HTTP/1.1 server.',
  },
  {
    id: 'lowercase-get',
    title: 'Lowercase get is a different method',
    tag: 'get · 501',
    settings: { python: '3.12', handler: 'simple', protocol: 'HTTP/1.0' },
    requests: [newRequest({ method: 'get', target: '/hello.txt' })],
    explain: 'HTTP methods are case-sensitive and http.server takes that literally: the method name is glued onto \'do_\' unchanged, and the class has do_GET, not do_get. So a lowercase get is answered 501 Unsupported method, and the log shows the request line exactly as it arrived.',
  },
  {
    id: 'dir-redirect',
    title: 'A folder without its slash: 301',
    tag: 'GET · 301',
    settings: { python: '3.12', handler: 'simple', protocol: 'HTTP/1.0' },
    requests: [newRequest({ target: '/blog' })],
    explain: 'translate_path maps /blog onto the served directory, and os.path.isdir says it is a directory. Before serving its index.html, send_head redirects to /blog/ with a 301, so that relative links on the page resolve inside the folder. Open the Links list under the preview, or send GET /blog/ to see what comes next.',
  },
  {
    id: 'listing',
    title: 'A directory listing',
    tag: 'GET · listing',
    settings: { python: '3.12', handler: 'simple', protocol: 'HTTP/1.0' },
    requests: [newRequest({ target: '/files/' })],
    explain: '/files/ has no index.html or index.htm, so list_directory builds an HTML page from os.listdir, sorted case-insensitively, with directories marked by a slash. Each name is HTML-escaped for display (&amp; &lt; &gt;) and percent-quoted in its link (%20 for the space). Click a link in the list under the preview to compose the next GET.',
  },
  {
    id: 'not-found',
    title: '404: the file is not there',
    tag: 'GET · 404',
    settings: { python: '3.12', handler: 'simple', protocol: 'HTTP/1.0' },
    requests: [newRequest({ target: '/missing.html' })],
    explain: 'send_head tries to open the translated path; open() raises OSError, and the handler answers send_error(404, "File not found"). The log gets two lines: the error message first, then the request line with its status. The error page body comes from error_message_format, which changed between Python versions: compare them all at once.',
    compare: true,
  },
  {
    id: 'uri-too-long',
    title: '414: a 70 KB request line',
    tag: 'raw · 414',
    settings: { python: '3.12', handler: 'simple', protocol: 'HTTP/1.0' },
    raw: () => 'GET /' + 'a'.repeat(70000) + ' HTTP/1.0' + CR_MARK + '\n' + CR_MARK + '\n',
    explain: 'handle_one_request reads the request line with rfile.readline(65537). If it gets more than 65536 bytes the line is too long: the server answers 414 Request-URI Too Long without parsing anything, so the log shows an empty request line and command is None. The limit is _MAXLINE from http.client.',
  },
  {
    id: 'http09',
    title: 'HTTP/0.9: no version, no headers',
    tag: 'GET · HTTP/0.9',
    settings: { python: '3.12', handler: 'simple', protocol: 'HTTP/1.0' },
    requests: [newRequest({ target: '/hello.txt', version: '' })],
    explain: 'A request line with two words is HTTP/0.9. parse_request accepts it only for GET, sets close_connection, and from then on send_response and send_header write nothing: the answer is the file\'s bytes alone, without a status line or headers. The log still records a 200.',
  },
  {
    id: 'keep-alive',
    title: 'Keep-alive: two requests, one connection',
    tag: 'HTTP/1.1 · pipelined',
    settings: { python: '3.12', handler: 'simple', protocol: 'HTTP/1.1' },
    requests: [
      newRequest({ target: '/hello.txt', version: 'HTTP/1.1', headers: [h('Host', '127.0.0.1:8000')] }),
      newRequest({ target: '/files/data.json', version: 'HTTP/1.1', headers: [h('Host', '127.0.0.1:8000'), h('Connection', 'close')] }),
    ],
    explain: 'With protocol_version HTTP/1.1 and an HTTP/1.1 request, parse_request leaves close_connection False, so handle() loops and handle_one_request reads the second request from the same socket. The second asks for Connection: close and the server closes after answering. Set protocol_version to HTTP/1.0 and send again: the server closes after the first response and never reads the second.',
  },
  {
    id: 'if-modified-since',
    title: 'If-Modified-Since: 304 Not Modified',
    tag: 'GET · 304',
    settings: { python: '3.12', handler: 'simple', protocol: 'HTTP/1.0' },
    requests: [newRequest({ target: '/hello.txt', headers: [h('If-Modified-Since', 'Wed, 24 Dec 2025 18:30:00 GMT')] })],
    explain: 'Since 3.7, send_head compares If-Modified-Since with the file\'s modification time (os.stat\'s st_mtime, to the second) and answers 304 with no body when the file is not newer. Change hello.txt\'s time in the Files tree to see the 200 come back. The header is ignored when If-None-Match is present too. Compare the versions: 3.6 and 2.7 send the full 200 instead.',
    compare: true,
  },
  {
    id: 'traversal',
    title: 'Path traversal is blocked',
    tag: 'GET · ../',
    settings: { python: '3.12', handler: 'simple', protocol: 'HTTP/1.0' },
    requests: [newRequest({ target: '/../../../etc/passwd' })],
    explain: 'A browser or curl would clean up the dots before sending; sent raw, they reach the server. translate_path splits the path into words and drops every \'..\' and \'.\' before joining them onto the served directory, so the request can never leave it: the server looks for /srv/www/etc/passwd and answers 404. Read translate_path\'s return value in the dispatch path.',
  },
  {
    id: 'expect-100',
    title: 'Expect: 100-continue, then a PUT',
    tag: 'PUT · upload handler',
    settings: { python: '3.12', handler: 'upload', protocol: 'HTTP/1.1' },
    requests: [newRequest({
      method: 'PUT', target: '/files/upload.txt', version: 'HTTP/1.1',
      headers: [h('Host', '127.0.0.1:8000'), h('Expect', '100-continue')], bodyMode: 'text', bodyText: 'Uploaded through httpsim.\n',
    })],
    explain: 'On an HTTP/1.1 server, parse_request sees Expect: 100-continue and calls handle_expect_100, which sends an interim "HTTP/1.1 100 Continue" before anything reads the body. Then the upload handler\'s do_PUT reads Content-Length bytes and writes the file: watch /files/upload.txt appear in the file tree, and GET it afterwards.',
  },
  {
    id: 'cgi-removed',
    title: 'Python 3.13 removed cgi',
    tag: '3.13 · startup error',
    settings: { python: '3.13', handler: 'seed', protocol: 'HTTP/1.0' },
    requests: [newRequest({ target: '/hello.txt', headers: curlish })],
    explain: 'The seed handler imports cgi for cgi.FieldStorage. PEP 594 deprecated the module in 3.11 and 3.13 removed it, so under 3.13 seed.py dies with ModuleNotFoundError before the server ever listens: no request is read, and the client only sees its connection refused. Port the handler to email.message or urllib.parse.parse_qs, or pick 3.12.',
  },
  {
    id: 'bare-lf',
    title: 'Bare LF and a folded header',
    tag: 'raw · malformed',
    settings: { python: '3.12', handler: 'seed', protocol: 'HTTP/1.0' },
    raw: () => 'GET /hello.txt HTTP/1.0\nX-Folded: first part\n second part\nHost: 127.0.0.1:8000\n\n',
    explain: 'HTTP says lines end with CRLF, but readline only looks for LF and parse_headers strips either, so bare LF works. A line starting with a space continues the previous header (obsolete line folding): the email parser keeps the fold, as print(self.headers) shows on stdout. The raw editor shows each CR as ↵; this request has none.',
  },
];

scenarios.splice(2, 0, {
  id: 'two-clients',
  title: 'My server hangs when a second client connects',
  tag: 'two clients · TCPServer',
  settings: { python: '3.12', handler: 'seed', protocol: 'HTTP/1.0', server: '', clients: 2 },
  requests: [newRequest({ target: '/hello.txt', headers: curlish })],
  explain: 'The question\'s program serves with socketserver.TCPServer, which handles one connection at a time: serve_forever accepts a connection and calls process_request, which runs the handler right there in the loop. Here client A connects and sends only its request line, as a browser\'s spare connection (or a slow client) does; its handler waits in rfile.readline() for the rest. Client B then sends a whole request, and nothing happens: nobody calls accept(), so B waits in the listen backlog until A is done. Switch the Server class to ThreadingHTTPServer (what python -m http.server uses from 3.7) and B is answered at once, in a thread of its own, while A is still unfinished.',
});

export const byId = Object.fromEntries(scenarios.map((s) => [s.id, s]));
