// pretty.js: a readable form of JSON and HTML bodies for the Body view.
// It is for reading only; the Raw and Hex views keep the exact bytes.

// prettyJSON indents JSON text, or returns null if it is not JSON.
export function prettyJSON(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return null;
  }
}

const VOID = /^(area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)$/i;
const KEEP = /^(pre|textarea|script|style)$/i; // their text is shown as it is

// prettyHTML puts each tag on its own line, indented by nesting; text
// keeps its words. Comments and doctypes stay on their own lines.
export function prettyHTML(text) {
  const out = [];
  let depth = 0;
  let keep = null;
  const parts = text.split(/(<!--[\s\S]*?-->|<[^>]*>)/);
  for (const p of parts) {
    if (p === '') continue;
    if (keep) {
      if (new RegExp(`^</${keep}\\s*>$`, 'i').test(p)) { keep = null; depth--; out.push('  '.repeat(depth) + p); } else out[out.length - 1] += p;
      continue;
    }
    const m = /^<(\/)?([A-Za-z][\w:-]*)[^>]*?(\/)?>$/.exec(p);
    if (!m) {
      const t = p.replace(/\s+/g, ' ').trim();
      if (t) out.push('  '.repeat(depth) + t);
      continue;
    }
    if (m[1]) { depth = Math.max(0, depth - 1); out.push('  '.repeat(depth) + p); continue; }
    out.push('  '.repeat(depth) + p);
    if (!m[3] && !VOID.test(m[2])) {
      depth++;
      if (KEEP.test(m[2])) keep = m[2];
    }
  }
  return out.join('\n') + '\n';
}
