/**
 * FNV-1a 32-bit hash of a string, as 8 hex digits. Not cryptographic: used to notice
 * that a section's text changed (drift) and to make short stable ids.
 */
export function hashText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
