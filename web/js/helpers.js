// helpers.js: tiny DOM helpers. User and response text always goes in
// through textContent (el's string children), never through innerHTML.

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

// el('div.card#id', {attr: v, onclick: f, dataset: {...}}, ...children)
// builds an element. Children may be strings (text nodes), nodes, arrays,
// or null/false (skipped).
const specs = new Map();

function parseSpec(spec) {
  let s = specs.get(spec);
  if (!s) {
    const m = /^([a-z0-9-]+)?((?:[.#][\w-]+)*)$/i.exec(spec) || [];
    const parts = (m[2] || '').match(/[.#][\w-]+/g) || [];
    s = {
      tag: m[1] || 'div',
      cls: parts.filter((p) => p[0] === '.').map((p) => p.slice(1)).join(' '),
      id: (parts.find((p) => p[0] === '#') || '').slice(1),
    };
    specs.set(spec, s);
  }
  return s;
}

export function el(spec, props, ...children) {
  const s = parseSpec(spec);
  const node = document.createElement(s.tag);
  if (s.cls) node.className = s.cls;
  if (s.id) node.id = s.id;
  if (props && (typeof props !== 'object' || props instanceof Node || Array.isArray(props))) {
    children.unshift(props);
    props = null;
  }
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k in node && typeof v !== 'string') node[k] = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(node, c);
    else node.append(c instanceof Node ? c : String(c));
  }
}

// delegate listens on root for events whose target matches selector.
export function delegate(root, type, selector, handler) {
  root.addEventListener(type, (e) => {
    const t = e.target.closest(selector);
    if (t && root.contains(t)) handler(e, t);
  });
}

export const emptyElement = (node) => node.replaceChildren();

// formatBytes: 1234 -> "1,234 B", 70123 -> "68.5 KB (70,123 B)".
export function formatBytes(n) {
  const exact = `${n.toLocaleString('en-US')} B`;
  if (n < 10240) return exact;
  const kb = n / 1024;
  const short = kb < 1024 ? `${kb.toFixed(1)} KB` : `${(kb / 1024).toFixed(1)} MB`;
  return `${short} (${exact})`;
}

// debounce(fn, ms) runs fn once input has settled.
export function debounce(fn, ms) {
  let t;
  return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); };
}
