// Pages from another device (sync) are applied many at a time: one storage read and one
// write for all of them, the page index rewritten once (a joining device used to rewrite
// a growing index once per page).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createStore } from '@/utils/store/storage';
import { createWriter, type CommittedChange } from '@/utils/store/writer';
import { pageKey } from '@/utils/store/schema';
import { PAGE_INDEX_KEY, summaryKey } from '@/utils/store/summary';
import { META, highlight, page } from './store-fixtures';

const url = (i: number) => `https://example.com/essay-${i}`;

describe('applyRemoteMany', () => {
  beforeEach(() => fakeBrowser.reset());

  it('writes 100 new pages, their summaries and the index in one storage call', async () => {
    const store = createStore(fakeBrowser.storage.local);
    const committed: CommittedChange[] = [];
    const writer = createWriter(store, { onCommitted: (c) => committed.push(c) });
    await writer.mutate(META.url, { type: 'addHighlight', meta: META, highlight: highlight('local') });
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    const urls = Array.from({ length: 100 }, (_, i) => url(i));
    const out = await writer.applyRemoteMany(urls, (u, current) => current ?? page({ url: u, highlights: [highlight(`h-${u}`)] }));
    expect(set).toHaveBeenCalledTimes(1);
    expect(out.size).toBe(100);
    const stored = await fakeBrowser.storage.local.get(null);
    expect(stored[PAGE_INDEX_KEY]).toEqual([META.url, ...urls]);
    expect((stored[summaryKey(url(42))] as { highlightCount: number }).highlightCount).toBe(1);
    expect((stored[pageKey(url(99))] as { highlights: { id: string }[] }).highlights[0].id).toBe(`h-${url(99)}`);
    expect(committed.filter((c) => c.origin === 'remote').map((c) => c.url)).toEqual(urls);
  });

  it('removes pages and keeps the others; an unchanged page is not written', async () => {
    const store = createStore(fakeBrowser.storage.local);
    const writer = createWriter(store);
    await writer.applyRemoteMany([url(1), url(2), url(3)], (u) => page({ url: u, highlights: [highlight('a')] }));
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    await writer.applyRemoteMany([url(1), url(2)], (u, current) => (u === url(1) ? null : current));
    expect(set).toHaveBeenCalledTimes(1);
    expect(Object.keys(set.mock.calls[0][0]).sort()).toEqual([PAGE_INDEX_KEY, pageKey(url(1)), summaryKey(url(1))].sort());
    const stored = await fakeBrowser.storage.local.get(null);
    expect(stored[PAGE_INDEX_KEY]).toEqual([url(2), url(3)]);
    expect(await store.getPage(url(1))).toBeNull();
    expect(await store.getPage(url(2))).not.toBeNull();
    // Nothing changed: nothing written.
    await writer.applyRemoteMany([url(2)], (_u, current) => current);
    expect(set).toHaveBeenCalledTimes(1);
  });
});
