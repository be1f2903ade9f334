// Gloss's outline engine: finds an essay's title and section headings on real pages.
//
// How detectOutline works (detect.ts runs the phases, each in its own file), in one pass
// over the light DOM plus bookkeeping:
//  1. Walk (walker.ts, into walk-table.ts): text is gathered into blocks (the nearest
//     non-inline element, split into a new segment after any nested block or heading),
//     with link, bold and media counts; h1-h6, role="heading" and class="hN" elements
//     become candidates; elements that look like furniture (nav/aside/footer, landmark
//     roles, class/id words such as comment, sidebar, share, related, newsletter,
//     author-box, toc, cookie) are noted; hidden elements, iframes and shadow roots are
//     never entered.
//  2. Root (article-root.ts): containers are scored by the paragraphs they hold
//     (Readability-like, without list items); from the best one we climb through
//     wrappers that add little text and through parents whose other children are more
//     chunks of the same article, stopping at <article>/<main>. Furniture labels on the
//     article's own ancestors are forgiven.
//  3. Title (title.ts, decks.ts): JSON-LD/Open Graph headline, else the heading matching
//     document.title, else the first h1; a known site name is cut. The title heading,
//     kickers before it and decks, bylines and orphan sub-headings before the first
//     paragraph are not sections.
//  4. Sections (prose-sections.ts, teasers.ts, bold-headings.ts): candidates inside the
//     root, not furniture, not visually hidden, not a teaser link, that introduce prose
//     (or a deeper heading, or a "See also" list between sections). Without real
//     headings, short bold-only paragraphs and <b>..</b><br> lines that open prose act
//     as headings. Levels are ranks of the raw levels present.
import type { Outline, Section } from './types';
import { analyse } from './detect';
import { rememberAnalysis } from './query';
import { observeOutline as observeWith, type OutlineObserver } from './observe';
import { normaliseText } from './text';

export type { Outline, Section } from './types';
export { matchSections, sectionIdFor, INTRO_ID, type PreviousSection } from './identity';
export { sectionAt, sectionText } from './query';
export { normaliseText, stripDecorations, headingKey } from './text';
export { outlineChanged, type OutlineObserver } from './observe';

/**
 * Detects the article's title and sections in `doc`.
 * Returns sections in document order; the first is an intro section
 * (`id: 'intro'`, heading '', headingElement null) when the article has text before its
 * first heading, and it is the only section when the article has no headings.
 * Levels are relative (the essay's top heading level is 1). Never throws: an odd or
 * empty page gives `{ title, sections: [] }`.
 */
export function detectOutline(doc: Document = document): Outline {
  try {
    const { outline, analysis } = analyse(doc);
    rememberAnalysis(outline, analysis);
    return outline;
  } catch {
    let title = '';
    try {
      title = normaliseText(doc.title);
    } catch {
      /* a document without a title element */
    }
    return { title, sections: [] as Section[] };
  }
}

/**
 * Keeps the outline of a dynamic page current; see observe.ts for the policy.
 * Calls `onChange(next, previous)` only when the outline changed; `signal` stops it.
 * Returns an observer whose `outline` is the latest one and whose `rearm()` reconnects
 * it after it went quiet (call it on SPA navigation if no event reaches the page).
 * `onDetect` is called before each detection (work counters).
 */
export function observeOutline(
  doc: Document,
  onChange: (outline: Outline, previous: Outline) => void,
  options: { signal?: AbortSignal; debounceMs?: number; maxWaitMs?: number; idleMs?: number; onDetect?: () => void } = {},
): OutlineObserver {
  const { onDetect, ...rest } = options;
  const detect = onDetect
    ? (d: Document) => {
        onDetect();
        return detectOutline(d);
      }
    : detectOutline;
  return observeWith(doc, onChange, { ...rest, detect });
}
