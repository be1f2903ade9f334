/**
 * Which text the anchoring index leaves out, and where blocks meet.
 *
 * Left out: `UNRENDERED_TAGS` (scripts, styles, form controls' values…),
 * elements hidden by markup (`hidden`, inline `display:none`), and, when the
 * browser can say, blocks a stylesheet hides. A block edge (p, li, h1–h6, br,
 * td…) between two words reads as a space.
 */
import { hiddenByMarkup, UNRENDERED_TAGS } from '../hidden';
import { topOf } from './raw-text';

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

const SHOW_ELEMENT = 1;

/** Options for building the text index. */
export interface TextIndexOptions {
  /**
   * Ask the browser whether block elements are rendered (`checkVisibility`), so
   * text hidden by a stylesheet is left out. Default: true where available.
   */
  computedVisibility?: boolean;
}

/** Whether the browser is asked which blocks it renders (see {@link TextIndexOptions}). */
export function usesVisibility(root: Node, opts: TextIndexOptions): boolean {
  return opts.computedVisibility !== false && typeof topOf(root)?.checkVisibility === 'function';
}

/** Elements under a root whose text the index leaves out, in document order. */
export interface LeftOut {
  /** Every left-out element (outermost and nested), in document order. */
  elements: Element[];
  /** Left-out elements other than UNRENDERED_TAGS (hidden ones). */
  hidden: Set<Node>;
}

/**
 * Elements under `root` whose text is left out. One walk over elements finds
 * them (a TreeWalker step is far cheaper than selector queries for tag or
 * attribute lists); only elements with attributes are looked at further, and
 * a left-out element's subtree is not walked.
 */
export function findLeftOut(root: Element | Document, useVisibility: boolean): LeftOut {
  const elements: Element[] = [];
  const hidden = new Set<Node>();
  const doc = root.nodeType === 9 ? (root as Document) : root.ownerDocument!;
  const walker = doc.createTreeWalker(root, SHOW_ELEMENT);
  let el = walker.nextNode() as Element | null;
  while (el) {
    const name = el.localName;
    let out = UNRENDERED_TAGS.has(name);
    if (
      !out &&
      el.hasAttributes() &&
      (hiddenByMarkup(el) ||
        // Stylesheets hide blocks (menus, modals, promos) far more often than
        // anything else: only those ask for computed style.
        (useVisibility &&
          SUSPECT_BLOCKS.has(name) &&
          (el.hasAttribute('class') || el.hasAttribute('id')) &&
          !el.checkVisibility()))
    ) {
      out = true;
      hidden.add(el);
    }
    if (!out) {
      el = walker.nextNode() as Element | null;
      continue;
    }
    elements.push(el);
    // Past its subtree: nothing inside a left-out element matters.
    let next: Node | null = walker.nextSibling();
    while (!next) {
      const up = walker.parentNode();
      if (!up) break;
      next = walker.nextSibling();
    }
    el = next as Element | null;
  }
  return { elements, hidden };
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
  return UNRENDERED_TAGS.has(el.localName) || hidden.has(el);
}

/**
 * Whether text node `n` is text the index keeps: a plain text node with no
 * left-out element around it (and, with `useVisibility`, rendered). `shown`
 * caches the answer per parent element.
 */
export function indexable(n: Node, root: Node, useVisibility: boolean, shown: Map<Element, boolean>): boolean {
  if (n.nodeType !== 3) return false;
  const parent = n.parentElement;
  if (!parent) return n.parentNode === root;
  const known = shown.get(parent);
  if (known !== undefined) return known;
  let ok = true;
  for (let el: Element | null = parent; el && el !== root; el = el.parentElement) {
    if (UNRENDERED_TAGS.has(el.localName) || hiddenByMarkup(el)) {
      ok = false;
      break;
    }
  }
  if (ok && useVisibility) ok = parent.checkVisibility();
  shown.set(parent, ok);
  return ok;
}
