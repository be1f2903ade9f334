/**
 * The normalised rendered text of a subtree, built in one pass, with the mapping
 * between offsets in that text and DOM boundary points.
 *
 * Normalisation: every run of whitespace (including NBSP) becomes one space,
 * leading whitespace of the whole text is dropped, and a block boundary (p, li,
 * h1–h6, br, td…) counts as whitespace, so "end.</p><p>Next" reads "end. Next".
 * Text that a reader cannot see (script, style, template, `hidden`, display:none)
 * is not in the index.
 */

/** Elements whose text is never rendered as page text. */
const SKIP_TAGS = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'TEXTAREA',
  'SELECT',
  'IFRAME',
  'OBJECT',
  'HEAD',
  'TITLE',
]);

/** Elements that start a new line of text: their edges count as whitespace. */
const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'CAPTION', 'DD', 'DETAILS', 'DIALOG',
  'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3',
  'H4', 'H5', 'H6', 'HEADER', 'HGROUP', 'HR', 'HTML', 'LEGEND', 'LI', 'MAIN', 'MENU', 'NAV',
  'OL', 'P', 'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'TD', 'TFOOT', 'TH', 'THEAD',
  'TR', 'UL', 'OPTION', 'BUTTON',
]);

const INLINE_HIDDEN = /display\s*:\s*none|visibility\s*:\s*hidden/i;
const WS_RUN = /\s+/g;

interface ElementInfo {
  /** Text under this element is not rendered. */
  skip: boolean;
  /** Nearest block-level ancestor-or-self (or the root). */
  block: Element;
}

/** Options for {@link buildTextIndex}. */
export interface TextIndexOptions {
  /**
   * Ask the browser whether block elements are rendered (`checkVisibility`), so
   * text hidden by a stylesheet is left out. Default: true where available.
   */
  computedVisibility?: boolean;
}

/**
 * Normalised text of `root` plus the text nodes that produced it. Build it once
 * per pass with {@link buildTextIndex}; it goes stale when the DOM changes.
 */
export class TextIndex {
  /** The normalised text. */
  readonly text: string;
  /** Text nodes that contributed at least one character, in document order. */
  readonly nodes: Text[];
  /** Offset in `text` where each node's contribution starts. */
  readonly starts: Int32Array;
  /** Offset in `text` where each node's contribution ends. */
  readonly ends: Int32Array;
  /** Whether normalised output was at a space when each node began (its leading whitespace collapsed away). */
  readonly afterSpace: Uint8Array;
  readonly root: Node;
  /** Offsets of the spaces that stand for a block boundary or <br>, ascending. */
  readonly breaks: Int32Array;
  private nodeIds: Map<Text, number> | null = null;

  constructor(
    root: Node,
    text: string,
    nodes: Text[],
    starts: Int32Array,
    ends: Int32Array,
    afterSpace: Uint8Array,
    breaks: Int32Array = new Int32Array(0),
  ) {
    this.root = root;
    this.breaks = breaks;
    this.text = text;
    this.nodes = nodes;
    this.starts = starts;
    this.ends = ends;
    this.afterSpace = afterSpace;
  }

  /** True when the space at `offset` separates blocks (or lines split by <br>). */
  isBreak(offset: number): boolean {
    const b = this.breaks;
    let lo = 0;
    let hi = b.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (b[mid] === offset) return true;
      if (b[mid] < offset) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** Index in `nodes` of the last node starting at or before `offset` whose text ends after it (for range starts). */
  private nodeForStart(offset: number): number {
    // First node whose end is > offset.
    let lo = 0;
    let hi = this.nodes.length - 1;
    let ans = this.nodes.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.ends[mid] > offset) {
        ans = mid;
        hi = mid - 1;
      } else lo = mid + 1;
    }
    return ans;
  }

  /** Index in `nodes` of the first node whose text ends at or after `offset` (for range ends). */
  private nodeForEnd(offset: number): number {
    let lo = 0;
    let hi = this.nodes.length - 1;
    let ans = this.nodes.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.ends[mid] >= offset) {
        ans = mid;
        hi = mid - 1;
      } else lo = mid + 1;
    }
    return ans;
  }

  /**
   * A DOM Range covering normalised offsets [start, end), or null when the index
   * is empty or the span is empty. Ends are placed inside text nodes.
   */
  toRange(start: number, end: number): Range | null {
    if (this.nodes.length === 0 || end <= start) return null;
    start = Math.max(0, start);
    end = Math.min(this.text.length, end);
    const si = this.nodeForStart(start);
    const ei = this.nodeForEnd(end);
    const doc = this.root.ownerDocument ?? (this.root as Document);
    const range = doc.createRange();
    range.setStart(this.nodes[si], this.rawOffset(si, start - this.starts[si], false));
    range.setEnd(this.nodes[ei], this.rawOffset(ei, end - this.starts[ei], true));
    return range;
  }

  /**
   * Offset in node `i`'s data of normalised offset `rel` (relative to the node's
   * start). For an end boundary it lands after the char producing `rel - 1`.
   */
  private rawOffset(i: number, rel: number, isEnd: boolean): number {
    const data = this.nodes[i].data;
    if (rel <= 0) return firstEmitting(data, this.afterSpace[i] === 1);
    let count = 0;
    let inSpace = this.afterSpace[i] === 1;
    const target = isEnd ? rel - 1 : rel;
    for (let k = 0; k < data.length; k++) {
      const ws = isWs(data.charCodeAt(k));
      if (ws && inSpace) continue;
      inSpace = ws;
      if (count === target) return isEnd ? k + 1 : k;
      count++;
    }
    return data.length;
  }

  /**
   * Normalised offset of a DOM boundary point. A point inside text that is not
   * indexed (hidden, collapsed whitespace) maps to the next indexed character.
   */
  offsetOf(container: Node, offset: number): number {
    if (container.nodeType === 3) {
      const id = this.idOf(container as Text);
      if (id !== undefined) return this.starts[id] + this.normLength(id, offset);
      return this.nextIndexedStart(container, true);
    }
    const child = container.childNodes[offset];
    if (child) return this.nextIndexedStart(child, false);
    return this.nextIndexedStart(container, true);
  }

  /** Start offset of the first indexed text node at or after `node` (after its subtree when `skipSubtree`). */
  private nextIndexedStart(node: Node, skipSubtree: boolean): number {
    const doc = this.root.ownerDocument ?? (this.root as Document);
    const walker = doc.createTreeWalker(this.root, 4 /* SHOW_TEXT */);
    let n: Node | null = node;
    if (skipSubtree) {
      // Move to the first node after `node`'s subtree.
      while (n && n !== this.root && !n.nextSibling) n = n.parentNode;
      n = n && n !== this.root ? n.nextSibling : null;
    }
    if (!n) return this.text.length;
    if (n.nodeType === 3) {
      const id = this.idOf(n as Text);
      if (id !== undefined) return this.starts[id];
    }
    walker.currentNode = n;
    let t = walker.nextNode();
    while (t) {
      const id = this.idOf(t as Text);
      if (id !== undefined) return this.starts[id];
      t = walker.nextNode();
    }
    return this.text.length;
  }

  private idOf(t: Text): number | undefined {
    if (!this.nodeIds) {
      this.nodeIds = new Map();
      for (let i = 0; i < this.nodes.length; i++) this.nodeIds.set(this.nodes[i], i);
    }
    return this.nodeIds.get(t);
  }

  /** Normalised length of node `i`'s data[0, rawOffset). */
  private normLength(i: number, rawOffset: number): number {
    const data = this.nodes[i].data;
    let count = 0;
    let inSpace = this.afterSpace[i] === 1;
    const lim = Math.min(rawOffset, data.length);
    for (let k = 0; k < lim; k++) {
      const ws = isWs(data.charCodeAt(k));
      if (ws && inSpace) continue;
      inSpace = ws;
      count++;
    }
    return Math.min(count, this.ends[i] - this.starts[i]);
  }
}

function firstEmitting(data: string, afterSpace: boolean): number {
  if (!afterSpace) return 0;
  let k = 0;
  while (k < data.length && isWs(data.charCodeAt(k))) k++;
  return k;
}

/** Same set as JS `\s`. */
function isWs(c: number): boolean {
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

/** Normalises a string the way the index does (whitespace runs to one space, trimmed). */
export function normalizeText(s: string): string {
  return s.replace(WS_RUN, ' ').trim();
}

/**
 * Builds the {@link TextIndex} of `root` in one walk over its text nodes.
 * Element checks (skipped tags, hidden, block) are made once per element.
 *
 * The walk only concatenates raw text (as a plain walk does) and marks block
 * edges; whitespace is collapsed afterwards in one native replace plus one
 * char loop that records where each node lands, which is much cheaper than
 * normalising node by node.
 */
export function buildTextIndex(root: Node = document.body, opts: TextIndexOptions = {}): TextIndex {
  const doc = root.ownerDocument ?? (root as Document);
  const rootEl = (root.nodeType === 9 ? (root as Document).documentElement : root) as Element;
  const useVisibility =
    opts.computedVisibility !== false && typeof (rootEl as Element).checkVisibility === 'function';
  const info = new Map<Node, ElementInfo>();
  const rootInfo: ElementInfo = { skip: false, block: rootEl };
  info.set(root, rootInfo);
  if (rootEl !== root) info.set(rootEl, rootInfo);

  const infoOf = (el: Element): ElementInfo => {
    // Climb to the nearest known ancestor, then fill in downwards.
    const chain: Element[] = [];
    let cur: Element | null = el;
    let known: ElementInfo | undefined;
    while (cur) {
      known = info.get(cur);
      if (known) break;
      chain.push(cur);
      cur = cur.parentElement;
    }
    let parent = known ?? rootInfo;
    for (let i = chain.length - 1; i >= 0; i--) {
      const e = chain[i];
      let mine: ElementInfo;
      if (parent.skip) mine = parent;
      else {
        const tag = e.nodeName.toUpperCase();
        const block = BLOCK_TAGS.has(tag);
        let skip = SKIP_TAGS.has(tag) || e.hasAttribute('hidden');
        if (!skip) {
          const style = e.getAttribute('style');
          if (style !== null && INLINE_HIDDEN.test(style)) skip = true;
        }
        // Asking for computed style on every element would cost more than the
        // whole walk; stylesheets hide blocks (menus, modals, promos) far more
        // often than inline runs, so blocks are where it is asked.
        if (!skip && useVisibility && block && !e.checkVisibility()) skip = true;
        mine = skip ? { skip: true, block: parent.block } : { skip: false, block: block ? e : parent.block };
      }
      info.set(e, mine);
      parent = mine;
    }
    return parent;
  };

  // Text right after a <br> starts a new line.
  const afterBr = new Set<Node>();
  const brs = (root as Element).getElementsByTagName ? (root as Element).getElementsByTagName('br') : [];
  for (let i = 0; i < brs.length; i++) {
    let n: Node | null = brs[i].nextSibling;
    while (n && n.nodeType === 1) n = n.firstChild;
    if (n && n.nodeType === 3) afterBr.add(n);
  }
  const hasBr = afterBr.size > 0;

  const walker = doc.createTreeWalker(root, 4 /* SHOW_TEXT */);
  const parts: string[] = [];
  const all: Text[] = [];
  const rawStarts: number[] = [];
  const seps: number[] = [];
  let rawLen = 0;
  let lastParent: Node | null = null;
  let lastInfo: ElementInfo = rootInfo;
  let prevBlock: Element | null = null;

  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const parent = n.parentNode as Element;
    let pi: ElementInfo;
    if (parent === lastParent) pi = lastInfo;
    else {
      pi = info.get(parent) ?? infoOf(parent);
      lastParent = parent;
      lastInfo = pi;
    }
    if (pi.skip) continue;
    const data = (n as Text).data;
    if (data.length === 0) continue;
    if (rawLen > 0 && (pi.block !== prevBlock || (hasBr && afterBr.has(n)))) {
      parts.push('\n');
      seps.push(rawLen);
      rawLen++;
    }
    prevBlock = pi.block;
    all.push(n as Text);
    rawStarts.push(rawLen);
    parts.push(data);
    rawLen += data.length;
  }
  const raw = parts.join('');

  // Where each node lands once whitespace runs collapse to one space (the
  // whole text's leading whitespace dropped), walking raw text char by char.
  const count = all.length;
  const nodes: Text[] = [];
  const starts = new Int32Array(count);
  const ends = new Int32Array(count);
  const afterSpace = new Uint8Array(count);
  const breaks: number[] = [];
  let out = 0;
  let inSpace = true;
  let pos = 0;
  let sepAt = 0;
  let kept = 0;
  for (let k = 0; k < count; k++) {
    const begin = rawStarts[k];
    // Only block separators lie between nodes.
    for (; pos < begin; pos++) {
      if (!inSpace) {
        out++;
        inSpace = true;
      }
      if (seps[sepAt] === pos) {
        sepAt++;
        if (out > 0 && breaks[breaks.length - 1] !== out - 1) breaks.push(out - 1);
      }
    }
    const nodeStart = out;
    const nodeAfterSpace = inSpace;
    const end = begin + all[k].data.length;
    for (; pos < end; pos++) {
      const c = raw.charCodeAt(pos);
      if (c > 32 && c < 160) {
        out++;
        inSpace = false;
      } else if (isWs(c)) {
        if (!inSpace) {
          out++;
          inSpace = true;
        }
      } else {
        out++;
        inSpace = false;
      }
    }
    if (out > nodeStart) {
      nodes.push(all[k]);
      starts[kept] = nodeStart;
      ends[kept] = out;
      afterSpace[kept] = nodeAfterSpace ? 1 : 0;
      kept++;
    }
  }
  let text = raw.replace(WS_RUN, ' ');
  if (text.charCodeAt(0) === 32) text = text.slice(1);
  return new TextIndex(
    root,
    text,
    nodes,
    starts.subarray(0, kept),
    ends.subarray(0, kept),
    afterSpace.subarray(0, kept),
    Int32Array.from(breaks),
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
