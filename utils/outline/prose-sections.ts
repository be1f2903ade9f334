// A heading is a section when it introduces prose: enough text before the next
// candidate (more when it is a teaser link), or a deeper kept heading right after it
// (a part heading whose text starts in its first sub-section), or a "See also" list of
// links between two sections. Also: whether the article has an intro before its first
// section.
import type { Candidate, WalkTable } from './walk-table';

/** Prose (characters) a section needs under its heading. */
export const MIN_SECTION_PROSE = 40;
/** Prose a heading that is a link to another page needs. */
const LINKED_SECTION_PROSE = 250;

/**
 * Keeps the candidates followed by prose before the next candidate, or followed by a
 * deeper kept candidate (a part heading whose text starts in its first sub-section).
 */
export function keepIntroducingProse(w: WalkTable, cands: Candidate[], blocks: number[], isLinked: (c: Candidate) => boolean): Candidate[] {
  if (!cands.length) return cands;
  // Prose between consecutive candidates: one merge pass over two ordered lists.
  const after = new Array<number>(cands.length).fill(0);
  const links = new Array<number>(cands.length).fill(0);
  let ci = -1;
  for (const b of blocks) {
    const order = w.bOrder[b];
    while (ci + 1 < cands.length && cands[ci + 1].order < order) ci++;
    if (ci < 0) continue;
    const text = w.bText[b];
    const link = w.bLink[b];
    const p = text - link;
    if (p > 0 && link <= text * 0.6) after[ci] += p;
    links[ci] += link;
    after[ci] += w.bMedia[b] * MIN_SECTION_PROSE;
  }
  const keep = new Array<boolean>(cands.length).fill(false);
  let nextKept = -1;
  for (let i = cands.length - 1; i >= 0; i--) {
    const ok =
      after[i] >= LINKED_SECTION_PROSE ||
      (after[i] >= MIN_SECTION_PROSE && !isLinked(cands[i])) ||
      (nextKept >= 0 && nextKept === i + 1 && cands[nextKept].raw > cands[i].raw) ||
      // A "See also" list of links between two sections is part of the article.
      (links[i] >= MIN_SECTION_PROSE && nextKept === i + 1 && cands[nextKept].raw <= cands[i].raw && !isLinked(cands[i]));
    if (ok) {
      keep[i] = true;
      nextKept = i;
    }
  }
  return cands.filter((_, i) => keep[i]);
}

/** Whether the root holds reading text before the first section heading. */
export function hasIntro(w: WalkTable, blocks: number[], firstOrder: number, titleId: number): boolean {
  let n = 0;
  for (const b of blocks) {
    if (w.bOrder[b] >= firstOrder) break;
    if (titleId >= 0 && w.contains(titleId, w.bEl[b])) continue;
    n += w.bText[b] - w.bLink[b];
    if (n >= 1) return true;
  }
  return false;
}
