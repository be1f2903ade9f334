// Text normalisation shared by detection, ids and the benchmark's comparisons.

/**
 * Collapses every kind of whitespace (no-break, ideographic, thin, line/paragraph
 * separators) to one ASCII space, drops zero-width characters, trims.
 * Returns '' for null/undefined.
 */
export function normaliseText(s: string | null | undefined): string {
  if (!s) return '';
  return s
    .replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, '')
    .replace(/[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g, ' ')
    .trim();
}

// Trailing/leading decorations that sites append to headings: Wikipedia's "[edit]",
// Sphinx's "¶", Markdown renderers' "#" or "§" anchors, link emoji.
const TRAILING_DECORATION =
  /(?:\s*(?:\[\s*(?:edit|edit source|modifier|bearbeiten|editar|modifica|編集|编辑|править)\s*\]|[¶§#🔗⚓]|\u{1F517}))+$/u;
const LEADING_DECORATION = /^(?:[¶§#🔗⚓]\s*)+/u;

/** Removes permalink/edit decorations from heading text (after normalisation). */
export function stripDecorations(s: string): string {
  let out = normaliseText(s);
  out = out.replace(TRAILING_DECORATION, '').replace(LEADING_DECORATION, '');
  return out.trim();
}

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
