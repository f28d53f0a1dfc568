// scenarios.js: the gallery. Each scenario sets the server, the files
// (the sample site unless said otherwise) and the request, and explains
// in one paragraph what a learner should notice.

import { newRequest, CR_MARK } from './wire.js';

const h = (name, value) => ({ name, value, on: true });
const curlish = [h('Host', '127.0.0.1:8000'), h('User-Agent', 'curl/8.5.0'), h('Accept', '*/*')];

const form = (fields) => fields.map(([name, value]) => ({ name, value, on: true }));

// Scenarios with `script` run a learner's own handler script (a file in
// web/scripts/, shown in the editor as server.py) on real Python in the
// page; the Go simulator stays the server around it.
export const scriptScenarios = [
  {
    id: 'question-as-posted',
    title: 'The question\'s script, as posted',
    tag: 'my script · 1 of 3 · SyntaxError',
    script: 'question-as-posted.py',
    settings: { python: '3.12', handler: 'script', protocol: 'HTTP/1.0' },
    requests: [newRequest({ target: '/hello.txt', headers: curlish })],
    explain: 'This is the script the question was asked about, exactly as it was written: for Python 2, where print was a statement and the modules were called SimpleHTTPServer and SocketServer. Python 3 never gets as far as the imports. Before running anything it compiles the whole file, and print "serving at port", port is not valid Python 3, so the compiler stops with a SyntaxError (and, since 3.10, a hint about the missing parentheses). Nothing ran, so no port was opened and curl is refused. The editor marks the line. Next step: the port to Python 3.',
  },
  {
    id: 'question-ported',
    title: 'Ported to Python 3: the server wants the class',
    tag: 'my script · 2 of 3 · TypeError',
    script: 'question-ported.py',
    settings: { python: '3.12', handler: 'script', protocol: 'HTTP/1.0' },
    requests: [newRequest({ target: '/hello.txt', headers: curlish })],
    explain: 'Now the names are Python 3\'s and print is a function, so the file compiles and runs from the top: the imports (cgi warns that it is deprecated), the class statement, and then Handler = ServerHandler(1000). That line calls the class, which makes an instance, and a request handler\'s __init__ wants the connection it is to serve: (request, client_address, server). It got one argument instead of three, so it raises a TypeError and the script ends before TCPServer is ever created. That is the answer hidden in the question: you never create the handler, or call do_GET, yourself. You give the server the class, and it makes one handler per connection.',
  },
  {
    id: 'question-fixed',
    title: 'Fixed: who calls do_GET now?',
    tag: 'my script · 3 of 3 · GET',
    script: 'question-fixed.py',
    settings: { python: '3.12', handler: 'script', protocol: 'HTTP/1.0' },
    requests: [newRequest({ target: '/hello.txt', headers: curlish })],
    explain: 'With Handler = ServerHandler the script starts: the console shows the cgi warning and "serving at port 8000", and serve_forever waits. For each connection socketserver calls ServerHandler(request, client_address, server), whose __init__ runs handle(), then handle_one_request(), which reads the request line and calls the method named \'do_\' + command. Step through the dispatch path: the yellow line in the editor follows your do_GET as it prints the headers and hands over to SimpleHTTPRequestHandler.do_GET. Then switch the method to POST and add a form body: do_POST runs instead.',
  },
  {
    id: 'question-fixed-post',
    title: 'Fixed, with a form POST',
    tag: 'my script · POST · cgi',
    script: 'question-fixed.py',
    settings: { python: '3.12', handler: 'script', protocol: 'HTTP/1.0' },
    requests: [newRequest({
      method: 'POST', target: '/', headers: [h('Host', '127.0.0.1:8000'), h('User-Agent', 'curl/8.5.0')],
      bodyMode: 'urlencoded', fields: form([['name', 'Ada Lovelace'], ['lang', 'Python']]),
    })],
    explain: 'The same process serves this POST (the console shows no new startup lines: the script is still running). handle_one_request finds do_POST, which prints the headers, lets cgi.FieldStorage read exactly Content-Length bytes from rfile and prints each field, then answers with do_GET\'s page for the same path. Under Python 3.13 this script cannot start at all: cgi is gone.',
  },
  {
    id: 'forgot-import',
    title: 'cgi used but never imported',
    tag: 'my script · NameError',
    script: 'forgot-import.py',
    settings: { python: '3.12', handler: 'script', protocol: 'HTTP/1.0' },
    requests: [newRequest({
      method: 'POST', target: '/', headers: [h('Host', '127.0.0.1:8000')], bodyMode: 'urlencoded', fields: form([['name', 'Ada']]),
    })],
    explain: 'The script starts fine: Python only looks a name up when the line using it runs, and do_POST has not run yet. The first POST reaches do_POST, cgi is not defined, and the NameError escapes the handler. socketserver catches it in handle_error, prints "Exception occurred during processing of request from ..." with the traceback on stderr, and closes the connection: curl gets an empty reply, not a 500. The server keeps serving; GETs still work.',
  },
  {
    id: 'cors',
    title: 'A CORS preflight, answered',
    tag: 'my script · OPTIONS · end_headers',
    script: 'cors.py',
    settings: { python: '3.12', handler: 'script', protocol: 'HTTP/1.0' },
    requests: [newRequest({
      method: 'OPTIONS', target: '/files/data.json',
      headers: [h('Host', '127.0.0.1:8000'), h('Origin', 'http://localhost:3000'), h('Access-Control-Request-Method', 'GET')],
    })],
    explain: 'Before a page on another origin may fetch from this server, the browser sends OPTIONS and reads the Access-Control-* headers of the answer. python -m http.server has no do_OPTIONS, so it answers 501 and the fetch fails. This script adds do_OPTIONS, and overrides end_headers so that every response, this 204 and the files do_GET sends, carries Access-Control-Allow-Origin. Follow end_headers in the dispatch path: send_head calls self.end_headers(), which is yours, and super() takes it back to the built-in one.',
  },
  {
    id: 'json-api',
    title: 'A small JSON API',
    tag: 'my script · POST · json',
    script: 'json-api.py',
    settings: { python: '3.12', handler: 'script', protocol: 'HTTP/1.0' },
    requests: [newRequest({
      method: 'POST', target: '/api/notes', headers: [h('Host', '127.0.0.1:8000'), h('Content-Type', 'application/json')],
      bodyMode: 'text', bodyText: '{"text": "read the http.server source"}',
    })],
    explain: 'NotesAPI builds on BaseHTTPRequestHandler, so nothing serves files: every answer is what its do_GET and do_POST write. do_POST reads Content-Length bytes, parses them with json.loads and appends the note to a class attribute. Send it twice, then GET /api/notes: the notes are still there, because the process lives on between requests (press Restart to forget them). Send invalid JSON to see the 400.',
  },
  {
    id: 'no-end-headers',
    title: 'Forgetting end_headers()',
    tag: 'my script · headers lost',
    script: 'no-end-headers.py',
    settings: { python: '3.12', handler: 'script', protocol: 'HTTP/1.0' },
    requests: [newRequest({ target: '/', headers: curlish })],
    explain: 'In Python 3, send_response and send_header do not write to the socket: they collect the lines in a buffer that end_headers() adds the blank line to and flushes. This do_GET never calls it, so the status line and the header stay in the buffer and are thrown away, and only what it wrote to wfile reaches the client. The log still says 200, because send_response logs when it is called. curl would see a body with no status line (an HTTP/0.9 answer, which it refuses by default). Python 2 wrote each header straight away, so the same code "worked" there.',
  },
  {
    id: 'write-str',
    title: 'wfile.write() given a str',
    tag: 'my script · TypeError',
    script: 'write-str.py',
    settings: { python: '3.12', handler: 'script', protocol: 'HTTP/1.0' },
    requests: [newRequest({ target: '/', headers: curlish })],
    explain: 'wfile is the socket, and a socket carries bytes. The status line and headers went out with end_headers(), and then wfile.write(\'Hello...\') raises TypeError: a bytes-like object is required, not \'str\'. The exception ends the request: socketserver prints it on stderr and closes the connection, so the client has headers and no body. The fix is .encode() (or a b\'...\' literal).',
  },
  {
    id: 'log-message',
    title: 'Your own log_message',
    tag: 'my script · logging',
    script: 'log-message.py',
    settings: { python: '3.12', handler: 'script', protocol: 'HTTP/1.0' },
    requests: [newRequest({ target: '/missing.html', headers: curlish })],
    explain: 'Every log line the server writes goes through self.log_message(format, *args): log_request for the request line and status, log_error for errors, and so send_error for a 404 logs twice. This override prints a short line on stdout instead of writing to stderr, so the console shows two stdout lines and no stderr at all. The dispatch path shows the built-in methods calling into your log_message.',
  },
  {
    id: 'basic-auth',
    title: 'Basic auth in do_GET',
    tag: 'my script · 401',
    script: 'basic-auth.py',
    settings: { python: '3.12', handler: 'script', protocol: 'HTTP/1.0' },
    requests: [newRequest({ target: '/hello.txt', headers: [h('Host', '127.0.0.1:8000'), h('Authorization', 'Basic YWRhOmxvdmVsYWNl')] })],
    explain: 'The client proves who it is by sending Authorization: Basic and base64 of user:password (here ada:lovelace). do_GET compares it with what it expects; on a match super().do_GET() serves the file, otherwise it answers 401 with WWW-Authenticate, which is what makes a browser show its login box. Untick the Authorization header and send again. Base64 is an encoding, not encryption: anyone on the wire can read the password, so use it only over HTTPS.',
  },
];

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

// The question's three steps lead the gallery, right after the question
// itself; the other scripts follow the built-in scenarios.
scenarios.splice(2, 0, ...scriptScenarios.slice(0, 4));
scenarios.push(...scriptScenarios.slice(4));

export const byId = Object.fromEntries(scenarios.map((s) => [s.id, s]));

// scriptURL is where the page fetches a scenario's script from.
export const scriptURL = (name) => new URL(`../scripts/${name}`, import.meta.url).href;
