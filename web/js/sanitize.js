// sanitize.js: turns a served HTML page into the preview frame's srcdoc.
// Pure string work, no DOM: it runs unchanged under `node --test`.
//
// Why a tokenizer of our own instead of DOMParser, <template> or
// document.implementation.createHTMLDocument: all of those build
// elements in a document tied to the page's window, and from Chromium
// 156 on, setting a known event-handler attribute (onerror, onclick,
// onbegin, ...) on an element there is checked against the page's CSP
// at once, during the parse, not when the event would fire; the page
// logs "Executing inline event handler violates ... script-src" for a
// document that can never run anything. Nothing in a spec stops the next
// release from doing more work eagerly in such documents (loading
// images, say), so the page never hands the served markup to any HTML
// parser of its own. It tokenizes the text here, the way the HTML
// standard does (https://html.spec.whatwg.org/multipage/parsing.html#tokenization),
// and writes a new document from an allow-list: known element names,
// known attribute names (none of them on*), every value re-quoted with
// its quotes and angle brackets escaped, every text run with `<`
// escaped. The only parser that ever sees the result is the sandboxed
// frame's, and the result's grammar is too small to be read two ways:
// whatever the frame's parser makes of tag soup, it can only find the
// tags and attributes written here. So safety does not rest on this
// tokenizer agreeing with the browser's in odd cases; fidelity does, and
// that is what the tests compare.

// CSP is the preview's own policy, on top of sandbox="" (no scripts):
// nothing may load except the data: images and styles written inline.
export const CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

// INERT_LINKS styles the anchors whose href was taken away.
const INERT_LINKS = 'a:not([href]){color:#0b62c4;text-decoration:underline;cursor:default}';

const words = (s) => new Set(s.split(/\s+/).filter(Boolean));

// ELEMENTS are written out (with the attributes below); any other tag is
// dropped and its text kept. Not here: script, style sheets by URL,
// frames, plugins, media, <base>, <meta>, SVG animation and <use>.
const ELEMENTS = words(`
  html head body title style
  a abbr address article aside b bdi bdo big blockquote br button caption center cite code col colgroup
  data dd del details dfn dialog div dl dt em fieldset figcaption figure font footer form
  h1 h2 h3 h4 h5 h6 header hgroup hr i img input ins kbd label legend li main mark menu meter nav nobr
  ol optgroup option output p pre progress q rp rt ruby s samp section select small span strike strong
  sub summary sup table tbody td textarea tfoot th thead time tr tt u ul var wbr
  svg g path rect circle ellipse line polyline polygon text tspan defs lineargradient radialgradient stop
  desc clippath`);

// ATTRIBUTES are the names kept on any element in ELEMENTS (plus data-*
// and aria-*). href, src and action are read, then rewritten or dropped.
const ATTRIBUTES = words(`
  id class style title lang dir hidden tabindex role translate
  alt width height name value type checked selected disabled readonly required multiple placeholder
  maxlength minlength min max step size rows cols wrap for label method enctype autocomplete pattern
  colspan rowspan headers scope span align valign border cellpadding cellspacing bgcolor color face
  start reversed open datetime abbr high low optimum nowrap clear noshade summary
  viewbox preserveaspectratio xmlns version fill fill-opacity fill-rule stroke stroke-width stroke-opacity
  stroke-linecap stroke-linejoin stroke-dasharray opacity d x y x1 y1 x2 y2 cx cy r rx ry fx fy dx dy
  points transform font-size font-family font-weight text-anchor dominant-baseline offset stop-color
  stop-opacity gradientunits gradienttransform clip-path clippathunits visibility display`);
const DATA_ARIA = /^(data|aria)-[a-z0-9_.-]+$/;

// Elements whose content the tokenizer reads as text up to their end tag
// (in HTML content; in SVG or MathML they are ordinary elements).
const RAWTEXT = words('style xmp iframe noembed noframes noscript script');
const RCDATA = words('title textarea');
// DROP_CONTENT loses its text too: a browser would not show it.
const DROP_CONTENT = words('script noscript iframe noembed noframes');

// BREAKOUT start tags end SVG or MathML content (the tree construction
// rules for foreign content).
const BREAKOUT = words(`b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i img
  li listing menu meta nobr ol p pre ruby s small span strong strike sub sup table tt u ul var`);
// HTML_INSIDE are the foreign elements whose content is HTML again.
const HTML_INSIDE = words('foreignobject desc title mi mo mn ms mtext annotation-xml');

const WS = /[\t\n\f ]/;

// tokenize calls emit for each token of src: {type: 'start', name,
// attrs: [{name, raw}], selfClosing, foreign}, {type: 'end', name},
// {type: 'text', raw, kind, of} (kind: '' for markup text, 'raw' for
// RAWTEXT and PLAINTEXT, 'rcdata', 'cdata'; of: the element whose text
// it is, for the last three; raw is the source text, character
// references undecoded), and nothing for comments and doctypes. foreign
// says the element is SVG or MathML content, where no tag switches the
// tokenizer to text. Names are lower-cased, attribute duplicates dropped
// (the first one wins), a tag cut off by the end of the input is
// dropped: all as the standard says. It takes time linear in the input,
// whatever the input.
export function tokenize(src, emit) {
  src = src.replace(/\r\n?/g, '\n');
  const n = src.length;
  const foreign = []; // open SVG/MathML elements, innermost last
  const htmlHere = () => !foreign.length || HTML_INSIDE.has(foreign[foreign.length - 1]);
  let i = 0;
  let from = 0; // where the markup text not yet emitted starts
  const text = (raw, kind = '', of = '') => { if (raw) emit({ type: 'text', raw, kind, of }); };
  const skipTo = (s, at) => { const k = src.indexOf(s, at); return k < 0 ? n : k + s.length; };
  const commentEnd = /--!?>/g;
  while (i < n) {
    const lt = src.indexOf('<', i);
    if (lt < 0) break;
    const c = src[lt + 1] || '';
    if (!/[A-Za-z!?/]/.test(c) || (c === '/' && lt + 2 >= n)) { i = lt + 1; continue; } // a "<" that is text
    text(src.slice(from, lt));
    i = lt;
    if (/[A-Za-z]/.test(c) || (c === '/' && /[A-Za-z]/.test(src[i + 2] || ''))) {
      const end = c === '/';
      const tag = readTag(src, i + (end ? 2 : 1));
      if (!tag) { from = i = n; break; } // the input ends inside the tag
      from = i = tag.next;
      if (end) {
        const k = foreign.lastIndexOf(tag.name);
        if (k >= 0) foreign.length = k;
        else if (foreign.length && (tag.name === 'br' || tag.name === 'p')) foreign.length = 0;
        emit({ type: 'end', name: tag.name });
        continue;
      }
      if (foreign.length && !htmlHere() && (BREAKOUT.has(tag.name) || (tag.name === 'font' && tag.attrs.some((a) => /^(color|face|size)$/.test(a.name))))) foreign.length = 0;
      const inForeign = !htmlHere() || tag.name === 'svg' || tag.name === 'math';
      emit({ type: 'start', name: tag.name, attrs: tag.attrs, selfClosing: tag.selfClosing, foreign: inForeign });
      if (inForeign) {
        if (!tag.selfClosing) foreign.push(tag.name);
        continue;
      }
      if (tag.name === 'plaintext') { text(src.slice(i), 'raw', 'plaintext'); from = i = n; break; }
      if (RAWTEXT.has(tag.name) || RCDATA.has(tag.name)) {
        const re = new RegExp(`</${tag.name}[\\t\\n\\f />]`, 'ig');
        re.lastIndex = i;
        const m = re.exec(src);
        const stop = m ? m.index : n;
        text(src.slice(i, stop), RCDATA.has(tag.name) ? 'rcdata' : 'raw', tag.name);
        from = i = stop;
      }
      continue;
    }
    if (c === '/') { // "</>" is dropped, "</?" a bogus comment
      from = i = src[i + 2] === '>' ? i + 3 : skipTo('>', i + 2);
      continue;
    }
    if (c === '!') {
      if (src.startsWith('<!--', i)) {
        const k = i + 4;
        if (src[k] === '>') i = k + 1;
        else if (src.startsWith('->', k)) i = k + 2;
        else {
          commentEnd.lastIndex = k;
          const m = commentEnd.exec(src);
          i = m ? m.index + m[0].length : n;
        }
      } else if (!htmlHere() && src.startsWith('<![CDATA[', i)) {
        const k = src.indexOf(']]>', i + 9);
        text(src.slice(i + 9, k < 0 ? n : k), 'cdata', foreign[foreign.length - 1]);
        i = k < 0 ? n : k + 3;
      } else i = skipTo('>', i + 2); // doctype or bogus comment
      from = i;
      continue;
    }
    from = i = skipTo('>', i + 2); // "<?": a bogus comment
  }
  text(src.slice(from));
}

// readTag reads a tag's name and attributes from just after "<" or "</";
// null if the input ends first.
const TAG_NAME = /[^\t\n\f />]*/y;
const BEFORE_ATTR = /(?:[\t\n\f ]|\/(?!>))*/y;
const ATTR_NAME = /[^\t\n\f />=]*/y;
const SPACE = /[\t\n\f ]*/y;
const UNQUOTED = /[^\t\n\f >]*/y;
const at = (re, src, i) => { re.lastIndex = i; return re.exec(src)[0]; };

function readTag(src, i) {
  const n = src.length;
  const name = at(TAG_NAME, src, i);
  i += name.length;
  const attrs = [];
  const seen = new Set();
  let selfClosing = false;
  for (;;) {
    i += at(BEFORE_ATTR, src, i).length;
    if (i >= n) return null;
    if (src[i] === '/') { selfClosing = true; i += 2; break; }
    if (src[i] === '>') { i++; break; }
    let an = src[i++]; // a leading "=" belongs to the name
    an += at(ATTR_NAME, src, i);
    i = ATTR_NAME.lastIndex;
    i += at(SPACE, src, i).length;
    let raw = '';
    if (src[i] === '=') {
      i += 1 + at(SPACE, src, i + 1).length;
      const q = src[i];
      if (q === '"' || q === "'") {
        const k = src.indexOf(q, i + 1);
        if (k < 0) return null;
        raw = src.slice(i + 1, k);
        i = k + 1;
      } else {
        raw = at(UNQUOTED, src, i);
        i += raw.length;
      }
    }
    an = lower(an);
    if (!seen.has(an)) { seen.add(an); attrs.push({ name: an, raw }); }
  }
  return { name: lower(name), attrs, selfClosing, next: i };
}

// lower lower-cases ASCII only, as the tokenizer does (toLowerCase would
// turn the Kelvin sign into "k").
const lower = (s) => (/[A-Z\0]/.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()).replace(/\0/g, '\uFFFD') : s);

// ---- Character references -------------------------------------------------

// The names that may end without ";" (the standard's legacy list: Latin-1
// and four ASCII ones), each with its code point.
const LATIN1 = 'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml'.split(' ');
const LEGACY = new Map(LATIN1.map((name, k) => [name, String.fromCharCode(0xa0 + k)]));
for (const [name, ch] of [['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['AMP', '&'], ['LT', '<'], ['GT', '>'], ['QUOT', '"'], ['COPY', '\u00a9'], ['REG', '\u00ae']]) LEGACY.set(name, ch);

// NAMED are the names this file knows that need ";": every one that
// stands for ASCII (so a scheme such as "javascript:" cannot hide behind
// a reference left undecoded) and some common punctuation. The frame
// gets references as they were written and decodes all of them; only
// the values the page reads itself (link targets, form fields, button
// labels) see an unknown name as literal text.
const NAMED = new Map([...LEGACY, ...Object.entries({
  Tab: '\t', NewLine: '\n', excl: '!', num: '#', dollar: '$', percnt: '%', apos: "'", lpar: '(', rpar: ')',
  ast: '*', midast: '*', plus: '+', comma: ',', period: '.', sol: '/', colon: ':', semi: ';', equals: '=',
  quest: '?', commat: '@', lsqb: '[', lbrack: '[', bsol: '\\', rsqb: ']', rbrack: ']', Hat: '^',
  lowbar: '_', UnderBar: '_', grave: '`', DiacriticalGrave: '`', lcub: '{', lbrace: '{', verbar: '|',
  vert: '|', VerticalLine: '|', rcub: '}', rbrace: '}', fjlig: 'fj',
  ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009', zwnj: '\u200c', zwj: '\u200d', lrm: '\u200e', rlm: '\u200f',
  ndash: '\u2013', mdash: '\u2014', lsquo: '\u2018', rsquo: '\u2019', sbquo: '\u201a', ldquo: '\u201c',
  rdquo: '\u201d', bdquo: '\u201e', dagger: '\u2020', Dagger: '\u2021', bull: '\u2022', hellip: '\u2026',
  permil: '\u2030', prime: '\u2032', Prime: '\u2033', lsaquo: '\u2039', rsaquo: '\u203a', euro: '\u20ac',
  trade: '\u2122', larr: '\u2190', uarr: '\u2191', rarr: '\u2192', darr: '\u2193', harr: '\u2194',
  minus: '\u2212', infin: '\u221e', ne: '\u2260', le: '\u2264', ge: '\u2265', check: '\u2713', hearts: '\u2665',
})]);

// referenceNames lists the names decode knows (e2e compares each with
// Chromium's reading).
export const referenceNames = () => [...NAMED.keys()];

// C1 maps the numeric references 0x80-0x9F to what windows-1252 has there.
const C1 = { 0x80: 0x20ac, 0x82: 0x201a, 0x83: 0x192, 0x84: 0x201e, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021, 0x88: 0x2c6, 0x89: 0x2030, 0x8a: 0x160, 0x8b: 0x2039, 0x8c: 0x152, 0x8e: 0x17d, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201c, 0x94: 0x201d, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x2dc, 0x99: 0x2122, 0x9a: 0x161, 0x9b: 0x203a, 0x9c: 0x153, 0x9e: 0x17e, 0x9f: 0x178 };

// decode resolves the character references in s as the tokenizer does in
// text (attr false) or in an attribute value (attr true: a legacy name
// without ";" before "=" or a letter or digit stays as written).
export function decode(s, attr = false) {
  if (!s.includes('&')) return s;
  return s.replace(/&(?:#[xX]([0-9A-Fa-f]+);?|#([0-9]+);?|([A-Za-z][A-Za-z0-9]*)(;?))/g, (m, hex, dec, name, semi, at, all) => {
    if (name === undefined) {
      const cp = hex !== undefined ? parseInt(hex, 16) : parseInt(dec, 10);
      if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\uFFFD';
      return String.fromCodePoint(C1[cp] || cp);
    }
    if (semi && NAMED.has(name)) return NAMED.get(name);
    if (semi) return m; // maybe a name this file does not know: leave it whole
    for (let len = Math.min(name.length, 6); len >= 2; len--) {
      const ch = LEGACY.get(name.slice(0, len));
      if (ch === undefined) continue;
      const after = len < name.length ? name[len] : all[at + m.length] || '';
      if (attr && /[=A-Za-z0-9]/.test(after)) return m;
      return ch + name.slice(len);
    }
    return m;
  });
}

// ---- The preview document -------------------------------------------------

const escText = (s) => s.replace(/</g, '&lt;');
const escAttr = (s) => s.replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escFresh = (s) => escAttr(s.replace(/&/g, '&amp;'));
// escCSS keeps style text free of "<", so it cannot end its <style>
// early in any parser state: "<!--" is dropped (CSS ignores it at the
// top level anyway) and other "<" become the CSS escape \3c.
const escCSS = (s) => s.replace(/<!--|-->/g, '').replace(/</g, '\\3c ');

// isScriptURL says whether a decoded attribute value would run script as
// a URL. URL parsing drops leading C0 controls and spaces and every tab
// and newline, so those cannot hide the scheme.
export function isScriptURL(v) {
  return /^(javascript|vbscript):/i.test(v.replace(/[\t\n\r]/g, '').replace(/^[\0-\x20]+/, ''));
}

const collapse = (s) => s.replace(/[\t\n\f\r ]+/g, ' ').trim();

// inputValue is what an <input>'s .value reads before anyone types. The
// value sanitization of number, range, color and the date types (which
// turn a malformed value into "" or a default) is not done: the learner
// sees the value as the page wrote it.
function inputValue(type, value) {
  if (value === null) return type === 'checkbox' || type === 'radio' ? 'on' : '';
  if (/^(text|search|tel|password)$/.test(type)) return value.replace(/[\r\n]/g, '');
  if (/^(url|email)$/.test(type)) return value.replace(/[\r\n]/g, '').replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '');
  return value;
}

const INPUT_TYPES = words('hidden text search tel url email password date month week time datetime-local number range color checkbox radio file submit image reset button');

// previewDocument rewrites html for the sandboxed frame. opts.image(url)
// returns a data: URL for an <img src> (or null: the src is dropped);
// opts.stylesheet(url) returns the CSS of a <link rel=stylesheet> (or
// null: the link is dropped). URLs are the attribute values as decoded.
// It returns {html, links: [{text, href}], forms: [{method, action,
// fields: [{name, value, on}]}]}: the frame's links are inert, and the
// page offers these as buttons instead.
export function previewDocument(html, { image = () => null, stylesheet = () => null } = {}) {
  const out = ['<!DOCTYPE html>\n', `<meta http-equiv="Content-Security-Policy" content="${escFresh(CSP)}">`, `<style>${INERT_LINKS}</style>`];
  const links = [];
  const forms = [];
  let link = null; // the <a href> open now
  let form = null; // the <form> open now
  let select = null; // the <select> open now, with its options
  let option = null;
  let textarea = null;
  let dropping = ''; // the element whose content is dropped: script, ...
  const closeLink = () => { if (link) { links.push({ text: link.text.trim() || link.href, href: link.href }); link = null; } };
  const closeSelect = () => {
    if (!select) return;
    const opts = select.options;
    const chosen = select.multiple ? opts.find((o) => o.selected) : opts.findLast((o) => o.selected) || opts.find((o) => !o.disabled);
    select.field.value = chosen ? (chosen.value ?? collapse(chosen.text)) : '';
    select = option = null;
  };
  const closeTextarea = () => { if (textarea) { textarea.field.value = textarea.value.replace(/^\n/, ''); textarea = null; } };
  tokenize(html, (t) => {
    if (dropping) {
      if (t.type === 'end' && t.name === dropping) dropping = '';
      return;
    }
    if (t.type === 'text') {
      const literal = t.kind === 'raw' || t.kind === 'cdata'; // no references in it
      const txt = literal ? t.raw : decode(t.raw);
      if (link) link.text += txt;
      if (option) option.text += txt;
      if (textarea) textarea.value += txt;
      if (t.kind === 'raw' && t.of === 'style') out.push(escCSS(t.raw));
      else out.push(escText(literal ? t.raw.replace(/&/g, '&amp;') : t.raw));
      return;
    }
    const name = t.name === 'xmp' || t.name === 'plaintext' || t.name === 'listing' ? 'pre' : t.name;
    if (t.type === 'end') {
      if (name === 'a') closeLink();
      if (name === 'option' || name === 'optgroup') option = null;
      if (name === 'select') closeSelect();
      if (name === 'textarea') closeTextarea();
      if (name === 'form') { if (!form) return; form = null; }
      if (ELEMENTS.has(name)) out.push(`</${name}>`);
      return;
    }
    // A start tag.
    if (DROP_CONTENT.has(name)) { if (!(t.selfClosing && t.foreign)) dropping = name; return; }
    const get = (k) => { const a = t.attrs.find((x) => x.name === k); return a ? decode(a.raw, true) : null; };
    if (name === 'link') {
      const href = get('href');
      const css = /stylesheet/i.test(get('rel') || '') && href !== null ? stylesheet(href) : null;
      if (typeof css === 'string') out.push(`<style>${escCSS(css)}</style>`);
      return;
    }
    if (name === 'a') closeLink();
    if (name === 'form') {
      if (form) return; // a form in a form is ignored by the tree builder
      form = { method: (get('method') || 'GET').toUpperCase(), action: get('action') || '', fields: [] };
      forms.push(form);
    }
    if (!ELEMENTS.has(name)) return;
    const type = (get('type') || '').toLowerCase();
    const button = form && (name === 'button' || (name === 'input' && (type === 'submit' || type === 'image')));
    const keep = [];
    for (const a of t.attrs) {
      if (!(ATTRIBUTES.has(a.name) || DATA_ARIA.test(a.name))) continue;
      if (isScriptURL(decode(a.raw, true))) continue;
      if (button && a.name === 'type') continue;
      keep.push(` ${a.name}="${escAttr(a.raw)}"`);
    }
    if (button) keep.push(' type="button"');
    if (name === 'a') {
      const href = get('href');
      if (href !== null && !isScriptURL(href)) link = { text: '', href };
      keep.push(' role="link" title="Links are inert in the sandbox: use the buttons below the preview"');
    }
    if (name === 'img') {
      const src = get('src');
      const url = src !== null ? image(src) : null;
      if (typeof url === 'string' && /^data:image\//i.test(url)) keep.push(` src="${escFresh(url)}"`);
    }
    if (name === 'option' || name === 'optgroup') option = null;
    if (name === 'option' && select) {
      option = { value: get('value'), text: '', selected: get('selected') !== null, disabled: get('disabled') !== null };
      select.options.push(option);
    }
    if (form && !(t.selfClosing && t.foreign)) {
      const fieldName = get('name');
      if (name === 'textarea' && fieldName !== null) {
        textarea = { field: { name: fieldName, value: '', on: true }, value: '' };
        form.fields.push(textarea.field);
      }
      if (name === 'select' && fieldName !== null) {
        closeSelect();
        select = { field: { name: fieldName, value: '', on: true }, options: [], multiple: get('multiple') !== null };
        form.fields.push(select.field);
      }
    }
    if (form && name === 'input' && get('name') !== null) {
      const ty = INPUT_TYPES.has(type) ? type : 'text';
      if (!/^(submit|button|reset|file|image)$/.test(ty)) form.fields.push({ name: get('name'), value: inputValue(ty, get('value')), on: true });
    }
    out.push(`<${name}${keep.join('')}${t.selfClosing && t.foreign ? '/' : ''}>`);
  });
  closeLink();
  closeSelect();
  closeTextarea();
  return { html: out.join(''), links, forms };
}
