// The parts of an article's head that are headings in the markup but not sections:
// the title heading itself, kickers before it, headings sharing its <header>, and
// before the first real paragraph decks (a sentence under the title), bylines, dates,
// the title set as two headings and orphan sub-headings (an author-name h4 above h3
// sections).
import { normaliseText } from './text';
import type { Candidate, WalkTable } from './walk-table';

/**
 * Drops the title, the kickers before it and the headings that share its header.
 * Returns the candidates left and the title's walk number and order (-1 without one).
 */
export function dropTitle(
  w: WalkTable,
  candidates: Candidate[],
  title: string,
  titleEl: Element | null,
): { cands: Candidate[]; titleId: number; titleOrder: number } {
  // Title, kicker and deck: the title element, anything before it, and headings that
  // share the title's <header>.
  const titleId = titleEl ? w.idOf(titleEl) : -1;
  const titleOrder = titleEl ? orderOf(w, titleEl) : -1;
  const titleHeader = titleEl ? titleEl.closest('header, hgroup') : null;
  const titleKey = normaliseText(title).toLowerCase();
  const cands = candidates.filter((c) => {
    if (titleEl && (c.el === titleEl || w.contains(c.id, titleId) || w.contains(titleId, c.id))) return false;
    if (titleOrder >= 0 && c.order < titleOrder) return false;
    if (titleHeader && titleHeader.contains(c.el)) return false;
    if (titleKey && c.text.toLowerCase() === titleKey) return false;
    return true;
  });
  return { cands, titleId, titleOrder };
}

/** Drops decks, bylines and orphan sub-headings met before the first paragraph after the title. */
export function dropDecks(
  w: WalkTable,
  candidates: Candidate[],
  root: number,
  title: string,
  titleOrder: number,
  forgiven: boolean[],
): Candidate[] {
  let cands = candidates;
  // Before the first real paragraph: decks (a sentence under the title), bylines and
  // orphan sub-headings (an author-name h4 above h3 sections) are not sections.
  const firstPara = firstParagraphOrder(w, root, titleOrder, forgiven);
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
  return cands;
}

const NON_ALNUM = /[^\p{L}\p{N}]+/gu;
function alnumKey(s: string): string {
  return s.toLowerCase().replace(NON_ALNUM, '');
}

const BYLINE = /^(?:by|par|von|por|di|door|av|af|przez|od)\s/i;
const DATE =
  /\b(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}|\d{4}-\d{2}-\d{2})\b/i;

/** Order of the first paragraph-like block of the article after the title. */
function firstParagraphOrder(w: WalkTable, root: number, after: number, forgiven: boolean[]): number {
  for (let i = 0; i < w.bText.length; i++) {
    if (w.bOrder[i] < after) continue;
    const text = w.bText[i];
    const link = w.bLink[i];
    if (text - link < 80 || link > text * 0.3) continue;
    if (!w.contains(root, w.bEl[i]) || w.isBoiler(w.bChain[i], forgiven)) continue;
    return w.bOrder[i];
  }
  return Infinity;
}

function orderOf(w: WalkTable, el: Element): number {
  for (const c of w.cands) if (c.el === el) return c.order;
  return -1;
}

