import { describe, expect, it } from 'vitest';
import {
  NO_FILTER,
  describeImport,
  fileDate,
  filterPages,
  formatBytes,
  libraryTotals,
  siteCounts,
  sortPages,
  summarizePage,
} from '../../utils/library/view';
import { emptySummary } from '../../utils/store/library';
import { makeHighlight, makePage, makeReflection } from './library-fixtures';

const a = makePage({
  url: 'https://b-site.example/a',
  title: 'zebra crossings',
  firstVisitAt: 100,
  lastVisitAt: 900,
  highlights: [makeHighlight('one', { color: 'pink', note: 'n' }), makeHighlight('two')],
});
const b = makePage({
  url: 'https://a-site.example/b',
  title: 'Apples and essays',
  firstVisitAt: 300,
  lastVisitAt: 500,
  highlights: [makeHighlight('x', { color: 'blue' }), makeHighlight('y'), makeHighlight('z')],
  reflections: { s: makeReflection('s', 'thought'), e: makeReflection('e', '   ') },
});
const c = makePage({ url: 'https://b-site.example/c', title: '', firstVisitAt: 200, lastVisitAt: 700 });
const rows = [a, b, c].map(summarizePage);

describe('summarizePage', () => {
  it('counts highlights, notes, non-empty reflections and colours', () => {
    const s = summarizePage(b);
    expect(s).toMatchObject({ highlightCount: 3, noteCount: 0, reflectionCount: 1, site: 'a-site.example' });
    expect([...s.colors].sort()).toEqual(['blue', 'yellow']);
    expect(summarizePage(a).noteCount).toBe(1);
  });
  it('falls back to the URL for an untitled page and memoises by record', () => {
    expect(summarizePage(c).title).toBe('https://b-site.example/c');
    expect(summarizePage(c)).toBe(summarizePage(c));
  });
});

describe('sortPages', () => {
  const urls = (key: Parameters<typeof sortPages>[1]) => sortPages(rows, key).map((r) => r.url.slice(-1));
  it('sorts by last and first visit, newest first', () => {
    expect(urls('lastVisit')).toEqual(['a', 'c', 'b']);
    expect(urls('firstVisit')).toEqual(['b', 'c', 'a']);
  });
  it('sorts titles alphabetically, case-insensitively', () => {
    expect(urls('title')).toEqual(['b', 'c', 'a']); // "Apples", "https://…", "zebra"
  });
  it('sorts by site, then by last visit', () => {
    expect(urls('site')).toEqual(['b', 'a', 'c']);
  });
  it('sorts by most highlights', () => {
    expect(urls('highlights')).toEqual(['b', 'a', 'c']);
  });
  it('does not reorder its input', () => {
    sortPages(rows, 'title');
    expect(rows.map((r) => r.url.slice(-1))).toEqual(['a', 'b', 'c']);
  });
});

describe('filterPages', () => {
  const urls = (f: Partial<typeof NO_FILTER>) => filterPages(rows, { ...NO_FILTER, ...f }).map((r) => r.url.slice(-1));
  it('keeps everything without a filter', () => expect(urls({})).toEqual(['a', 'b', 'c']));
  it('filters by site', () => expect(urls({ site: 'b-site.example' })).toEqual(['a', 'c']));
  it('filters by colour', () => {
    expect(urls({ color: 'pink' })).toEqual(['a']);
    expect(urls({ color: 'yellow' })).toEqual(['a', 'b']);
    expect(urls({ color: 'purple' })).toEqual([]);
  });
  it('filters pages with reflections, combined with other filters', () => {
    expect(urls({ hasReflections: true })).toEqual(['b']);
    expect(urls({ hasReflections: true, site: 'b-site.example' })).toEqual([]);
  });
});

describe('summary helpers', () => {
  it('lists sites with counts and totals', () => {
    expect(siteCounts(rows)).toEqual([
      { site: 'a-site.example', count: 1 },
      { site: 'b-site.example', count: 2 },
    ]);
    expect(libraryTotals(rows)).toEqual({ pages: 3, highlights: 5, reflections: 1 });
  });
  it('formats byte counts', () => {
    expect(formatBytes(null)).toBe('unknown');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(25 * 1024 * 1024)).toBe('25 MB');
    // The number in the UI language.
    expect(formatBytes(1536, 'de')).toBe('1,5 KB');
    expect(formatBytes(1500 * 1024 * 1024, 'de')).toBe('1,5 GB');
  });
  it('describes an import', () => {
    const s = { ...emptySummary(), pagesAdded: 2, pagesMerged: 1, highlightsAdded: 1, highlightsSkipped: 3 };
    expect(describeImport(s)).toMatch(/^2 pages added, 1 merged, 1 highlight added, 3 skipped duplicates, 0 reflections added/);
  });
  it('stamps file names with the local date', () => {
    expect(fileDate(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});
