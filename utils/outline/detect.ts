// The outline detector: one pass over the light DOM collects text blocks and heading
// candidates; the article root is the container that gathers most of the prose; the
// headings kept are those inside it that are not furniture and introduce prose.
import type { Outline, Section } from './types';
import {
  INLINE_TAGS,
  SKIP_TAGS,
  boilerKind,
  hasHiddenClass,
  isHiddenByAttributes,
  isVisuallyHidden,
  type BoilerKind,
} from './classify';
import { normaliseText, stripDecorations } from './text';
import { assignIds } from './identity';
import { findTitle } from './title';

/** Chain of furniture ancestors (innermost first), shared between siblings. */
interface BoilerChain {
  el: Element;
  kind: BoilerKind;
  up: BoilerChain | null;
}

interface Block {
  el: Element;
  order: number;
  /** Non-whitespace characters of text directly in this block (not in nested blocks). */
  text: number;
  link: number;
  bold: number;
  /** Images, media, formulas, tables: content that is not text. */
  media: number;
  chain: BoilerChain | null;
  heading: boolean;
  inTable: boolean;
  inList: boolean;
  inQuote: boolean;
  /** The block element is a list item (li, dt, dd). */
  listItem: boolean;
  /** Bold-only lines ended by <br> (Blogger style); filled only when the block has <br>. */
  lines: Line[] | null;
  cur: Line | null;
  /** First <b>/<strong> met while the block was still empty (for its first line). */
  firstBold: Element | null;
}

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
  order: number;
  /** Raw level: 1-6 for headings, 7 for bold paragraphs/lines. */
  raw: number;
  kind: CandidateKind;
  chain: BoilerChain | null;
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
const RANGE = 1 << 22;
const SKIP_FURNITURE = new Set(['nav', 'aside', 'footer', 'menu']);
const LANDMARK_ROLES = new Set(['navigation', 'complementary', 'contentinfo', 'search', 'menubar', 'menu']);

/** Sums of a per-block quantity over any walked element's subtree, in O(1). */
class SubtreeSums {
  private prefix: Float64Array;
  /** `value` gives each block's quantity, or `prefix` holds their running sums already. */
  constructor(
    private range: Map<Element, number>,
    blocks: Block[],
    value: ((b: Block) => number) | Float64Array,
  ) {
    if (typeof value !== 'function') {
      this.prefix = value;
      return;
    }
    this.prefix = new Float64Array(blocks.length + 1);
    for (let i = 0; i < blocks.length; i++) this.prefix[i + 1] = this.prefix[i] + value(blocks[i]);
  }
  get(el: Element): number {
    const r = this.range.get(el);
    if (r === undefined) return 0;
    const start = Math.floor(r / RANGE);
    const end = r - start * RANGE;
    return this.prefix[end] - this.prefix[start];
  }
}

function isSpace(c: number): boolean {
  return (
    c === 32 || (c >= 9 && c <= 13) || c === 160 || c === 0x3000 || (c >= 0x2000 && c <= 0x200b) ||
    c === 0x202f || c === 0x205f || c === 0xfeff || c === 0x1680 || c === 0x2028 || c === 0x2029
  );
}

// The characters isSpace() accepts are exactly \s plus U+200B.
const NON_SPACE = /[^\s\u200b]/;

/** Length without leading/trailing whitespace, without allocating a trimmed copy. */
function trimmedLength(s: string): number {
  const n = s.length;
  if (n === 0) return 0;
  let start = 0;
  // Indentation-only text nodes are the most common kind: scan them natively.
  if (isSpace(s.charCodeAt(0))) {
    start = s.search(NON_SPACE);
    if (start < 0) return 0;
  }
  let end = n;
  while (isSpace(s.charCodeAt(end - 1))) end--;
  return end - start;
}
const MEDIA_TAGS = new Set(['img', 'picture', 'video', 'audio', 'iframe', 'svg', 'math', 'canvas', 'object', 'embed', 'table', 'pre']);
const CLASS_LEVEL = /(?:^|\s)h([1-6])(?:\s|$)/;
// Pages repeat the same class strings: one regex run per distinct string.
const classLevels = new Map<string, number>();

/** Heading level named by a class="hN" token, or 0. */
function classLevel(cls: string): number {
  let level = classLevels.get(cls);
  if (level === undefined) {
    const m = CLASS_LEVEL.exec(cls);
    level = m ? m[1].charCodeAt(0) - 48 : 0;
    if (classLevels.size > 20_000) classLevels.clear();
    classLevels.set(cls, level);
  }
  return level;
}
const F_MEDIA = 1;
const F_SKIP = 2;
const F_FURNITURE = 4;
const F_INLINE = 8;
const TAG_FLAGS = new Map<string, number>();
for (const [set, flag] of [
  [MEDIA_TAGS, F_MEDIA],
  [SKIP_TAGS, F_SKIP],
  [SKIP_FURNITURE, F_FURNITURE],
  [INLINE_TAGS, F_INLINE],
] as const) {
  for (const tag of set) TAG_FLAGS.set(tag, (TAG_FLAGS.get(tag) ?? 0) | flag);
}


class Walker {
  blocks: Block[] = [];
  cands: Candidate[] = [];
  order = 0;
  /** For each walked element, the blocks of its subtree: start * RANGE + end. */
  range = new Map<Element, number>();
  /** Elements labelled as furniture, in document order. */
  boilers: Element[] = [];

  // Mutable walk state, saved and restored around each element (no per-node objects).
  chain: BoilerChain | null = null;
  /** Element whose direct text forms the current block. */
  blockEl: Element | null = null;
  /** Whether blockEl is a list item (known from its tag when it was entered). */
  blockIsItem = false;
  /** Current block segment, created lazily when text arrives. */
  block: Block | null = null;
  firstBold: Element | null = null;
  link = false;
  bold = false;
  table = false;
  list = false;
  quote = false;
  hidden = false;
  inHeading = false;

  /** The block receiving text now: a fresh segment after any nested block. */
  current(): Block | null {
    if (this.block) return this.block;
    const el = this.blockEl;
    if (!el || this.inHeading) return null;
    const b: Block = {
      el,
      order: this.order++,
      text: 0,
      link: 0,
      bold: 0,
      media: 0,
      chain: this.chain,
      heading: false,
      inTable: this.table,
      inList: this.list || this.blockIsItem,
      listItem: this.blockIsItem,
      inQuote: this.quote,
      lines: null,
      cur: null,
      firstBold: this.firstBold,
    };
    this.blocks.push(b);
    this.block = b;
    return b;
  }

  walk(el: Element, depth: number): void {
    if (depth > MAX_DEPTH) return;
    for (let n = el.firstChild; n; n = n.nextSibling) {
      const type = n.nodeType;
      if (type === 3) {
        if (this.inHeading || !this.blockEl) continue;
        // Trimmed length: indentation and the ideographic spaces that open Chinese
        // paragraphs are not text (and must not make a bold paragraph look part-bold).
        const len = trimmedLength((n as Text).data);
        if (!len) continue;
        const b = this.current()!;
        b.text += len;
        if (this.link) b.link += len;
        if (this.bold) b.bold += len;
        if (b.lines) {
          let line = b.cur;
          if (!line || line.closed) {
            line = { order: this.order++, text: 0, bold: 0, boldEl: null, closed: false };
            b.lines.push(line);
            b.cur = line;
          }
          line.text += len;
          if (this.bold) line.bold += len;
        }
        continue;
      }
      if (type !== 1) continue;
      const child = n as Element;
      const tag = child.localName;
      // One lookup answers every question about the tag.
      const flags = TAG_FLAGS.get(tag) ?? 0;
      if (flags & F_MEDIA && !this.link && !this.inHeading) {
        const b = this.current();
        if (b) b.media++;
      }
      // Navigation, sidebars and footers never hold the article: not even walked.
      if (flags & (F_SKIP | F_FURNITURE)) continue;
      const attrs = child.hasAttributes();
      let role: string | null = null;
      if (attrs) {
        // Attribute reads on the elements that have attributes cost less than a
        // selector query for them: a query matches every selector against every element.
        if (isHiddenByAttributes(child)) continue;
        role = child.getAttribute('role');
        if (role) {
          role = role.toLowerCase();
          if (LANDMARK_ROLES.has(role)) continue;
        }
      }
      if (tag === 'br') {
        this.lineBreak();
        continue;
      }
      // Visits the element (its subtree included).
      const order = this.order++;
      const first = this.blocks.length;
      this.element2(child, tag, attrs, role, depth, order, flags);
      // Elements without blocks inside have an empty range: no entry needed (a missing
      // entry reads as an empty range).
      if (this.blocks.length > first) this.range.set(child, first * RANGE + this.blocks.length);
    }
  }

  /** A <br>: closes the current line of the block (Blogger-style bold lines). */
  lineBreak(): void {
    const b = this.blockEl && !this.inHeading ? this.current() : null;
    if (!b) return;
    if (!b.lines) {
      // First <br> in this block: whatever came before is its first line.
      b.lines = [];
      b.cur = null;
      if (b.text > 0) {
        b.lines.push({ order: b.order, text: b.text, bold: b.bold, boldEl: b.firstBold, closed: true });
      }
    }
    if (b.cur) b.cur.closed = true;
  }

  element2(el: Element, tag: string, attrs: boolean, role: string | null, depth: number, order: number, flags: number): void {
    const saveChain = this.chain;
    const saveHidden = this.hidden;
    let cls: string | null = null;
    let kind: BoilerKind = flags & F_FURNITURE ? 'boiler' : 'none';
    if (attrs) {
      // Reflected properties are cheaper than getAttribute.
      const c = (el as HTMLElement).className;
      cls = typeof c === 'string' ? c : el.getAttribute('class');
      const id = (el as HTMLElement).id || null;
      if (kind === 'none' && (cls || id || role)) kind = boilerKind(el, tag, cls, id, role);
      if (!this.hidden && (cls || id) && hasHiddenClass(el, cls, id)) this.hidden = true;
    }
    if (kind !== 'none') {
      this.chain = { el, kind, up: this.chain };
      this.boilers.push(el);
    }

    // Heading candidates.
    let raw = 0;
    let ckind: CandidateKind = 'h';
    if (tag.length === 2 && tag.charCodeAt(0) === 104 /* h */) {
      const d = tag.charCodeAt(1) - 48;
      if (d >= 1 && d <= 6) raw = d;
    }
    if (!raw && attrs && !this.inHeading) {
      if (role === 'heading') {
        raw = parseInt(el.getAttribute('aria-level') || '2', 10) || 2;
        raw = Math.min(6, Math.max(1, raw));
        ckind = 'aria';
      } else {
        if (cls && cls.length < 40) {
          raw = classLevel(cls);
          if (raw) ckind = 'class';
        }
      }
    }
    if (raw && !this.inHeading) {
      if (!this.hidden) {
        this.cands.push({ el, order, raw, kind: ckind, chain: this.chain, inHeader: false, text: '' });
      }
      this.inHeading = true;
      this.walk(el, depth + 1);
      this.inHeading = false;
      // Text after the heading starts a new segment of the enclosing block.
      this.block = null;
      this.chain = saveChain;
      this.hidden = saveHidden;
      return;
    }

    if (flags & F_INLINE || this.inHeading) {
      const saveLink = this.link;
      const saveBold = this.bold;
      if (tag === 'a' && !this.link && attrs && el.hasAttribute('href')) this.link = true;
      if ((tag === 'b' || tag === 'strong') && !this.bold) {
        this.bold = true;
        const b = this.block;
        if (!b || b.text === 0) {
          if (b) b.firstBold ??= el;
          else this.firstBold ??= el;
        }
        if (b && b.lines) {
          let line = b.cur;
          if (!line || line.closed) {
            line = { order, text: 0, bold: 0, boldEl: el, closed: false };
            b.lines.push(line);
            b.cur = line;
          } else if (!line.boldEl) line.boldEl = el;
        }
      }
      this.walk(el, depth + 1);
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
    this.blockEl = el;
    this.blockIsItem = LIST_ITEM.has(tag);
    this.block = null;
    this.firstBold = null;
    if (tag === 'table') this.table = true;
    else if (tag === 'li' || tag === 'dl') this.list = true;
    else if (tag === 'blockquote') this.quote = true;
    this.walk(el, depth + 1);
    this.blockEl = saveBlockEl;
    this.blockIsItem = saveIsItem;
    this.block = null;
    this.firstBold = saveFirstBold;
    this.table = saveTable;
    this.list = saveList;
    this.quote = saveQuote;
    this.link = saveLink;
    this.bold = saveBold;
    this.chain = saveChain;
    this.hidden = saveHidden;
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

function chainIsBoiler(chain: BoilerChain | null, forgiven: Set<Element>): boolean {
  for (let c = chain; c; c = c.up) if (!forgiven.has(c.el)) return true;
  return false;
}

function contains(a: Element, b: Element): boolean {
  return a === b || a.contains(b);
}

const MIN_PARA = 25;
const LIST_ITEM = new Set(['li', 'dt', 'dd']);
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
  w.blockEl = body;
  w.walk(body, 0);
  mark('walk');

  // 1. Furniture that holds most of the page's prose is a mislabelled wrapper
  //    ("has-sidebar" layouts), except comment sections, which can outweigh a post.
  w.range.set(body, w.blocks.length);
  const rawProse = new SubtreeSums(w.range, w.blocks, (b) => Math.max(0, b.text - b.link));
  const total = rawProse.get(body);
  const forgivable = new Set<Element>();
  for (const el of w.boilers) {
    const prose = rawProse.get(el);
    if (prose > total * 0.5) {
      const kind = boilerKind(el, el.localName);
      if (kind !== 'comment' || prose > total * 0.9) forgivable.add(el);
    }
  }

  // 2. Score containers by the paragraphs they hold (parent full, grandparent half...).
  //    Text inside a forgivable wrapper counts half until we know it holds the article.
  const score = new Map<Element, number>();
  for (const b of w.blocks) {
    if (b.heading) continue;
    const p = b.text - b.link;
    if (p < MIN_PARA || b.link > b.text * 0.5) continue;
    // List items are reference lists, link lists and menus far more often than prose
    // (a <p> inside a list item, as in feature cards, still counts).
    if (b.listItem) continue;
    if (chainIsBoiler(b.chain, forgivable)) continue;
    const weight = (1 + Math.min(p / 100, 5)) * (b.chain ? 0.5 : 1);
    let node: Element | null = b.el === body ? null : b.el.parentElement;
    for (let lvl = 1; node && lvl <= 3; lvl++) {
      score.set(node, (score.get(node) ?? 0) + weight / (lvl === 1 ? 1 : lvl === 2 ? 2 : lvl * 1.5));
      node = node === body ? null : node.parentElement;
    }
  }
  let top: Element | null = null;
  let best = 0;
  for (const [el, s] of score) {
    if (s > best) {
      best = s;
      top = el;
    }
  }
  // Furniture labels on the article's own ancestors are wrong ("has-sidebar" layouts,
  // a Blogger post inside a "widget"): forgive exactly those.
  const forgiven = new Set<Element>();
  if (top) for (const el of forgivable) if (el.contains(top)) forgiven.add(el);
  // All visible text too (links, lists, short lines): page furniture without labels
  // (unmarked sidebars, footers) shows up there rather than in the prose.
  // Both sums in one pass over the blocks.
  const proseSums = new Float64Array(w.blocks.length + 1);
  const allSums = new Float64Array(w.blocks.length + 1);
  for (let i = 0; i < w.blocks.length; i++) {
    const b = w.blocks[i];
    const countable = !b.heading && b.text > 0 && !chainIsBoiler(b.chain, forgiven);
    const p = b.text - b.link;
    proseSums[i + 1] = proseSums[i] + (countable && p >= MIN_PARA && b.link <= b.text * 0.5 && !b.listItem ? p : 0);
    allSums[i + 1] = allSums[i] + (countable ? b.text : 0);
  }
  const prose = new SubtreeSums(w.range, w.blocks, proseSums);
  const allText = new SubtreeSums(w.range, w.blocks, allSums);
  let root = top ? climb(top, body, prose, allText, trace) : body;
  // A short block (a notice, a lead) won over a page of many small sections: widen
  // the root until it holds half of the page's paragraph text.
  const paraTotal = prose.get(body) ?? 0;
  if (root !== body && (prose.get(root) ?? 0) < Math.min(1000, paraTotal * 0.35)) {
    while (root.parentElement && root !== body && (prose.get(root) ?? 0) < paraTotal * 0.5) root = root.parentElement;
  }
  if (trace) {
    const d = (e: Element | null) => (e ? `${e.localName}#${e.id}.${(e.getAttribute('class') || '').slice(0, 60)}` : '-');
    trace.push(`top ${d(top)} score ${best.toFixed(1)} prose ${prose.get(top!) ?? 0}; root ${d(root)} prose ${prose.get(root) ?? 0}; total ${total}`);
    for (const c of w.cands) {
      const chain: string[] = [];
      for (let k = c.chain; k; k = k.up) chain.push(d(k.el) + (forgiven.has(k.el) ? '(forgiven)' : ''));
      trace.push(`  cand h${c.raw}/${c.kind} o${c.order} inRoot=${contains(root, c.el)} ${JSON.stringify(headingText(c.el).slice(0, 60))} chain=${chain.join(' < ')}`);
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
    root,
    textOf,
    (c) => chainIsBoiler((c as Candidate).chain, forgiven),
    // Display/visibility only: measuring boxes here would force a layout per call.
    (el) => !hasLayout || (el as Element & { checkVisibility?: (o?: object) => boolean }).checkVisibility?.({ visibilityProperty: true }) !== false,
  );

  mark('title');
  // 4. Heading candidates inside the root.
  const inRoot = (c: Candidate) => contains(root, c.el);
  let cands = w.cands.filter((c) => inRoot(c) && !chainIsBoiler(c.chain, forgiven));
  for (const c of cands) c.text = textOf(c.el);
  cands = cands.filter((c) => c.text.length > 0 && c.text.length <= 300);

  // Title, kicker and deck: the title element, anything before it, and headings that
  // share the title's <header>.
  const titleOrder = titleEl ? orderOf(w, titleEl) : -1;
  const titleHeader = titleEl ? titleEl.closest('header, hgroup') : null;
  const titleKey = normaliseText(title).toLowerCase();
  cands = cands.filter((c) => {
    if (titleEl && (c.el === titleEl || contains(c.el, titleEl) || contains(titleEl, c.el))) return false;
    if (titleOrder >= 0 && c.order < titleOrder) return false;
    if (titleHeader && contains(titleHeader, c.el)) return false;
    if (titleKey && c.text.toLowerCase() === titleKey) return false;
    return true;
  });
  // Style and layout are asked last, of the few candidates left.
  if (hasLayout) cands = cands.filter((c) => !isVisuallyHidden(c.el, true));
  // Teasers: a heading that is wholly a link to another page names that page, unless
  // a real stretch of prose follows it (a listicle linking each item's product page).
  mark('cands');
  const here = pageUrl(doc.URL || doc.baseURI);
  for (const c of cands) c.linked = isLinkToElsewhere(c.el, doc, here);

  // Before the first real paragraph: decks (a sentence under the title), bylines and
  // orphan sub-headings (an author-name h4 above h3 sections) are not sections.
  const firstPara = firstParagraphOrder(w.blocks, root, titleOrder, forgiven);
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
  const rootRange = w.range.get(root) ?? w.blocks.length;
  const rootStart = Math.floor(rootRange / RANGE);
  const rootEnd = rootRange - rootStart * RANGE;
  const blocks = w.blocks.slice(rootStart, rootEnd).filter((b) => !b.heading && !chainIsBoiler(b.chain, forgiven));
  let kept = keepIntroducingProse(cands, blocks);

  mark('keep');
  // 6. Bold paragraphs and bold lines act as headings in essays without real ones,
  //    and as sub-headings beside real ones when they clearly open a paragraph run.
  const bold = boldCandidates(blocks, hasLayout, doc);
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
  if (hasIntro(blocks, firstOrder, titleEl)) {
    sections.push({ id: 'intro', level: 1, heading: '', headingElement: null });
  }
  for (const c of kept) {
    sections.push({ id: '', level: raws.indexOf(c.raw) + 1, heading: c.text, headingElement: c.el });
  }
  assignIds(sections);
  mark('ids');
  return { outline: { title, sections }, analysis: { root, titleEl, forgiven } };
}

const NON_ALNUM = /[^\p{L}\p{N}]+/gu;
function alnumKey(s: string): string {
  return s.toLowerCase().replace(NON_ALNUM, '');
}

const BYLINE = /^(?:by|par|von|por|di|door|av|af|przez|od)\s/i;
const DATE =
  /\b(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}|\d{4}-\d{2}-\d{2})\b/i;

/** Order of the first paragraph-like block of the article after the title. */
function firstParagraphOrder(blocks: Block[], root: Element, after: number, forgiven: Set<Element>): number {
  for (const b of blocks) {
    if (b.heading || b.order < after) continue;
    if (b.text - b.link < 80 || b.link > b.text * 0.3) continue;
    if (!contains(root, b.el) || chainIsBoiler(b.chain, forgiven)) continue;
    return b.order;
  }
  return Infinity;
}

function orderOf(w: Walker, el: Element): number {
  for (const c of w.cands) if (c.el === el) return c.order;
  return -1;
}

/** From the best-scored container up to the smallest ancestor that holds the article. */
function climb(
  top: Element,
  body: Element,
  prose: SubtreeSums,
  allText: SubtreeSums,
  trace?: string[],
): Element {
  let cur = top;
  for (;;) {
    const parent = cur.parentElement;
    if (!parent || parent === body || parent === body.parentElement) return cur;
    const mine = prose.get(cur) ?? 0;
    const theirs = prose.get(parent) ?? 0;
    const added = theirs - mine;
    const mineAll = allText.get(cur) ?? 0;
    const addedAll = (allText.get(parent) ?? 0) - mineAll;
    trace?.push(`climb ${parent.localName}.${parent.getAttribute('class')} mine ${mine} added ${added} all ${mineAll} +${addedAll}`);
    // An <article> or <main> holding the prose is the article: leave it only for a
    // parent that adds nothing.
    if (isSemanticRoot(cur) && addedAll > 20) return cur;
    if (added <= mine * 0.08 + 40 && addedAll <= mineAll * 0.25 + 150) {
      // A wrapper that adds little prose (article header, share bar, footer).
      cur = parent;
      continue;
    }
    // The article split into sibling chunks (one container per few paragraphs):
    // climb when the parent's other prose lies in siblings that are themselves chunks.
    let chunks = 0;
    for (let c = parent.firstElementChild; c; c = c.nextElementSibling) {
      if (c === cur) continue;
      const p = prose.get(c) ?? 0;
      if (p >= 60) chunks += p;
    }
    const semantic = isSemanticRoot(cur);
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
function keepIntroducingProse(cands: Candidate[], blocks: Block[]): Candidate[] {
  if (!cands.length) return cands;
  // Prose between consecutive candidates: one merge pass over two ordered lists.
  const after = new Array<number>(cands.length).fill(0);
  const links = new Array<number>(cands.length).fill(0);
  let ci = -1;
  for (const b of blocks) {
    while (ci + 1 < cands.length && cands[ci + 1].order < b.order) ci++;
    if (ci < 0) continue;
    const p = b.text - b.link;
    if (p > 0 && b.link <= b.text * 0.6) after[ci] += p;
    links[ci] += b.link;
    after[ci] += b.media * MIN_SECTION_PROSE;
  }
  const keep = new Array<boolean>(cands.length).fill(false);
  let nextKept = -1;
  for (let i = cands.length - 1; i >= 0; i--) {
    const ok =
      after[i] >= (cands[i].linked ? LINKED_SECTION_PROSE : MIN_SECTION_PROSE) ||
      (nextKept >= 0 && nextKept === i + 1 && cands[nextKept].raw > cands[i].raw) ||
      // A "See also" list of links between two sections is part of the article.
      (!cands[i].linked && links[i] >= MIN_SECTION_PROSE && nextKept === i + 1 && cands[nextKept].raw <= cands[i].raw);
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

function boldCandidates(blocks: Block[], hasLayout: boolean, doc: Document): BoldCandidate[] {
  const out: BoldCandidate[] = [];
  const view = doc.defaultView;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    if (b.inTable || b.inList || b.inQuote) continue;
    if (b.lines && b.lines.length > 1) {
      // <b>Heading</b><br>text… lines.
      for (let j = 0; j < b.lines.length; j++) {
        const line = b.lines[j];
        if (!line.boldEl || line.text < 2 || line.text > MAX_BOLD_HEADING) continue;
        if (line.bold < line.text) continue;
        const nextLine = b.lines[j + 1];
        const following = nextLine ? nextLine.text - nextLine.bold : nextProse(blocks, i);
        if (following < MIN_SECTION_PROSE) continue;
        if (hasLayout && view && !isBoldStyle(view, line.boldEl)) continue;
        const text = stripDecorations(line.boldEl.textContent || '');
        if (!text) continue;
        out.push({ el: line.boldEl, order: line.order, raw: 7, kind: 'line', chain: b.chain, inHeader: false, text, strong: false, prevOrder: -1 });
      }
      continue;
    }
    if (b.text < 2 || b.text > MAX_BOLD_HEADING || b.link > b.text * 0.3) continue;
    const tag = b.el.localName;
    if (tag !== 'p' && tag !== 'div' && tag !== 'section') continue;
    // Cheapest test first: only a line that opens prose is worth a style lookup.
    if (!(b.bold >= b.text) && !(hasLayout && view && b.bold === 0 && tag === 'p')) continue;
    const following = nextProse(blocks, i);
    if (following < Math.max(MIN_SECTION_PROSE, b.text * 1.5)) continue;
    let bold = b.bold >= b.text;
    if (hasLayout && view) {
      // Tag-bold text may be styled normal; a plain <p> may be styled bold.
      if (bold) {
        const strong = b.el.querySelector('b, strong');
        if (strong && !isBoldStyle(view, strong)) bold = false;
      } else if (b.bold === 0 && tag === 'p') bold = isBoldStyle(view, b.el);
    }
    if (!bold) continue;
    const text = stripDecorations(b.el.textContent || '');
    if (!text || /[:：]$/.test(text)) continue;
    const words = text.split(' ').length;
    if (words > 16) continue;
    // Beside real headings only short, unpunctuated lines that open a run of prose.
    const prev = previousBlock(blocks, i);
    const strong =
      words <= 10 && !/[.!。！]$/.test(text) && !!prev && prev.text - prev.link >= MIN_SECTION_PROSE && prev.bold < prev.text;
    out.push({ el: b.el, order: b.order, raw: 7, kind: 'bold', chain: b.chain, inHeader: false, text, strong, prevOrder: prev ? prev.order : -1 });
  }
  return out;
}

function isBoldStyle(view: Window, el: Element): boolean {
  const w = view.getComputedStyle(el).fontWeight;
  const n = w === 'bold' || w === 'bolder' ? 700 : parseInt(w, 10);
  return n >= 600;
}

/** Prose of the next non-empty block after index i (0 if it is bold or furniture). */
function nextProse(blocks: Block[], i: number): number {
  let boldRun = 0;
  for (let j = i + 1; j < blocks.length; j++) {
    const b = blocks[j];
    if (b.text === 0) continue;
    if (b.bold >= b.text) {
      // A heading and its sub-headings may stack up before the prose they open.
      if (b.text <= MAX_BOLD_HEADING && ++boldRun <= 2) continue;
      return 0;
    }
    return b.text - b.link;
  }
  return 0;
}

function previousBlock(blocks: Block[], i: number): Block | null {
  for (let j = i - 1; j >= 0; j--) if (blocks[j].text > 0) return blocks[j];
  return null;
}

function mergeByOrder(a: Candidate[], b: Candidate[]): Candidate[] {
  return [...a, ...b].sort((x, y) => x.order - y.order);
}

/** Whether the root holds reading text before the first section heading. */
function hasIntro(blocks: Block[], firstOrder: number, titleEl: Element | null): boolean {
  let n = 0;
  for (const b of blocks) {
    if (b.order >= firstOrder) break;
    if (titleEl && contains(titleEl, b.el)) continue;
    n += b.text - b.link;
    if (n >= 1) return true;
  }
  return false;
}
