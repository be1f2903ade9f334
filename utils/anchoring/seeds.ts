/**
 * Where in a long text an approximate match of a quote can be, found without
 * an approximate search of the whole text.
 *
 * An edit (a character inserted, deleted or replaced) breaks at most one of a
 * quote's words as a substring: a match with at most `e` edits therefore holds
 * at least one of any `e + 1` of its words verbatim; and a match that keeps
 * 0.7 of the quote's words (as the matcher requires) holds one of any
 * `0.3 · n + 1` of its `n` words. Exact searches for the
 * `e + 1` longest words (the rarest, as a rule) give every place a match can
 * start; only windows around those are searched approximately. On a 1 MB page
 * this turns tens of milliseconds per quote into a few native `indexOf` calls.
 */

/** Beyond this many word occurrences, the windows would cover too much: search everything. */
const MAX_HITS = 400;

/**
 * Windows `[start, end)` of `text`, merged and ascending, that hold every
 * match of `quote` with at most `maxErrors` edits; null when the quote has
 * fewer than `maxErrors + 1` words of 3 or more characters, or its words occur
 * too often (the caller then searches the whole text).
 */
export function seedWindows(text: string, quote: string, maxErrors: number): Array<[number, number]> | null {
  const words: Array<{ word: string; at: number }> = [];
  for (let i = 0; i < quote.length; ) {
    while (i < quote.length && quote.charCodeAt(i) === 32) i++;
    const at = i;
    while (i < quote.length && quote.charCodeAt(i) !== 32) i++;
    if (i - at >= 3) words.push({ word: quote.slice(at, i), at });
  }
  // Any e + 1 words hold one that survives e edits. An approximate match is
  // also only taken when at least 0.7 of the quote's words stand in it in
  // order (see `wordSimilarity`): of the 0.3 · n + 1 longest, one survives.
  const n = quote.split(' ').length;
  const need = n >= 4 ? Math.min(maxErrors + 1, Math.floor(0.3 * n) + 1) : maxErrors + 1;
  if (words.length < need) return null;
  words.sort((a, b) => b.word.length - a.word.length || a.at - b.at);
  const seeds = words.slice(0, need);
  const spans: Array<[number, number]> = [];
  const hitsOf = new Map<string, number[]>();
  let hits = 0;
  for (const { word, at } of seeds) {
    let found = hitsOf.get(word);
    if (!found) {
      found = [];
      for (let h = text.indexOf(word); h !== -1; h = text.indexOf(word, h + 1)) {
        found.push(h);
        if (++hits > MAX_HITS) return null;
      }
      hitsOf.set(word, found);
    }
    for (const h of found) {
      const start = Math.max(0, h - at - maxErrors);
      spans.push([start, Math.min(text.length, h - at + quote.length + maxErrors)]);
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
