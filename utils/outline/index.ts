// Gloss's outline engine: finds an essay's title and section headings on real pages.
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
 */
export function observeOutline(
  doc: Document,
  onChange: (outline: Outline, previous: Outline) => void,
  options: { signal?: AbortSignal; debounceMs?: number; maxWaitMs?: number; idleMs?: number } = {},
): OutlineObserver {
  return observeWith(doc, onChange, { ...options, detect: detectOutline });
}
