import { describe } from './anchoring';
import type { PageMeta } from './store/ops';
import type { ColorId, Highlight, StoredSection } from './store/schema';

// The welcome page's practice essay: a short excerpt of the built-in sample essay, on
// which the reader makes a real highlight and reflection (stored through the writer like
// any page's, under the welcome page's address) and exports them.

/** The practice essay's sections, in essay order (ids match the `data-section` of its headings). */
export const SAMPLE_OUTLINE: StoredSection[] = [
  { id: 'sample-speed', level: 1, heading: 'Why speed is the wrong measure' },
  { id: 'sample-questions', level: 1, heading: 'Questions, not summaries' },
];
export const SAMPLE_TITLE = "The Slow Reader's Notebook";

/** The practice page's facts as the writer stores them. */
export function sampleMeta(url: string): PageMeta {
  return { url, title: SAMPLE_TITLE, site: 'Gloss', outline: SAMPLE_OUTLINE };
}

/** The practice section a node is in: the last heading (`[data-section]`) before it within `root`, or null. */
export function sampleSectionOf(node: Node, root: Element): string | null {
  if (!root.contains(node)) return null;
  let found: string | null = null;
  for (const h of root.querySelectorAll('[data-section]')) {
    // Headings in document order: the last one that precedes the node wins.
    if (h === node || h.contains(node) || h.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING) found = h.getAttribute('data-section');
    else break;
  }
  return found;
}

/** A highlight of `range` inside the practice essay `root`, or null when the range is empty or outside it. */
export function sampleHighlight(range: Range, root: Element, opts: { color: ColorId; id: string; now: number }): Highlight | null {
  if (range.collapsed || !root.contains(range.commonAncestorContainer) || !range.toString().trim()) return null;
  const sectionId = sampleSectionOf(range.startContainer, root);
  const selectors = describe(range, root, { sectionId });
  return {
    id: opts.id,
    text: selectors.quote.exact,
    color: opts.color,
    note: '',
    selectors,
    sectionId,
    sectionHeading: SAMPLE_OUTLINE.find((s) => s.id === sectionId)?.heading ?? null,
    createdAt: opts.now,
    updatedAt: opts.now,
  };
}
