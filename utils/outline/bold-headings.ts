// Bold paragraphs and <b>..</b><br> lines that act as headings: in essays without real
// headings they are the sections; beside real ones only "strong" ones (short,
// unpunctuated, right after prose) count as sub-headings. With layout (a real
// browser) computed font weight decides; in happy-dom only <b>/<strong> tags do.
import { MIN_SECTION_PROSE } from './prose-sections';
import { stripDecorations } from './text';
import { B_LIST, B_QUOTE, B_TABLE } from './walk-flags';
import type { Candidate, WalkTable } from './walk-table';

export interface BoldCandidate extends Candidate {
  /** Also trusted beside real headings. */
  strong: boolean;
  /** Order of the previous non-empty block. */
  prevOrder: number;
}

const MAX_BOLD_HEADING = 120;

/** `blocks` are block indices (the article's, in document order). */
export function boldCandidates(w: WalkTable, blocks: number[], hasLayout: boolean, doc: Document): BoldCandidate[] {
  const out: BoldCandidate[] = [];
  const view = doc.defaultView;
  const { bText, bLink, bBold } = w;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    if (w.bFlags[b] & (B_TABLE | B_LIST | B_QUOTE)) continue;
    const lines = w.bLines.get(b);
    if (lines && lines.length > 1) {
      // <b>Heading</b><br>text… lines.
      for (let j = 0; j < lines.length; j++) {
        const line = lines[j];
        if (!line.boldEl || line.text < 2 || line.text > MAX_BOLD_HEADING) continue;
        if (line.bold < line.text) continue;
        const nextLine = lines[j + 1];
        const following = nextLine ? nextLine.text - nextLine.bold : nextProse(w, blocks, i);
        if (following < MIN_SECTION_PROSE) continue;
        if (hasLayout && view && !isBoldStyle(view, line.boldEl)) continue;
        const text = stripDecorations(line.boldEl.textContent || '');
        if (!text) continue;
        out.push({ el: line.boldEl, id: -1, order: line.order, raw: 7, kind: 'line', chain: w.bChain[b], inHeader: false, text, strong: false, prevOrder: -1 });
      }
      continue;
    }
    if (bText[b] < 2 || bText[b] > MAX_BOLD_HEADING || bLink[b] > bText[b] * 0.3) continue;
    const el = w.els[w.bEl[b]];
    const tag = el.localName;
    if (tag !== 'p' && tag !== 'div' && tag !== 'section') continue;
    // Cheapest test first: only a line that opens prose is worth a style lookup.
    if (!(bBold[b] >= bText[b]) && !(hasLayout && view && bBold[b] === 0 && tag === 'p')) continue;
    const following = nextProse(w, blocks, i);
    if (following < Math.max(MIN_SECTION_PROSE, bText[b] * 1.5)) continue;
    let bold = bBold[b] >= bText[b];
    if (hasLayout && view) {
      // Tag-bold text may be styled normal; a plain <p> may be styled bold.
      if (bold) {
        const strong = el.querySelector('b, strong');
        if (strong && !isBoldStyle(view, strong)) bold = false;
      } else if (bBold[b] === 0 && tag === 'p') bold = isBoldStyle(view, el);
    }
    if (!bold) continue;
    const text = stripDecorations(el.textContent || '');
    if (!text || /[:：]$/.test(text)) continue;
    const words = text.split(' ').length;
    if (words > 16) continue;
    // Beside real headings only short, unpunctuated lines that open a run of prose.
    const prev = previousBlock(w, blocks, i);
    const strong =
      words <= 10 &&
      !/[.!。！]$/.test(text) &&
      prev >= 0 &&
      bText[prev] - bLink[prev] >= MIN_SECTION_PROSE &&
      bBold[prev] < bText[prev];
    out.push({
      el,
      id: w.bEl[b],
      order: w.bOrder[b],
      raw: 7,
      kind: 'bold',
      chain: w.bChain[b],
      inHeader: false,
      text,
      strong,
      prevOrder: prev >= 0 ? w.bOrder[prev] : -1,
    });
  }
  return out;
}

function isBoldStyle(view: Window, el: Element): boolean {
  const w = view.getComputedStyle(el).fontWeight;
  const n = w === 'bold' || w === 'bolder' ? 700 : parseInt(w, 10);
  return n >= 600;
}

/** Prose of the next non-empty block after blocks[i] (0 if it is bold or furniture). */
function nextProse(w: WalkTable, blocks: number[], i: number): number {
  let boldRun = 0;
  for (let j = i + 1; j < blocks.length; j++) {
    const b = blocks[j];
    const text = w.bText[b];
    if (text === 0) continue;
    if (w.bBold[b] >= text) {
      // A heading and its sub-headings may stack up before the prose they open.
      if (text <= MAX_BOLD_HEADING && ++boldRun <= 2) continue;
      return 0;
    }
    return text - w.bLink[b];
  }
  return 0;
}

/** The previous non-empty block before blocks[i], or -1. */
function previousBlock(w: WalkTable, blocks: number[], i: number): number {
  for (let j = i - 1; j >= 0; j--) if (w.bText[blocks[j]] > 0) return blocks[j];
  return -1;
}

export function mergeByOrder(a: Candidate[], b: Candidate[]): Candidate[] {
  return [...a, ...b].sort((x, y) => x.order - y.order);
}
