// The outline walk: one pass over the light DOM (shadow roots are never entered, nor
// hidden elements, skipped tags, nav/aside/footer or landmark roles) that fills a WalkTable. Text is gathered into
// blocks: the text directly in the nearest non-inline element, split into a new segment
// after any nested block or heading. h1-h6, role="heading" and class="hN" elements
// become candidates (their own text is read apart, by headingText); elements labelled
// as furniture are noted with the furniture around them. State is saved and restored
// around each element in fields, not per-node objects.
import {
  NAMES_BOILER, NAMES_COMMENT, NAMES_HIDDEN, NAMES_LEVEL_SHIFT, classBits, idBits, isBoilerRole, isHiddenByAttributes,
} from './classify';
import {
  A_CLASS, A_HREF, A_ID, A_ITEMPROP, A_MAYBE_HIDDEN, A_ROLE, B_ITEM, B_LIST, B_QUOTE, B_TABLE, COMMENT_PROP,
  F_BOLD, F_BR, F_FURNITURE, F_INLINE, F_ITEM, F_LEVEL_SHIFT, F_LINK, F_LIST, F_MEDIA, F_QUOTE, F_SKIP, F_TABLE,
  K_BOILER, K_COMMENT, K_NONE, TAG_FLAGS, attributeBits, trimmedLength,
} from './walk-flags';
import { WalkTable, type CandidateKind, type Line } from './walk-table';

const MAX_DEPTH = 600;
const LANDMARK_ROLES = new Set(['navigation', 'complementary', 'contentinfo', 'search', 'menubar', 'menu']);

/** Fills the table from `start(body)`; the fields below are the walk's own state. */
export class Walker extends WalkTable {
  order = 0;

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
}
