// Run with: node --test web/js/
// The browser half of these checks is e2e's TestPreviewHandlers and
// TestSanitiserMatchesChromium, which compare with what Chromium parses.
import test from 'node:test';
import assert from 'node:assert/strict';
import { previewDocument, decode, isScriptURL, tokenize, CSP } from './sanitize.js';

const HEAD = '<!DOCTYPE html>\n<meta http-equiv="Content-Security-Policy" content="' + CSP + '">';
const body = (html, opts) => {
  const out = previewDocument(html, opts).html;
  assert.ok(out.startsWith(HEAD), out);
  return out.slice(out.indexOf('</style>') + 8);
};

// grammar checks the property the sanitiser's safety rests on: after the
// doctype every "<" starts <name attr="value" ...> or </name>, values
// hold no quote or angle bracket, and no name is an event handler, a
// script or something that loads.
const TAG = /^<\/?([a-z][a-z0-9]*)((?: [a-z][a-z0-9-]*="[^"<>]*")*)\/?>/;
function grammar(out) {
  let rest = out.slice('<!DOCTYPE html>\n'.length);
  for (let i = rest.indexOf('<'); i >= 0; i = rest.indexOf('<')) {
    rest = rest.slice(i);
    const m = TAG.exec(rest);
    assert.ok(m, `not a tag of the grammar: ${JSON.stringify(rest.slice(0, 60))}`);
    assert.ok(!/^(script|iframe|frame|object|embed|animate|set|link|base|use|image|foreignobject|meta)$/.test(m[1]) || rest.startsWith('<meta http-equiv="Content-Security-Policy"'), m[0]);
    for (const [, name, value] of m[2].matchAll(/ ([a-z][a-z0-9-]*)="([^"]*)"/g)) {
      assert.ok(!/^on/.test(name) && !/^(srcset|href|action|formaction|background|poster)$/.test(name), m[0]);
      if (name === 'src') assert.match(value, /^data:image\//);
    }
    rest = rest.slice(m[0].length);
  }
}

test('event handlers go in every spelling', () => {
  const cases = [
    '<img src="a.png" onerror="x()">', '<IMG SRC=a.png ONERROR=x()>', '<img/src="a.png"/onerror="x()">',
    '<img src=a.png onerror=x()//', '<body ONLOAD="x()">', '<svg onpointerover="x()" OnLoad="x()"></svg>',
    '<svg><animate attributeName="x" dur="1s" onbegin="x()"/></svg>', '<details open ontoggle=x()>d</details>',
    '<input autofocus onfocus="x()">', '<a href="/" onmouseover="x()">a</a>', '<img src="a.png" srcset="b.png 2x">',
    '<p onclick\n=\n"x()">', '<p =onclick="x()">', '<p on\u0000click="x()">', '<svg><set attributeName="href" to="javascript:x()"/></svg>',
  ];
  for (const html of cases) {
    const out = previewDocument(html, { image: () => 'data:image/png;base64,AA==' }).html;
    grammar(out);
    assert.doesNotMatch(out, /\son[a-z\uFFFD]*=|srcset|animate|<set|javascript/i, html);
  }
});

test('scripts and things that load or embed are dropped, their text too', () => {
  assert.equal(body('<p>a<script>x()</script>b<noscript>c</noscript><iframe>d</iframe>e</p>'), '<p>abe</p>');
  assert.equal(body('<object data="x">o</object><embed src="x"><base href="/x"><meta http-equiv="refresh" content="0;url=/x">t'), 'ot');
  assert.equal(body('<SCRIPT>a</script >b'), 'b');
  assert.equal(body('<script>a</scripty></script>b'), 'b');
  assert.equal(body('<svg><script>a</script><circle r="1"/></svg>'), '<svg><circle r="1"/></svg>');
  // A <noscript> is text to a parser that runs scripts and markup to one
  // that does not; either way its end tag ends it here.
  assert.equal(body('<noscript><p title="</noscript><img src=x onerror=x()>">'), '<img>">');
});

test('javascript: URLs go, however they are spelled', () => {
  for (const v of ['javascript:x()', ' JavaScript:x()', '\x01javascript:x()', 'java\tscript:x()', 'java\nscript:x()', 'vbscript:x']) {
    assert.ok(isScriptURL(v), JSON.stringify(v));
  }
  for (const v of ['/javascript:x', 'http://a/javascript:', 'javascript', '?javascript:']) assert.ok(!isScriptURL(v), v);
  for (const href of ['jav&#x61;script&colon;x()', '&#106;avascript:x()', 'java&Tab;script:x()', 'javascript&#58;x()', '&#x6A&#x61vascript:x()']) {
    const r = previewDocument(`<a href="${href}" title="${href}">a</a>`);
    assert.deepEqual(r.links, [], href);
    assert.doesNotMatch(decode(r.html), /javascript/i);
  }
});

test('images and stylesheets come inline from the callbacks, with decoded URLs', () => {
  const asked = [];
  const r = previewDocument('<link rel="Stylesheet" href="a.css?x=1&amp;y=2"><link rel="icon" href="i.png"><img src="files/logo.png?a&amp;b" alt="A"><img src="gone.png"><img>', {
    image: (u) => { asked.push(u); return u.startsWith('files/') ? 'data:image/png;base64,AA==' : null; },
    stylesheet: (u) => { asked.push(u); return 'p::before { content: "</style><img src=x onerror=x()>" }'; },
  });
  assert.deepEqual(asked, ['a.css?x=1&y=2', 'files/logo.png?a&b', 'gone.png']);
  grammar(r.html);
  assert.ok(r.html.includes('<style>p::before { content: "\\3c /style>\\3c img src=x onerror=x()>" }</style>'), r.html);
  assert.ok(r.html.includes('<img alt="A" src="data:image/png;base64,AA==">'), r.html);
  assert.ok(r.html.endsWith('<img><img>'), r.html);
  // A callback's URL that is not an image's data: URL is not written.
  assert.equal(body('<img src="a">', { image: () => 'https://evil.example/a.png' }), '<img>');
});

test('links: inert in the frame, listed with their text and decoded href', () => {
  const r = previewDocument('<a href="?a=1&amp;b=2&copy=3">one <b>&amp; two</b></a><a href="/x">  </a><a name="top">t</a><a href="/y">y<a href="/z">z</a>');
  assert.deepEqual(r.links, [
    { text: 'one & two', href: '?a=1&b=2&copy=3' }, { text: '/x', href: '/x' }, { text: 'y', href: '/y' }, { text: 'z', href: '/z' },
  ]);
  assert.match(r.html, /<a role="link" title="Links are inert[^"]*">one <b>&amp; two<\/b><\/a>/);
  assert.doesNotMatch(r.html, / href=/);
});

test('forms: listed with their fields as the DOM reads them; buttons cannot submit', () => {
  const r = previewDocument(`<form method=post action="/up?a=1&amp;b">
    <input name="q" value="a&amp;b"><input name="c" type="checkbox"><input name="h" type="HIDDEN" value=" x ">
    <input name="t" value="x
y"><input type="submit" name="s" value="go"><input type="image" name="i"><input name="f" type="file">
    <textarea name="ta">
line &lt;1&gt;</textarea>
    <select name="s1"><option>a</option><option value="B" selected>b</option></select>
    <select name="s2"><option disabled>x</option><option> y  z </option></select>
    <select name="s3" multiple><option>m</option></select>
    <button>Send</button><form action="/inner"><input name="n" value="1"></form>
    <button>Out</button><input name="after" value="2"></form>`);
  assert.deepEqual(r.forms, [{
    method: 'POST', action: '/up?a=1&b',
    fields: [['q', 'a&b'], ['c', 'on'], ['h', ' x '], ['t', 'xy'], ['ta', 'line <1>'], ['s1', 'B'], ['s2', 'y z'], ['s3', ''], ['n', '1']]
      .map(([name, value]) => ({ name, value, on: true })),
  }]);
  assert.doesNotMatch(r.html, /action|type="submit"|type="image"/);
  assert.match(r.html, /<input name="s" value="go" type="button">/);
  assert.match(r.html, /<button type="button">Send<\/button>/);
  // The inner form's end tag ends the outer one, as in the tree builder.
  assert.match(r.html, /<\/form>\n    <button>Out<\/button><input name="after" value="2">$/);
  assert.equal(r.html.match(/<form[ >]/g).length, 1);
});

test('text stays text: "<" is escaped everywhere but in the tags written', () => {
  assert.equal(body('a < b <3 <!-- c --> d<!--> e<!---> f<? g > h</ i> j'), 'a &lt; b &lt;3  d e f h j');
  assert.equal(body('<title>a <b> &amp;</title><textarea><i>x</i></textarea>'), '<title>a &lt;b> &amp;</title><textarea>&lt;i>x&lt;/i></textarea>');
  assert.equal(body('<xmp><b>&amp;</b></xmp>'), '<pre>&lt;b>&amp;amp;&lt;/b></pre>');
  assert.equal(body('<plaintext><b>x</b>'), '<pre>&lt;b>x&lt;/b>');
  assert.equal(body('<svg><![CDATA[<b>&amp;</b>]]></svg><![CDATA[x]]>y'), '<svg>&lt;b>&amp;amp;&lt;/b></svg>y');
  // In SVG, <style> is markup and <img> leaves the SVG.
  assert.equal(body('<svg><style><img src=x onerror=x()></style></svg>'), '<svg><style><img></style></svg>');
  assert.equal(body('<style>a{b:c}</style ><style><!-- p{} --></style>'), '<style>a{b:c}</style><style> p{} </style>');
  assert.equal(body('<p title=\'say "hi" <b>\' class=x&amp;y data-on-x=1 aria-label=l>'), '<p title="say &quot;hi&quot; &lt;b&gt;" class="x&amp;y" data-on-x="1" aria-label="l">');
});

test('decode: numeric and named references as the HTML tokenizer resolves them', () => {
  assert.equal(decode('&#65;&#x42;&#X43&#0;&#xD800;&#x110000;&#128;&#x9F;&#;&#x;'), 'ABC\uFFFD\uFFFD\uFFFD\u20ac\u0178&#;&#x;');
  assert.equal(decode('&amp;&lt;&gt;&quot;&apos;&colon;&Tab;&NewLine;&nbsp;&hearts;&nosuch;'), '&<>"\':\t\n\u00a0\u2665&nosuch;');
  // Legacy names may go without ";"; in an attribute, not before "=" or
  // a letter or digit.
  assert.equal(decode('&copy=1&notx&amp &AMP'), '\u00a9=1\u00acx& &');
  assert.equal(decode('&copy=1&notx&amp &AMP', true), '&copy=1&notx& &');
  assert.equal(decode('a=1&lang=en&para=2', true), 'a=1&lang=en&para=2');
  assert.equal(decode('a=1&para;2', true), 'a=1\u00b62');
});

test('tokenize: names lower-cased, first duplicate wins, a tag cut off is dropped', () => {
  const got = [];
  tokenize('<DIV Class=a CLASS=b\tid="i"/>x</DIV foo=bar><p a', (t) => got.push(t));
  assert.deepEqual(got, [
    { type: 'start', name: 'div', attrs: [{ name: 'class', raw: 'a' }, { name: 'id', raw: 'i' }], selfClosing: true, foreign: false },
    { type: 'text', raw: 'x', kind: '', of: '' },
    { type: 'end', name: 'div' },
  ]);
});

test('random markup keeps the grammar (a small fuzz)', () => {
  const parts = ['<', '>', '/', '"', "'", '=', ' ', '\n', 'on', 'onerror', 'a', 'img', 'svg', 'style', 'script', 'noscript', 'title',
    'textarea', 'math', 'mtext', 'table', '!--', '-->', '![CDATA[', ']]>', '&', '#x61;', 'amp;', 'javascript:', 'src', 'href', 'x'];
  let seed = 1;
  const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  for (let k = 0; k < 3000; k++) {
    let s = '';
    for (let j = rand(40); j >= 0; j--) s += parts[rand(parts.length)];
    const r = previewDocument(s, { image: () => 'data:image/png;base64,AA==', stylesheet: (u) => u });
    grammar(r.html);
    for (const l of r.links) assert.ok(!isScriptURL(l.href), s);
  }
});
