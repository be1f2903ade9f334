/**
 * The one string hash: 32-bit FNV-1a. Not cryptographic: used to notice that a
 * section's text changed (drift) and to make short stable ids. Its output must
 * never change (stored section hashes and section ids are made from it).
 */

/** FNV-1a 32-bit hash of a string's UTF-16 code units, as an unsigned integer. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** {@link fnv1a} as 8 hex digits (section text hashes). */
export function hashText(text: string): string {
  return fnv1a(text).toString(16).padStart(8, '0');
}

/** {@link fnv1a} in base 36: short, for ids. */
export function hash36(text: string): string {
  return fnv1a(text).toString(36);
}
