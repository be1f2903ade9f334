import { describe, expect, it } from 'vitest';
import { SUMMARY_CACHE_KEY, readSummaryCache, writeSummaryCache } from '../../utils/library/cache';
import { summarizePage } from '../../utils/library/view';
import { makeHighlight, makePage, makeReflection } from './library-fixtures';

function memoryStorage() {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
  };
}

const page = makePage({
  url: 'https://essays.example/cache',
  title: 'Cached essay',
  firstVisitAt: 10,
  lastVisitAt: 20,
  highlights: [makeHighlight('kept', { color: 'green', note: 'a note' }), makeHighlight('also', { color: 'pink' })],
  reflections: { s: makeReflection('s', 'thinking') },
});

describe('summary cache', () => {
  it('round-trips the list summary without the records', () => {
    const storage = memoryStorage();
    writeSummaryCache([summarizePage(page)], storage);
    const [row] = readSummaryCache(storage)!;
    const { page: _record, colors, ...rest } = summarizePage(page);
    expect(row.page).toBeNull();
    expect(row).toMatchObject(rest);
    expect([...row.colors].sort()).toEqual([...colors].sort());
    expect(storage.data.get(SUMMARY_CACHE_KEY)).not.toContain('kept'); // no highlight text
  });

  it('ignores a missing, damaged, foreign or empty cache', () => {
    const storage = memoryStorage();
    expect(readSummaryCache(storage)).toBeNull();
    storage.setItem(SUMMARY_CACHE_KEY, '{not json');
    expect(readSummaryCache(storage)).toBeNull();
    storage.setItem(SUMMARY_CACHE_KEY, JSON.stringify({ v: 99, rows: [] }));
    expect(readSummaryCache(storage)).toBeNull();
    storage.setItem(SUMMARY_CACHE_KEY, JSON.stringify({ v: 1, rows: [{ u: 'x', c: ['mauve'] }] }));
    expect(readSummaryCache(storage)).toBeNull();
    writeSummaryCache([], storage);
    expect(readSummaryCache(storage)).toBeNull();
    expect(readSummaryCache(null)).toBeNull();
  });
});
