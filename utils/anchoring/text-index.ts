/**
 * The normalised rendered text of a subtree, with the mapping between offsets
 * in that text and DOM boundary points.
 *
 * Normalisation: every run of whitespace (including NBSP) becomes one space,
 * leading whitespace of the whole text is dropped, and a block boundary (p, li,
 * h1–h6, br, td…) counts as whitespace, so "end.</p><p>Next" reads "end. Next".
 * Text that a reader cannot see (script, style, template, `hidden`, display:none)
 * is not in the index.
 */

import { hiddenByMarkup } from '../hidden';

/** Elements whose text is never rendered as page text. */
export const SKIP_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'textarea', 'select', 'iframe', 'object', 'head', 'title',
]);

/** Elements that start a new line of text: their edges count as whitespace. */
const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'dd', 'details', 'dialog',
  'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3',
  'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'html', 'legend', 'li', 'main', 'menu', 'nav',
  'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead',
  'tr', 'ul', 'option', 'button', 'br',
]);

/**
 * Block elements that a stylesheet may hide (menus, modals, promos). Only
 * these ask the browser whether they are rendered.
 */
const SUSPECT_BLOCKS = new Set([
  'div', 'section', 'aside', 'nav', 'ul', 'ol', 'li', 'p', 'dl', 'dd', 'figure', 'figcaption',
  'form', 'header', 'footer', 'table', 'details', 'dialog', 'blockquote',
]);
const WS_RUN = /\s+/g;

const SHOW_ELEMENT = 1;
const SHOW_TEXT = 4;
const SHOW_CDATA_SECTION = 8;
/** Node.compareDocumentPosition: the other node follows. */
const FOLLOWING = 4;
/** Node.compareDocumentPosition: the other node is inside. */
const CONTAINED_BY = 16;

/** Options for {@link buildTextIndex}. */
export interface TextIndexOptions {
  /**
   * Ask the browser whether block elements are rendered (`checkVisibility`), so
   * text hidden by a stylesheet is left out. Default: true where available.
   */
  computedVisibility?: boolean;
}

/**
 * Normalised text of `root` plus what maps it back to the DOM. Build it once
 * per pass with {@link buildTextIndex}; it goes stale when the DOM changes.
 *
 * Offsets are kept in terms of the "raw" text (`root.textContent`): each
 * indexed text node's raw start, and the few places ("cuts") where normalised
 * and raw offsets stop advancing together (a collapsed run, skipped text, a
 * space standing for a block edge). Anything finer is computed on demand for
 * the few offsets asked about.
 */
export class TextIndex {
  /** The normalised text. */
  readonly text: string;
  readonly root: Node;
  /** Every text node's data under `root`, in document order (`textContent`). */
  private readonly raw: string;
  /** Indexed text nodes (visible, non-empty), in document order. */
  private readonly indexed: Text[];
  /** Raw offset where each indexed node starts. */
  private readonly rawStarts: Int32Array;
  /** From normalised offset cutNorm[j] on, normalised offsets advance with raw ones from cutRaw[j]. */
  private readonly cutNorm: Int32Array;
  private readonly cutRaw: Int32Array;
  /** Elements left out besides SKIP_TAGS (hidden ones), to skip when looking for block edges. */
  private readonly hidden: Set<Node>;
  private compat: { nodes: Text[]; starts: Int32Array; ends: Int32Array; afterSpace: Uint8Array } | null = null;
  private breakList: Int32Array | null = null;

  /** @internal Built by {@link buildTextIndex}. */
  constructor(
    root: Node,
    text: string,
    raw: string,
    indexed: Text[],
    rawStarts: Int32Array,
    cutNorm: Int32Array,
    cutRaw: Int32Array,
    hidden: Set<Node>,
  ) {
    this.root = root;
    this.text = text;
    this.raw = raw;
    this.indexed = indexed;
    this.rawStarts = rawStarts;
    this.cutNorm = cutNorm;
    this.cutRaw = cutRaw;
    this.hidden = hidden;
  }

  /** Text nodes that contributed at least one character, in document order (computed on first use). */
  get nodes(): Text[] {
    return this.perNode().nodes;
  }

  /** Offset in `text` where each of {@link nodes} starts contributing (computed on first use). */
  get starts(): Int32Array {
    return this.perNode().starts;
  }

  /** Offset in `text` where each of {@link nodes} stops contributing (computed on first use). */
  get ends(): Int32Array {
    return this.perNode().ends;
  }

  /** Whether the text was at a space when each of {@link nodes} began (its leading whitespace collapsed away). */
  get afterSpace(): Uint8Array {
    return this.perNode().afterSpace;
  }

  /**
   * Offsets of the spaces that stand for a block boundary or <br>, ascending.
   * Computed on first use with a DOM check per node boundary: slow on a big
   * page (anchoring asks {@link isBreak} about single offsets instead).
   */
  get breaks(): Int32Array {
    if (!this.breakList) {
      const out: number[] = [];
      for (let i = 1; i < this.indexed.length; i++) {
        // The space that the boundary falls in: before the node's first
        // character, or its own leading whitespace.
        const p = this.normOf(this.rawStarts[i]);
        const at = p > 0 && this.text.charCodeAt(p - 1) === 32 ? p - 1 : this.text.charCodeAt(p) === 32 ? p : -1;
        if (at >= 0 && out[out.length - 1] !== at && this.blockBetween(i - 1, i)) {
          out.push(at);
        }
      }
      this.breakList = Int32Array.from(out);
    }
    return this.breakList;
  }

  /** Offset in the raw text (`root.textContent`) of the character at normalised offset `offset`. */
  rawOffset(offset: number): number {
    return this.rawOf(Math.max(0, Math.min(offset, this.text.length - 1)));
  }

  /** True when the space at `offset` separates blocks (or lines split by <br>). */
  isBreak(offset: number): boolean {
    if (offset < 0 || offset >= this.text.length || this.text.charCodeAt(offset) !== 32) return false;
    // The raw stretch this space stands for, and every node boundary in it.
    // (The space may stand for the last character of its run: start from the run's first.)
    let from = this.rawOf(offset);
    while (from > 0 && isWs(this.raw.charCodeAt(from - 1))) from--;
    const to = offset + 1 < this.text.length ? this.rawOf(offset + 1) : Infinity;
    for (let i = Math.max(1, this.firstNodeFrom(from)); i < this.indexed.length && this.rawStarts[i] <= to; i++) {
      if (this.blockBetween(i - 1, i)) return true;
    }
    return false;
  }

  /**
   * A DOM Range covering normalised offsets [start, end), or null when the index
   * is empty or the span is empty. Ends are placed inside text nodes.
   */
  toRange(start: number, end: number): Range | null {
    start = Math.max(0, start);
    end = Math.min(this.text.length, end);
    if (this.indexed.length === 0 || end <= start) return null;
    const rs = this.rawOf(start);
    // After the last character: one past its raw place, unless it is a space
    // that stands for a block edge (no raw character of its own).
    let re = this.rawOf(end - 1);
    if (this.text.charCodeAt(end - 1) !== 32 || isWs(this.raw.charCodeAt(re))) re++;
    const si = this.lastNodeAtOrBefore(rs);
    const ei = this.lastNodeAtOrBefore(re - 1);
    const sn = this.indexed[si];
    const en = this.indexed[ei];
    const doc = this.root.ownerDocument ?? (this.root as Document);
    const range = doc.createRange();
    range.setStart(sn, Math.min(rs - this.rawStarts[si], sn.length));
    range.setEnd(en, Math.min(re - this.rawStarts[ei], en.length));
    return range;
  }

  /**
   * Normalised offset of a DOM boundary point. A point inside text that is not
   * indexed (hidden, collapsed whitespace) maps to the next indexed character.
   */
  offsetOf(container: Node, offset: number): number {
    if (container.nodeType === 3 || container.nodeType === 4) {
      const i = this.firstNodeAtOrAfter(container, false);
      if (i < this.indexed.length && this.indexed[i] === container) {
        const len = (container as Text).length;
        return this.normOf(this.rawStarts[i] + Math.max(0, Math.min(offset, len)));
      }
      return i < this.indexed.length ? this.normOf(this.rawStarts[i]) : this.text.length;
    }
    const child = container.childNodes[offset];
    const i = child ? this.firstNodeAtOrAfter(child, false) : this.firstNodeAtOrAfter(container, true);
    return i < this.indexed.length ? this.normOf(this.rawStarts[i]) : this.text.length;
  }

  /**
   * Index of the first indexed node at or after `node` in document order
   * (after its whole subtree when `after`), by binary search with
   * compareDocumentPosition: a few calls instead of a node-to-index table.
   */
  private firstNodeAtOrAfter(node: Node, after: boolean): number {
    let lo = 0;
    let hi = this.indexed.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const other = this.indexed[mid];
      const pos = other === node ? (after ? CONTAINED_BY | FOLLOWING : FOLLOWING) : node.compareDocumentPosition(other);
      const atOrAfter = after ? (pos & FOLLOWING) !== 0 && (pos & CONTAINED_BY) === 0 : (pos & FOLLOWING) !== 0;
      if (atOrAfter) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Index of the last indexed node starting at or before raw offset `r` (0 when none). */
  private lastNodeAtOrBefore(r: number): number {
    return lastAtOrBefore(this.rawStarts, r);
  }

  /** Index of the first indexed node starting at or after raw offset `r`. */
  private firstNodeFrom(r: number): number {
    const s = this.rawStarts;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid] >= r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Raw offset of the character at normalised offset `n`. */
  private rawOf(n: number): number {
    const cn = this.cutNorm;
    const lo = lastAtOrBefore(cn, n);
    return this.cutRaw[lo] + (n - cn[lo]);
  }

  /** Normalised offset of raw offset `r`: its character's, or the next indexed one's when it has none. */
  private normOf(r: number): number {
    const cr = this.cutRaw;
    if (cr.length === 0) return 0;
    let lo = 0;
    let hi = cr.length - 1;
    if (r < cr[0]) return 0;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (cr[mid] <= r) lo = mid;
      else hi = mid - 1;
    }
    const n = this.cutNorm[lo] + (r - cr[lo]);
    const limit = lo + 1 < cr.length ? this.cutNorm[lo + 1] : this.text.length;
    return n < limit ? n : limit;
  }

  /** Whether a block edge or <br> lies between indexed nodes `i` and `i + 1`... or any two in order. */
  private blockBetween(i: number, j: number): boolean {
    return blockBetween(this.indexed[i], this.indexed[j], this.root, this.hidden);
  }

  /** Per-node offsets in the normalised text, for callers that want them. */
  private perNode(): { nodes: Text[]; starts: Int32Array; ends: Int32Array; afterSpace: Uint8Array } {
    if (this.compat) return this.compat;
    const nodes: Text[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    const afterSpace: number[] = [];
    for (let i = 0; i < this.indexed.length; i++) {
      const s = this.normOf(this.rawStarts[i]);
      const e = this.normBefore(this.rawStarts[i] + this.indexed[i].length);
      if (e <= s) continue;
      nodes.push(this.indexed[i]);
      starts.push(s);
      ends.push(e);
      afterSpace.push(s === 0 || this.text.charCodeAt(s - 1) === 32 ? 1 : 0);
    }
    this.compat = {
      nodes,
      starts: Int32Array.from(starts),
      ends: Int32Array.from(ends),
      afterSpace: Uint8Array.from(afterSpace),
    };
    return this.compat;
  }

  /** Normalised length of what raw offsets before `r` produced. */
  private normBefore(r: number): number {
    const cr = this.cutRaw;
    let lo = -1;
    let hi = cr.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (cr[mid] < r) lo = mid;
      else hi = mid - 1;
    }
    if (lo < 0) return 0;
    const n = this.cutNorm[lo] + (r - cr[lo]);
    const limit = lo + 1 < cr.length ? this.cutNorm[lo + 1] : this.text.length;
    return n < limit ? n : limit;
  }
}

/** Index of the last element of ascending `sorted` that is ≤ `x` (0 when none is). */
export function lastAtOrBefore(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

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

/**
 * Every whitespace character but the plain space (JS `\s`), line feed first:
 * nearly all runs to rewrite hold one. Searching for each with `indexOf` is
 * far cheaper than a regex scan, and free for characters that a one-byte
 * string cannot hold.
 */
const REWRITTEN_WS = [
  '\n', '\t', '\r', '\u00a0', '\v', '\f', '\u1680', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004',
  '\u2005', '\u2006', '\u2007', '\u2008', '\u2009', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f',
  '\u3000', '\ufeff',
];

/**
 * A function giving the start of the first whitespace run at or after `from`
 * in `raw` that the index has to rewrite (two or more characters, or anything
 * but a plain space), or `raw.length` when there is none. `from` must never
 * decrease from one call to the next. The position found for each kind of character
 * is kept until the search passes it; kinds that do not occur any more are dropped.
 */
function changeFinder(raw: string): (from: number) => number {
  const none = raw.length;
  const needles = ['  ', ...REWRITTEN_WS];
  const found = needles.map(() => -2);
  let live = needles.length;
  return (from: number): number => {
    let best = none;
    for (let n = 0; n < live; n++) {
      let f = found[n];
      if (f < from) {
        f = raw.indexOf(needles[n], from);
        if (f === -1) {
          // Never again: move the last live kind into this slot.
          live--;
          needles[n] = needles[live];
          found[n] = found[live];
          n--;
          continue;
        }
        found[n] = f;
      }
      if (f < best) best = f;
    }
    // The run may start with a space just before what was found.
    while (best > from && best < none && raw.charCodeAt(best - 1) === 32) best--;
    return best;
  };
}

/** Normalises a string the way the index does (whitespace runs to one space, trimmed). */
export function normalizeText(s: string): string {
  return s.replace(WS_RUN, ' ').trim();
}

/** Elements left out of the index, by their first text node. */
interface LeftOut {
  /** First non-empty text node of each left-out element with text, in document order... */
  firsts: Node[];
  /** ...and the length of that element's text. */
  lens: number[];
  /** Left-out elements other than SKIP_TAGS (hidden ones). */
  hidden: Set<Node>;
}

/**
 * Elements under `root` whose text is left out: SKIP_TAGS, `[hidden]`, inline
 * `display:none`/`visibility:hidden`, and, with `useVisibility`, blocks that
 * the browser does not render. One walk over elements finds them (a
 * TreeWalker step is far cheaper than selector queries for tag or attribute
 * lists, or reading items of a NodeList); only elements with attributes are
 * looked at further.
 */
function leftOut(root: Element | Document, useVisibility: boolean, walker: TreeWalker): LeftOut {
  const firsts: Node[] = [];
  const lens: number[] = [];
  const hidden = new Set<Node>();
  const doc = root.nodeType === 9 ? (root as Document) : root.ownerDocument!;
  const elements = doc.createTreeWalker(root, SHOW_ELEMENT);
  for (let el = elements.nextNode() as Element | null; el; el = elements.nextNode() as Element | null) {
    const name = el.localName;
    if (!SKIP_TAGS.has(name)) {
      if (!el.hasAttributes()) continue;
      if (
        !hiddenByMarkup(el) &&
        // Stylesheets hide blocks (menus, modals, promos) far more often than
        // anything else: only those ask for computed style.
        !(
          useVisibility &&
          SUSPECT_BLOCKS.has(name) &&
          (el.hasAttribute('class') || el.hasAttribute('id')) &&
          !el.checkVisibility()
        )
      ) {
        continue;
      }
      hidden.add(el);
    }
    const len = (el.textContent ?? '').length;
    if (len === 0) continue;
    walker.currentNode = el;
    let t = walker.nextNode();
    while (t && (t as Text).length === 0) t = walker.nextNode();
    if (t && el.contains(t)) {
      firsts.push(t);
      lens.push(len);
    }
  }
  return { firsts, lens, hidden };
}

/**
 * Whether a block edge or <br> lies between text nodes `a` and `b` (`a` first,
 * nothing indexed between them): an element left on the way from one to the
 * other, or entered, that is a block. Skipped subtrees are passed over whole.
 */
export function blockBetween(a: Node, b: Node, root: Node, hidden: Set<Node>): boolean {
  let n: Node = a;
  for (;;) {
    // Next node in document order, leaving finished elements on the way.
    let next: Node | null = n.nodeType === 1 && !isSkipped(n as Element, hidden) ? n.firstChild : null;
    while (!next) {
      next = n.nextSibling;
      if (next) break;
      const up = n.parentNode;
      if (!up || up === root) return false;
      if (BLOCK_TAGS.has((up as Element).localName)) return true;
      n = up;
    }
    n = next;
    if (n === b) return false;
    if (n.nodeType === 1 && BLOCK_TAGS.has((n as Element).localName) && !isSkipped(n as Element, hidden)) return true;
  }
}

function isSkipped(el: Element, hidden: Set<Node>): boolean {
  return SKIP_TAGS.has(el.localName) || hidden.has(el);
}

interface Walked {
  indexed: Text[];
  rawStarts: number[];
  /**
   * Stretches of raw text to index, as [start, end) pairs: nodes with nothing
   * left out between them and no block edge between two words. A negative
   * end, `-1 - end`, marks a block edge after the stretch that reads as a space.
   */
  stretches: number[];
  /** Length of all the text walked, left-out text included. */
  rawLength: number;
}

/**
 * One TreeWalker pass over the text nodes under `root`, reading lengths only,
 * with each node's offset in `raw` (`root.textContent`). A left-out element
 * is recognised by its first text node and covers its text's length. Where
 * two nodes meet with a word on each side, the DOM is asked whether a block
 * edge lies between them. With `cdata`, CDATA sections are walked too (left
 * out, but counted).
 */
function walkText(
  walker: TreeWalker,
  root: Node,
  raw: string,
  { firsts, lens, hidden }: LeftOut,
  cdata: boolean,
): Walked {
  walker.currentNode = root;
  const indexed: Text[] = [];
  const rawStarts: number[] = [];
  const stretches: number[] = [];
  let pos = 0;
  let skipUntil = 0;
  // End of the last indexed node, and that node.
  let lastEnd = -1;
  let last: Node | null = null;
  // The next left-out element's first node: they come in walk order.
  let f = 0;
  let nextFirst = firsts.length ? firsts[0] : null;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const len = (n as Text).length;
    if (len === 0) continue;
    if (n === nextFirst) {
      // Nested left-out elements can share a first node.
      do {
        if (pos + lens[f] > skipUntil) skipUntil = pos + lens[f];
        f++;
      } while (f < firsts.length && firsts[f] === n);
      nextFirst = f < firsts.length ? firsts[f] : null;
    }
    if (pos >= skipUntil && (!cdata || n.nodeType === 3)) {
      // A block edge between two words needs a space that the raw text lacks.
      const edge =
        last !== null &&
        !isWs(raw.charCodeAt(lastEnd - 1)) &&
        !isWs(raw.charCodeAt(pos)) &&
        blockBetween(last, n, root, hidden);
      if (edge || pos !== lastEnd) {
        if (last !== null) stretches.push(edge ? -1 - lastEnd : lastEnd);
        stretches.push(pos);
      }
      indexed.push(n as Text);
      rawStarts.push(pos);
      lastEnd = pos + len;
      last = n;
    }
    pos += len;
  }
  if (last !== null) stretches.push(lastEnd);
  return { indexed, rawStarts, stretches, rawLength: pos };
}

/** The element whose text stands for `root`'s: a document's root element, or `root` itself. */
export function topOf(root: Node): Element | null {
  return (root.nodeType === 9 ? (root as Document).documentElement : root) as Element | null;
}

/** Whether the browser is asked which blocks it renders (see {@link TextIndexOptions}). */
export function usesVisibility(root: Node, opts: TextIndexOptions): boolean {
  return opts.computedVisibility !== false && typeof topOf(root)?.checkVisibility === 'function';
}

/**
 * Builds the {@link TextIndex} of `root`.
 *
 * Cost is kept to a few native passes: left-out elements come from one
 * TreeWalker over elements, the text from one `textContent` read, node
 * offsets from one TreeWalker over text nodes that reads lengths only, and
 * whitespace is collapsed on that string with native searches, copying long
 * slices. Block edges only change the text where two nodes meet with no
 * whitespace between them: only there is the DOM asked whether a block edge
 * lies between. Inline elements hidden by a stylesheet are not detected
 * (their text is indexed). `rawText`, when given, must be the current
 * `textContent` of `root` (of its root element for a document).
 */
export function buildTextIndex(root: Node = document.body, opts: TextIndexOptions = {}, rawText?: string): TextIndex {
  const top = topOf(root);
  const useVisibility = usesVisibility(root, opts);
  const doc = root.ownerDocument ?? (root as Document);
  let walker = doc.createTreeWalker(root, SHOW_TEXT);
  const left = leftOut(root as Element | Document, useVisibility, walker);
  const raw = rawText ?? top?.textContent ?? '';
  let walked = walkText(walker, root, raw, left, false);
  if (walked.rawLength !== raw.length) {
    // CDATA sections (inline SVG) are in `textContent` but are not text
    // nodes: walk them too, and find left-out elements' first nodes among them.
    walker = doc.createTreeWalker(root, SHOW_TEXT | SHOW_CDATA_SECTION);
    walked = walkText(walker, root, raw, leftOut(root as Element | Document, useVisibility, walker), true);
  }
  const { stretches } = walked;

  // Collapse whitespace runs to one space (the whole text's leading
  // whitespace dropped), leave out skipped text, and put a space where a
  // block edge separates two words. The text is built from long slices of the
  // raw text, cut only where something changes; runs to rewrite are found
  // with native searches rather than a loop over every character. Each place
  // where normalised and raw offsets stop advancing together is a cut.
  const nextChange = changeFinder(raw);
  const pieces: string[] = [];
  const cutNorm: number[] = [];
  const cutRaw: number[] = [];
  // raw[copyFrom, copyTo) is still to be copied as it is.
  let copyFrom = 0;
  let copyTo = 0;
  let out = 0;
  let inSpace = true;
  // Start of the next run to rewrite, as last found.
  let ms = -1;
  // The last cut.
  let lastNorm = 0;
  let lastRaw = -1;
  const flush = () => {
    if (copyTo > copyFrom) pieces.push(raw.slice(copyFrom, copyTo));
  };
  /** Records that normalised offset `n` maps to raw offset `r`, unless it already does. */
  const cutAt = (n: number, r: number) => {
    if (lastRaw + (n - lastNorm) !== r || cutNorm.length === 0) {
      cutNorm.push((lastNorm = n));
      cutRaw.push((lastRaw = r));
    }
  };

  for (let st = 0; st < stretches.length; st += 2) {
    const segStart = stretches[st];
    const endMark = stretches[st + 1];
    const segEnd = endMark < 0 ? -1 - endMark : endMark;
    const edge = endMark < 0;
    let i = segStart;
    if (inSpace) while (i < segEnd && isWs(raw.charCodeAt(i))) i++;
    if (i !== copyTo) {
      flush();
      copyFrom = copyTo = i;
    }
    if (i < segEnd) cutAt(out, i);
    while (i < segEnd) {
      // Most stretches hold no run to rewrite: the last answer still stands for them.
      if (ms < i) ms = nextChange(i);
      if (ms >= segEnd) {
        out += segEnd - i;
        i = segEnd;
        break;
      }
      let me = ms + 1;
      while (me < segEnd && isWs(raw.charCodeAt(me))) me++;
      // `out` becomes the offset of the space that stands for the run.
      out += ms - i;
      if (raw.charCodeAt(ms) === 32) {
        // The run's first space stays, the rest goes.
        copyTo = ms + 1;
        if (me > ms + 1) {
          flush();
          copyFrom = copyTo = me;
          if (me < segEnd) cutAt(out + 1, me);
        }
      } else if (raw.charCodeAt(me - 1) === 32) {
        // A line break and indentation: the last space stays, so the copy
        // goes on from there (one slice per run, no separate space).
        copyTo = ms;
        flush();
        copyFrom = copyTo = me - 1;
        cutAt(out, me - 1);
      } else {
        copyTo = ms;
        flush();
        pieces.push(' ');
        copyFrom = copyTo = me;
        if (me > ms + 1 && me < segEnd) cutAt(out + 1, me);
      }
      out++;
      i = me;
    }
    copyTo = segEnd;
    inSpace = isWs(raw.charCodeAt(segEnd - 1));
    if (edge) {
      // Two words either side of a block edge: it reads as a space.
      flush();
      copyFrom = copyTo;
      pieces.push(' ');
      out++;
      inSpace = true;
    }
  }
  flush();

  return new TextIndex(
    root,
    pieces.join(''),
    raw,
    walked.indexed,
    Int32Array.from(walked.rawStarts),
    Int32Array.from(cutNorm),
    Int32Array.from(cutRaw),
    left.hidden,
  );
}

/**
 * The benchmark's baseline: one TreeWalker pass over text nodes concatenating
 * their data, with no filtering or normalisation. Returns the concatenated text.
 */
export function plainTextWalk(root: Node = document.body): string {
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, 4 /* SHOW_TEXT */);
  let s = '';
  for (let n = walker.nextNode(); n; n = walker.nextNode()) s += (n as Text).data;
  return s;
}

/** Length of {@link plainTextWalk}'s text, cheaply. */
export function textLength(root: Node = document.body): number {
  return plainTextWalk(root).length;
}
