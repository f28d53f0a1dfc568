// history.js: the History panel across reloads. Entries are kept in
// localStorage without their replies (a reply is re-made by sending
// again, which costs microseconds): the settings, the composer, the
// label, the status, and the learner's script it ran. The list is capped
// by count and size, so that a 70 KB request line does not crowd the rest
// out of the browser's quota.

import { toBase64, fromBase64 } from './share.js';

export const KEY = 'httpsim.history.v1';
export const MAX_ENTRIES = 30;
export const MAX_ENTRY = 32 * 1024; // characters of JSON per entry
export const MAX_TOTAL = 256 * 1024;

const replacer = (_, v) => (v instanceof Uint8Array ? { $b: toBase64(v) } : v);
const reviver = (_, v) => (v && typeof v === 'object' && typeof v.$b === 'string' && Object.keys(v).length === 1 ? fromBase64(v.$b) : v);

// pack is what an entry keeps across a reload, as JSON, or null when it
// is too big to keep.
export function pack(h) {
  const json = JSON.stringify({
    at: h.at.getTime(), settings: h.settings, composer: h.composer, scenario: h.scenario, label: h.label, code: h.code, cls: h.cls, script: h.script,
  }, replacer);
  return json.length > MAX_ENTRY ? null : json;
}

export function unpack(json) {
  const o = JSON.parse(json, reviver);
  return { ...o, at: new Date(o.at), reply: null };
}

// save keeps the newest entries that fit; it reports how many it kept.
export function save(storage, entries) {
  const kept = [];
  let total = 0;
  for (const h of entries.slice(0, MAX_ENTRIES)) {
    const j = pack(h);
    if (j === null || total + j.length > MAX_TOTAL) continue;
    kept.push(j);
    total += j.length;
  }
  try {
    storage.setItem(KEY, '[' + kept.join(',') + ']');
  } catch {
    return 0; // storage full or off: the panel still works for this visit
  }
  return kept.length;
}

export function load(storage) {
  try {
    const raw = storage.getItem(KEY);
    if (!raw) return [];
    return JSON.parse(raw).map((o) => unpack(JSON.stringify(o)));
  } catch {
    return [];
  }
}

export function clear(storage) {
  try { storage.removeItem(KEY); } catch { /* nothing kept */ }
}
