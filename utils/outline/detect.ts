// The outline detector: one pass over the light DOM collects text blocks and heading
// candidates; the article root is the container that gathers most of the prose; the
// headings kept are those inside it that are not furniture and introduce prose.
//
// The walk numbers the elements it enters in document order (an element's subtree is
// the run of numbers up to `end[id]`) and keeps blocks as columns of plain number
// arrays: containment, subtree sums and ancestor scores are then array reads, not DOM
// calls, Map lookups or per-block objects.
import type { Outline, Section } from './types';
import {
  INLINE_TAGS,
  SKIP_TAGS,
  NAMES_BOILER,
  NAMES_COMMENT,
  NAMES_HIDDEN,
  NAMES_LEVEL_SHIFT,
  classBits,
  idBits,
  isBoilerRole,
  isHiddenByAttributes,
  isVisuallyHidden,
} from './classify';
import { normaliseText, stripDecorations } from './text';
import { assignIds } from './identity';
import { findTitle } from './title';

/** A <b>..</b><br> line of a block (Blogger style); only blocks with <br> have them. */
interface Line {
  order: number;
  text: number;
  bold: number;
  boldEl: Element | null;
  closed: boolean;
}

export type CandidateKind = 'h' | 'aria' | 'class' | 'bold' | 'line';

export interface Candidate {
  el: Element;
  /** Walk number of `el` (-1 for bold lines, which are found after the walk). */
  id: number;
  order: number;
  /** Raw level: 1-6 for headings, 7 for bold paragraphs/lines. */
  raw: number;
  kind: CandidateKind;
  /** Innermost furniture element around it (an index into Walker.boilers), or -1. */
  chain: number;
  inHeader: boolean;
  text: string;
  /** Wholly a link to another page. */
  linked?: boolean;
}

/** Everything the detector learned about a document; kept for sectionText/sectionAt. */
export interface Analysis {
  root: Element | null;
  titleEl: Element | null;
  /** Furniture-labelled elements that turned out to hold the article. */
  forgiven: Set<Element>;
}

const MAX_DEPTH = 600;
const LANDMARK_ROLES = new Set(['navigation', 'complementary', 'contentinfo', 'search', 'menubar', 'menu']);

function isSpace(c: number): boolean {
  return (
    c === 32 || (c >= 9 && c <= 13) || c === 160 || c === 0x3000 || (c >= 0x2000 && c <= 0x200b) ||
    c === 0x202f || c === 0x205f || c === 0xfeff || c === 0x1680 || c === 0x2028 || c === 0x2029
  );
}

// The characters isSpace() accepts are exactly \s plus U+200B.
const NON_SPACE = /[^\s\u200b]/;

/** Length without leading/trailing whitespace (\s and U+200B). */
function trimmedLength(s: string): number {
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
const F_MEDIA = 1;
const F_SKIP = 2;
const F_FURNITURE = 4;
const F_INLINE = 8;
const F_BR = 16;
/** <a>: link text when it has an href. */
const F_LINK = 32;
const F_BOLD = 64;
const F_TABLE = 128;
/** li, dl: what follows is inside a list. */
const F_LIST = 256;
const F_QUOTE = 512;
/** li, dt, dd: the block is a list item. */
const F_ITEM = 1024;
/** h1-h6: the level sits above the flags. */
const F_LEVEL_SHIFT = 11;
const TAG_FLAGS = new Map<string, number>();
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
const A_ANY = 1;
const A_CLASS = 2;
const A_ID = 4;
const A_ROLE = 8;
const A_ITEMPROP = 16;
const A_HREF = 32;
/** hidden, aria-hidden or style: isHiddenByAttributes must look. */
const A_MAYBE_HIDDEN = 64;

function attributeBits(names: string[]): number {
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
const B_TABLE = 1;
const B_LIST = 2;
const B_QUOTE = 4;
/** The block element is a list item (li, dt, dd). */
const B_ITEM = 8;

// Furniture kinds.
const K_NONE = 0;
const K_BOILER = 1;
const K_COMMENT = 2;
const COMMENT_PROP = /comment/i;

class Walker {
  // Elements entered, by walk number (body is 0), with their parent's number, the number
  // after their subtree, and the run of blocks their subtree holds.
  els: Element[] = [];
  parent: number[] = [];
  end: number[] = [];
  blockStart: number[] = [];
  blockEnd: number[] = [];

  // Blocks: the text directly in one element (not in nested blocks), one column per field.
  // A block is split into a new segment after any nested block or heading.
  /** Walk number of the block's element. */
  bEl: number[] = [];
  bOrder: number[] = [];
  /** Non-whitespace characters of text (trimmed per text node). */
  bText: number[] = [];
  bLink: number[] = [];
  bBold: number[] = [];
  /** Images, media, formulas, tables: content that is not text. */
  bMedia: number[] = [];
  /** Innermost furniture around the block (index into `boilers`), or -1. */
  bChain: number[] = [];
  /** B_TABLE | B_LIST | B_QUOTE | B_ITEM. */
  bFlags: number[] = [];
  /** Bold-only lines ended by <br>, for the blocks that have a <br>. */
  bLines = new Map<number, Line[]>();

  cands: Candidate[] = [];
  order = 0;
  /** Elements labelled as furniture (walk numbers), in document order, with their kind and enclosing furniture. */
  boilers: number[] = [];
  boilerKinds: number[] = [];
  boilerUp: number[] = [];

  // Mutable walk state, saved and restored around each element (no per-node objects).
  chain = -1;
  /** Walk number of the element whose direct text forms the current block. */
  blockEl = -1;
  /** Whether blockEl is a list item (known from its tag when it was entered). */
  blockIsItem = false;
  /** Current block segment (index), created lazily when text arrives; -1 for none yet. */
  block = -1;
  /** The current segment's lines (once it met a <br>) and its open line. */
  lines: Line[] | null = null;
  cur: Line | null = null;
  /** First <b>/<strong> met while the block was still empty (for its first line). */
  firstBold: Element | null = null;
  blockFirstBold: Element | null = null;
  link = false;
  bold = false;
  table = false;
  list = false;
  quote = false;
  hidden = false;

  /** Enters the body: walk number 0. */
  start(body: Element): void {
    this.els.push(body);
    this.parent.push(-1);
    this.end.push(0);
    this.blockStart.push(0);
    this.blockEnd.push(0);
    this.blockEl = 0;
    this.walk(body, 0, 0);
    this.end[0] = this.els.length;
    this.blockEnd[0] = this.bText.length;
  }

  /** The block receiving text now: a fresh segment after any nested block. */
  current(): number {
    if (this.block >= 0) return this.block;
    if (this.blockEl < 0) return -1;
    const b = this.bText.length;
    this.bEl.push(this.blockEl);
    this.bOrder.push(this.order++);
    this.bText.push(0);
    this.bLink.push(0);
    this.bBold.push(0);
    this.bMedia.push(0);
    this.bChain.push(this.chain);
    this.bFlags.push(
      (this.table ? B_TABLE : 0) | (this.list || this.blockIsItem ? B_LIST : 0) | (this.quote ? B_QUOTE : 0) | (this.blockIsItem ? B_ITEM : 0),
    );
    this.block = b;
    this.lines = null;
    this.cur = null;
    this.blockFirstBold = this.firstBold;
    return b;
  }

  /** Ends the current segment: text after this starts a new one. */
  split(): void {
    this.block = -1;
    this.lines = null;
    this.cur = null;
  }

  walk(el: Element, elId: number, depth: number): void {
    if (depth > MAX_DEPTH) return;
    for (let n = el.firstChild; n; n = n.nextSibling) {
      const type = n.nodeType;
      if (type === 3) {
        if (this.blockEl < 0) continue;
        // Trimmed length: indentation and the ideographic spaces that open Chinese
        // paragraphs are not text (and must not make a bold paragraph look part-bold).
        const len = trimmedLength((n as Text).data);
        if (!len) continue;
        const b = this.current();
        this.bText[b] += len;
        if (this.link) this.bLink[b] += len;
        if (this.bold) this.bBold[b] += len;
        if (this.lines) {
          let line = this.cur;
          if (!line || line.closed) {
            line = { order: this.order++, text: 0, bold: 0, boldEl: null, closed: false };
            this.lines.push(line);
            this.cur = line;
          }
          line.text += len;
          if (this.bold) line.bold += len;
        }
        continue;
      }
      if (type !== 1) continue;
      const child = n as Element;
      const tag = child.localName;
      const flags = TAG_FLAGS.get(tag) ?? 0;
      if (flags & F_MEDIA && !this.link) {
        const b = this.current();
        if (b >= 0) this.bMedia[b]++;
      }
      // Navigation, sidebars and footers never hold the article: not even walked.
      if (flags & (F_SKIP | F_FURNITURE)) continue;
      let role: string | null = null;
      // One call lists the attributes, and only those present are read: most elements
      // have a class and nothing else. (Cheaper than a selector query for them, which
      // matches every selector against every element of the page.)
      const attrs = attributeBits(child.getAttributeNames());
      if (attrs) {
        if (attrs & A_MAYBE_HIDDEN && isHiddenByAttributes(child)) continue;
        if (attrs & A_ROLE) {
          role = child.getAttribute('role');
          if (role) {
            role = role.toLowerCase();
            if (LANDMARK_ROLES.has(role)) continue;
          }
        }
      }
      if (flags & F_BR) {
        this.lineBreak();
        continue;
      }
      // Visits the element (its subtree included).
      const order = this.order++;
      const id = this.els.length;
      this.els.push(child);
      this.parent.push(elId);
      this.end.push(0);
      const first = this.bText.length;
      this.blockStart.push(first);
      this.blockEnd.push(first);
      this.element(child, id, tag, attrs, role, depth, order, flags);
      this.end[id] = this.els.length;
      this.blockEnd[id] = this.bText.length;
    }
  }

  /** A <br>: closes the current line of the block (Blogger-style bold lines). */
  lineBreak(): void {
    const b = this.blockEl >= 0 ? this.current() : -1;
    if (b < 0) return;
    if (!this.lines) {
      // First <br> in this block: whatever came before is its first line.
      this.lines = [];
      this.bLines.set(b, this.lines);
      this.cur = null;
      if (this.bText[b] > 0) {
        this.lines.push({ order: this.bOrder[b], text: this.bText[b], bold: this.bBold[b], boldEl: this.blockFirstBold, closed: true });
      }
    }
    if (this.cur) this.cur.closed = true;
  }

  element(
    el: Element,
    id: number,
    tag: string,
    /** A_* bits of the attributes present (0 for none). */
    attrs: number,
    role: string | null,
    depth: number,
    order: number,
    flags: number,
  ): void {
    const saveChain = this.chain;
    const saveHidden = this.hidden;
    let cls: string | null = null;
    let classNames = 0;
    if (attrs) {
      // Reflected properties are cheaper than getAttribute.
      if (attrs & A_CLASS) {
        const c = (el as HTMLElement).className;
        cls = typeof c === 'string' ? c : el.getAttribute('class');
      }
      const elId = attrs & A_ID ? (el as HTMLElement).id : '';
      classNames = cls ? classBits(cls) : 0;
      const idNames = elId ? idBits(elId) : 0;
      let kind = K_NONE;
      if (role && isBoilerRole(role)) kind = K_BOILER;
      else if (cls || elId) {
        // As boilerKind(): the class words first, then the id's, then a comment itemprop.
        const k = classNames & (NAMES_BOILER | NAMES_COMMENT) || idNames & (NAMES_BOILER | NAMES_COMMENT);
        if (k) kind = k & NAMES_COMMENT ? K_COMMENT : K_BOILER;
        else if (attrs & A_ITEMPROP) {
          const itemprop = el.getAttribute('itemprop');
          if (itemprop && COMMENT_PROP.test(itemprop)) kind = K_COMMENT;
        }
      }
      if (kind !== K_NONE) {
        this.boilers.push(id);
        this.boilerKinds.push(kind);
        this.boilerUp.push(this.chain);
        this.chain = this.boilers.length - 1;
      }
      if ((classNames | idNames) & NAMES_HIDDEN) this.hidden = true;
    }

    // Heading candidates.
    let raw = flags >> F_LEVEL_SHIFT;
    let ckind: CandidateKind = 'h';
    if (!raw && attrs) {
      if (role === 'heading') {
        raw = parseInt(el.getAttribute('aria-level') || '2', 10) || 2;
        raw = Math.min(6, Math.max(1, raw));
        ckind = 'aria';
      } else {
        raw = classNames >> NAMES_LEVEL_SHIFT;
        if (raw) ckind = 'class';
      }
    }
    if (raw) {
      if (!this.hidden) {
        this.cands.push({ el, id, order, raw, kind: ckind, chain: this.chain, inHeader: false, text: '' });
      }
      // A heading's own content is neither prose nor another candidate (its text is read
      // apart, by headingText): its subtree is not walked.
      // Text after the heading starts a new segment of the enclosing block.
      this.split();
      this.chain = saveChain;
      this.hidden = saveHidden;
      return;
    }

    if (flags & F_INLINE) {
      const saveLink = this.link;
      const saveBold = this.bold;
      if (flags & F_LINK && !this.link && attrs & A_HREF) this.link = true;
      if (flags & F_BOLD && !this.bold) {
        this.bold = true;
        const b = this.block;
        if (b < 0) this.firstBold ??= el;
        else if (this.bText[b] === 0) this.blockFirstBold ??= el;
        if (b >= 0 && this.lines) {
          let line = this.cur;
          if (!line || line.closed) {
            line = { order, text: 0, bold: 0, boldEl: el, closed: false };
            this.lines.push(line);
            this.cur = line;
          } else if (!line.boldEl) line.boldEl = el;
        }
      }
      this.walk(el, id, depth + 1);
      this.link = saveLink;
      this.bold = saveBold;
      this.chain = saveChain;
      this.hidden = saveHidden;
      return;
    }

    // A block element: its own text forms new blocks; the parent's block is split.
    const saveBlockEl = this.blockEl;
    const saveIsItem = this.blockIsItem;
    const saveFirstBold = this.firstBold;
    const saveTable = this.table;
    const saveList = this.list;
    const saveQuote = this.quote;
    const saveLink = this.link;
    const saveBold = this.bold;
    this.blockEl = id;
    this.blockIsItem = (flags & F_ITEM) !== 0;
    this.split();
    this.firstBold = null;
    if (flags & F_TABLE) this.table = true;
    else if (flags & F_LIST) this.list = true;
    else if (flags & F_QUOTE) this.quote = true;
    this.walk(el, id, depth + 1);
    this.blockEl = saveBlockEl;
    this.blockIsItem = saveIsItem;
    this.split();
    this.firstBold = saveFirstBold;
    this.table = saveTable;
    this.list = saveList;
    this.quote = saveQuote;
    this.link = saveLink;
    this.bold = saveBold;
    this.chain = saveChain;
    this.hidden = saveHidden;
  }

  /** Whether element `a` is `b` or contains it (both walk numbers). */
  contains(a: number, b: number): boolean {
    return b >= a && b < this.end[a];
  }

  /** Sum of a per-block prefix-summed quantity over element `id`'s subtree. */
  sum(prefix: ArrayLike<number>, id: number): number {
    return prefix[this.blockEnd[id]] - prefix[this.blockStart[id]];
  }

  /** Whether a furniture chain has a link that is not forgiven. */
  isBoiler(chain: number, forgiven: boolean[]): boolean {
    for (let k = chain; k >= 0; k = this.boilerUp[k]) if (!forgiven[k]) return true;
    return false;
  }

  /** Walk number of an element, or -1 when the walk did not enter it. */
  idOf(el: Element): number {
    for (const c of this.cands) if (c.el === el) return c.id;
    return this.els.indexOf(el);
  }
}

/** Whether the document has layout and computed style (a real browser, not happy-dom). */
export function documentHasLayout(doc: Document): boolean {
  try {
    const root = doc.documentElement;
    if (!root || !doc.defaultView) return false;
    return root.getBoundingClientRect().width > 0 || (doc.body?.getBoundingClientRect().width ?? 0) > 0;
  } catch {
    return false;
  }
}

/** Text of a heading element without permalink/edit decorations or hidden parts. */
export function headingText(el: Element): string {
  // Most headings hold one text node: no walk needed.
  const only = el.firstChild;
  if (only && only.nodeType === 3 && !only.nextSibling) return stripDecorations((only as Text).data);
  let out = '';
  const visit = (node: Node): void => {
    for (let n = node.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 3) out += (n as Text).data;
      else if (n.nodeType === 1) {
        const c = n as Element;
        const tag = c.localName;
        if (tag === 'br') {
          out += ' ';
          continue;
        }
        if (SKIP_TAGS.has(tag) || isHiddenByAttributes(c)) continue;
        if (isDecoration(c, tag)) continue;
        visit(c);
      }
    }
  };
  visit(el);
  return stripDecorations(out);
}

const EDIT_CLASS = /(?:^|[\s_-])(?:mw-)?edit-?section/i;
const PERMALINK_CLASS =
  /(?:^|[\s_-])(?:anchor|anchorjs|permalink|headerlink|header-?anchor|heading-?anchor|hash-?link|heading-?link|deep-?link|direct-?link|self-?link)(?:$|[\s_-])/i;
const HAS_WORD = /[\p{L}\p{N}]/u;

function isDecoration(el: Element, tag: string): boolean {
  const cls = el.getAttribute('class');
  if (cls && EDIT_CLASS.test(cls)) return true;
  if (tag === 'a' || (cls && PERMALINK_CLASS.test(cls))) {
    const t = normaliseText(el.textContent);
    // Permalink anchors are symbols or icons ("#", "¶", an svg); a link with words is text.
    if (!HAS_WORD.test(t) && (tag !== 'a' || t.length <= 2)) return true;
  }
  if (tag === 'sup') {
    // Footnote markers: "[1]", "12".
    const t = normaliseText(el.textContent);
    if (/^\[?\d{1,3}\]?$/.test(t)) return true;
  }
  return false;
}

const MIN_PARA = 25;

// Container scores by walk number, zeroed again after each use: a large typed array is
// costly to allocate on every detection.
let scores = new Float64Array(4096);
function scoreScratch(n: number): Float64Array {
  if (scores.length < n) scores = new Float64Array(Math.max(n, scores.length * 2));
  return scores;
}
const MIN_SECTION_PROSE = 40;
const LINKED_SECTION_PROSE = 250;

/**
 * Detects the outline; also returns the article root and title element for
 * sectionText/sectionAt. Throws only on programming errors (index.ts guards it).
 */
export function analyse(doc: Document, trace?: string[]): { outline: Outline; analysis: Analysis } {
  const body = doc.body;
  const empty = { outline: { title: '', sections: [] as Section[] }, analysis: { root: null, titleEl: null, forgiven: new Set<Element>() } };
  if (!body) {
    empty.outline.title = normaliseText(doc.title);
    return empty;
  }
  // Phase timings, only when tracing (tests/bench/outline-debug.mjs).
  let TL = trace ? performance.now() : 0;
  const mark = (name: string) => {
    if (!trace) return;
    const t = performance.now();
    trace.push(`time ${name} ${(t - TL).toFixed(2)}ms`);
    TL = t;
  };
  const hasLayout = documentHasLayout(doc);
  mark('layout?');
  const w = new Walker();
  w.start(body);
  mark('walk');
  const nBlocks = w.bText.length;
  const { bText, bLink, bChain, bFlags } = w;

  // 1. Furniture that holds most of the page's prose is a mislabelled wrapper
  //    ("has-sidebar" layouts), except comment sections, which can outweigh a post.
  const rawProse = new Array<number>(nBlocks + 1);
  rawProse[0] = 0;
  for (let i = 0; i < nBlocks; i++) rawProse[i + 1] = rawProse[i] + Math.max(0, bText[i] - bLink[i]);
  const total = rawProse[nBlocks];
  // Flags by furniture index (plain arrays: a typed array costs more to allocate).
  const forgivable: boolean[] = [];
  for (let k = 0; k < w.boilers.length; k++) {
    const prose = w.sum(rawProse, w.boilers[k]);
    forgivable.push(prose > total * 0.5 && (w.boilerKinds[k] !== K_COMMENT || prose > total * 0.9));
  }

  // 2. Score containers by the paragraphs they hold (parent full, grandparent half...).
  //    Text inside a forgivable wrapper counts half until we know it holds the article.
  const score = scoreScratch(w.els.length);
  // Elements in the order they were first scored: the first of equal scores wins.
  const scored: number[] = [];
  for (let i = 0; i < nBlocks; i++) {
    const p = bText[i] - bLink[i];
    if (p < MIN_PARA || bLink[i] > bText[i] * 0.5) continue;
    // List items are reference lists, link lists and menus far more often than prose
    // (a <p> inside a list item, as in feature cards, still counts).
    if (bFlags[i] & B_ITEM) continue;
    if (w.isBoiler(bChain[i], forgivable)) continue;
    const weight = (1 + Math.min(p / 100, 5)) * (bChain[i] >= 0 ? 0.5 : 1);
    let node = w.parent[w.bEl[i]];
    for (let lvl = 1; node >= 0 && lvl <= 3; lvl++) {
      if (score[node] === 0) scored.push(node);
      score[node] += weight / (lvl === 1 ? 1 : lvl === 2 ? 2 : lvl * 1.5);
      node = w.parent[node];
    }
  }
  let top = -1;
  let best = 0;
  for (const id of scored) {
    if (score[id] > best) {
      best = score[id];
      top = id;
    }
    score[id] = 0;
  }
  // Furniture labels on the article's own ancestors are wrong ("has-sidebar" layouts,
  // a Blogger post inside a "widget"): forgive exactly those.
  const forgiven: boolean[] = [];
  for (let k = 0; k < w.boilers.length; k++) forgiven.push(top >= 0 && forgivable[k] && w.contains(w.boilers[k], top));
  // All visible text too (links, lists, short lines): page furniture without labels
  // (unmarked sidebars, footers) shows up there rather than in the prose.
  // Both sums in one pass over the blocks.
  const prose = new Array<number>(nBlocks + 1);
  const allText = new Array<number>(nBlocks + 1);
  prose[0] = 0;
  allText[0] = 0;
  for (let i = 0; i < nBlocks; i++) {
    const countable = bText[i] > 0 && !w.isBoiler(bChain[i], forgiven);
    const p = bText[i] - bLink[i];
    prose[i + 1] = prose[i] + (countable && p >= MIN_PARA && bLink[i] <= bText[i] * 0.5 && !(bFlags[i] & B_ITEM) ? p : 0);
    allText[i + 1] = allText[i] + (countable ? bText[i] : 0);
  }
  let root = top >= 0 ? climb(w, top, prose, allText, trace) : 0;
  // A short block (a notice, a lead) won over a page of many small sections: widen
  // the root until it holds half of the page's paragraph text.
  const paraTotal = prose[nBlocks];
  if (root !== 0 && w.sum(prose, root) < Math.min(1000, paraTotal * 0.35)) {
    while (root !== 0 && w.sum(prose, root) < paraTotal * 0.5) root = w.parent[root];
  }
  const rootEl = w.els[root];
  const forgivenEls = new Set<Element>();
  for (let k = 0; k < w.boilers.length; k++) if (forgiven[k]) forgivenEls.add(w.els[w.boilers[k]]);
  const isFurniture = (c: Candidate) => w.isBoiler(c.chain, forgiven);
  if (trace) {
    const d = (id: number) => {
      const e = id >= 0 ? w.els[id] : null;
      return e ? `${e.localName}#${e.id}.${(e.getAttribute('class') || '').slice(0, 60)}` : '-';
    };
    trace.push(`top ${d(top)} score ${best.toFixed(1)} prose ${top >= 0 ? w.sum(prose, top) : 0}; root ${d(root)} prose ${w.sum(prose, root)}; total ${total}`);
    for (const c of w.cands) {
      const chain: string[] = [];
      for (let k = c.chain; k >= 0; k = w.boilerUp[k]) chain.push(d(w.boilers[k]) + (forgiven[k] ? '(forgiven)' : ''));
      trace.push(`  cand h${c.raw}/${c.kind} o${c.order} inRoot=${w.contains(root, c.id)} ${JSON.stringify(headingText(c.el).slice(0, 60))} chain=${chain.join(' < ')}`);
    }
  }

  mark('score');
  // 3. Title.
  const textCache = new Map<Element, string>();
  const textOf = (el: Element): string => {
    let t = textCache.get(el);
    if (t === undefined) textCache.set(el, (t = headingText(el)));
    return t;
  };
  const { title, titleEl } = findTitle(
    doc,
    w.cands,
    rootEl,
    textOf,
    (c) => isFurniture(c as Candidate),
    // Display/visibility only: measuring boxes here would force a layout per call.
    (el) => !hasLayout || (el as Element & { checkVisibility?: (o?: object) => boolean }).checkVisibility?.({ visibilityProperty: true }) !== false,
  );

  mark('title');
  // 4. Heading candidates inside the root.
  let cands = w.cands.filter((c) => w.contains(root, c.id) && !isFurniture(c));
  for (const c of cands) c.text = textOf(c.el);
  cands = cands.filter((c) => c.text.length > 0 && c.text.length <= 300);

  // Title, kicker and deck: the title element, anything before it, and headings that
  // share the title's <header>.
  const titleId = titleEl ? w.idOf(titleEl) : -1;
  const titleOrder = titleEl ? orderOf(w, titleEl) : -1;
  const titleHeader = titleEl ? titleEl.closest('header, hgroup') : null;
  const titleKey = normaliseText(title).toLowerCase();
  cands = cands.filter((c) => {
    if (titleEl && (c.el === titleEl || w.contains(c.id, titleId) || w.contains(titleId, c.id))) return false;
    if (titleOrder >= 0 && c.order < titleOrder) return false;
    if (titleHeader && titleHeader.contains(c.el)) return false;
    if (titleKey && c.text.toLowerCase() === titleKey) return false;
    return true;
  });
  // Style and layout are asked last, of the few candidates left.
  if (hasLayout) cands = cands.filter((c) => !isVisuallyHidden(c.el, true));
  mark('cands');

  // Before the first real paragraph: decks (a sentence under the title), bylines and
  // orphan sub-headings (an author-name h4 above h3 sections) are not sections.
  const firstPara = firstParagraphOrder(w, root, titleOrder, forgiven);
  const titleAlnum = alnumKey(title);
  if (cands.length) {
    const minRaw = Math.min(...cands.map((c) => c.raw));
    let seenRaw = 99;
    cands = cands.filter((c) => {
      if (c.order > firstPara) return true;
      const deck =
        c.text.length >= 70 ||
        /[.。]$/.test(c.text) ||
        BYLINE.test(c.text) ||
        DATE.test(c.text) ||
        // The title set as two headings ("The Project:" / "Better Journalism").
        (titleAlnum.length > 0 && alnumKey(c.text).length >= 4 && titleAlnum.includes(alnumKey(c.text)));
      const orphan = c.raw > minRaw && seenRaw > c.raw;
      seenRaw = Math.min(seenRaw, c.raw);
      return !deck && !orphan;
    });
  }

  mark('linked+deck');
  // 5. Keep headings that introduce prose (directly or through a deeper heading).
  // The root's blocks are a contiguous run of the document-order block list.
  let rootStart = w.blockStart[root];
  let rootEnd = w.blockEnd[root];
  if (rootStart === rootEnd) {
    rootStart = 0;
    rootEnd = nBlocks;
  }
  const blocks: number[] = [];
  for (let i = rootStart; i < rootEnd; i++) if (!w.isBoiler(bChain[i], forgiven)) blocks.push(i);
  // Teasers: a heading that is wholly a link to another page names that page, unless
  // a real stretch of prose follows it (a listicle linking each item's product page).
  // Asked only of the headings whose fate depends on it.
  const here = pageUrl(doc.URL || doc.baseURI);
  const isLinked = (c: Candidate): boolean => (c.linked ??= isLinkToElsewhere(c.el, doc, here));
  let kept = keepIntroducingProse(w, cands, blocks, isLinked);

  mark('keep');
  // 6. Bold paragraphs and bold lines act as headings in essays without real ones,
  //    and as sub-headings beside real ones when they clearly open a paragraph run.
  const bold = boldCandidates(w, blocks, hasLayout, doc);
  if (bold.length) {
    if (kept.length === 0) kept = bold;
    else {
      // Beside real headings, a bold line right under a heading is that section's
      // subtitle (a film's credits under its review heading), not a sub-heading.
      const strong = bold.filter((b) => b.strong && !kept.some((k) => k.order < b.order && k.order > b.prevOrder));
      kept = mergeByOrder(kept, strong);
    }
  }

  mark('bold');
  // 7. Levels relative to the essay's top level.
  const raws = [...new Set(kept.map((c) => c.raw))].sort((a, b) => a - b);
  const sections: Section[] = [];
  const firstOrder = kept.length ? kept[0].order : Infinity;
  if (hasIntro(w, blocks, firstOrder, titleId)) {
    sections.push({ id: 'intro', level: 1, heading: '', headingElement: null });
  }
  for (const c of kept) {
    sections.push({ id: '', level: raws.indexOf(c.raw) + 1, heading: c.text, headingElement: c.el });
  }
  assignIds(sections);
  mark('ids');
  return { outline: { title, sections }, analysis: { root: rootEl, titleEl, forgiven: forgivenEls } };
}

const NON_ALNUM = /[^\p{L}\p{N}]+/gu;
function alnumKey(s: string): string {
  return s.toLowerCase().replace(NON_ALNUM, '');
}

const BYLINE = /^(?:by|par|von|por|di|door|av|af|przez|od)\s/i;
const DATE =
  /\b(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}|\d{4}-\d{2}-\d{2})\b/i;

/** Order of the first paragraph-like block of the article after the title. */
function firstParagraphOrder(w: Walker, root: number, after: number, forgiven: boolean[]): number {
  for (let i = 0; i < w.bText.length; i++) {
    if (w.bOrder[i] < after) continue;
    const text = w.bText[i];
    const link = w.bLink[i];
    if (text - link < 80 || link > text * 0.3) continue;
    if (!w.contains(root, w.bEl[i]) || w.isBoiler(w.bChain[i], forgiven)) continue;
    return w.bOrder[i];
  }
  return Infinity;
}

function orderOf(w: Walker, el: Element): number {
  for (const c of w.cands) if (c.el === el) return c.order;
  return -1;
}

/** From the best-scored container up to the smallest ancestor that holds the article. */
function climb(w: Walker, top: number, prose: number[], allText: number[], trace?: string[]): number {
  let cur = top;
  for (;;) {
    const parent = w.parent[cur];
    // The body is never the answer of a climb (it is the fallback root).
    if (parent <= 0) return cur;
    const mine = w.sum(prose, cur);
    const theirs = w.sum(prose, parent);
    const added = theirs - mine;
    const mineAll = w.sum(allText, cur);
    const addedAll = w.sum(allText, parent) - mineAll;
    trace?.push(`climb ${w.els[parent].localName}.${w.els[parent].getAttribute('class')} mine ${mine} added ${added} all ${mineAll} +${addedAll}`);
    // An <article> or <main> holding the prose is the article: leave it only for a
    // parent that adds nothing.
    const semantic = isSemanticRoot(w.els[cur]);
    if (semantic && addedAll > 20) return cur;
    if (added <= mine * 0.08 + 40 && addedAll <= mineAll * 0.25 + 150) {
      // A wrapper that adds little prose (article header, share bar, footer).
      cur = parent;
      continue;
    }
    // The article split into sibling chunks (one container per few paragraphs):
    // climb when the parent's other prose lies in siblings that are themselves chunks.
    // (Children the walk skipped hold no prose.)
    let chunks = 0;
    for (let c = parent + 1; c < w.end[parent]; c = w.end[c]) {
      if (c === cur) continue;
      const p = w.sum(prose, c);
      if (p >= 60) chunks += p;
    }
    if (!semantic && added > 0 && chunks >= added * 0.8 && added <= mine * 6 && addedAll <= added * 2 + 150) {
      cur = parent;
      continue;
    }
    return cur;
  }
}

function isSemanticRoot(el: Element): boolean {
  const tag = el.localName;
  if (tag === 'article' || tag === 'main') return true;
  const role = el.getAttribute('role');
  if (role === 'main' || role === 'article') return true;
  const ip = el.getAttribute('itemprop');
  return ip === 'articleBody' || ip === 'text';
}

let lastPage: { href: string; url: { origin: string; pathname: string } | null } = { href: '', url: null };

/** Origin and path of the page's URL (the last one is remembered: re-detection asks again). */
function pageUrl(href: string): { origin: string; pathname: string } | null {
  if (href === lastPage.href && href) return lastPage.url;
  let url: { origin: string; pathname: string } | null = null;
  try {
    const u = new URL(href);
    url = { origin: u.origin, pathname: u.pathname };
  } catch {
    url = null;
  }
  lastPage = { href, url };
  return url;
}

function isLinkToElsewhere(el: Element, doc: Document, here: { origin: string; pathname: string } | null): boolean {
  const a = el.localName === 'a' ? el : el.querySelector('a[href]');
  if (!a) return false;
  const href = a.getAttribute('href') || '';
  if (!href || href.startsWith('#') || href.startsWith('javascript:')) return false;
  const linkText = normaliseText(a.textContent).length;
  const all = normaliseText(el.textContent).length;
  if (linkText < all * 0.8) return false;
  try {
    const url = new URL(href, doc.baseURI);
    if (here && url.origin === here.origin && url.pathname === here.pathname) return false;
  } catch {
    return true;
  }
  return true;
}

/**
 * Keeps the candidates followed by prose before the next candidate, or followed by a
 * deeper kept candidate (a part heading whose text starts in its first sub-section).
 */
function keepIntroducingProse(w: Walker, cands: Candidate[], blocks: number[], isLinked: (c: Candidate) => boolean): Candidate[] {
  if (!cands.length) return cands;
  // Prose between consecutive candidates: one merge pass over two ordered lists.
  const after = new Array<number>(cands.length).fill(0);
  const links = new Array<number>(cands.length).fill(0);
  let ci = -1;
  for (const b of blocks) {
    const order = w.bOrder[b];
    while (ci + 1 < cands.length && cands[ci + 1].order < order) ci++;
    if (ci < 0) continue;
    const text = w.bText[b];
    const link = w.bLink[b];
    const p = text - link;
    if (p > 0 && link <= text * 0.6) after[ci] += p;
    links[ci] += link;
    after[ci] += w.bMedia[b] * MIN_SECTION_PROSE;
  }
  const keep = new Array<boolean>(cands.length).fill(false);
  let nextKept = -1;
  for (let i = cands.length - 1; i >= 0; i--) {
    const ok =
      after[i] >= LINKED_SECTION_PROSE ||
      (after[i] >= MIN_SECTION_PROSE && !isLinked(cands[i])) ||
      (nextKept >= 0 && nextKept === i + 1 && cands[nextKept].raw > cands[i].raw) ||
      // A "See also" list of links between two sections is part of the article.
      (links[i] >= MIN_SECTION_PROSE && nextKept === i + 1 && cands[nextKept].raw <= cands[i].raw && !isLinked(cands[i]));
    if (ok) {
      keep[i] = true;
      nextKept = i;
    }
  }
  return cands.filter((_, i) => keep[i]);
}

interface BoldCandidate extends Candidate {
  /** Also trusted beside real headings. */
  strong: boolean;
  /** Order of the previous non-empty block. */
  prevOrder: number;
}

const MAX_BOLD_HEADING = 120;

/** `blocks` are block indices (the article's, in document order). */
function boldCandidates(w: Walker, blocks: number[], hasLayout: boolean, doc: Document): BoldCandidate[] {
  const out: BoldCandidate[] = [];
  const view = doc.defaultView;
  const { bText, bLink, bBold } = w;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    if (w.bFlags[b] & (B_TABLE | B_LIST | B_QUOTE)) continue;
    const lines = w.bLines.get(b);
    if (lines && lines.length > 1) {
      // <b>Heading</b><br>text… lines.
      for (let j = 0; j < lines.length; j++) {
        const line = lines[j];
        if (!line.boldEl || line.text < 2 || line.text > MAX_BOLD_HEADING) continue;
        if (line.bold < line.text) continue;
        const nextLine = lines[j + 1];
        const following = nextLine ? nextLine.text - nextLine.bold : nextProse(w, blocks, i);
        if (following < MIN_SECTION_PROSE) continue;
        if (hasLayout && view && !isBoldStyle(view, line.boldEl)) continue;
        const text = stripDecorations(line.boldEl.textContent || '');
        if (!text) continue;
        out.push({ el: line.boldEl, id: -1, order: line.order, raw: 7, kind: 'line', chain: w.bChain[b], inHeader: false, text, strong: false, prevOrder: -1 });
      }
      continue;
    }
    if (bText[b] < 2 || bText[b] > MAX_BOLD_HEADING || bLink[b] > bText[b] * 0.3) continue;
    const el = w.els[w.bEl[b]];
    const tag = el.localName;
    if (tag !== 'p' && tag !== 'div' && tag !== 'section') continue;
    // Cheapest test first: only a line that opens prose is worth a style lookup.
    if (!(bBold[b] >= bText[b]) && !(hasLayout && view && bBold[b] === 0 && tag === 'p')) continue;
    const following = nextProse(w, blocks, i);
    if (following < Math.max(MIN_SECTION_PROSE, bText[b] * 1.5)) continue;
    let bold = bBold[b] >= bText[b];
    if (hasLayout && view) {
      // Tag-bold text may be styled normal; a plain <p> may be styled bold.
      if (bold) {
        const strong = el.querySelector('b, strong');
        if (strong && !isBoldStyle(view, strong)) bold = false;
      } else if (bBold[b] === 0 && tag === 'p') bold = isBoldStyle(view, el);
    }
    if (!bold) continue;
    const text = stripDecorations(el.textContent || '');
    if (!text || /[:：]$/.test(text)) continue;
    const words = text.split(' ').length;
    if (words > 16) continue;
    // Beside real headings only short, unpunctuated lines that open a run of prose.
    const prev = previousBlock(w, blocks, i);
    const strong =
      words <= 10 &&
      !/[.!。！]$/.test(text) &&
      prev >= 0 &&
      bText[prev] - bLink[prev] >= MIN_SECTION_PROSE &&
      bBold[prev] < bText[prev];
    out.push({
      el,
      id: w.bEl[b],
      order: w.bOrder[b],
      raw: 7,
      kind: 'bold',
      chain: w.bChain[b],
      inHeader: false,
      text,
      strong,
      prevOrder: prev >= 0 ? w.bOrder[prev] : -1,
    });
  }
  return out;
}

function isBoldStyle(view: Window, el: Element): boolean {
  const w = view.getComputedStyle(el).fontWeight;
  const n = w === 'bold' || w === 'bolder' ? 700 : parseInt(w, 10);
  return n >= 600;
}

/** Prose of the next non-empty block after blocks[i] (0 if it is bold or furniture). */
function nextProse(w: Walker, blocks: number[], i: number): number {
  let boldRun = 0;
  for (let j = i + 1; j < blocks.length; j++) {
    const b = blocks[j];
    const text = w.bText[b];
    if (text === 0) continue;
    if (w.bBold[b] >= text) {
      // A heading and its sub-headings may stack up before the prose they open.
      if (text <= MAX_BOLD_HEADING && ++boldRun <= 2) continue;
      return 0;
    }
    return text - w.bLink[b];
  }
  return 0;
}

/** The previous non-empty block before blocks[i], or -1. */
function previousBlock(w: Walker, blocks: number[], i: number): number {
  for (let j = i - 1; j >= 0; j--) if (w.bText[blocks[j]] > 0) return blocks[j];
  return -1;
}

function mergeByOrder(a: Candidate[], b: Candidate[]): Candidate[] {
  return [...a, ...b].sort((x, y) => x.order - y.order);
}

/** Whether the root holds reading text before the first section heading. */
function hasIntro(w: Walker, blocks: number[], firstOrder: number, titleId: number): boolean {
  let n = 0;
  for (const b of blocks) {
    if (w.bOrder[b] >= firstOrder) break;
    if (titleId >= 0 && w.contains(titleId, w.bEl[b])) continue;
    n += w.bText[b] - w.bLink[b];
    if (n >= 1) return true;
  }
  return false;
}
