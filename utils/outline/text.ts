// Heading text as detection, ids and the benchmark's comparisons use it (the
// whitespace rule itself lives in utils/normalise.ts).

import { normaliseText } from '../normalise';

export { normaliseText };
export { hash36 } from '../hash';

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
