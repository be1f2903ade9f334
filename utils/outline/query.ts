// Questions asked of a detected outline: which section holds a node, and what text
// a section has (for "section drift" hashes).
import type { Outline } from './types';
import { INLINE_TAGS, SKIP_TAGS, boilerKind, isHiddenByAttributes } from './classify';
import { normaliseText } from './text';
import type { Analysis } from './detect';

const analyses = new WeakMap<Outline, Analysis>();
const headingLists = new WeakMap<Outline, { id: string; el: Element }[]>();

/** Records where an outline came from (its article root and title element). */
export function rememberAnalysis(outline: Outline, analysis: Analysis): void {
  analyses.set(outline, analysis);
}

/** The article root the outline was detected in, when it came from detectOutline. */
export function outlineRoot(outline: Outline): Element | null {
  return analyses.get(outline)?.root ?? null;
}

function headingList(outline: Outline): { id: string; el: Element }[] {
  let list = headingLists.get(outline);
  if (!list) {
    list = [];
    for (const s of outline.sections) if (s.headingElement) list.push({ id: s.id, el: s.headingElement });
    headingLists.set(outline, list);
  }
  return list;
}

const FOLLOWING = 4;
const CONTAINED_BY = 16;
const DISCONNECTED = 1;

/**
 * Id of the section that contains `node` (a heading belongs to its own section), or
 * null when the node lies outside the article (comments, sidebars) or the outline has
 * no sections. Text before the first heading belongs to the intro section if there is
 * one. O(log n) compareDocumentPosition calls.
 */
export function sectionAt(outline: Outline, node: Node): string | null {
  const sections = outline.sections;
  if (!sections.length || !node) return null;
  const analysis = analyses.get(outline);
  const intro = sections[0].headingElement ? null : sections[0].id;
  if (analysis?.root && analysis.root.isConnected) {
    const root = analysis.root;
    if (!root.contains(node)) {
      if (analysis.titleEl && analysis.titleEl.contains(node)) return intro ?? sections[0].id;
      return null;
    }
    // Comments, share boxes and sidebars inside the article root belong to no section;
    // a figure's caption belongs to the section it stands in.
    for (let el = node.nodeType === 1 ? (node as Element) : node.parentElement; el && el !== root; el = el.parentElement) {
      if (analysis.forgiven.has(el)) continue;
      const kind = boilerKind(el, el.localName);
      if (kind !== 'none' && kind !== 'figure') return null;
    }
  }
  const list = headingList(outline);
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const el = list[mid].el;
    const pos = el === node ? FOLLOWING : el.compareDocumentPosition(node);
    if (pos & DISCONNECTED) return null;
    if (pos & (FOLLOWING | CONTAINED_BY)) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found >= 0) return list[found].id;
  return intro;
}

/**
 * Visible text of one section, whitespace-normalised: from its heading (included) to
 * the start of the next section, or to the end of the article for the last one. The
 * intro runs from the article start (after the title) to the first heading. Page
 * furniture (share boxes, scripts, hidden elements) inside that span is left out.
 * Returns '' for an unknown id.
 */
export function sectionText(outline: Outline, sectionId: string, doc: Document = document): string {
  const sections = outline.sections;
  const idx = sections.findIndex((s) => s.id === sectionId);
  if (idx < 0) return '';
  const analysis = analyses.get(outline);
  const body = doc.body;
  if (!body) return '';
  let root: Element = analysis?.root && analysis.root.isConnected ? analysis.root : body;
  const section = sections[idx];
  let start: Node | null = section.headingElement;
  if (start && !root.contains(start)) root = body;
  let end: Element | null = null;
  for (let j = idx + 1; j < sections.length; j++) {
    if (sections[j].headingElement) {
      end = sections[j].headingElement;
      break;
    }
  }
  if (end && !root.contains(end)) root = body;
  const titleEl = analysis?.titleEl ?? null;
  const skipTitle = !start && titleEl && root.contains(titleEl) ? titleEl : null;

  const NF = doc.defaultView?.NodeFilter ?? NodeFilter;
  const walker = doc.createTreeWalker(root, NF.SHOW_ELEMENT | NF.SHOW_TEXT, {
    acceptNode(n: Node): number {
      if (n.nodeType !== 1) return NF.FILTER_ACCEPT;
      const el = n as Element;
      const tag = el.localName;
      const reject =
        SKIP_TAGS.has(tag) || isHiddenByAttributes(el) || el === skipTitle || boilerKind(el, tag) !== 'none';
      if (!reject) return NF.FILTER_ACCEPT;
      // Never skip over the boundary itself.
      if ((end && el.contains(end)) || (start && el.contains(start) && el !== start)) return NF.FILTER_SKIP;
      return NF.FILTER_REJECT;
    },
  });
  let parts: string[] = [];
  let started = !start;
  if (start) walker.currentNode = start;
  // When starting at the heading, the heading element itself is the first node.
  let n: Node | null = start ?? walker.nextNode();
  while (n) {
    if (end && n === end) break;
    if (n.nodeType === 3) {
      if (started) parts.push((n as Text).data);
    } else {
      started = true;
      if (!INLINE_TAGS.has((n as Element).localName)) parts.push(' ');
      if ((n as Element).localName === 'br') parts.push(' ');
    }
    n = walker.nextNode();
  }
  const text = normaliseText(parts.join(''));
  parts = [];
  return text;
}
