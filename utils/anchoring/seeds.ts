/**
 * Where in a long text an approximate match of a quote can be, found without
 * an approximate search of the whole text.
 *
 * The matcher only takes an approximate match in which at least 0.7 of the
 * quote's words stand in order (`wordSimilarity`, words split at spaces): of
 * any `0.3 · n + 1` of its `n` words, one then stands in the page verbatim, as
 * a whole word. The page's words and where each occurs are listed once per
 * anchoring pass ({@link wordPositions}); the quote's rarest inner words give
 * every place a match can be, and only windows around those are searched
 * approximately. On a 1 MB page this turns tens of milliseconds per quote
 * into a few map lookups.
 */

import { fnv1a } from '../hash';

/**
 * Every space-separated word of a text, with the offsets where it occurs,
 * keyed by the word's `fnv1a` hash cut to 30 bits ({@link wordKey}): hashing
 * the characters in place costs a fraction of slicing out a string per word,
 * and a 30-bit key stays a small integer for V8 (a larger one is a boxed
 * number, allocated per word). Words whose keys collide share a list; every
 * user checks the text at each offset.
 */
export type WordPositions = Map<number, number[]>;

/** The key of a word in {@link WordPositions}. */
export function wordKey(word: string): number {
  return fnv1a(word) & 0x3fffffff;
}

/** Beyond this many occurrences of the chosen words, the windows would cover too much: search everything. */
const MAX_HITS = 1000;

/** Lists the words of `text` (split at single spaces, as the index text is) with their offsets. */
export function wordPositions(text: string): WordPositions {
  const map: WordPositions = new Map();
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && text.charCodeAt(i) === 32) i++;
    const at = i;
    // fnv1a (../hash.ts) of the word, computed in place.
    let h = 0x811c9dc5;
    for (let c = text.charCodeAt(i); i < n && c !== 32; c = text.charCodeAt(++i)) h = Math.imul(h ^ c, 0x01000193);
    if (i > at) {
      const key = h & 0x3fffffff;
      const list = map.get(key);
      if (list) list.push(at);
      else map.set(key, [at]);
    }
  }
  return map;
}

/**
 * Windows `[start, end)` of the text, merged and ascending, that hold every
 * match of `quote` with at most `maxErrors` edits that keeps 0.7 of its words;
 * null when the quote has fewer than 4 words or its rarest words occur too
 * often (the caller then searches the whole text). The quote's first and last
 * words are not used: a selection may cut them.
 */
export function seedWindows(
  words: WordPositions,
  textLength: number,
  quote: string,
  maxErrors: number,
): Array<[number, number]> | null {
  const inner: Array<{ at: number; hits: number[] }> = [];
  const all = quote.split(' ');
  if (all.length < 4) return null;
  let at = 0;
  for (let k = 0; k < all.length; k++) {
    if (k > 0 && k < all.length - 1) inner.push({ at, hits: words.get(wordKey(all[k])) ?? [] });
    at += all[k].length + 1;
  }
  const need = Math.floor(0.3 * all.length) + 1;
  if (inner.length < need) return null;
  inner.sort((a, b) => a.hits.length - b.hits.length);
  const spans: Array<[number, number]> = [];
  let total = 0;
  for (const { at: offset, hits } of inner.slice(0, need)) {
    total += hits.length;
    if (total > MAX_HITS) return null;
    for (const h of hits) {
      spans.push([Math.max(0, h - offset - maxErrors), Math.min(textLength, h - offset + quote.length + maxErrors)]);
    }
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  return merged;
}

/**
 * Start offsets, ascending, of every verbatim occurrence of `quote` in `text`,
 * found from the occurrences of its rarest inner word (a whole word between
 * two spaces of the quote, so a whole word of the text wherever the quote
 * stands); null when the quote has no inner word.
 */
export function occurrencesByWords(words: WordPositions, text: string, quote: string): number[] | null {
  const parts = quote.split(' ');
  if (parts.length < 3) return null;
  let best: number[] | null = null;
  let bestAt = 0;
  let at = parts[0].length + 1;
  for (let k = 1; k < parts.length - 1; k++) {
    const w = parts[k];
    if (w.length > 0) {
      const hits = words.get(wordKey(w)) ?? [];
      if (best === null || hits.length < best.length) {
        best = hits;
        bestAt = at;
        if (hits.length === 0) break;
      }
    }
    at += w.length + 1;
  }
  if (best === null) return null;
  const out: number[] = [];
  for (const h of best) {
    const s = h - bestAt;
    if (s >= 0 && text.startsWith(quote, s)) out.push(s);
  }
  return out;
}

/** Quotes searched with `indexOf` before the word list is made for the rest. */
const SCANS_BEFORE_WORDS = 6;

/**
 * A function listing the verbatim occurrences of a quote in `text` (as
 * {@link occurrencesByWords}). The first few quotes are searched with
 * `indexOf`, a pass over the whole text each; from then on the text's word
 * list (`words`, made on first use and shared with the approximate search)
 * answers each in a few lookups: on a 1 MB page whose passages all moved,
 * hundreds of whole-text scans become one.
 */
export function occurrenceFinder(text: string, words: () => WordPositions): (quote: string) => number[] {
  let scans = 0;
  return (quote) => {
    if (scans >= SCANS_BEFORE_WORDS) {
      const found = occurrencesByWords(words(), text, quote);
      if (found) return found;
    }
    scans++;
    const out: number[] = [];
    for (let i = text.indexOf(quote); i !== -1; i = text.indexOf(quote, i + 1)) out.push(i);
    return out;
  };
}
