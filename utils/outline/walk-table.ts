// What the outline walk found (walker.ts fills it), as plain number columns: elements
// by walk number (document order; an element's subtree is the run of numbers up to
// `end[id]`), text blocks with their link, bold and media counts, furniture labels and
// heading candidates. The later phases (article-root.ts, decks.ts, prose-sections.ts,
// bold-headings.ts) only read it: containment, subtree sums and ancestor scores are
// array reads, not DOM calls, Map lookups or per-block objects.

/** A <b>..</b><br> line of a block (Blogger style); only blocks with <br> have them. */
export interface Line {
  order: number;
  text: number;
  bold: number;
  boldEl: Element | null;
  closed: boolean;
}

export type CandidateKind = 'h' | 'aria' | 'class' | 'bold' | 'line';

export interface Candidate {
  el: Element;
  /** Walk number of `el` (-1 for bold lines, which are found after the walk). */
  id: number;
  order: number;
  /** Raw level: 1-6 for headings, 7 for bold paragraphs/lines. */
  raw: number;
  kind: CandidateKind;
  /** Innermost furniture element around it (an index into WalkTable.boilers), or -1. */
  chain: number;
  inHeader: boolean;
  text: string;
  /** Wholly a link to another page. */
  linked?: boolean;
}


export class WalkTable {
  // Elements entered, by walk number (body is 0), with their parent's number, the number
  // after their subtree, and the run of blocks their subtree holds.
  els: Element[] = [];
  parent: number[] = [];
  end: number[] = [];
  blockStart: number[] = [];
  blockEnd: number[] = [];

  // Blocks: the text directly in one element (not in nested blocks), one column per field.
  // A block is split into a new segment after any nested block or heading.
  /** Walk number of the block's element. */
  bEl: number[] = [];
  bOrder: number[] = [];
  /** Non-whitespace characters of text (trimmed per text node). */
  bText: number[] = [];
  bLink: number[] = [];
  bBold: number[] = [];
  /** Images, media, formulas, tables: content that is not text. */
  bMedia: number[] = [];
  /** Innermost furniture around the block (index into `boilers`), or -1. */
  bChain: number[] = [];
  /** B_TABLE | B_LIST | B_QUOTE | B_ITEM. */
  bFlags: number[] = [];
  /** Bold-only lines ended by <br>, for the blocks that have a <br>. */
  bLines = new Map<number, Line[]>();

  cands: Candidate[] = [];
  /** Elements labelled as furniture (walk numbers), in document order, with their kind and enclosing furniture. */
  boilers: number[] = [];
  boilerKinds: number[] = [];
  boilerUp: number[] = [];

  /** Whether element `a` is `b` or contains it (both walk numbers). */
  contains(a: number, b: number): boolean {
    return b >= a && b < this.end[a];
  }

  /** Sum of a per-block prefix-summed quantity over element `id`'s subtree. */
  sum(prefix: ArrayLike<number>, id: number): number {
    return prefix[this.blockEnd[id]] - prefix[this.blockStart[id]];
  }

  /** Whether a furniture chain has a link that is not forgiven. */
  isBoiler(chain: number, forgiven: boolean[]): boolean {
    for (let k = chain; k >= 0; k = this.boilerUp[k]) if (!forgiven[k]) return true;
    return false;
  }

  /** Walk number of an element, or -1 when the walk did not enter it. */
  idOf(el: Element): number {
    for (const c of this.cands) if (c.el === el) return c.id;
    return this.els.indexOf(el);
  }
}
