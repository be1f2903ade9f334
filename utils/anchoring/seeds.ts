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

/** Every space-separated word of a text, with the offsets where it occurs. */
export type WordPositions = Map<string, number[]>;

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
    while (i < n && text.charCodeAt(i) !== 32) i++;
    if (i > at) {
      const w = text.slice(at, i);
      const list = map.get(w);
      if (list) list.push(at);
      else map.set(w, [at]);
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
    if (k > 0 && k < all.length - 1) inner.push({ at, hits: words.get(all[k]) ?? [] });
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
