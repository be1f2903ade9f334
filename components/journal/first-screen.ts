import type { JournalView } from '@/utils/journal';

// Heights are underestimated on purpose, so the cut always falls below the fold
// (tests/e2e/popup-first-screen.e2e.mjs checks it with real layout). A line of text is
// ~20 px; a quote's line in the 420 px wide popup holds ~50 characters of ordinary
// text, counted here as 70. Blocks are counted smaller than they are drawn: the top of
// the popup (title, actions, tags) as 60 px, a section's heading and badges as 40, a
// reflection's word count line as 16, the gap around a highlight as 6.
const LINE_PX = 20;
const CHARS_PER_LINE = 70;
const QUOTE_CAP = 281;
const TOP_PX = 60;
const SECTION_HEAD_PX = 40;
const REFLECTION_META_PX = 16;
const HIGHLIGHT_GAP_PX = 6;

const lines = (text: string, cap = Infinity) => Math.max(1, Math.ceil(Math.min(text.length, cap) / CHARS_PER_LINE));
const reflectionPx = (text: string | undefined) => (text ? lines(text) * LINE_PX + REFLECTION_META_PX : LINE_PX);

export interface FirstScreen {
  journal: JournalView;
  /** False when sections, highlights, orphans or sections no longer on the page were left out. */
  complete: boolean;
}

/**
 * The part of a page's journal that can be visible when the popup opens in a view
 * `heightPx` tall: the page reflection and the sections in order (a collapsed one,
 * `isOpen` false, counted as its one line), up to the highlight
 * that fills the height (its section is cut after it, later sections are left out, and
 * so are orphans and sections no longer on the page). Returns the journal itself, `complete`,
 * when everything fits. The popup renders this first and the rest right after the
 * first paint, so opening a page with hundreds of highlights costs about as much as one
 * with a screenful.
 */
export function firstScreen(journal: JournalView, heightPx: number, isOpen: (sectionId: string) => boolean = () => true): FirstScreen {
  let left = heightPx - TOP_PX - reflectionPx(journal.pageReflection?.text);
  const tail = journal.orphans.length + journal.detached.length + journal.elsewhere.length;
  for (let i = 0; i < journal.sections.length; i++) {
    const s = journal.sections[i];
    left -= SECTION_HEAD_PX;
    // A collapsed section is one line: its highlights are not drawn.
    if (!isOpen(s.id)) continue;
    for (let k = 0; k < s.highlights.length; k++) {
      const h = s.highlights[k];
      left -= HIGHLIGHT_GAP_PX + lines(h.text, QUOTE_CAP) * LINE_PX + (h.note ? lines(h.note) * LINE_PX : 0);
      if (left > 0) continue;
      const last = k === s.highlights.length - 1;
      // Filled exactly by the very last thing there is: nothing to leave out.
      if (last && i === journal.sections.length - 1 && !tail) break;
      const cut = last ? s : { ...s, highlights: s.highlights.slice(0, k + 1), highlightTotal: s.highlights.length };
      return {
        journal: { ...journal, sections: [...journal.sections.slice(0, i), cut], orphans: [], detached: [], elsewhere: [] },
        complete: false,
      };
    }
    left -= reflectionPx(s.reflection?.text);
  }
  return { journal, complete: true };
}
