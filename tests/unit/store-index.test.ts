import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createStore } from '@/utils/store/storage';
import { createWriter } from '@/utils/store/writer';
import { PAGE_INDEX_KEY, summaryKey } from '@/utils/store/summary';
import { pageKey } from '@/utils/store/schema';
import { META, highlight, page } from './store-fixtures';

const other = { ...META, url: 'https://example.com/other' };

describe('library index and summaries kept by the writer', () => {
  it('adds a page to the index when it appears and keeps its summary current', async () => {
    const writer = createWriter(createStore(fakeBrowser.storage.local));
    await writer.mutate(META.url, { type: 'addHighlight', meta: META, highlight: highlight('a') });
    await writer.mutate(META.url, { type: 'updateHighlight', id: 'a', patch: { note: 'n', color: 'pink' } });
    await writer.mutate(other.url, { type: 'addHighlight', meta: other, highlight: highlight('b') });
    const all = await fakeBrowser.storage.local.get(null);
    expect(all[PAGE_INDEX_KEY]).toEqual([META.url, other.url]);
    expect(all[summaryKey(META.url)]).toMatchObject({ highlightCount: 1, noteCount: 1, colors: ['pink'], title: META.title });
  });

  it('removes page, summary and index entry together', async () => {
    const writer = createWriter(createStore(fakeBrowser.storage.local));
    await writer.mutate(META.url, { type: 'addHighlight', meta: META, highlight: highlight('a') });
    await writer.mutate(META.url, { type: 'deletePage' });
    const all = await fakeBrowser.storage.local.get(null);
    expect(all[PAGE_INDEX_KEY]).toEqual([]);
    expect(all[summaryKey(META.url)]).toBeUndefined();
    expect(all[pageKey(META.url)]).toBeUndefined();
  });

  it('an autosave does not rewrite the index', async () => {
    const writer = createWriter(createStore(fakeBrowser.storage.local));
    await writer.mutate(META.url, { type: 'addHighlight', meta: META, highlight: highlight('a') });
    const writes: string[][] = [];
    fakeBrowser.storage.local.onChanged.addListener((changes) => writes.push(Object.keys(changes)));
    for (const text of ['a', 'ab', 'abc'])
      await writer.mutate(META.url, { type: 'setReflection', meta: META, sectionId: 's-one', heading: 'One', text, sectionHash: null, sectionText: null });
    await new Promise((r) => setTimeout(r, 0));
    expect(writes.flat()).not.toContain(PAGE_INDEX_KEY);
  });

  it('imports update the index once', async () => {
    const writer = createWriter(createStore(fakeBrowser.storage.local));
    await writer.importPages([page(), page({ url: other.url })]);
    expect((await fakeBrowser.storage.local.get(PAGE_INDEX_KEY))[PAGE_INDEX_KEY]).toEqual([META.url, other.url]);
  });

  it('rebuilds a missing or stale index from the stored pages', async () => {
    await fakeBrowser.storage.local.set({
      [pageKey(META.url)]: page({ highlights: [highlight('a')] }),
      [pageKey(other.url)]: page({ url: other.url }),
      [summaryKey('https://gone.example/')]: { url: 'https://gone.example/' },
    });
    const writer = createWriter(createStore(fakeBrowser.storage.local));
    expect(await writer.ensureIndex()).toBe(true);
    const all = await fakeBrowser.storage.local.get(null);
    expect(new Set(all[PAGE_INDEX_KEY] as string[])).toEqual(new Set([META.url, other.url]));
    expect(all[summaryKey(META.url)]).toMatchObject({ highlightCount: 1 });
    expect(all[summaryKey('https://gone.example/')]).toBeUndefined();
    expect(await writer.ensureIndex()).toBe(false);
    expect(await writer.ensureIndex({ verify: true })).toBe(false);
  });
});
