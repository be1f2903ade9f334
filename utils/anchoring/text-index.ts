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
  'script', 'style', 'noscript', 'template', 'textarea', 'select', 'iframe', 'object', 'head', 'title',
]);

/** Elements that start a new line of text: their edges count as whitespace. */
const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'dd', 'details', 'dialog',
  'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3',
  'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'html', 'legend', 'li', 'main', 'menu', 'nav',
  'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead',
  'tr', 'ul', 'option', 'button',
]);
const INLINE_HIDDEN = /display\s*:\s*none|visibility\s*:\s*hidden/i;

/**
 * Block elements that a stylesheet may hide, among those with a class or id.
 * (Querying `[class], [id]` and filtering here is several times faster than a
 * selector naming the tags.)
 */
const SUSPECT_BLOCKS = new Set([
  'div', 'section', 'aside', 'nav', 'ul', 'ol', 'li', 'p', 'dl', 'dd', 'figure', 'figcaption',
  'form', 'header', 'footer', 'table', 'details', 'dialog', 'blockquote',
]);
const WS_RUN = /\s+/g;

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
    while (best > from && best < none && isWs(raw.charCodeAt(best - 1))) best--;
    return best;
  };
}

/** Normalises a string the way the index does (whitespace runs to one space, trimmed). */
export function normalizeText(s: string): string {
  return s.replace(WS_RUN, ' ').trim();
}

/**
 * Builds the {@link TextIndex} of `root` in one depth-first walk.
 *
 * The walk never reads a text node's data (the main cost of a plain walk):
 * it records node lengths and block edges, the text comes from one
 * `textContent` read of `root`, and whitespace is collapsed on that string,
 * copying long slices and cutting only where a run has to change (found with
 * `indexOf`), while recording where each node lands. Hidden elements come
 * from one selector query (`[hidden]`, inline `display:none`/`visibility:hidden`,
 * and, where `checkVisibility` exists, blocks with a class or id); inline
 * elements hidden by a stylesheet are not detected (their text is indexed).
 */
export function buildTextIndex(root: Node = document.body, opts: TextIndexOptions = {}): TextIndex {
  const scope = root as Element | Document;
  const probe = (root.nodeType === 9 ? (root as Document).documentElement : root) as Element;
  const useVisibility = opts.computedVisibility !== false && typeof probe.checkVisibility === 'function';

  // Hidden elements, found up front with native selector queries rather than
  // a check per element during the walk (which costs as much as the walk).
  const hidden = new Set<Node>();
  if (scope.querySelectorAll) {
    // One query for both kinds: each query walks the whole tree.
    // Stylesheets hide blocks (menus, modals, promos) that carry a class or
    // id far more often than anything else: only those ask for computed style.
    for (const el of scope.querySelectorAll(useVisibility ? '[hidden], [style], [class], [id]' : '[hidden], [style]')) {
      const style = el.getAttribute('style');
      if (el.hasAttribute('hidden') || (style !== null && INLINE_HIDDEN.test(style))) hidden.add(el);
      else if (
        useVisibility &&
        SUSPECT_BLOCKS.has(el.localName) &&
        (el.hasAttribute('class') || el.hasAttribute('id')) &&
        !el.checkVisibility()
      ) {
        hidden.add(el);
      }
    }
  }

  // Node lengths only: the text itself comes from one native `textContent`
  // read below, far cheaper than reading each node's `data` (which costs the
  // plain walk most of its time).
  const lens: number[] = [];
  // Offset of each collected node in `textContent` (skipped text sits
  // between), as `-1 - offset` when a block edge or <br> separates the node
  // from the text before it (one array instead of two).
  const rawStarts: number[] = [];
  const all: Text[] = [];
  // Set when a block edge or <br> was crossed since the last text.
  let pendingBreak = false;
  // Block-ness of the elements on the path from the root, to know what is left when climbing.
  const blockStack: boolean[] = [];
  let rawPos = 0;

  // Depth-first walk over child/sibling links (cheaper than a TreeWalker's
  // calls), with explicit enter/leave so that leaving a block counts as
  // whitespace and hidden subtrees are skipped whole.
  let node: Node | null = root.firstChild;
  while (node) {
    const type = node.nodeType;
    let name: string;
    if (type === 3) {
      const len = (node as Text).length;
      if (len > 0) {
        all.push(node as Text);
        lens.push(len);
        rawStarts.push(pendingBreak ? -1 - rawPos : rawPos);
        pendingBreak = false;
        rawPos += len;
      }
    } else if (type === 4) {
      // CDATA (XML only) is in `textContent` but not page text.
      rawPos += (node as CharacterData).length;
    } else if (type !== 1) {
      // Comments and the like hold no page text.
    } else if (!SKIP_TAGS.has((name = (node as Element).localName)) && !hidden.has(node)) {
      const block = BLOCK_TAGS.has(name);
      if (block || name === 'br') pendingBreak = true;
      const child = node.firstChild;
      if (child) {
        blockStack.push(block);
        node = child;
        continue;
      }
    } else if (node.firstChild) {
      // Skipped text still sits in `textContent`.
      rawPos += (node.textContent ?? '').length;
    }
    // Next sibling, or climb until there is one.
    let next: Node | null = node.nextSibling;
    while (!next && blockStack.length > 0) {
      node = node.parentNode!;
      if (blockStack.pop()) pendingBreak = true;
      next = node.nextSibling;
    }
    node = next;
  }

  // Collapse whitespace runs to one space (the whole text's leading
  // whitespace dropped), recording where each node lands. The text is built
  // from long slices of the raw text, cut only where whitespace has to change;
  // those places are found with native searches rather than a loop over every
  // character.
  const raw = all.length === 0 ? '' : (root.nodeType === 9 ? (root as Document).documentElement : root).textContent ?? '';
  const nextChange = changeFinder(raw);
  const count = all.length;
  const nodes: Text[] = [];
  const starts = new Int32Array(count);
  const ends = new Int32Array(count);
  const afterSpace = new Uint8Array(count);
  const breaks: number[] = [];
  const pieces: string[] = [];
  // raw[segStart, cur) is text still to be copied as it is.
  let segStart = 0;
  let cur = 0;
  let out = 0;
  let inSpace = true;
  let kept = 0;
  let lastBreak = -1;
  // Start of the next run to rewrite, as last found.
  let ms = -1;
  for (let k = 0; k < count; k++) {
    const rs = rawStarts[k];
    const sep = rs < 0;
    const p = sep ? -1 - rs : rs;
    const q = p + lens[k];
    if (p !== cur) {
      // Skipped text in between: close the slice before it.
      if (segStart < cur) pieces.push(raw.slice(segStart, cur));
      segStart = cur = p;
    }
    if (sep && out > 0) {
      if (!inSpace) {
        if (segStart < cur) pieces.push(raw.slice(segStart, cur));
        segStart = cur;
        pieces.push(' ');
        out++;
        inSpace = true;
      }
      if (lastBreak !== out - 1) breaks.push((lastBreak = out - 1));
    }
    const nodeStart = out;
    const nodeAfterSpace = inSpace;
    let i = p;
    if (inSpace) {
      // Leading whitespace joins the space already written (or the text's start).
      while (i < q && isWs(raw.charCodeAt(i))) i++;
      if (i > p) {
        if (segStart < p) pieces.push(raw.slice(segStart, p));
        segStart = i;
      }
    }
    while (i < q) {
      // Most nodes hold no run to rewrite: the last answer still stands for them.
      if (ms < i) ms = nextChange(i);
      if (ms >= q) break;
      let me = ms + 1;
      while (me < q && isWs(raw.charCodeAt(me))) me++;
      // A lone space cut off by the node's end is already what it should be.
      if (me - ms > 1 || raw.charCodeAt(ms) !== 32) {
        if (segStart < ms) pieces.push(raw.slice(segStart, ms));
        pieces.push(' ');
        segStart = me;
      }
      out += ms - i + 1;
      i = me;
    }
    if (i < q) out += q - i;
    cur = q;
    inSpace = isWs(raw.charCodeAt(q - 1));
    if (out > nodeStart) {
      nodes.push(all[k]);
      starts[kept] = nodeStart;
      ends[kept] = out;
      afterSpace[kept] = nodeAfterSpace ? 1 : 0;
      kept++;
    }
  }
  if (segStart < cur) pieces.push(raw.slice(segStart, cur));
  const text = pieces.join('');
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
