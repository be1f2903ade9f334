// What the outline walk asks of a tag, of an element's attributes and of a text node,
// answered with bit flags from one lookup each: the walk visits every element of the
// page, so these are the hot path of detection (see walker.ts).
import { INLINE_TAGS, SKIP_TAGS } from './classify';

function isSpace(c: number): boolean {
  return (
    c === 32 || (c >= 9 && c <= 13) || c === 160 || c === 0x3000 || (c >= 0x2000 && c <= 0x200b) ||
    c === 0x202f || c === 0x205f || c === 0xfeff || c === 0x1680 || c === 0x2028 || c === 0x2029
  );
}

// The characters isSpace() accepts are exactly \s plus U+200B.
const NON_SPACE = /[^\s\u200b]/;

/** Length without leading/trailing whitespace (\s and U+200B). */
export function trimmedLength(s: string): number {
  // String#trim removes exactly \s, natively and faster than a regex search; only a
  // zero-width space left at either end needs the slower scan.
  const t = s.trim();
  const n = t.length;
  if (n === 0) return 0;
  if (t.charCodeAt(0) !== 0x200b && t.charCodeAt(n - 1) !== 0x200b) return n;
  let start = 0;
  if (isSpace(s.charCodeAt(0))) {
    start = s.search(NON_SPACE);
    if (start < 0) return 0;
  }
  let end = s.length;
  while (isSpace(s.charCodeAt(end - 1))) end--;
  return end - start;
}


// Everything the walk asks of a tag, from one lookup.
export const F_MEDIA = 1;
export const F_SKIP = 2;
export const F_FURNITURE = 4;
export const F_INLINE = 8;
export const F_BR = 16;
/** <a>: link text when it has an href. */
export const F_LINK = 32;
export const F_BOLD = 64;
export const F_TABLE = 128;
/** li, dl: what follows is inside a list. */
export const F_LIST = 256;
export const F_QUOTE = 512;
/** li, dt, dd: the block is a list item. */
export const F_ITEM = 1024;
/** h1-h6: the level sits above the flags. */
export const F_LEVEL_SHIFT = 11;
export const TAG_FLAGS = new Map<string, number>();
for (const [tags, flag] of [
  [['img', 'picture', 'video', 'audio', 'iframe', 'svg', 'math', 'canvas', 'object', 'embed', 'table', 'pre'], F_MEDIA],
  [SKIP_TAGS, F_SKIP],
  [['nav', 'aside', 'footer', 'menu'], F_FURNITURE],
  [INLINE_TAGS, F_INLINE],
  [['br'], F_BR],
  [['a'], F_LINK],
  [['b', 'strong'], F_BOLD],
  [['table'], F_TABLE],
  [['li', 'dl'], F_LIST],
  [['blockquote'], F_QUOTE],
  [['li', 'dt', 'dd'], F_ITEM],
  ...[1, 2, 3, 4, 5, 6].map((n) => [[`h${n}`], n << F_LEVEL_SHIFT] as const),
] as const) {
  for (const tag of tags) TAG_FLAGS.set(tag, (TAG_FLAGS.get(tag) ?? 0) | flag);
}


// Attributes present on an element (from one getAttributeNames call).
export const A_ANY = 1;
export const A_CLASS = 2;
export const A_ID = 4;
export const A_ROLE = 8;
export const A_ITEMPROP = 16;
export const A_HREF = 32;
/** hidden, aria-hidden or style: isHiddenByAttributes must look. */
export const A_MAYBE_HIDDEN = 64;

export function attributeBits(names: string[]): number {
  if (names.length === 0) return 0;
  let bits = A_ANY;
  for (let i = 0; i < names.length; i++) {
    switch (names[i]) {
      case 'class':
        bits |= A_CLASS;
        break;
      case 'id':
        bits |= A_ID;
        break;
      case 'role':
        bits |= A_ROLE;
        break;
      case 'itemprop':
        bits |= A_ITEMPROP;
        break;
      case 'href':
        bits |= A_HREF;
        break;
      case 'hidden':
      case 'aria-hidden':
      case 'style':
        bits |= A_MAYBE_HIDDEN;
        break;
    }
  }
  return bits;
}


// Block flags.
export const B_TABLE = 1;
export const B_LIST = 2;
export const B_QUOTE = 4;
/** The block element is a list item (li, dt, dd). */
export const B_ITEM = 8;

// Furniture kinds.
export const K_NONE = 0;
export const K_BOILER = 1;
export const K_COMMENT = 2;
export const COMMENT_PROP = /comment/i;
