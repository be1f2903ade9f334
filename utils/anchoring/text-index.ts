/**
 * The normalised rendered text of a subtree, with the mapping between offsets
 * in that text and DOM boundary points. Built by `buildTextIndex`
 * (./build-index.ts).
 *
 * Normalisation: every run of whitespace (including NBSP) becomes one space,
 * leading whitespace of the whole text is dropped, and a block boundary (p, li,
 * h1–h6, br, td…) counts as whitespace, so "end.</p><p>Next" reads "end. Next".
 * Text that a reader cannot see (script, style, template, `hidden`, display:none)
 * is not in the index (./visibility.ts).
 */
import { isWs } from '../normalise';
import { firstAtOrAfter, lastAtOrBefore } from './raw-text';
import { blockBetween } from './visibility';

/** Node.compareDocumentPosition: the other node follows. */
const FOLLOWING = 4;
/** Node.compareDocumentPosition: the other node is inside. */
const CONTAINED_BY = 16;

/**
 * Normalised text of `root` plus what maps it back to the DOM. Build it once
 * per pass with `buildTextIndex`; it goes stale when the DOM changes.
 *
 * Offsets are kept in terms of the "raw" text (`root.textContent`): each
 * indexed text node's raw start, and the few places ("cuts") where normalised
 * and raw offsets stop advancing together (a collapsed run, skipped text, a
 * space standing for a block edge). Anything finer is computed on demand for
 * the few offsets asked about.
 */
export class TextIndex {
  /** The normalised text. */
  readonly text: string;
  readonly root: Node;
  /** Every text node's data under `root`, in document order (`textContent`). */
  private readonly raw: string;
  /** Indexed text nodes (visible, non-empty), in document order. */
  private readonly indexed: Text[];
  /** Raw offset where each indexed node starts. */
  private readonly rawStarts: Int32Array;
  /** From normalised offset cutNorm[j] on, normalised offsets advance with raw ones from cutRaw[j]. */
  private readonly cutNorm: Int32Array;
  private readonly cutRaw: Int32Array;
  /** Elements left out besides UNRENDERED_TAGS (hidden ones), to skip when looking for block edges. */
  private readonly hidden: Set<Node>;
  private compat: { nodes: Text[]; starts: Int32Array; ends: Int32Array; afterSpace: Uint8Array } | null = null;
  private breakList: Int32Array | null = null;

  /** @internal Built by `buildTextIndex`. */
  constructor(
    root: Node,
    text: string,
    raw: string,
    indexed: Text[],
    rawStarts: Int32Array,
    cutNorm: Int32Array,
    cutRaw: Int32Array,
    hidden: Set<Node>,
  ) {
    this.root = root;
    this.text = text;
    this.raw = raw;
    this.indexed = indexed;
    this.rawStarts = rawStarts;
    this.cutNorm = cutNorm;
    this.cutRaw = cutRaw;
    this.hidden = hidden;
  }

  /** Text nodes that contributed at least one character, in document order (computed on first use). */
  get nodes(): Text[] {
    return this.perNode().nodes;
  }

  /** Offset in `text` where each of {@link nodes} starts contributing (computed on first use). */
  get starts(): Int32Array {
    return this.perNode().starts;
  }

  /** Offset in `text` where each of {@link nodes} stops contributing (computed on first use). */
  get ends(): Int32Array {
    return this.perNode().ends;
  }

  /** Whether the text was at a space when each of {@link nodes} began (its leading whitespace collapsed away). */
  get afterSpace(): Uint8Array {
    return this.perNode().afterSpace;
  }

  /**
   * Offsets of the spaces that stand for a block boundary or <br>, ascending.
   * Computed on first use with a DOM check per node boundary: slow on a big
   * page (anchoring asks {@link isBreak} about single offsets instead).
   */
  get breaks(): Int32Array {
    if (!this.breakList) {
      const out: number[] = [];
      for (let i = 1; i < this.indexed.length; i++) {
        // The space that the boundary falls in: before the node's first
        // character, or its own leading whitespace.
        const p = this.normOf(this.rawStarts[i]);
        const at = p > 0 && this.text.charCodeAt(p - 1) === 32 ? p - 1 : this.text.charCodeAt(p) === 32 ? p : -1;
        if (at >= 0 && out[out.length - 1] !== at && this.blockBetween(i - 1, i)) {
          out.push(at);
        }
      }
      this.breakList = Int32Array.from(out);
    }
    return this.breakList;
  }

  /** Offset in the raw text (`root.textContent`) of the character at normalised offset `offset`. */
  rawOffset(offset: number): number {
    return this.rawOf(Math.max(0, Math.min(offset, this.text.length - 1)));
  }

  /** True when the space at `offset` separates blocks (or lines split by <br>). */
  isBreak(offset: number): boolean {
    if (offset < 0 || offset >= this.text.length || this.text.charCodeAt(offset) !== 32) return false;
    // The raw stretch this space stands for, and every node boundary in it.
    // (The space may stand for the last character of its run: start from the run's first.)
    let from = this.rawOf(offset);
    while (from > 0 && isWs(this.raw.charCodeAt(from - 1))) from--;
    const to = offset + 1 < this.text.length ? this.rawOf(offset + 1) : Infinity;
    for (let i = Math.max(1, this.firstNodeFrom(from)); i < this.indexed.length && this.rawStarts[i] <= to; i++) {
      if (this.blockBetween(i - 1, i)) return true;
    }
    return false;
  }

  /**
   * A DOM Range covering normalised offsets [start, end), or null when the index
   * is empty or the span is empty. Ends are placed inside text nodes.
   */
  toRange(start: number, end: number): Range | null {
    start = Math.max(0, start);
    end = Math.min(this.text.length, end);
    if (this.indexed.length === 0 || end <= start) return null;
    const rs = this.rawOf(start);
    // After the last character: one past its raw place, unless it is a space
    // that stands for a block edge (no raw character of its own).
    let re = this.rawOf(end - 1);
    if (this.text.charCodeAt(end - 1) !== 32 || isWs(this.raw.charCodeAt(re))) re++;
    const si = this.lastNodeAtOrBefore(rs);
    const ei = this.lastNodeAtOrBefore(re - 1);
    const sn = this.indexed[si];
    const en = this.indexed[ei];
    const doc = this.root.ownerDocument ?? (this.root as Document);
    const range = doc.createRange();
    range.setStart(sn, Math.min(rs - this.rawStarts[si], sn.length));
    range.setEnd(en, Math.min(re - this.rawStarts[ei], en.length));
    return range;
  }

  /**
   * Normalised offset of a DOM boundary point. A point inside text that is not
   * indexed (hidden, collapsed whitespace) maps to the next indexed character.
   */
  offsetOf(container: Node, offset: number): number {
    if (container.nodeType === 3 || container.nodeType === 4) {
      const i = this.firstNodeAtOrAfter(container, false);
      if (i < this.indexed.length && this.indexed[i] === container) {
        const len = (container as Text).length;
        return this.normOf(this.rawStarts[i] + Math.max(0, Math.min(offset, len)));
      }
      return i < this.indexed.length ? this.normOf(this.rawStarts[i]) : this.text.length;
    }
    const child = container.childNodes[offset];
    const i = child ? this.firstNodeAtOrAfter(child, false) : this.firstNodeAtOrAfter(container, true);
    return i < this.indexed.length ? this.normOf(this.rawStarts[i]) : this.text.length;
  }

  /**
   * Index of the first indexed node at or after `node` in document order
   * (after its whole subtree when `after`), by binary search with
   * compareDocumentPosition: a few calls instead of a node-to-index table.
   */
  private firstNodeAtOrAfter(node: Node, after: boolean): number {
    let lo = 0;
    let hi = this.indexed.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const other = this.indexed[mid];
      const pos = other === node ? (after ? CONTAINED_BY | FOLLOWING : FOLLOWING) : node.compareDocumentPosition(other);
      const atOrAfter = after ? (pos & FOLLOWING) !== 0 && (pos & CONTAINED_BY) === 0 : (pos & FOLLOWING) !== 0;
      if (atOrAfter) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Index of the last indexed node starting at or before raw offset `r` (0 when none). */
  private lastNodeAtOrBefore(r: number): number {
    return lastAtOrBefore(this.rawStarts, r);
  }

  /** Index of the first indexed node starting at or after raw offset `r`. */
  private firstNodeFrom(r: number): number {
    return firstAtOrAfter(this.rawStarts, r);
  }

  /** Raw offset of the character at normalised offset `n`. */
  private rawOf(n: number): number {
    const cn = this.cutNorm;
    const lo = lastAtOrBefore(cn, n);
    return this.cutRaw[lo] + (n - cn[lo]);
  }

  /** Normalised offset of raw offset `r`: its character's, or the next indexed one's when it has none. */
  private normOf(r: number): number {
    const cr = this.cutRaw;
    if (cr.length === 0) return 0;
    let lo = 0;
    let hi = cr.length - 1;
    if (r < cr[0]) return 0;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (cr[mid] <= r) lo = mid;
      else hi = mid - 1;
    }
    const n = this.cutNorm[lo] + (r - cr[lo]);
    const limit = lo + 1 < cr.length ? this.cutNorm[lo + 1] : this.text.length;
    return n < limit ? n : limit;
  }

  /** Whether a block edge or <br> lies between indexed nodes `i` and `i + 1`... or any two in order. */
  private blockBetween(i: number, j: number): boolean {
    return blockBetween(this.indexed[i], this.indexed[j], this.root, this.hidden);
  }

  /** Per-node offsets in the normalised text, for callers that want them. */
  private perNode(): { nodes: Text[]; starts: Int32Array; ends: Int32Array; afterSpace: Uint8Array } {
    if (this.compat) return this.compat;
    const nodes: Text[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    const afterSpace: number[] = [];
    for (let i = 0; i < this.indexed.length; i++) {
      const s = this.normOf(this.rawStarts[i]);
      const e = this.normBefore(this.rawStarts[i] + this.indexed[i].length);
      if (e <= s) continue;
      nodes.push(this.indexed[i]);
      starts.push(s);
      ends.push(e);
      afterSpace.push(s === 0 || this.text.charCodeAt(s - 1) === 32 ? 1 : 0);
    }
    this.compat = {
      nodes,
      starts: Int32Array.from(starts),
      ends: Int32Array.from(ends),
      afterSpace: Uint8Array.from(afterSpace),
    };
    return this.compat;
  }

  /** Normalised length of what raw offsets before `r` produced. */
  private normBefore(r: number): number {
    const cr = this.cutRaw;
    let lo = -1;
    let hi = cr.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (cr[mid] < r) lo = mid;
      else hi = mid - 1;
    }
    if (lo < 0) return 0;
    const n = this.cutNorm[lo] + (r - cr[lo]);
    const limit = lo + 1 < cr.length ? this.cutNorm[lo + 1] : this.text.length;
    return n < limit ? n : limit;
  }
}
