/**
 * Inline Markdown (emphasis, code spans, links, autolinks, backslash escapes) written as
 * HTML pieces into an `Output`. Linear in the text, and allocation-light:
 *
 * 1. One pass by char code finds the "atoms" — code spans, links, autolinks, escaped
 *    characters — and records them in parallel arrays (no objects, no placeholders).
 *    Brackets are matched once up front; code spans remember which fence lengths have no
 *    closer; autolinks are tried only where a `>` follows; link destinations are parsed by
 *    hand (bounded like the CommonMark limits).
 * 2. Emphasis is matched over the same string, atoms skipped (a `*` inside a code span is
 *    no delimiter), and the text between tags is escaped straight into the output.
 *
 * Text with none of the special characters is escaped (and its line ends made `<br>`)
 * without either pass.
 */

import { escapeHtml } from '../html-escape';
import type { Output } from './output';
import { giveInts, growInts, takeInts } from './scratch';

const SAFE_SCHEME = /^\s*(?:https?|mailto):/i;

/** Recent answers of `safeHref` (a pure function): a reflection tends to repeat its links. */
const hrefCache = new Map<string, string | null>();

/** The URL if its scheme is http, https or mailto, else null. */
export function safeHref(raw: string): string | null {
  // Checked before parsing: a failed URL parse throws, and an exception per link costs
  // microseconds (a 1 MB text of empty links `[]()` took seconds).
  if (!SAFE_SCHEME.test(raw)) return null;
  const known = hrefCache.get(raw);
  if (known !== undefined) return known;
  let href: string | null;
  try {
    const url = new URL(raw.trim());
    href = url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:' ? url.href : null;
  } catch {
    href = null;
  }
  if (hrefCache.size >= 256) hrefCache.clear();
  hrefCache.set(raw, href);
  return href;
}

// ---------------------------------------------------------------- characters

/** Char classes (ASCII): may start an atom, may be an emphasis delimiter, needs escaping. */
const ATOM = 1;
const EMPH = 2;
const ESC = 4;
const CLASS = new Uint8Array(128);
for (const ch of '\\`<[!') CLASS[ch.charCodeAt(0)] |= ATOM;
for (const ch of '*_') CLASS[ch.charCodeAt(0)] |= EMPH;
for (const ch of '&<>"\'\n') CLASS[ch.charCodeAt(0)] |= ESC;

/** True when `s[from, to)` holds no character inline syntax or escaping would touch (it is its own HTML). */
export function isPlain(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 128 && CLASS[c] !== 0) return false;
  }
  return true;
}

/** True when `s[from, to)` needs no escaping and holds no line end. */
function isText(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c <= 62 && (c === 38 || c === 60 || c === 62 || c === 34 || c === 39 || c === 10)) return false;
  }
  return true;
}

/** The entity for each character `escapeHtml` replaces (the same numeric references). */
const ENTITY: string[] = [];
for (const ch of '&<>"\'') ENTITY[ch.charCodeAt(0)] = escapeHtml(ch);

/** What a line end becomes when text is escaped. */
export const NL_KEEP = 0;
export const NL_BR = 1;
export const NL_SPACE = 2;

/** True for what JavaScript's `\s` matches. */
export function isWhite(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** True when `s[k]` is whitespace or outside [from, to). */
function isSpace(s: string, k: number, from: number, to: number): boolean {
  if (k < from || k >= to) return true;
  return isWhite(s.charCodeAt(k));
}

const WORD = /[\p{L}\p{N}]/u;

/** True when `s[k]` is a letter or digit (ASCII by char code, the rest by Unicode class), inside [from, to). */
function isWordChar(s: string, k: number, from: number, to: number): boolean {
  if (k < from || k >= to) return false;
  const c = s.charCodeAt(k);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return WORD.test(s[k]);
}

/** True for the ASCII punctuation a backslash can escape. */
function isAsciiPunct(c: number): boolean {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** A run of one escaped character at least this long is written as one repeated entity. */
const LONG_RUN = 32;

/**
 * Writes `t[from, to)` as HTML text: `& < > " '` as numeric references, line ends kept,
 * made `<br>` plus the line end, or made spaces. The scan is by char code; the escaping itself is native (`escapeHtml`'s
 * split/join) per stretch, with a long run of one character as one repeated entity.
 */
export function escapeInto(o: Output, t: string, from: number, to: number, nl: number): void {
  let seg = from;
  let lines = false;
  let special = false;
  let i = from;
  while (i < to) {
    const c = t.charCodeAt(i);
    if (c > 62 || (c !== 38 && c !== 60 && c !== 62 && c !== 34 && c !== 39)) {
      if (c === 10) lines = true;
      i++;
      continue;
    }
    let run = 1;
    while (i + run < to && t.charCodeAt(i + run) === c) run++;
    if (run >= LONG_RUN) {
      if (i > seg) writeStretch(o, t.slice(seg, i), special, lines, nl);
      o.put(ENTITY[c].repeat(run));
      seg = i + run;
      lines = special = false;
    } else special = true;
    i += run;
  }
  if (to > seg) writeStretch(o, seg === 0 && to === t.length ? t : t.slice(seg, to), special, lines, nl);
}

function writeStretch(o: Output, text: string, special: boolean, lines: boolean, nl: number): void {
  const html = special ? escapeHtml(text) : text;
  if (!lines || nl === NL_KEEP) o.put(html);
  else if (nl === NL_SPACE) o.put(html.split('\n').join(' '));
  else o.put(html.split('\n').join('<br>\n'));
}

// ---------------------------------------------------------------- atoms

const A_ESCAPED = 0; // a backslash and the character it escapes
const A_CODE = 1; // a..b: the code's text
const A_AUTOLINK = 2; // a..b: the URL between < and >
const A_LINK = 3; // a..b: the label; c..d: the destination
const A_IMAGE = 4; // a..b: the alt text

/** Fields per atom: start, end, kind, then two ranges of the text (what they are depends on the kind). */
const F = 7;

/**
 * The atoms of one inline text, in order: numbers in one Int32Array grown by doubling. No
 * object and no string per atom (strings are sliced when the atom is written): growing JS
 * arrays to hundreds of thousands of entries cost V8 more than the parse.
 */
class Atoms {
  v = takeInts(F * 64);
  count = 0;
  /** The next atom to write. */
  next = 0;
  /**
   * True when some atom holds a `*` or `_` (only then must emphasis ask `covers`); set by
   * `markHidden` once the atoms are known, and only when the text has such a delimiter.
   */
  hidesDelimiters = false;
  add(start: number, end: number, kind: number, a: number, b: number, c: number, d: number): void {
    let v = this.v;
    if ((this.count + 1) * F > v.length) this.v = v = growInts(v, this.count * F, (this.count + 1) * F);
    const at = this.count++ * F;
    v[at] = start;
    v[at + 1] = end;
    v[at + 2] = kind;
    v[at + 3] = a;
    v[at + 4] = b;
    v[at + 5] = c;
    v[at + 6] = d;
  }

  /** Sets `hidesDelimiters`: one pass over the atoms' text, stopping at the first `*` or `_`. */
  markHidden(t: string): void {
    const v = this.v;
    for (let k = 0; k < this.count && !this.hidesDelimiters; k++) {
      for (let j = v[k * F], end = v[k * F + 1]; j < end; j++) {
        const ch = t.charCodeAt(j);
        if (ch === 42 || ch === 95) {
          this.hidesDelimiters = true;
          break;
        }
      }
    }
  }

  /** True when position `j` is inside an atom (binary search: atoms are sorted and disjoint). */
  covers(j: number): boolean {
    const v = this.v;
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (v[mid * F] > j) hi = mid - 1;
      else if (v[mid * F + 1] <= j) lo = mid + 1;
      else return true;
    }
    return false;
  }
}

/** An autolink `<scheme:…>` at `lastIndex` (sticky: never copies the rest of the text). */
const AUTOLINK = /<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]{0,2048})>/y;

/**
 * Brackets matched in one pass with a stack (backslash escapes skipped): `open[k]` is the
 * k-th `[` of the text, `close[k]` the `]` that closes it or 0 (a closer is never at 0).
 * Sized by the number of `[`; looked up in order by `closeOf` (the scan only moves forward).
 */
class Brackets {
  /** `open` at [0, count), `close` at [count, 2 count), the stack after them (a scratch buffer). */
  readonly buf: Int32Array;
  /** How many `[` were recorded, and where `close` starts in `buf`. */
  readonly n: number;
  private readonly closeAt: number;
  /** Lookup cursor. */
  at = 0;
  constructor(t: string) {
    let count = 0;
    for (let j = t.indexOf('['); j !== -1; j = t.indexOf('[', j + 1)) count++;
    const buf = (this.buf = takeInts(3 * count));
    const closeAt = (this.closeAt = count);
    const stackAt = 2 * count;
    buf.fill(0, closeAt, stackAt);
    let top = stackAt;
    let n = 0;
    for (let j = 0; j < t.length; j++) {
      const ch = t.charCodeAt(j);
      if (ch === 92 /* \\ */) j++;
      else if (ch === 91 /* [ */) {
        buf[n] = j;
        buf[top++] = n++;
      } else if (ch === 93 /* ] */ && top > stackAt) buf[closeAt + buf[--top]] = j;
    }
    // A `[` after a backslash was skipped: only the first n are asked for.
    this.n = n;
  }

  /** The `]` closing the `[` at `pos`, or 0. Positions must be asked in ascending order. */
  closeOf(pos: number): number {
    const buf = this.buf;
    const n = this.n;
    while (this.at < n && buf[this.at] < pos) this.at++;
    return this.at < n && buf[this.at] === pos ? buf[this.closeAt + this.at] : 0;
  }
}

/** Longest link destination, title and label text considered (as CommonMark's limits keep parsing bounded). */
const LIMIT = 2048;

/** End of a `<…>` destination starting at `p` (the `<`), or -1. */
function angleDest(t: string, p: number): number {
  const stop = Math.min(t.length, p + 1 + LIMIT);
  for (let k = p + 1; k < stop + 1 && k < t.length; k++) {
    const c = t.charCodeAt(k);
    if (c === 62) return k + 1;
    if (c === 60 || c === 10 || k === stop) return -1;
  }
  return -1;
}

/** True for a character of a bare destination: not whitespace, parenthesis or backslash. */
function isDestChar(c: number): boolean {
  return c !== 40 && c !== 41 && c !== 92 && !isWhite(c);
}

/** True for what `.` matches after a backslash (anything but a line terminator). */
function notLineEnd(c: number): boolean {
  return c !== 10 && c !== 13 && c !== 0x2028 && c !== 0x2029;
}

/**
 * End of a bare destination starting at `p`: at most LIMIT units, each a character, a
 * backslash pair or a parenthesised group of those.
 */
function bareDest(t: string, p: number): number {
  const n = t.length;
  let units = 0;
  while (units < LIMIT && p < n) {
    const c = t.charCodeAt(p);
    if (c === 92) {
      if (p + 1 < n && notLineEnd(t.charCodeAt(p + 1))) p += 2;
      else break;
    } else if (c === 40) {
      let k = p + 1;
      for (;;) {
        if (k >= n) return p;
        const d = t.charCodeAt(k);
        if (d === 41) break;
        if (d === 92 && k + 1 < n && notLineEnd(t.charCodeAt(k + 1))) k += 2;
        else if (isDestChar(d)) k++;
        else return p;
      }
      p = k + 1;
    } else if (isDestChar(c)) p++;
    else break;
    units++;
  }
  return p;
}

/** After a destination ending at `p`: optional title, spaces, `)`. The end of the link, or -1. */
function linkTail(t: string, p: number): number {
  const n = t.length;
  let q = p;
  while (q < n && isWhite(t.charCodeAt(q))) q++;
  if (q < n && t.charCodeAt(q) === 41) return q + 1;
  if (q === p || q >= n) return -1;
  const quote = t.charCodeAt(q);
  if (quote !== 34 && quote !== 39) return -1;
  const close = t.indexOf(quote === 34 ? '"' : "'", q + 1);
  if (close === -1 || close - q - 1 > LIMIT) return -1;
  q = close + 1;
  while (q < n && isWhite(t.charCodeAt(q))) q++;
  return q < n && t.charCodeAt(q) === 41 ? q + 1 : -1;
}

/** The parsed link's destination range and end (set by `parseLink`). */
let linkFrom = 0;
let linkTo = 0;
let linkEnd = 0;

/**
 * `[label](dest "title")` with its `[` at `start`: true and `linkFrom`, `linkTo` (the destination) and `linkEnd` set, or
 * false. The destination is `<…>` or text with balanced parentheses (CommonMark), tried
 * in that order.
 */
function parseLink(t: string, start: number, brackets: Brackets): boolean {
  const j = brackets.closeOf(start);
  if (!j || t.charCodeAt(j + 1) !== 40) return false;
  let p = j + 2;
  while (p < t.length && isWhite(t.charCodeAt(p))) p++;
  if (t.charCodeAt(p) === 60) {
    const e = angleDest(t, p);
    const end = e === -1 ? -1 : linkTail(t, e);
    if (end !== -1) {
      linkFrom = p + 1;
      linkTo = e - 1;
      linkEnd = end;
      return true;
    }
  }
  const e = bareDest(t, p);
  const end = linkTail(t, e);
  if (end === -1) return false;
  // As before: a bare destination that starts with `<` loses its first and last character.
  if (t.charCodeAt(p) === 60) {
    linkFrom = p + 1;
    linkTo = Math.max(p + 1, e - 1);
  } else {
    linkFrom = p;
    linkTo = e;
  }
  linkEnd = end;
  return true;
}

/** The atoms of `t` (null when there are none): one pass by char code. */
function scanAtoms(t: string, allowLinks: boolean): Atoms | null {
  const n = t.length;
  let atoms: Atoms | null = null;
  // A link or image needs `](`: without one no bracket is matched at all.
  const brackets = allowLinks && t.includes('](') ? new Brackets(t) : null;
  /** Fence length -> a position from which no closing fence of that length exists. */
  let noFenceFrom: Map<number, number> | null = null;
  /** The next `>` at or after the current `<` (-1: none left), for autolinks. */
  let nextGt = -2;
  let i = 0;
  while (i < n) {
    const c = t.charCodeAt(i);
    if (c > 96 || (c !== 92 && c !== 96 && c !== 60 && c !== 91 && c !== 33)) {
      i++;
      continue;
    }
    if (c === 92 /* \\ */) {
      if (i + 1 < n && isAsciiPunct(t.charCodeAt(i + 1))) {
        (atoms ??= new Atoms()).add(i, i + 2, A_ESCAPED, 0, 0, 0, 0);
        i += 2;
      } else i++;
      continue;
    }
    if (c === 96 /* ` */) {
      let run = 1;
      while (t.charCodeAt(i + run) === 96) run++;
      const known = noFenceFrom?.get(run);
      let close = known !== undefined && i >= known ? -1 : t.indexOf(run === 1 ? '`' : '`'.repeat(run), i + run);
      while (close !== -1 && t.charCodeAt(close + run) === 96) {
        let k = close;
        while (t.charCodeAt(k) === 96) k++;
        close = t.indexOf(run === 1 ? '`' : '`'.repeat(run), k);
      }
      if (close === -1) {
        noFenceFrom ??= new Map();
        noFenceFrom.set(run, Math.min(i, noFenceFrom.get(run) ?? i));
        i += run;
        continue;
      }
      // Line ends become spaces; one space is stripped from each end when both have one
      // and the code is not all spaces.
      let a = i + run;
      let b = close;
      const first = t.charCodeAt(a);
      const last = t.charCodeAt(b - 1);
      if (b - a >= 2 && (first === 32 || first === 10) && (last === 32 || last === 10)) {
        for (let k = a; k < b; k++) {
          const d = t.charCodeAt(k);
          if (d !== 32 && d !== 10) {
            a++;
            b--;
            break;
          }
        }
      }
      (atoms ??= new Atoms()).add(i, close + run, A_CODE, a, b, 0, 0);
      i = close + run;
      continue;
    }
    if (c === 60 /* < */) {
      if (allowLinks && isAsciiLetter(t.charCodeAt(i + 1))) {
        if (nextGt !== -1 && nextGt < i) nextGt = t.indexOf('>', i);
        if (nextGt !== -1) {
          AUTOLINK.lastIndex = i;
          const m = AUTOLINK.exec(t);
          if (m && safeHref(m[1])) {
            (atoms ??= new Atoms()).add(i, i + m[0].length, A_AUTOLINK, i + 1, i + m[0].length - 1, 0, 0);
            i += m[0].length;
            continue;
          }
        }
      }
      i++;
      continue;
    }
    if (brackets && (c === 91 || t.charCodeAt(i + 1) === 91)) {
      const image = c === 33;
      const open = image ? i + 1 : i;
      if (parseLink(t, open, brackets)) {
        const close = brackets.closeOf(open);
        if (image) (atoms ??= new Atoms()).add(i, linkEnd, A_IMAGE, open + 1, close, 0, 0);
        else (atoms ??= new Atoms()).add(i, linkEnd, A_LINK, open + 1, close, linkFrom, linkTo);
        i = linkEnd;
        continue;
      }
    }
    i++;
  }
  if (brackets) giveInts(brackets.buf);
  return atoms;
}

function writeAtom(o: Output, t: string, atoms: Atoms, k: number): void {
  const v = atoms.v;
  const at = k * F;
  const a = v[at + 3];
  const b = v[at + 4];
  switch (v[at + 2]) {
    case A_ESCAPED:
      o.put(escapeHtml(t[v[at] + 1]));
      return;
    case A_CODE:
      if (isText(t, a, b)) o.put('<code>' + t.slice(a, b) + '</code>');
      else {
        o.put('<code>');
        escapeInto(o, t, a, b, NL_SPACE);
        o.put('</code>');
      }
      return;
    case A_AUTOLINK: {
      // Checked when found; parsed again here rather than kept (no string per atom).
      const url = t.slice(a, b);
      o.put('<a href="');
      o.put(escapeHtml(safeHref(url)!));
      o.put('">');
      o.put(escapeHtml(url.charCodeAt(6) === 58 && /^mailto:/i.test(url) ? url.slice(7) : url));
      o.put('</a>');
      return;
    }
    case A_IMAGE:
      // Images are never loaded: their alt text is shown, as typed.
      escapeInto(o, t, a, b, NL_KEEP);
      return;
    default: {
      const href = safeHref(t.slice(v[at + 5], v[at + 6]));
      // A label holds no links (CommonMark forbids links in links), so this recursion is one level deep.
      const label = t.slice(a, b);
      if (!href) {
        renderInline(o, label, false);
        return;
      }
      o.put('<a href="');
      o.put(escapeHtml(href));
      o.put('">');
      renderInline(o, label, false);
      o.put('</a>');
    }
  }
}

/** Writes `t[from, to)`: the atoms in it as HTML, the text between them escaped. */
function writePlain(o: Output, t: string, atoms: Atoms | null, from: number, to: number): void {
  if (atoms) {
    const v = atoms.v;
    while (atoms.next < atoms.count && v[atoms.next * F] < to) {
      const k = atoms.next++;
      escapeInto(o, t, from, v[k * F], NL_BR);
      writeAtom(o, t, atoms, k);
      from = v[k * F + 1];
    }
  }
  escapeInto(o, t, from, to, NL_BR);
}

// ---------------------------------------------------------------- emphasis

/** Emphasis nested deeper than this is left as text. */
const MAX_EMPHASIS_DEPTH = 6;

/**
 * The first closer of `code` (`*` or `_`) for an opener of `width` in [from, to): a run of
 * exactly that width (three or more for `***`), after a non-space, not inside an atom.
 */
function findCloser(t: string, atoms: Atoms | null, from: number, to: number, code: number, width: number, rangeFrom: number): number {
  const ch = code === 42 ? '*' : '_';
  let j = t.indexOf(ch, from);
  while (j !== -1 && j < to) {
    if (atoms !== null && atoms.hidesDelimiters && atoms.covers(j)) {
      j = t.indexOf(ch, j + 1);
      continue;
    }
    let run = 1;
    while (j + run < to && t.charCodeAt(j + run) === code) run++;
    const fits = width === 1 ? run === 1 : width === 2 ? run === 2 : run >= 3;
    if (fits && j > from && !isSpace(t, j - 1, rangeFrom, to) && !(code === 95 && isWordChar(t, j + width, rangeFrom, to))) return j;
    j = t.indexOf(ch, j + run);
  }
  return -1;
}

const OPEN_TAG = ['', '<em>', '<strong>', '<em><strong>'];
const CLOSE_TAG = ['', '</em>', '</strong>', '</strong></em>'];

/**
 * Writes `t[from, to)` with its emphasis: each opener closes at the first valid closer of
 * the same kind, so the output nests properly; a kind that found no closer from some point
 * is not searched again from later points (keeps long unmatched runs linear).
 */
function emphasis(o: Output, t: string, atoms: Atoms | null, from: number, to: number, depth: number): void {
  if (depth > MAX_EMPHASIS_DEPTH) {
    writePlain(o, t, atoms, from, to);
    return;
  }
  /** Per kind (`*`/`_` × width 1–3): a position from which no closer exists, or -1. */
  let noCloserFrom: Int32Array | null = null;
  let plain = from;
  let i = from;
  while (i < to) {
    const code = t.charCodeAt(i);
    if ((code !== 42 && code !== 95) || (atoms !== null && atoms.hidesDelimiters && atoms.covers(i))) {
      i++;
      continue;
    }
    let run = 1;
    while (i + run < to && t.charCodeAt(i + run) === code) run++;
    let matched = false;
    for (let width = run >= 3 ? 3 : run; width >= 1; width--) {
      const kind = (code === 42 ? 0 : 3) + width - 1;
      if (noCloserFrom !== null && noCloserFrom[kind] !== -1 && i >= noCloserFrom[kind]) continue;
      if (isSpace(t, i + width, from, to)) continue;
      if (code === 95 && isWordChar(t, i - 1, from, to)) continue;
      const close = findCloser(t, atoms, i + width, to, code, width, from);
      if (close === -1) {
        (noCloserFrom ??= new Int32Array(6).fill(-1))[kind] = i;
        continue;
      }
      writePlain(o, t, atoms, plain, i);
      o.put(OPEN_TAG[width]);
      emphasis(o, t, atoms, i + width, close, depth + 1);
      o.put(CLOSE_TAG[width]);
      i = close + width;
      plain = i;
      matched = true;
      break;
    }
    if (!matched) i += run;
  }
  writePlain(o, t, atoms, plain, to);
}

// ---------------------------------------------------------------- entry

/**
 * Writes inline Markdown `t` as HTML into `o` (links only when `allowLinks`: a link's
 * label is rendered without them). Line ends become `<br>` plus the line end.
 */
export function renderInline(o: Output, t: string, allowLinks = true): void {
  const n = t.length;
  let flags = 0;
  for (let i = 0; i < n && flags !== 7; i++) {
    const c = t.charCodeAt(i);
    if (c < 128) flags |= CLASS[c];
  }
  if ((flags & (ATOM | EMPH)) === 0) {
    escapeInto(o, t, 0, n, NL_BR);
    return;
  }
  const atoms = flags & ATOM ? scanAtoms(t, allowLinks) : null;
  if ((flags & EMPH) === 0) writePlain(o, t, atoms, 0, n);
  else {
    atoms?.markHidden(t);
    emphasis(o, t, atoms, 0, n, 0);
  }
  if (atoms) giveInts(atoms.v);
}
