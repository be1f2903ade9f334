import type { JournalView } from '@/utils/journal';

// Heights are underestimated on purpose, so the cut always falls below the fold
// (tests/e2e/popup-first-screen.e2e.mjs checks it with real layout). A line of text is
// ~20 px. A quote's line holds ~45 characters of ordinary text in the 420 px wide popup
// (measured), counted here as one per 6 px of width less 80 px of indents (56 there).
// Blocks are counted smaller than they are drawn: the top of the popup (title, actions)
// as 60 px, a section's heading and badges as 40, a reflection's word count line
// as 16, the gap around a highlight as 6 and its row of actions (note, colour, delete;
// 18 px drawn, with its margin 20) as 16.
const LINE_PX = 20;
const QUOTE_CAP = 281;
const TOP_PX = 60;
const SECTION_HEAD_PX = 40;
const REFLECTION_META_PX = 16;
const HIGHLIGHT_GAP_PX = 6;
const HIGHLIGHT_ACTIONS_PX = 16;
/** The popup's width (popup.css, .journal.popup). */
export const POPUP_WIDTH_PX = 420;
const charsPerLine = (widthPx: number) => Math.max(30, Math.floor((widthPx - 80) / 6));

export interface FirstScreen {
  journal: JournalView;
  /** False when sections, highlights, orphans or sections no longer on the page were left out. */
  complete: boolean;
}

export interface FirstScreenView {
  /** The view's width in px (lines of a quote are counted for it); the popup's when absent. */
  widthPx?: number;
  /**
   * The section the view opens at (scrolled to the top of the view): the sections before
   * it are kept as they are, above the view, and the height is counted from it.
   */
  startAt?: string | null;
}

/**
 * The part of a page's journal that can be visible when the popup opens in a view
 * `heightPx` tall: the page reflection and the sections in order (a collapsed one,
 * `isOpen` false, counted as its one line; the page's reflection is below them), up to the highlight
 * that fills the height (its section is cut after it, later sections are left out, and
 * so are orphans and sections no longer on the page). With `view.startAt` the height is
 * counted from that section, where the view opens. Returns the journal itself, `complete`,
 * when everything fits. The popup renders this first and the rest right after the
 * first paint, so opening a page with hundreds of highlights costs about as much as one
 * with a screenful.
 */
export function firstScreen(
  journal: JournalView,
  heightPx: number,
  isOpen: (sectionId: string) => boolean = () => true,
  view: FirstScreenView = {},
): FirstScreen {
  const perLine = charsPerLine(view.widthPx ?? POPUP_WIDTH_PX);
  const lines = (text: string, cap = Infinity) => Math.max(1, Math.ceil(Math.min(text.length, cap) / perLine));
  const reflectionPx = (text: string | undefined) => (text ? lines(text) * LINE_PX + REFLECTION_META_PX : LINE_PX);
  // The page's own reflection and tags are drawn below the outline: they take no room here.
  let left = heightPx - TOP_PX;
  const tail = journal.orphans.length + journal.detached.length + journal.elsewhere.length;
  // Sections above the one the view opens at are kept whole and count for nothing.
  const start = view.startAt ? Math.max(0, journal.sections.findIndex((s) => s.id === view.startAt)) : 0;
  if (start > 0) left = heightPx;
  for (let i = start; i < journal.sections.length; i++) {
    const s = journal.sections[i];
    left -= SECTION_HEAD_PX;
    // A collapsed section is one line: its highlights are not drawn.
    if (!isOpen(s.id)) continue;
    for (let k = 0; k < s.highlights.length; k++) {
      const h = s.highlights[k];
      left -= HIGHLIGHT_GAP_PX + lines(h.text, QUOTE_CAP) * LINE_PX + HIGHLIGHT_ACTIONS_PX + (h.note ? lines(h.note) * LINE_PX : 0);
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
