/**
 * The anchoring benchmark's baselines, bundled into the page beside Gloss's
 * anchoring (on `window.Baselines`). Not part of Gloss.
 *
 * - `plainTextWalk`: one TreeWalker pass over text nodes concatenating their
 *   data into one string, with no filtering or normalisation: the least any
 *   anchoring that searches the page's text must do. The parts are joined
 *   (`Array#join`): V8 keeps a `+=` concatenation as a rope of the node
 *   strings that is only copied into one string when first searched, so a
 *   `+=` walk that nothing reads measures the node visits alone (0.1 ms on
 *   the long-paragraph page, against 0.3–0.5 ms joined).
 * - A Hypothesis-style anchoring, written for this benchmark from the algorithm
 *   Hypothesis documents (src/annotator/anchoring: a TextPositionSelector in
 *   `textContent` offsets is tried first and kept when the text there equals
 *   the quote; otherwise the quote is searched for, exactly then with
 *   approx-string-match allowing up to half its length in errors, and every
 *   match is scored on quote (weight 50), prefix (20), suffix (20) and
 *   nearness to the stored position (2); the best score wins). Its selectors
 *   are described the way Hypothesis describes them: raw `textContent` offsets,
 *   the quote as `Range.toString()`, 32 characters of context each side.
 */
import approxSearch from 'approx-string-match';

export function plainTextWalk(root: Node = document.body): string {
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, 4 /* SHOW_TEXT */);
  const parts: string[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) parts.push((n as Text).data);
  return parts.join('');
}

export interface HypoSelectors {
  exact: string;
  prefix: string;
  suffix: string;
  start: number;
  end: number;
}

interface Walk {
  text: string;
  nodes: Text[];
  starts: number[];
}

/** One walk over the text nodes: their data joined (= `textContent`) and where each starts. */
function walk(root: Node): Walk {
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, 4 /* SHOW_TEXT */);
  const nodes: Text[] = [];
  const starts: number[] = [];
  const parts: string[] = [];
  let pos = 0;
  for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
    nodes.push(n);
    starts.push(pos);
    parts.push(n.data);
    pos += n.data.length;
  }
  return { text: parts.join(''), nodes, starts };
}

function offsetOf(w: Walk, where: Map<Node, number>, node: Node, offset: number): number {
  if (node.nodeType === 3) return (where.get(node) ?? -1) + offset;
  // An element boundary: the start of the first text node at or after it.
  const child = node.childNodes[offset] ?? null;
  for (let i = 0; i < w.nodes.length; i++) {
    const n = w.nodes[i];
    const after = child
      ? child === n || child.contains(n) || (child.compareDocumentPosition(n) & 4) !== 0
      : (node.compareDocumentPosition(n) & 4) !== 0 && !node.contains(n);
    if (after) return w.starts[i];
  }
  return w.text.length;
}

/** Hypothesis-style selectors for each of `ranges`, from one walk. */
export function describeHypoAll(ranges: Range[], root: Node = document.body): HypoSelectors[] {
  const w = walk(root);
  const where = new Map<Node, number>();
  w.nodes.forEach((n, i) => where.set(n, w.starts[i]));
  return ranges.map((range) => {
    const start = offsetOf(w, where, range.startContainer, range.startOffset);
    const end = offsetOf(w, where, range.endContainer, range.endOffset);
    return {
      exact: w.text.slice(start, end),
      prefix: w.text.slice(Math.max(0, start - 32), start),
      suffix: w.text.slice(end, end + 32),
      start,
      end,
    };
  });
}

function search(text: string, str: string, maxErrors: number): Array<{ start: number; end: number; errors: number }> {
  const exact: Array<{ start: number; end: number; errors: number }> = [];
  for (let i = text.indexOf(str); i !== -1; i = text.indexOf(str, i + 1)) exact.push({ start: i, end: i + str.length, errors: 0 });
  if (exact.length > 0) return exact;
  return approxSearch(text, str, maxErrors);
}

function textMatchScore(text: string, str: string): number {
  if (str.length === 0 || text.length === 0) return 0;
  const matches = search(text, str, str.length);
  let best = str.length;
  for (const m of matches) best = Math.min(best, m.errors);
  return 1 - best / str.length;
}

/** Hypothesis's quote matching: the best-scoring place for `quote`, or null. */
function matchQuote(text: string, sel: HypoSelectors): { start: number; end: number } | null {
  const quote = sel.exact;
  if (quote.length === 0) return null;
  const maxErrors = Math.min(256, quote.length / 2);
  const matches = search(text, quote, maxErrors);
  if (matches.length === 0) return null;
  let best = null as null | { start: number; end: number; score: number };
  for (const m of matches) {
    const quoteScore = 1 - m.errors / quote.length;
    const prefixScore = sel.prefix ? textMatchScore(text.slice(Math.max(0, m.start - sel.prefix.length), m.start), sel.prefix) : 1;
    const suffixScore = sel.suffix ? textMatchScore(text.slice(m.end, m.end + sel.suffix.length), sel.suffix) : 1;
    const posScore = 1 - Math.abs(m.start - sel.start) / text.length;
    const score = (50 * quoteScore + 20 * prefixScore + 20 * suffixScore + 2 * posScore) / 92;
    if (!best || score > best.score) best = { start: m.start, end: m.end, score };
  }
  return best;
}

function toRange(w: Walk, doc: Document, start: number, end: number): Range | null {
  if (w.nodes.length === 0) return null;
  const at = (r: number, isEnd: boolean) => {
    let lo = 0;
    let hi = w.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (w.starts[mid] < r || (!isEnd && w.starts[mid] === r)) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const si = at(start, false);
  const ei = at(end, true);
  const range = doc.createRange();
  range.setStart(w.nodes[si], Math.min(start - w.starts[si], w.nodes[si].length));
  range.setEnd(w.nodes[ei], Math.min(end - w.starts[ei], w.nodes[ei].length));
  return range;
}

/**
 * Ranges for many Hypothesis-style selectors (null when not found), from one
 * read of the text (kinder to it than Hypothesis, which reads it per annotation).
 */
export function hypoAnchorAll(list: HypoSelectors[], root: Node = document.body): (Range | null)[] {
  const w = walk(root);
  const doc = root.ownerDocument ?? (root as Document);
  return list.map((sel) => {
    if (w.text.slice(sel.start, sel.end) === sel.exact) return toRange(w, doc, sel.start, sel.end);
    const m = matchQuote(w.text, sel);
    return m ? toRange(w, doc, m.start, m.end) : null;
  });
}
