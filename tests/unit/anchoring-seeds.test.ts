import { describe, it, expect } from 'vitest';
import { occurrenceFinder, occurrencesByWords, seedWindows, wordPositions } from '@/utils/anchoring/seeds';

// Text written for these tests.
const TEXT = [
  'the tide came in over the flats and the tide went out again',
  'a gull stood on the post while the tide came in over the flats',
  'nobody counted how often the tide came in over the flats that year',
].join(' ');

function byIndexOf(text: string, quote: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(quote); i !== -1; i = text.indexOf(quote, i + 1)) out.push(i);
  return out;
}

describe('verbatim occurrences from the word list', () => {
  const words = wordPositions(TEXT);

  it('finds every occurrence that indexOf finds, in order', () => {
    for (const q of ['tide came in over the flats', 'the tide came in', 'e tide came in over the fl', 'post while the tide', 'came in over']) {
      const found = occurrencesByWords(words, TEXT, q);
      expect(found, q).toEqual(byIndexOf(TEXT, q));
    }
    expect(byIndexOf(TEXT, 'tide came in over the flats')).toHaveLength(3);
  });

  it('finds none for a quote whose inner word is absent, and leaves quotes without an inner word to indexOf', () => {
    expect(occurrencesByWords(words, TEXT, 'the tide rolled in')).toEqual([]);
    expect(occurrencesByWords(words, TEXT, 'tide came')).toBeNull();
  });

  it('answers the same through the finder before and after it switches to the word list', () => {
    let built = 0;
    const find = occurrenceFinder(TEXT, () => (built++, words));
    const qs = Array.from({ length: 12 }, (_, i) => ['the tide came in over', 'in over the flats', 'tide went out again'][i % 3]);
    for (const q of qs) expect(find(q), q).toEqual(byIndexOf(TEXT, q));
    expect(built).toBeGreaterThan(0);
  });

  it('gives windows that hold every approximate match keeping most words', () => {
    const quote = 'a gull stood on the post while the tide';
    const wins = seedWindows(words, TEXT.length, quote, 6);
    const at = TEXT.indexOf(quote);
    expect(wins).not.toBeNull();
    expect(wins!.some(([a, b]) => a <= at && at + quote.length <= b)).toBe(true);
  });
});
