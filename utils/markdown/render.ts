/**
 * A small Markdown renderer for the reader's reflections: a CommonMark subset with no
 * dependency. Supported: paragraphs (a single newline is a line break, as in Obsidian and
 * GitHub comments), `*em*`/`_em_`, `**strong**`/`__strong__`, `` `code` ``, fenced and
 * indented code blocks, ATX headings, blockquotes, bullet and ordered lists (nested by
 * indentation), thematic breaks, `[links](url)` and `<autolinks>` to http, https and
 * mailto only, backslash escapes. Not supported: raw HTML (shown as text), images (their
 * alt text is shown), setext headings, tables, reference links, entity references.
 *
 * Every piece of text is HTML-escaped, and the output only uses tags the sanitiser allows
 * (p, br, em, strong, code, pre, blockquote, ul, ol, li, h1–h6, a[href], hr).
 *
 * Linear and allocation-light (a 1 MB reflection renders in tens of milliseconds): lines
 * are index pairs into the one source string, never copied; a blockquote or list item
 * strips its prefix by moving its lines' start indices in place (a container's lines are
 * always a run of its parent's) and renders that run; every block and inline writes
 * pieces into one `Output`, joined once. Inline syntax is in `inline.ts`.
 */

import { escapeHtml } from '../html-escape';
import { escapeInto, isPlain, isWhite, NL_KEEP, renderInline } from './inline';
import { giveInts, takeInts } from './scratch';
import { Output } from './output';

export { escapeHtml };
export { safeHref } from './inline';

/** Blockquotes and lists nested deeper than this are rendered as plain paragraphs. */
const MAX_NESTING = 16;

/**
 * One render: the normalised source, each line's start (moved past container prefixes
 * as containers claim the line) and end, and the output.
 */
class Doc {
  constructor(
    readonly src: string,
    readonly starts: Int32Array,
    readonly ends: Int32Array,
    readonly o: Output,
  ) {}

  // ------------------------------------------------------------ line tests (by char code)

  /** The number of leading spaces of line `i` (leading tabs were expanded already). */
  indent(i: number): number {
    const s = this.src;
    const e = this.ends[i];
    let k = this.starts[i];
    while (k < e && s.charCodeAt(k) === 32) k++;
    return k - this.starts[i];
  }

  blank(i: number): boolean {
    const s = this.src;
    for (let k = this.starts[i], e = this.ends[i]; k < e; k++) {
      const c = s.charCodeAt(k);
      if (c !== 32 && c !== 9) return false;
    }
    return true;
  }

  /** The char code after `ind` spaces on line `i`, or -1 at its end. */
  at(i: number, ind: number): number {
    const k = this.starts[i] + ind;
    return k < this.ends[i] ? this.src.charCodeAt(k) : -1;
  }

  /** False when the line's first character (after at most 3 spaces) can start no block but a paragraph. */
  mayStartBlock(i: number): boolean {
    const ind = this.indent(i);
    if (ind > 3) return false;
    const c = this.at(i, ind);
    // ` ~ # - * _ > + and digits
    return c === 96 || c === 126 || c === 35 || c === 45 || c === 42 || c === 95 || c === 62 || c === 43 || (c >= 48 && c <= 57);
  }

  /** `***`, `- - -`, `___`: three or more of one of - * _ with only spaces or tabs between. */
  thematicBreak(i: number): boolean {
    const ind = this.indent(i);
    if (ind > 3) return false;
    const s = this.src;
    const from = this.starts[i] + ind;
    const e = this.ends[i];
    const mark = from < e ? s.charCodeAt(from) : -1;
    if (mark !== 45 && mark !== 42 && mark !== 95) return false;
    let count = 0;
    for (let k = from; k < e; k++) {
      const c = s.charCodeAt(k);
      if (c === mark) count++;
      else if (c !== 32 && c !== 9) return false;
    }
    return count >= 3;
  }

  /** An ATX heading on line `i`: its level (its text is `[hFrom, hTo)`), or 0. */
  hFrom = 0;
  hTo = 0;
  heading(i: number): number {
    const ind = this.indent(i);
    if (ind > 3) return 0;
    const s = this.src;
    const e = this.ends[i];
    const from = this.starts[i] + ind;
    let k = from;
    while (k < e && s.charCodeAt(k) === 35) k++;
    const level = k - from;
    if (level < 1 || level > 6 || (k < e && !isSpaceOrTab(s.charCodeAt(k)))) return 0;
    let end = e;
    while (end > k && isSpaceOrTab(s.charCodeAt(end - 1))) end--;
    // A closing sequence is a run of # after a space or tab (or the whole content).
    let hashes = end;
    while (hashes > k && s.charCodeAt(hashes - 1) === 35) hashes--;
    if (hashes < end && (hashes === k || isSpaceOrTab(s.charCodeAt(hashes - 1)))) {
      end = hashes;
      while (end > k && isSpaceOrTab(s.charCodeAt(end - 1))) end--;
    }
    while (k < end && isSpaceOrTab(s.charCodeAt(k))) k++;
    this.hFrom = k;
    this.hTo = end;
    return level;
  }

  /**
   * A code fence (at most 3 spaces, then 3 or more backticks or tildes) on line `i`: its
   * length (`fenceChar` set, the rest of the line from `fenceRest`), or 0.
   */
  fenceChar = 0;
  fenceRest = 0;
  fence(i: number): number {
    const ind = this.indent(i);
    if (ind > 3) return 0;
    const s = this.src;
    const from = this.starts[i] + ind;
    const e = this.ends[i];
    const c = from < e ? s.charCodeAt(from) : -1;
    if (c !== 96 && c !== 126) return 0;
    let k = from;
    while (k < e && s.charCodeAt(k) === c) k++;
    if (k - from < 3) return 0;
    this.fenceChar = c;
    this.fenceRest = k;
    return k - from;
  }

  /** True when line `i` closes a fence of `char` × `length` (a longer run also does, then only spaces). */
  closesFence(i: number, char: number, length: number): boolean {
    const n = this.fence(i);
    if (n < length || this.fenceChar !== char) return false;
    for (let k = this.fenceRest, e = this.ends[i]; k < e; k++) if (!isSpaceOrTab(this.src.charCodeAt(k))) return false;
    return true;
  }

  /** Length of a blockquote prefix (`>` after at most 3 spaces, and one space) on line `i`, or 0. */
  quote(i: number): number {
    const ind = this.indent(i);
    if (ind > 3 || this.at(i, ind) !== 62) return 0;
    return ind + (this.at(i, ind + 1) === 32 ? 2 : 1);
  }

  /**
   * A list item marker on line `i` (at most 3 spaces, `-`/`*`/`+` or 1–9 digits and `.`/`)`,
   * then spaces or tabs or the line's end): the marker's end (`markIndent`, `markLen`,
   * `markSpace`, `markChar`, `markOrdered` set), or -1.
   */
  markIndent = 0;
  markLen = 0;
  markSpace = 0;
  markChar = 0;
  markOrdered = false;
  listItem(i: number): number {
    const ind = this.indent(i);
    if (ind > 3) return -1;
    const s = this.src;
    const e = this.ends[i];
    const from = this.starts[i] + ind;
    let k = from;
    const c = k < e ? s.charCodeAt(k) : -1;
    let ordered = false;
    if (c === 45 || c === 42 || c === 43) k++;
    else {
      while (k < e && k - from < 9 && isDigit(s.charCodeAt(k))) k++;
      if (k === from || k >= e) return -1;
      const d = s.charCodeAt(k);
      if (d !== 46 && d !== 41) return -1;
      k++;
      ordered = true;
    }
    let sp = k;
    while (sp < e && isSpaceOrTab(s.charCodeAt(sp))) sp++;
    if (sp === k && k < e) return -1;
    this.markIndent = ind;
    this.markLen = k - from;
    this.markSpace = sp - k;
    this.markChar = s.charCodeAt(k - 1);
    this.markOrdered = ordered;
    return k;
  }

  /** True when line `i` starts a block that interrupts a paragraph. */
  startsBlock(i: number): boolean {
    if (!this.mayStartBlock(i)) return false;
    if (this.fence(i) || this.heading(i) || this.thematicBreak(i) || this.quote(i)) return true;
    const k = this.listItem(i);
    if (k === -1) return false;
    // As in CommonMark, an ordered list interrupts a paragraph only when it starts at 1,
    // and an empty item never does.
    if (this.markSpace === this.ends[i] - k) return false;
    if (!this.markOrdered) return true;
    return this.markLen === 2 && this.src.charCodeAt(k - 2) === 49;
  }

  // ------------------------------------------------------------ blocks

  /** Renders lines [from, to) as blocks (separated by line ends); `tight`: paragraphs without `<p>`. */
  blocks(from: number, to: number, depth: number, tight: boolean): void {
    const { o, starts, ends, src } = this;
    let i = from;
    let first = true;
    while (i < to) {
      if (this.blank(i)) {
        i++;
        continue;
      }
      if (first) first = false;
      else o.put('\n');
      const ind = this.indent(i);
      if (ind < 4 && !this.mayStartBlock(i)) {
        i = this.paragraph(i, to, tight);
        continue;
      }
      const fence = this.fence(i);
      if (fence && !(this.fenceChar === 96 && src.indexOf('`', this.fenceRest) !== -1 && src.indexOf('`', this.fenceRest) < ends[i])) {
        const char = this.fenceChar;
        o.put('<pre><code>');
        i++;
        while (i < to) {
          if (this.closesFence(i, char, fence)) {
            i++;
            break;
          }
          escapeInto(o, src, starts[i] + Math.min(ind, this.indent(i)), ends[i], NL_KEEP);
          o.put('\n');
          i++;
        }
        o.put('</code></pre>');
        continue;
      }
      const level = this.heading(i);
      if (level) {
        o.put(`<h${level}>`);
        renderInline(o, src.slice(this.hFrom, this.hTo));
        o.put(`</h${level}>`);
        i++;
        continue;
      }
      if (this.thematicBreak(i)) {
        o.put('<hr>');
        i++;
        continue;
      }
      if (ind >= 4) {
        i = this.indentedCode(i, to);
        continue;
      }
      if (depth < MAX_NESTING && this.quote(i)) {
        i = this.blockquote(i, to, depth);
        continue;
      }
      if (depth < MAX_NESTING && this.listItem(i) !== -1) {
        i = this.list(i, to, depth);
        continue;
      }
      i = this.paragraph(i, to, tight);
    }
  }

  /** Indented code from line `i`: lines indented 4 or more, and blank lines between them. */
  indentedCode(i: number, to: number): number {
    const { o, starts, ends, src } = this;
    let last = i;
    let k = i;
    while (k < to && (this.indent(k) >= 4 || this.blank(k))) {
      if (!this.blank(k)) last = k;
      k++;
    }
    o.put('<pre><code>');
    for (let j = i; j <= last; j++) {
      if (j > i) o.put('\n');
      escapeInto(o, src, this.indent(j) >= 4 ? starts[j] + 4 : starts[j], ends[j], NL_KEEP);
    }
    o.put('\n</code></pre>');
    return k;
  }

  /** A blockquote from line `i`: its lines lose their `>` prefix in place and are rendered as blocks. */
  blockquote(i: number, to: number, depth: number): number {
    const { o, starts } = this;
    const from = i;
    while (i < to) {
      const q = this.quote(i);
      if (q) starts[i] += q;
      // Lazy continuation: a paragraph line right after quoted text stays in the quote.
      else if (i === from || this.blank(i) || this.blank(i - 1) || this.startsBlock(i)) break;
      i++;
    }
    o.put('<blockquote>');
    o.put('\n');
    this.blocks(from, i, depth + 1, false);
    o.put('\n');
    o.put('</blockquote>');
    return i;
  }

  /** A list from line `i`: its items (line runs whose indentation is stripped in place), then each rendered. */
  list(i: number, to: number, depth: number): number {
    const { o, starts, ends } = this;
    this.listItem(i);
    const ordered = this.markOrdered;
    const marker = this.markChar;
    /**
     * Item line runs as pairs [from, to), in a typed array grown by doubling: pushing
     * hundreds of thousands of numbers onto a JS array cost V8 more than the rest of the list.
     */
    let items = new Int32Array(64);
    let count = 0;
    let loose = false;
    while (i < to) {
      const k = this.listItem(i);
      if (k === -1 || this.markOrdered !== ordered || this.markChar !== marker) break;
      const restBlank = this.markSpace === ends[i] - k;
      const width = this.markIndent + this.markLen + (restBlank ? 1 : Math.min(this.markSpace, 4));
      // The item's first line: its text, keeping the spaces beyond four after the marker.
      starts[i] = restBlank ? ends[i] : k + (this.markSpace > 4 ? 4 : this.markSpace);
      const itemFrom = i;
      i++;
      while (i < to) {
        if (this.blank(i)) {
          // A blank line continues the item only if indented content follows.
          let b = i;
          while (b < to && this.blank(b)) b++;
          if (b < to && this.indent(b) >= width) {
            for (; i < b; i++) starts[i] = ends[i];
            loose = true;
            continue;
          }
          break;
        }
        if (this.indent(i) >= width) starts[i] += width;
        else if (this.listItem(i) === -1 && !this.startsBlock(i) && !this.blank(i - 1)) {
          while (starts[i] < ends[i] && isWhite(this.src.charCodeAt(starts[i]))) starts[i]++;
        } else break;
        i++;
      }
      if (count + 2 > items.length) {
        const grown = new Int32Array(items.length * 2);
        grown.set(items);
        items = grown;
      }
      items[count++] = itemFrom;
      items[count++] = i;
      // A blank line between items makes the list loose.
      if (i < to && this.blank(i)) {
        let b = i;
        while (b < to && this.blank(b)) b++;
        if (b < to && this.listItem(b) !== -1 && this.markOrdered === ordered && this.markChar === marker) {
          loose = true;
          i = b;
        }
      }
    }
    const tag = ordered ? 'ol' : 'ul';
    o.put(`<${tag}>`);
    for (let k = 0; k < count; k += 2) {
      const a = items[k];
      const b = items[k + 1];
      // A one-line tight item that starts no block is inline text: no nested pass needed
      // (and no inline pass either when it has no special character).
      if (b - a === 1 && !loose && this.indent(a) < 4 && !this.mayStartBlock(a)) {
        const text = this.trimmed(a);
        if (isPlain(text, 0, text.length)) o.put('\n<li>' + text + '</li>');
        else {
          o.put('\n<li>');
          renderInline(o, text);
          o.put('</li>');
        }
      } else {
        o.put('\n');
        o.put('<li>');
        this.blocks(a, b, depth + 1, !loose);
        o.put('</li>');
      }
    }
    o.put('\n');
    o.put(`</${tag}>`);
    return i;
  }

  /** Line `i`'s text without leading and trailing whitespace (as String#trim). */
  trimmed(i: number): string {
    const s = this.src;
    let a = this.starts[i];
    let b = this.ends[i];
    while (a < b && isWhite(s.charCodeAt(a))) a++;
    while (b > a && isWhite(s.charCodeAt(b - 1))) b--;
    return s.slice(a, b);
  }

  /** The paragraph that starts at line `i`; returns the next line's index. */
  paragraph(i: number, to: number, tight: boolean): number {
    const { o, starts, ends, src } = this;
    const from = i;
    i++;
    while (i < to && !this.blank(i) && !this.startsBlock(i)) i++;
    let text: string;
    if (i - from === 1) text = this.trimmed(from);
    else {
      // Lines that are one run of the source already trimmed (the common case outside
      // containers) are one slice; otherwise the trimmed lines are joined.
      let run = true;
      for (let k = from; k < i && run; k++) {
        const a = starts[k];
        const b = ends[k];
        if (b === a || isWhite(src.charCodeAt(a)) || isWhite(src.charCodeAt(b - 1)) || (k > from && a !== ends[k - 1] + 1)) run = false;
      }
      if (run) text = src.slice(starts[from], ends[i - 1]);
      else {
        // Joined in batches: one JS array of tens of thousands of lines costs V8 more to grow.
        const batches: string[] = [];
        let batch: string[] = [];
        for (let k = from; k < i; k++) {
          batch.push(this.trimmed(k));
          if (batch.length === 512) {
            batches.push(batch.join('\n'));
            batch = [];
          }
        }
        if (batch.length) batches.push(batch.join('\n'));
        text = batches.join('\n');
      }
    }
    if (tight) renderInline(o, text);
    else {
      o.put('<p>');
      renderInline(o, text);
      o.put('</p>');
    }
    return i;
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isSpaceOrTab(c: number): boolean {
  return c === 32 || c === 9;
}

/** Leading whitespace with a tab in it, on any line. */
const LEADING_TAB = /^[ \t]*\t[ \t]*/gm;

/** The source with line ends unified, NULs replaced and leading tabs expanded to four spaces. */
function normalise(md: string): string {
  let s = md;
  if (/[\r\u2028\u2029]/.test(s)) s = s.replace(/\r\n?|[\u2028\u2029]/g, '\n');
  if (s.includes('\u0000')) s = s.replace(/\u0000/g, '\uFFFD');
  if (s.includes('\t')) s = s.replace(LEADING_TAB, (ws) => (ws.includes('\t') ? ws.replace(/\t/g, '    ') : ws));
  return s;
}

function render(md: string): Output {
  const src = normalise(md);
  let count = 1;
  for (let k = src.indexOf('\n'); k !== -1; k = src.indexOf('\n', k + 1)) count++;
  const starts = takeInts(count);
  const ends = takeInts(count);
  let line = 0;
  let start = 0;
  for (let k = src.indexOf('\n'); k !== -1; k = src.indexOf('\n', k + 1)) {
    starts[line] = start;
    ends[line++] = k;
    start = k + 1;
  }
  starts[line] = start;
  ends[line] = src.length;
  const o = new Output();
  new Doc(src, starts, ends, o).blocks(0, count, 0, false);
  giveInts(starts);
  giveInts(ends);
  return o;
}

/**
 * The Markdown as HTML (see the module comment for what is supported). All text is
 * escaped and only allow-listed tags are produced; still pass the result through
 * `sanitizeHtml` before it reaches the DOM (`markdownToSafeHtml` does both).
 */
export function renderMarkdown(md: string): string {
  return render(md).html();
}
