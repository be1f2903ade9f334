// Text normalisation shared by detection, ids and the benchmark's comparisons.

/**
 * Collapses every kind of whitespace (no-break, ideographic, thin, line/paragraph
 * separators) to one ASCII space, drops zero-width characters, trims.
 * Returns '' for null/undefined.
 */
export function normaliseText(s: string | null | undefined): string {
  if (!s) return '';
  // Most strings are already normal: one test instead of two replaces and a trim.
  if (!NEEDS_NORMALISING.test(s) && s.charCodeAt(0) !== 32 && s.charCodeAt(s.length - 1) !== 32) return s;
  return s
    .replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, '')
    .replace(/[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g, ' ')
    .trim();
}

// Anything normaliseText would change, except a leading/trailing ASCII space (checked
// apart): zero-width characters, whitespace other than ' ' (all of which \s covers),
// and runs of spaces.
const NEEDS_NORMALISING = /[\u200b-\u200d\u2060\ufeff\u00ad]|[^\S ]| {2}/;

// Trailing/leading decorations that sites append to headings: Wikipedia's "[edit]",
// Sphinx's "¶", Markdown renderers' "#" or "§" anchors, link emoji.
const TRAILING_DECORATION =
  /(?:\s*(?:\[\s*(?:edit|edit source|modifier|bearbeiten|editar|modifica|編集|编辑|править)\s*\]|[¶§#🔗⚓]|\u{1F517}))+$/u;
const LEADING_DECORATION = /^(?:[¶§#🔗⚓]\s*)+/u;

/** Removes permalink/edit decorations from heading text (after normalisation). */
export function stripDecorations(s: string): string {
  const out = normaliseText(s);
  if (!out) return out;
  // The regexes only matter when the (trimmed) text ends or starts with a decoration
  // character; checking that first spares two scans of every heading.
  const last = out.charCodeAt(out.length - 1);
  const first = out.charCodeAt(0);
  if (!DECORATION_END.has(last) && !(last >= 0xdc00 && last <= 0xdfff) && !DECORATION_START.has(first) && first !== 0xd83d) {
    return out;
  }
  return out.replace(TRAILING_DECORATION, '').replace(LEADING_DECORATION, '').trim();
}

// Last code unit of a trailing decoration: "]", "¶", "§", "#", "⚓" (🔗 ends in a low surrogate).
const DECORATION_END = new Set([0x5d, 0xb6, 0xa7, 0x23, 0x2693]);
// First code unit of a leading one (🔗 starts with the high surrogate 0xd83d).
const DECORATION_START = new Set([0xb6, 0xa7, 0x23, 0x2693]);

/** Normalised, decoration-free form used to compare heading texts. */
export function headingKey(s: string): string {
  return stripDecorations(s).toLowerCase();
}

/** 32-bit FNV-1a of a string, base36: short, stable across runs and engines. */
export function hash36(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}
