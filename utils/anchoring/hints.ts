/**
 * The fast path of anchoring, for passages that are still where they were.
 *
 * A selector may carry `rawStart`: where its quote began in the root's
 * `textContent` when it was described. Building the normalised text index
 * costs several passes over the page; checking a quote against the raw text at
 * that offset costs a few dozen character comparisons. A passage is placed
 * here only on the evidence the index's own checks would ask for (the quote
 * where it was, or moved with its context; whitespace runs matching one
 * space; see {@link Evidence}), with nothing hidden or skipped at its ends and
 * every space that the raw text lacks a real block edge. Everything else is
 * left to the index (see `anchorAllDetailed`).
 */
import { isWs } from '../normalise';
import { lastAtOrBefore, type RawText } from './raw-text';
import type { Selectors } from './types';
import { blockBetween, indexable } from './visibility';

/** How far from where the last passage's shift says a quote is looked for in the raw text. */
const SHIFT_WINDOW = 4096;
/** Beyond this many occurrences of a quote's first word in the window, the index decides. */
const MAX_CANDIDATES = 200;

/** A passage found by its hint: offsets in the raw text. */
export interface RawSpan {
  start: number;
  end: number;
  /**
   * Raw offsets where the stored text has a space and the raw text none:
   * each must be a block edge between two text nodes (as in "end.</p><p>Next").
   */
  edges: number[];
}

/**
 * Where each selector's passage is in `raw`, found from its `rawStart` hint;
 * null as soon as one has no hint, or neither the text there nor near where
 * earlier passages moved holds its quote with enough of its context (see
 * {@link Evidence}): then the index is needed anyway. Placements are not yet
 * checked for visibility or block edges (see {@link rangesForSpans}).
 */
export function findByHints(list: Selectors[], raw: RawText): RawSpan[] | null {
  if (!list.every((s) => typeof s.rawStart === 'number')) return null;
  const out: RawSpan[] = new Array(list.length);
  const order = list.map((_, i) => i).sort((a, b) => list[a].rawStart! - list[b].rawStart!);
  // Text inserted or removed above a passage moves everything below it alike.
  let shift = 0;
  for (const i of order) {
    const sel = list[i];
    const hint = sel.rawStart!;
    const edges: number[] = [];
    let end = -1;
    let at = hint + shift;
    // Where the last passage's shift says, or where it was, as the index's
    // position check would take it; else near, unique with all its context.
    if (shift !== 0) end = verifyAt(raw, at, sel, edges, 'place');
    if (end < 0) end = verifyAt(raw, (at = hint), sel, (edges.length = 0, edges), 'place');
    let span: RawSpan | null = end < 0 ? null : { start: at, end, edges };
    if (!span) span = searchNear(raw, hint + shift, sel);
    if (!span) return null;
    out[i] = span;
    shift = span.start - hint;
  }
  return out;
}

/**
 * Ranges for spans of the raw text of `root` (`raw`, as read by
 * `readRawText`); null as soon as one would start or end in text the index
 * leaves out (skipped or hidden elements) or takes a space for a block edge
 * that is not there. Reads no text: the nodes and offsets come with `raw`.
 */
export function rangesForSpans(spans: RawSpan[], raw: RawText, root: Node, useVisibility: boolean): Range[] | null {
  const out: Range[] = new Array(spans.length);
  if (spans.length === 0) return out;
  const doc = root.ownerDocument ?? (root as Document);
  const { nodes, starts } = raw;
  const total = raw.length;
  const at = (r: number): number => lastAtOrBefore(starts, r);
  // A block edge with no whitespace of its own lies where one text node ends and the next begins.
  const noSkips = new Set<Node>();
  const edgeAt = (r: number): boolean => {
    const k = at(r);
    return k > 0 && starts[k] === r && blockBetween(nodes[k - 1], nodes[k], root, noSkips);
  };
  const shown = new Map<Element, boolean>();
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i];
    if (span.end > total || nodes.length === 0) return null;
    const si = at(span.start);
    const ei = at(span.end - 1);
    const sn = nodes[si];
    const en = nodes[ei];
    if (!indexable(sn, root, useVisibility, shown) || (en !== sn && !indexable(en, root, useVisibility, shown))) return null;
    if (!span.edges.every((e) => edgeAt(e))) return null;
    const range = doc.createRange();
    range.setStart(sn, span.start - starts[si]);
    range.setEnd(en, span.end - starts[ei]);
    out[i] = range;
  }
  return out;
}

/**
 * How much of a passage's stored context must stand next to its quote:
 * - `place`: at the very offset it was described at. As in the index's own
 *   position check, a quote of 16 or more characters needs nothing more; a
 *   shorter one needs the nearest characters of one side.
 * - `side`: the nearest characters (up to 32, at least 8) of one side verbatim.
 * - `all`: the whole prefix and suffix.
 */
type Evidence = 'place' | 'side' | 'all';

/** A quote this long found at its stored offset is trusted without context (as in `findQuote`). */
const TRUSTED_LENGTH = 16;
/** Context characters next to the quote that count as one side agreeing. */
const NEAR_CONTEXT = 32;
const MIN_NEAR_CONTEXT = 8;

/**
 * End of the passage in `raw` when the quote starts at `at` with the context
 * that `need` asks for (whitespace runs matching each other), else -1. Where
 * the stored text has a space and the raw text none, the raw offset goes to
 * `edges`: it must turn out to be a block edge.
 */
function verifyAt(raw: RawText, at: number, sel: Selectors, edges: number[], need: Evidence): number {
  if (at < 0 || at >= raw.length) return -1;
  const { exact, prefix, suffix } = sel.quote;
  if (exact.length === 0) return -1;
  const end = forward(raw, at, exact, edges);
  if (end < 0) return -1;
  if (need === 'place' && exact.length >= TRUSTED_LENGTH) return end;
  if (need === 'all') return forward(raw, end, suffix, edges) >= 0 && backward(raw, at, prefix, edges) >= 0 ? end : -1;
  const mark = edges.length;
  const p = Math.min(prefix.length, NEAR_CONTEXT);
  if (p >= MIN_NEAR_CONTEXT && backward(raw, at, prefix.slice(prefix.length - p), edges) >= 0) return end;
  edges.length = mark;
  const q = Math.min(suffix.length, NEAR_CONTEXT);
  if (q >= MIN_NEAR_CONTEXT && forward(raw, end, suffix.slice(0, q), edges) >= 0) return end;
  edges.length = mark;
  return -1;
}

/**
 * Where `s` read from raw offset `r` ends in `raw`, or -1 when it differs.
 * A whitespace run in `s` matches a whitespace run in `raw`, or no whitespace
 * at all at what must be a block edge (noted in `edges`); everything else must
 * be equal. The quote's own ends never hold whitespace. `s` may end where
 * `raw` goes on.
 */
function forward(raw: RawText, r: number, s: string, edges: number[]): number {
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (isWs(c)) {
      if (!isWs(raw.charCodeAt(r))) edges.push(r);
      while (i < n && isWs(s.charCodeAt(i))) i++;
      while (r < raw.length && isWs(raw.charCodeAt(r))) r++;
    } else {
      if (raw.charCodeAt(r) !== c) return -1;
      i++;
      r++;
    }
  }
  return r;
}

/** Like {@link forward}, reading `s` backwards from its end and `raw` backwards from before `r`. */
function backward(raw: RawText, r: number, s: string, edges: number[]): number {
  let i = s.length - 1;
  r--;
  while (i >= 0) {
    const c = s.charCodeAt(i);
    if (isWs(c)) {
      if (!isWs(raw.charCodeAt(r))) edges.push(r + 1);
      while (i >= 0 && isWs(s.charCodeAt(i))) i--;
      while (r >= 0 && isWs(raw.charCodeAt(r))) r--;
    } else {
      if (raw.charCodeAt(r) !== c) return -1;
      i--;
      r--;
    }
  }
  return r + 1;
}

/**
 * The one place within {@link SHIFT_WINDOW} of `expected` where the quote
 * stands with its whole context, or null (none, or more than one: then the
 * index decides). Candidates are the occurrences of the quote's first word.
 */
function searchNear(raw: RawText, expected: number, sel: Selectors): RawSpan | null {
  const exact = sel.quote.exact;
  let w = 0;
  while (w < exact.length && !isWs(exact.charCodeAt(w))) w++;
  if (w === 0) return null;
  const first = exact.slice(0, w);
  const from = Math.max(0, expected - SHIFT_WINDOW);
  const window = raw.slice(from, expected + SHIFT_WINDOW + first.length);
  let found: RawSpan | null = null;
  let tried = 0;
  for (let i = window.indexOf(first); i !== -1; i = window.indexOf(first, i + 1)) {
    if (++tried > MAX_CANDIDATES) return null;
    const edges: number[] = [];
    const at = from + i;
    const end = verifyAt(raw, at, sel, edges, 'all');
    if (end < 0) continue;
    if (found) return null;
    found = { start: at, end, edges };
  }
  return found;
}
