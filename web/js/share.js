// share.js: a whole scenario (settings, composer, file changes) in a URL
// fragment, #s=..., as deflated JSON in base64url. Bytes travel as
// {"$b": base64}. Nothing is sent anywhere: the fragment never leaves the
// browser.

export const VERSION = 1;

export function toBase64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
  return btoa(s);
}

export function fromBase64(b64) {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

const replacer = (_, v) => (v instanceof Uint8Array ? { $b: toBase64(v) } : v);
const reviver = (_, v) => (v && typeof v === 'object' && typeof v.$b === 'string' && Object.keys(v).length === 1 ? fromBase64(v.$b) : v);

async function pipe(bytes, stream) {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

// encode returns the fragment (without '#') for a scenario object.
export async function encode(scenario) {
  const json = new TextEncoder().encode(JSON.stringify({ v: VERSION, ...scenario }, replacer));
  const packed = await pipe(json, new CompressionStream('deflate-raw'));
  return 's=' + toBase64(packed).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

// decode reads a fragment written by encode; it throws on anything else.
export async function decode(fragment) {
  const m = /^#?s=([A-Za-z0-9_-]+)$/.exec(fragment);
  if (!m) throw new Error('not a share link');
  const b64 = m[1].replace(/-/g, '+').replace(/_/g, '/');
  const packed = fromBase64(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const json = await pipe(packed, new DecompressionStream('deflate-raw'));
  const obj = JSON.parse(new TextDecoder().decode(json), reviver);
  if (obj.v !== VERSION) throw new Error(`share link version ${obj.v} is not supported`);
  return obj;
}
