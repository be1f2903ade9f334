/**
 * Finding a stored quote in a page's normalised text: by position, by exact
 * quote, then approximately. Works on plain strings and offsets only.
 *
 * The rule throughout: a wrong place is worse than no place. Every candidate
 * needs support beyond its own text (context, position, length), and ties that
 * nothing breaks give an orphan.
 */
import approxSearch from 'approx-string-match';
import { isWs } from '../normalise';
import { seedWindows, wordPositions, type WordPositions } from './seeds';

export type AnchorMethod = 'position' | 'quote' | 'fuzzy';

export interface Match {
  start: number;
  end: number;
  method: AnchorMethod;
  /** 0–1, how well quote and context agree with the page at this place. */
  score: number;
  /** False when only nearness to the expected place chose among identical candidates. */
  confident: boolean;
  /** 0–1 agreement of the stored prefix/suffix with the text around the match. */
  context: number;
}

export interface Target {
  /** The quote, normalised as the index text is. */
  exact: string;
  /** Context; whitespace runs in it are collapsed here when needed. */
  prefix: string;
  suffix: string;
  /** Stored start offset. */
  start: number;
}

export interface MatchHints {
  /** Extra guesses for where the quote starts now (e.g. stored start + the shift seen on earlier highlights). */
  expected?: number[];
  /** Offsets of the highlight's section in the current text, when known. */
  section?: { start: number; end: number } | null;
  /** Whether the space at an offset separates blocks (see TextIndex.isBreak). */
  isBreak?: (offset: number) => boolean;
  /** The text's words and their offsets (made once per text by the caller, on first use). */
  words?: () => WordPositions;
  /** Whether `words` is already made (then it also narrows the search near the expected places). */
  wordsBuilt?: () => boolean;
  /** Verbatim occurrences of a quote in the text, ascending (see `occurrenceFinder`); `indexOf` when absent. */
  occurrences?: (quote: string) => number[];
}

/** Distance (chars) within which a candidate counts as "where it was". */
const NEAR = 100;
/** How far from the expected place a quote with all its context verbatim is looked for first. */
const NEAR_WINDOW = 4096;
/**
 * Context similarity that counts as support. Unrelated text already scores
 * ~0.45 by edit distance, so support has to be well above that.
 */
const SUPPORT = 0.62;
/** A whole block moved to new neighbours is trusted from this length on. */
const WHOLE_BLOCK_MIN = 20;
/** Beyond this many verbatim occurrences only the most promising are scored in full. */
const MAX_SCORED = 60;

/**
 * Edit-distance similarity (0–1) between `stored` and the start of `actual`,
 * where `actual` may run on (its tail is free). Both are read from the side
 * next to the quote: callers reverse prefixes.
 */
export function affixSimilarity(stored: string, actual: string): number {
  const n = stored.length;
  if (n === 0) return 1;
  const m = actual.length;
  if (m === 0) return 0;
  let prev = new Int32Array(m + 1);
  let cur = new Int32Array(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    const c = stored.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const sub = prev[j - 1] + (actual.charCodeAt(j - 1) === c ? 0 : 1);
      const del = prev[j] + 1;
      const ins = cur[j - 1] + 1;
      cur[j] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
    }
    const t = prev;
    prev = cur;
    cur = t;
  }
  let best = n;
  for (let j = 0; j <= m; j++) if (prev[j] < best) best = prev[j];
  return Math.max(0, 1 - best / n);
}

/**
 * Similarity of one side of the context, read outward from the quote. Long
 * context is only stored for passages that recur, to tell copies apart, so its
 * far part must agree too: the result is the worse of the near 32 chars and the
 * rest, the rest judged against what unrelated text scores (~0.45).
 */
function sideSimilarity(stored: string, actual: string): number {
  // The common case (context unchanged) needs no edit distance.
  if (actual.startsWith(stored)) return 1;
  const inner = affixSimilarity(stored.slice(0, 32), actual.slice(0, 40));
  if (stored.length <= 32) return inner;
  const full = affixSimilarity(stored, actual);
  const innerErrors = (1 - inner) * 32;
  const outerLen = stored.length - 32;
  const outer = 1 - Math.max(0, (1 - full) * stored.length - innerErrors) / outerLen;
  const outerCorrected = Math.max(0, (outer - 0.45) / 0.55);
  return Math.min(inner, outerCorrected);
}

function reverse(s: string): string {
  let r = '';
  for (let i = s.length - 1; i >= 0; i--) r += s[i];
  return r;
}

/**
 * Context agreement (0–1) of the stored prefix/suffix with the text around
 * [start, end). With `isBreak`, what lies beyond a block edge is not held
 * against a candidate: whole paragraphs get new neighbours when blocks move or
 * are copied, and that says nothing about the quote. A side that differs is
 * judged on its part up to the first block edge in the page when that part is
 * at least 8 characters, and left out when it is shorter. A side longer than
 * usual (see {@link PLAIN_CONTEXT}) is only left out when the edge is right at
 * the quote.
 * Returns -1 when both sides are left out (no evidence either way). With
 * `eitherSide`, one side agreeing at 0.9 or more is taken as the score.
 */
export function contextScore(
  text: string,
  start: number,
  end: number,
  prefix: string,
  suffix: string,
  isBreak?: (offset: number) => boolean,
  eitherSide = false,
): number {
  let pl = prefix.length;
  let sl = suffix.length;
  if (pl + sl === 0) return 1;
  const slack = 8;
  let pSim = pl ? sideSimilarity(reverse(prefix), reverse(text.slice(Math.max(0, start - pl - slack), start))) : 1;
  let sSim = sl ? sideSimilarity(suffix, text.slice(end, end + sl + slack)) : 1;
  if (eitherSide && pl > 0 && sl > 0 && Math.max(pSim, sSim) >= 0.9) return Math.max(pSim, sSim);
  if (isBreak) {
    if (pl && pSim < FULL) {
      const cut = breakBefore(text, start, pl, isBreak);
      if (pl > PLAIN_CONTEXT ? cut === 0 : cut >= 0 && cut < MIN_SIDE) {
        if (pSim < SUPPORT) pl = 0;
      } else if (cut >= MIN_SIDE && pl <= PLAIN_CONTEXT) {
        const inBlock = affixSimilarity(reverse(prefix).slice(0, cut), reverse(text.slice(Math.max(0, start - cut - slack), start)));
        pSim = Math.max(pSim, inBlock);
      }
    }
    if (sl && sSim < FULL) {
      const cut = breakAfter(text, end, sl, isBreak);
      if (sl > PLAIN_CONTEXT ? cut === 0 : cut >= 0 && cut < MIN_SIDE) {
        if (sSim < SUPPORT) sl = 0;
      } else if (cut >= MIN_SIDE && sl <= PLAIN_CONTEXT) {
        sSim = Math.max(sSim, affixSimilarity(suffix.slice(0, cut), text.slice(end, end + cut + slack)));
      }
    }
    if (pl + sl === 0) return -1;
  }
  return (pl * pSim + sl * sSim) / (pl + sl);
}

/** Similarity at which a side needs no closer look. */
const FULL = 0.999;
/** Shortest part of a side before a block edge that counts as evidence. */
const MIN_SIDE = 8;
/**
 * Longest side judged on its part before a block edge. `describe` stores
 * longer context only for a quote that recurred in the page: a copy of it
 * existed then, and must agree on all of it to be taken once the original is
 * gone.
 */
const PLAIN_CONTEXT = 32;

/**
 * Characters between `end` and the first block edge after it within `n`
 * characters (0 when the quote ends at one), or -1 when there is none. The
 * end of the text counts as an edge.
 */
function breakAfter(text: string, end: number, n: number, isBreak: (offset: number) => boolean): number {
  const limit = Math.min(text.length, end + n);
  for (let p = end; p < limit; p++) if (text.charCodeAt(p) === 32 && isBreak(p)) return p - end;
  return end + n >= text.length ? text.length - end : -1;
}

/** Like {@link breakAfter}, before `start`: characters back to the nearest block edge. */
function breakBefore(text: string, start: number, n: number, isBreak: (offset: number) => boolean): number {
  const limit = Math.max(0, start - n);
  for (let p = start - 1; p >= limit; p--) if (text.charCodeAt(p) === 32 && isBreak(p)) return start - 1 - p;
  return start - n <= 0 ? start : -1;
}

/** Agreement at which one side of the context counts as matching (edit-distance similarity). */
const SIDE_AGREES = 0.9;

/**
 * Whether the context around [start, end) agrees with the stored prefix and
 * suffix the way an original or a whole-block copy of the passage does: each
 * side matches in full or up to the first block edge in the page, and at
 * least one side (with 8 characters or more, or all there is) matches in full.
 */
export function contextConsistent(
  text: string,
  start: number,
  end: number,
  prefix: string,
  suffix: string,
  isBreak: (offset: number) => boolean,
): boolean {
  const pl = prefix.length;
  const sl = suffix.length;
  const pFull = pl === 0 || (start >= pl && text.startsWith(prefix, start - pl)) ||
    affixSimilarity(reverse(prefix), reverse(text.slice(Math.max(0, start - pl - 8), start))) >= SIDE_AGREES;
  const sFull = sl === 0 || text.startsWith(suffix, end) || affixSimilarity(suffix, text.slice(end, end + sl + 8)) >= SIDE_AGREES;
  if (!pFull && !sFull) return false;
  if (!(pFull && (pl >= MIN_SIDE || start === pl)) && !(sFull && (sl >= MIN_SIDE || end + sl === text.length))) return false;
  if (!pFull) {
    const cut = breakBefore(text, start, pl, isBreak);
    if (cut < 0) return false;
    const part = prefix.slice(pl - cut);
    if (!text.startsWith(part, start - cut) && affixSimilarity(reverse(part), reverse(text.slice(Math.max(0, start - cut - 8), start))) < SIDE_AGREES) {
      return false;
    }
  }
  if (!sFull) {
    const cut = breakAfter(text, end, sl, isBreak);
    if (cut < 0) return false;
    const part = suffix.slice(0, cut);
    if (!text.startsWith(part, end) && affixSimilarity(part, text.slice(end, end + cut + 8)) < SIDE_AGREES) return false;
  }
  return true;
}

/** Cheap context agreement: chars that match verbatim right next to the quote. */
function adjacentAgreement(text: string, start: number, end: number, prefix: string, suffix: string): number {
  let a = 0;
  while (a < prefix.length && start - 1 - a >= 0 && text.charCodeAt(start - 1 - a) === prefix.charCodeAt(prefix.length - 1 - a)) a++;
  let b = 0;
  while (b < suffix.length && end + b < text.length && text.charCodeAt(end + b) === suffix.charCodeAt(b)) b++;
  return a + b;
}

/**
 * Cheap check before any edit distance: one side of the stored context (or
 * its 32 nearest chars) sits verbatim next to the quote.
 */
function verbatimContext(text: string, start: number, end: number, prefix: string, suffix: string): boolean {
  const p = Math.min(prefix.length, 32);
  const s = Math.min(suffix.length, 32);
  if (p >= 8 && text.startsWith(prefix.slice(prefix.length - p), start - p)) return true;
  return s >= 8 && text.startsWith(suffix.slice(0, s), end);
}

function distanceTo(pos: number, expected: number[]): number {
  let d = Infinity;
  for (const e of expected) d = Math.min(d, Math.abs(pos - e));
  return d;
}

/**
 * Where the `stored` quote is in `text` now, or null when no place is
 * supported well enough (an orphan). Tries the expected positions, then
 * verbatim occurrences, then approximate matches.
 */
export function findQuote(text: string, stored: Target, hints: MatchHints = {}): Match | null {
  const exact = stored.exact;
  const len = exact.length;
  if (len === 0) return null;
  const expected = hints.expected?.length ? [stored.start, ...hints.expected] : [stored.start];

  // 1. Position: the quote is still where it was (or where earlier shifts say).
  // Only the stored offset is trusted without context, and only for quotes too
  // long to sit there by chance. This is the common case: the stored context
  // is only read (and cleaned) past it.
  const e0 = stored.start;
  if (len >= 16 && e0 >= 0 && text.startsWith(exact, e0)) {
    return { start: e0, end: e0 + len, method: 'position', score: 1, confident: true, context: 1 };
  }
  const target: Target = { exact, prefix: collapseWhitespace(stored.prefix), suffix: collapseWhitespace(stored.suffix), start: e0 };
  const { prefix, suffix } = target;
  for (let k = 0; k < expected.length; k++) {
    const e = expected[k];
    if (e >= 0 && e + len <= text.length && text.startsWith(exact, e)) {
      // One side agreeing fully is enough here: a copy inserted right after a
      // passage takes over its suffix, and the original is the one in place.
      if (
        verbatimContext(text, e, e + len, prefix, suffix) ||
        contextScore(text, e, e + len, prefix, suffix, undefined, true) >= SUPPORT
      ) {
        return { start: e, end: e + len, method: 'position', score: 1, confident: true, context: 1 };
      }
    }
  }

  // 1b. Near where the shifts say (text inserted or removed above): the quote
  // with all of its stored context verbatim, alone in a window around the
  // expected place. Found there, it needs no search of the whole page; with
  // anything less, the whole page is searched below.
  const near = expected[expected.length - 1];
  if (prefix.length + suffix.length >= 16) {
    const from = Math.max(0, near - NEAR_WINDOW);
    const windowText = text.slice(from, near + len + NEAR_WINDOW);
    const i = windowText.indexOf(exact);
    const at = from + i;
    // A copy nearby (a duplicated paragraph) rebuilds context: leave that to the full comparison.
    if (
      i !== -1 &&
      windowText.indexOf(exact, i + 1) === -1 &&
      at >= prefix.length &&
      text.startsWith(prefix, at - prefix.length) &&
      text.startsWith(suffix, at + len)
    ) {
      return { start: at, end: at + len, method: 'quote', score: 1, confident: true, context: 1 };
    }
  }

  // 2. Verbatim occurrences.
  let occ: number[];
  if (hints.occurrences) occ = hints.occurrences(exact);
  else {
    occ = [];
    for (let i = text.indexOf(exact); i !== -1; i = text.indexOf(exact, i + 1)) occ.push(i);
  }
  const section = hints.section ?? null;
  if (occ.length > 0) {
    const m = pickExact(text, target, occ, expected, section, hints.isBreak);
    if (m && distanceTo(m.start, expected) <= NEAR) return m;
    // A verbatim copy far away competes with an edited version where the quote
    // was: the one whose context agrees better wins, the nearer one on a tie.
    // (Only near where it was: the quote is on the page verbatim, so an
    // approximate copy elsewhere says nothing more.)
    const local = findFuzzy(text, target, expected, section, true, hints.words, hints.wordsBuilt);
    if (!m) return local;
    if (local && local.context >= m.context && distanceTo(local.start, expected) <= NEAR) return local;
    return m;
  }

  // 3. Approximate.
  return findFuzzy(text, target, expected, section, false, hints.words, hints.wordsBuilt);
}

function inSection(pos: number, section: { start: number; end: number } | null): boolean {
  return !!section && pos >= section.start && pos < section.end;
}

function pickExact(
  text: string,
  target: Target,
  occ: number[],
  expected: number[],
  section: { start: number; end: number } | null,
  isBreak?: (offset: number) => boolean,
): Match | null {
  const { exact, prefix, suffix } = target;
  const len = exact.length;
  let pool = occ;
  if (occ.length > MAX_SCORED) {
    // Keep the occurrences with the most verbatim context, plus the nearest ones.
    const byAdj = [...occ].sort(
      (a, b) => adjacentAgreement(text, b, b + len, prefix, suffix) - adjacentAgreement(text, a, a + len, prefix, suffix),
    );
    const byDist = [...occ].sort((a, b) => distanceTo(a, expected) - distanceTo(b, expected));
    pool = [...new Set([...byAdj.slice(0, MAX_SCORED - 10), ...byDist.slice(0, 10)])];
  }
  // A whole block with new neighbours on both sides has no context evidence:
  // it stands on its text when that is long enough not to recur by chance.
  const cands = pool.map((start) => {
    let ctx = contextScore(text, start, start + len, prefix, suffix, isBreak);
    if (ctx < 0) ctx = len >= WHOLE_BLOCK_MIN ? SUPPORT : 0;
    return { start, ctx, dist: distanceTo(start, expected) };
  });
  cands.sort((a, b) => b.ctx - a.ctx || a.dist - b.dist);
  // Even a unique verbatim match needs its context or its place to agree: the
  // passage may have been removed while a copy of it lives elsewhere.
  const supported = (c: { ctx: number; dist: number; start: number }) => c.ctx >= SUPPORT || c.dist <= NEAR;
  const best = cands[0];
  const result = (c: { start: number; ctx: number }, confident: boolean): Match => ({
    start: c.start,
    end: c.start + len,
    method: 'quote',
    score: c.ctx,
    confident,
    context: c.ctx,
  });
  if (cands.length === 1) return supported(best) ? result(best, true) : null;

  // Several places hold the quote: context must single one out, or else its
  // position must (near where it was, or alone in its section).
  const second = cands[1];
  // A supported candidate where the quote is expected beats a better-context
  // one far away: copies placed side by side rebuild each other's context,
  // while the original stays in its place.
  if (best.dist > NEAR) {
    const inPlace = cands.filter((c) => c.dist <= NEAR && c.ctx >= SUPPORT);
    if (inPlace.length === 1) return result(inPlace[0], false);
  }
  // Copies of a whole block agree with the stored context the same way (a
  // paragraph doubled in place: the original keeps the text before it, the
  // copy the text after it; each agrees with the rest up to its block's edge).
  // How much of each side lies past the edge depends only on where the quote
  // sits in its block, so their scores say nothing: when the best-scored
  // candidate is such a copy, the nearest such copy to where the passage was
  // (or where the shift of the passages before it says) wins, when the next is
  // clearly further. A place that agrees only inside its block, with neither
  // side agreeing in full (a passage quoted elsewhere, its original gone), is
  // never chosen this way.
  // The same holds for the one such place among others that agree with
  // neither side (text inserted beyond the edge of the quote's block leaves it
  // the only one, with a low score) when it lies near where it is expected.
  if (isBreak && contextConsistent(text, best.start, best.start + len, prefix, suffix, isBreak)) {
    const consistent = cands.filter((c) => c === best || (c.ctx > 0 && contextConsistent(text, c.start, c.start + len, prefix, suffix, isBreak)));
    consistent.sort((a, b) => a.dist - b.dist);
    const [first, next] = consistent;
    if (next ? next.dist - first.dist >= Math.max(len, 16) : first.dist <= NEAR_WINDOW) return result(first, true);
  }
  if (best.ctx - second.ctx >= 0.15 && supported(best)) return result(best, true);
  const tied = cands.filter((c) => best.ctx - c.ctx < 0.15);
  tied.sort((a, b) => a.dist - b.dist);
  const nearest = tied[0];
  if (nearest.dist <= NEAR && tied[1].dist > NEAR && supported(nearest)) return result(nearest, false);
  // Copies that context cannot tell apart (a paragraph doubled, a block
  // repeated below): the one where the shift of the passages placed before
  // it says, when every other copy lies at least a quote's length further.
  // A copy ahead of the original would look the same, but copies are made
  // after what they copy far more often than before it.
  // Not for a quote that recurred when it was described (its context is
  // longer then): its copies were there before, in no particular order.
  if (prefix.length <= PLAIN_CONTEXT && suffix.length <= PLAIN_CONTEXT) {
    const running = expected[expected.length - 1];
    const byRun = tied.map((c) => ({ c, d: Math.abs(c.start - running) })).sort((a, b) => a.d - b.d);
    if (byRun[0].c.ctx >= SUPPORT && byRun[1].d - byRun[0].d >= Math.max(len, 16)) return result(byRun[0].c, true);
  }
  if (section) {
    const inside = tied.filter((c) => inSection(c.start, section));
    if (inside.length === 1 && supported(inside[0])) return result(inside[0], false);
  }
  return null;
}

function findFuzzy(
  text: string,
  target: Target,
  expected: number[],
  section: { start: number; end: number } | null,
  localOnly: boolean,
  words: () => WordPositions = () => wordPositions(text),
  wordsBuilt: () => boolean = () => false,
): Match | null {
  const { exact, prefix, suffix } = target;
  const len = exact.length;
  // Short quotes have little room for error before they match anything.
  const short = len < 30;
  const minQuote = short ? 0.85 : 0.75;
  const minContext = short ? 0.72 : SUPPORT;
  const maxErrors = Math.floor(len * (1 - minQuote));
  if (maxErrors < 1) return null;

  // Groups of windows, searched in turn; the first group with a good enough
  // match answers. Near the expected places first; then the section; then
  // anywhere the quote's words say it can be (see ./seeds.ts).
  const groups: Array<Array<[number, number]>> = [];
  const pad = 2 * len + 400;
  // With the page's word list at hand, only the parts of those windows where
  // the quote's rarest words stand can hold an acceptable match (./seeds.ts).
  const seeds = wordsBuilt() ? seedWindows(words(), text.length, exact, maxErrors) : null;
  for (const e of expected) {
    const a = Math.max(0, e - pad);
    const b = Math.min(text.length, e + len + pad);
    groups.push(seeds ? clip(seeds, a, b) : [[a, b]]);
  }
  if (!localOnly) {
    if (section) groups.push([[section.start, section.end]]);
    // Far from where it was, a match needs at least 0.85 of the quote.
    const farErrors = Math.floor(len * (1 - Math.max(minQuote, 0.85)));
    if (farErrors >= 1) groups.push(seedWindows(words(), text.length, exact, farErrors) ?? [[0, text.length]]);
  }

  const seen = new Set<string>();
  for (const group of groups) {
    const cands: Array<{ start: number; end: number; q: number; ctx: number; words: number; total: number }> = [];
    for (const [a, b] of group) {
      const key = `${a}:${b}`;
      if (seen.has(key) || b - a < len - maxErrors) continue;
      seen.add(key);
      for (const m of approxSearch(text.slice(a, b), exact, maxErrors).slice(0, 50)) {
        const start = a + m.start;
        const end = a + m.end;
        const q = 1 - m.errors / len;
        const ctx = contextScore(text, start, end, prefix, suffix);
        cands.push({ start, end, q, ctx, words: wordSimilarity(exact, text.slice(start, end)), total: 0.5 * q + 0.5 * ctx });
      }
    }
    if (cands.length === 0) continue;
    cands.sort((x, y) => y.total - x.total);
    const best = cands[0];
    // Far from where the quote was, an approximate match needs more evidence:
    // boilerplate ("Weather Watchers offer…", "World Watchers offer…") is alike.
    const far = distanceTo(best.start, expected) > pad;
    const needQ = far ? Math.max(minQuote, 0.85) : minQuote;
    const needCtx = far ? Math.max(minContext, 0.8) : minContext;
    if (best.q < needQ || best.ctx < needCtx) continue;
    // Few long words changed can still look close char by char; a template
    // sentence with other nouns ("Weather Watchers…" vs "World Watchers…")
    // differs in too many words.
    if (best.words < 0.7) continue;
    // Another distinct place nearly as good: ambiguous, no answer.
    const rival = cands.find((c) => c.end <= best.start || c.start >= best.end);
    if (rival && best.total - rival.total < 0.1) return null;
    const [start, end] = refineEdges(text, best.start, best.end, target, maxErrors);
    return { start, end, method: 'fuzzy', score: best.total, confident: true, context: best.ctx };
  }
  return null;
}

/** The parts of ascending, disjoint `windows` inside [a, b). */
function clip(windows: Array<[number, number]>, a: number, b: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [s, e] of windows) {
    if (e <= a) continue;
    if (s >= b) break;
    out.push([Math.max(s, a), Math.min(e, b)]);
  }
  return out;
}

/**
 * Share of the quote's words found in order in the candidate (LCS over words).
 * Text without spaces (CJK) has no words to count and scores 1.
 */
export function wordSimilarity(quote: string, candidate: string): number {
  const a = quote.split(' ');
  const b = candidate.trim().split(' ');
  if (a.length < 4) return 1;
  let prev = new Int32Array(b.length + 1);
  let cur = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
    }
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[b.length] / Math.max(a.length, b.length);
}

/**
 * Approximate matching puts the edges where errors are fewest, which can cut an
 * edited first or last word in half. Where the stored context is found verbatim
 * right next to the match, the edges go where the context says.
 */
function refineEdges(text: string, start: number, end: number, target: Target, slack: number): [number, number] {
  const len = target.exact.length;
  const head = target.prefix.slice(-12);
  const tail = target.suffix.slice(0, 12);
  let s = start;
  let e = end;
  if (head.length >= 6) {
    const from = Math.max(0, start - slack - head.length);
    const window = text.slice(from, start + slack);
    let best = -1;
    for (let i = window.indexOf(head); i !== -1; i = window.indexOf(head, i + 1)) {
      const at = from + i + head.length;
      if (best === -1 || Math.abs(at - start) < Math.abs(best - start)) best = at;
    }
    if (best !== -1) s = best;
  }
  if (tail.length >= 6) {
    const from = Math.max(0, end - slack);
    const window = text.slice(from, end + slack + tail.length);
    let best = -1;
    for (let i = window.indexOf(tail); i !== -1; i = window.indexOf(tail, i + 1)) {
      const at = from + i;
      if (best === -1 || Math.abs(at - end) < Math.abs(best - end)) best = at;
    }
    if (best !== -1) e = best;
  }
  // Keep the refinement only if it still looks like the quote's size.
  if (e - s < len * 0.7 || e - s > len * 1.3 + 4) return [start, end];
  return [s, e];
}

/**
 * True when `s` holds no whitespace that the index would rewrite: no run of
 * two, nothing but plain spaces, and (with `trimmed`) none at either end.
 * A loop over the characters is several times cheaper than a regex test here.
 */
export function isCollapsed(s: string, trimmed: boolean): boolean {
  const n = s.length;
  let prevSpace = trimmed;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 32 && c < 160) {
      prevSpace = false;
      continue;
    }
    if (c === 32) {
      if (prevSpace) return false;
      prevSpace = true;
    } else if (c < 32 || isWs(c)) return false;
    else prevSpace = false;
  }
  return !(trimmed && prevSpace && n > 0);
}

/** Whitespace runs of `s` as single spaces (ends kept): stored context from older or other tools. */
function collapseWhitespace(s: string): string {
  return isCollapsed(s, false) ? s : s.replace(/\s+/g, ' ');
}

