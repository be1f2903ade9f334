import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createStore } from '@/utils/store/storage';
import { createWriter } from '@/utils/store/writer';
import { pageKey } from '@/utils/store/schema';
import { META, highlight } from './store-fixtures';

describe('the single writer', () => {
  it('applies concurrent changes from many senders without losing any', async () => {
    const store = createStore(fakeBrowser.storage.local);
    const writer = createWriter(store, { now: () => 1 });
    // 50 highlights "from different tabs" at once, plus reflections in between.
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 5 === 0
          ? writer.mutate(META.url, {
              type: 'setReflection', meta: META, sectionId: `s${i}`, heading: null, text: `r${i}`, sectionHash: null, sectionText: null,
            })
          : writer.mutate(META.url, { type: 'addHighlight', meta: META, highlight: highlight(`h${i}`) }),
      ),
    );
    const stored = await store.getPage(META.url);
    expect(stored!.highlights).toHaveLength(40);
    expect(Object.keys(stored!.reflections)).toHaveLength(10);
  });

  it('retries a failing storage write and then succeeds', async () => {
    const store = createStore(fakeBrowser.storage.local);
    const set = fakeBrowser.storage.local.set.bind(fakeBrowser.storage.local);
    let failures = 2;
    vi.spyOn(fakeBrowser.storage.local, 'set').mockImplementation(async (items) => {
      if (failures-- > 0) throw new Error('QUOTA_BYTES quota exceeded');
      return set(items);
    });
    const seen: string[] = [];
    const writer = createWriter(store, { backoff: () => 0, onStorageError: (e) => seen.push(e.message) });
    await writer.mutate(META.url, { type: 'addHighlight', meta: META, highlight: highlight('a') });
    expect(seen).toHaveLength(2);
    expect((await store.getPage(META.url))!.highlights).toHaveLength(1);
  });

  it('reports a storage failure that outlasts the retries, and keeps the old data', async () => {
    const store = createStore(fakeBrowser.storage.local);
    const writer = createWriter(store, { backoff: () => 0 });
    await writer.mutate(META.url, { type: 'addHighlight', meta: META, highlight: highlight('a') });
    const before = JSON.stringify(await fakeBrowser.storage.local.get(null));
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValue(new Error('disk full'));
    await expect(writer.mutate(META.url, { type: 'addHighlight', meta: META, highlight: highlight('b') })).rejects.toThrow(
      /Could not save your notes: disk full/,
    );
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).toBe(before);
    // The queue is not stuck after a failure.
    vi.restoreAllMocks();
    await writer.mutate(META.url, { type: 'deleteHighlight', id: 'a' });
    expect(await fakeBrowser.storage.local.get(pageKey(META.url))).toEqual({});
  });

  it('imports pages in one write, merging without duplicates', async () => {
    const store = createStore(fakeBrowser.storage.local);
    const writer = createWriter(store);
    await writer.mutate(META.url, { type: 'addHighlight', meta: META, highlight: highlight('a') });
    const existing = (await store.getPage(META.url))!;
    const summary = await writer.importPages([
      { ...existing, highlights: [highlight('a'), highlight('b')] },
      { ...existing, url: 'https://example.com/other', highlights: [highlight('c')] },
    ]);
    expect(summary).toMatchObject({ pagesAdded: 1, pagesMerged: 1, highlightsAdded: 2, highlightsSkipped: 1 });
    expect((await store.getPage(META.url))!.highlights.map((h) => h.id)).toEqual(['a', 'b']);
  });
});
