import type { JournalView } from '@/utils/journal';

// Heights are underestimated on purpose, so the cut always falls below the fold: a line
// of the 420 px wide popup holds far fewer than 90 characters of its 14 px text, and
// every block is taken to be a single line tall unless its text says otherwise.
const LINE_PX = 20;
const CHARS_PER_LINE = 90;
const QUOTE_CAP = 281;

const lines = (text: string, cap = Infinity) => Math.max(1, Math.ceil(Math.min(text.length, cap) / CHARS_PER_LINE));

export interface FirstScreen {
  journal: JournalView;
  /** False when sections, highlights, orphans or detached reflections were left out. */
  complete: boolean;
}

/**
 * The part of a page's journal that can be visible when the popup opens in a view
 * `heightPx` tall: the page reflection and the sections in order, up to the highlight
 * that fills the height (its section is cut after it, later sections are left out, and
 * so are orphans and detached reflections). Returns the journal itself, `complete`,
 * when everything fits. The popup renders this first and the rest right after the
 * first paint, so opening a page with hundreds of highlights costs about as much as one
 * with a screenful.
 */
export function firstScreen(journal: JournalView, heightPx: number): FirstScreen {
  let left = heightPx - (journal.pageReflection ? lines(journal.pageReflection.text) * LINE_PX : LINE_PX);
  for (let i = 0; i < journal.sections.length; i++) {
    const s = journal.sections[i];
    left -= LINE_PX;
    for (let k = 0; k < s.highlights.length; k++) {
      const h = s.highlights[k];
      left -= lines(h.text, QUOTE_CAP) * LINE_PX + (h.note ? lines(h.note) * LINE_PX : 0);
      if (left <= 0) {
        const last = k === s.highlights.length - 1;
        if (last && i === journal.sections.length - 1 && !journal.orphans.length && !journal.detachedReflections.length) break;
        const cut = last ? s : { ...s, highlights: s.highlights.slice(0, k + 1) };
        return {
          journal: { ...journal, sections: [...journal.sections.slice(0, i), cut], orphans: [], detachedReflections: [] },
          complete: false,
        };
      }
    }
    left -= s.reflection ? lines(s.reflection.text) * LINE_PX : LINE_PX;
  }
  return { journal, complete: true };
}
