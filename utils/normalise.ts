/**
 * Text normalisation: the one home for the two ways Gloss collapses page text.
 *
 * They differ on purpose, and only in one thing:
 * - {@link normaliseText} is for text that is shown or compared (headings,
 *   titles, ids): invisible format characters (zero-width space/joiners, word
 *   joiner, BOM, soft hyphen) are dropped, since a reader never sees them and
 *   two headings that differ only by one are the same heading.
 * - {@link normaliseIndexText} is the anchoring index's rule: every character
 *   but whitespace is kept, because offsets in the result must map back to
 *   characters in the DOM (dropping one would shift every offset after it).
 *
 * Both collapse every run of whitespace ({@link isWs}, the set of JS `\s`,
 * which includes no-break, ideographic and thin spaces and line/paragraph
 * separators) to one ASCII space and trim the ends.
 */

/** Same set as JS `\s`. */
export function isWs(c: number): boolean {
  if (c === 32 || (c >= 9 && c <= 13)) return true;
  if (c < 160) return false;
  return (
    c === 160 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

// Format characters a reader never sees (U+FEFF is also in \s: it goes first here).
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;
const WS_RUN = /\s+/g;
// Anything normaliseText would change, except a leading/trailing ASCII space (checked
// apart): invisible characters, whitespace other than ' ' (all of which \s covers),
// and runs of spaces.
const NEEDS_NORMALISING = /[\u200b-\u200d\u2060\ufeff\u00ad]|[^\S ]| {2}/;

/**
 * Text as shown or compared: invisible format characters dropped, whitespace
 * runs collapsed to one space, trimmed. Returns '' for null/undefined.
 */
export function normaliseText(s: string | null | undefined): string {
  if (!s) return '';
  // Most strings are already normal: one test instead of two replaces and a trim.
  if (!NEEDS_NORMALISING.test(s) && s.charCodeAt(0) !== 32 && s.charCodeAt(s.length - 1) !== 32) return s;
  return s.replace(INVISIBLE, '').replace(WS_RUN, ' ').trim();
}

/**
 * Text as the anchoring index holds it: whitespace runs collapsed to one
 * space, trimmed, every other character kept (see the module note).
 */
export function normaliseIndexText(s: string): string {
  return s.replace(WS_RUN, ' ').trim();
}
