/**
 * Anchoring: a DOM Range to JSON selectors and back, robust to page changes.
 * All offsets are in the normalised text of {@link buildTextIndex}.
 */
import type { Selectors } from './types';
import { normaliseIndexText } from '../normalise';
import { buildTextIndex } from './build-index';
import { findQuote, isCollapsed, type AnchorMethod } from './match';
import { findByHints, rangesForSpans } from './hints';
import { readRawText, type RawText } from './raw-text';
import { occurrenceFinder, wordPositions, type WordPositions } from './seeds';
import type { TextIndex } from './text-index';
import { usesVisibility, type TextIndexOptions } from './visibility';

export type { Selectors, TextQuoteSelector, TextPositionSelector } from './types';
export { buildTextIndex } from './build-index';
export { TextIndex } from './text-index';
export type { AnchorMethod } from './match';
export type { TextIndexOptions } from './visibility';

/** Characters of context stored on each side of a quote (more when needed to be distinctive). */
export const CONTEXT_CHARS = 32;
/** Longest context stored when the quote and its usual context recur in the page. */
export const MAX_CONTEXT_CHARS = 256;

/** Offsets of a section in the normalised text, or a Range covering it. */
export type SectionBounds = Range | { start: number; end: number };

export interface AnchorOptions extends TextIndexOptions {
  /** A prebuilt index of `root` (must be current); built when absent. */
  index?: TextIndex;
  /** Where the highlight's section is now, so fuzzy search looks there first. */
  sectionBounds?: (sectionId: string) => SectionBounds | null;
  /** Same as `sectionBounds`, as a lookup table. */
  sectionRanges?: Map<string, SectionBounds> | Record<string, SectionBounds>;
}

export interface DescribeOptions extends TextIndexOptions {
  sectionId?: string | null;
  index?: TextIndex;
}

/** One anchoring outcome; `range` is null for an orphan. */
export interface AnchorResult {
  range: Range | null;
  method: AnchorMethod | null;
  /** 0–1 agreement of quote and context with the page (0 for an orphan). */
  score: number;
  /**
   * Normalised offsets of the match; -1 for an orphan, and for a passage
   * placed in the raw text by its `rawStart` hint (no index was needed).
   */
  start: number;
  end: number;
}

/**
 * Selectors for `range`: the normalised text it covers (outer whitespace
 * trimmed), 32 chars of context each side (up to 256 when the passage with that
 * context recurs in the page), its normalised offsets, and where it starts in
 * the root's `textContent` (`rawStart`, the fast path's hint).
 * A collapsed or whitespace-only range gives an empty quote.
 */
export function describe(range: Range, root: Node = document.body, opts: DescribeOptions = {}): Selectors {
  const index = opts.index ?? buildTextIndex(root, opts);
  const text = index.text;
  let start = index.offsetOf(range.startContainer, range.startOffset);
  let end = index.offsetOf(range.endContainer, range.endOffset);
  if (end < start) end = start;
  while (start < end && text.charCodeAt(start) === 32) start++;
  while (end > start && text.charCodeAt(end - 1) === 32) end--;
  // Where the quote with its context occurs more than once (a repeated
  // passage), longer context is what will tell the copies apart later.
  // A quote that recurs at all gets 128 chars, so that a copy whose nearby
  // words happen to agree is not taken for it once the original is gone.
  const around = (k: number) => text.slice(Math.max(0, start - k), Math.min(text.length, end + k));
  let n = end > start && occursTwice(text, text.slice(start, end)) ? 4 * CONTEXT_CHARS : CONTEXT_CHARS;
  while (n < MAX_CONTEXT_CHARS && end > start && occursTwice(text, around(n))) n *= 2;
  const selectors: Selectors = {
    quote: {
      type: 'TextQuoteSelector',
      exact: text.slice(start, end),
      prefix: text.slice(Math.max(0, start - n), start),
      suffix: text.slice(end, end + n),
    },
    position: { type: 'TextPositionSelector', start, end },
    sectionId: opts.sectionId ?? null,
  };
  if (end > start) selectors.rawStart = index.rawOffset(start);
  return selectors;
}

function occursTwice(text: string, s: string): boolean {
  const first = text.indexOf(s);
  return first !== -1 && text.indexOf(s, first + 1) !== -1;
}

/**
 * The Range `selectors` describe in the page now, or null when the passage
 * cannot be placed with confidence (an orphan). Builds an index per call: use
 * {@link anchorAll} for many highlights.
 */
export function anchor(selectors: Selectors, root: Node = document.body, opts: AnchorOptions = {}): Range | null {
  return anchorAllDetailed([selectors], root, opts)[0].range;
}

/**
 * Ranges for many highlights (null for orphans), in input order, from one
 * text index. Highlights are tried in page order so that a shift seen on one
 * (text inserted above it) is tried first on the next. When every passage
 * is still in place (checked against the raw text by its `rawStart` hint, see
 * ./hints.ts), no index is built.
 */
export function anchorAll(list: Selectors[], root: Node = document.body, opts: AnchorOptions = {}): (Range | null)[] {
  return anchorAllDetailed(list, root, opts).map((r) => r.range);
}

/** Like {@link anchorAll}, with how each highlight was placed and how well. */
export function anchorAllDetailed(list: Selectors[], root: Node = document.body, opts: AnchorOptions = {}): AnchorResult[] {
  let raw: RawText | undefined;
  if (!opts.index && list.length > 0) {
    // All or nothing: once one passage needs the index, building it costs the
    // same for all of them, and the walk for the fast ranges would be wasted.
    // (The raw text is not: the index is built from it.)
    raw = readRawText(root);
    const spans = findByHints(list, raw);
    if (spans) {
      const ranges = rangesForSpans(spans, raw, root, usesVisibility(root, opts));
      if (ranges) return ranges.map((range) => ({ range, method: 'position' as const, score: 1, start: -1, end: -1 }));
    }
  }
  const index = opts.index ?? buildTextIndex(root, opts, raw);
  const text = index.text;
  const sections = new Map<string, { start: number; end: number } | null>();
  const sectionOf = (id: string | null): { start: number; end: number } | null => {
    if (id === null) return null;
    if (sections.has(id)) return sections.get(id)!;
    let b: SectionBounds | null | undefined = opts.sectionBounds?.(id);
    if (!b && opts.sectionRanges) {
      b = opts.sectionRanges instanceof Map ? opts.sectionRanges.get(id) : opts.sectionRanges[id];
    }
    let bounds: { start: number; end: number } | null = null;
    if (b && 'startContainer' in b) {
      bounds = { start: index.offsetOf(b.startContainer, b.startOffset), end: index.offsetOf(b.endContainer, b.endOffset) };
    } else if (b) bounds = { start: b.start, end: b.end };
    sections.set(id, bounds);
    return bounds;
  };

  const isBreak = (o: number) => index.isBreak(o);
  let words: WordPositions | null = null;
  const wordsOf = () => (words ??= wordPositions(text));
  const occurrences = occurrenceFinder(text, wordsOf);
  const order = list.map((_, i) => i).sort((a, b) => list[a].position.start - list[b].position.start);
  const results: AnchorResult[] = new Array(list.length);
  let delta = 0;
  for (const i of order) {
    const sel = list[i];
    let exact = sel.quote.exact;
    // Quotes stored by older or other tools may not be normalised (one still
    // in place verbatim is, but for spaces at its ends, trimmed below).
    const inPlace = exact.length >= 16 && text.startsWith(exact, sel.position.start);
    if (!inPlace && !isCollapsed(exact, true)) exact = normaliseIndexText(exact);
    const match = findQuote(
      text,
      { exact, prefix: sel.quote.prefix, suffix: sel.quote.suffix, start: sel.position.start },
      {
        expected: delta ? [sel.position.start + delta] : undefined,
        section: sectionOf(sel.sectionId),
        isBreak,
        words: wordsOf,
        occurrences,
        wordsBuilt: () => words !== null,
      },
    );
    if (!match) {
      results[i] = { range: null, method: null, score: 0, start: -1, end: -1 };
      continue;
    }
    let { start, end } = match;
    while (start < end && text.charCodeAt(start) === 32) start++;
    while (end > start && text.charCodeAt(end - 1) === 32) end--;
    // Only a shift that the quote and its context confirmed predicts the next one.
    if (match.confident) delta = start - sel.position.start;
    results[i] = { range: index.toRange(start, end), method: match.method, score: match.score, start, end };
  }
  return results;
}
