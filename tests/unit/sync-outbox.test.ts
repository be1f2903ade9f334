// Sync's durable outbox: a local change is stored together with the note that it still
// has to be sent, so a service worker stopped before sending loses nothing.
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createStore } from '@/utils/store/storage';
import { createWriter } from '@/utils/store/writer';
import { SYNC_OUTBOX_KEY, createOutbox } from '@/utils/sync/outbox';
import { META, highlight } from './store-fixtures';

beforeEach(() => fakeBrowser.reset());

describe('sync outbox', () => {
  it('is written in the same storage call as the change, and keeps the page as it was before', async () => {
    const store = createStore(fakeBrowser.storage.local);
    const outbox = createOutbox();
    outbox.setActive(true);
    const calls: Record<string, unknown>[] = [];
    const area = { ...store.area, set: (items: Record<string, unknown>) => (calls.push(items), store.area.set(items)) };
    const writer = createWriter({ ...store, area } as typeof store, { stage: (c) => outbox.stage(c) });
    await writer.mutate(META.url, { type: 'addHighlight', meta: META, highlight: highlight('h1') });
    const first = await store.getPage(META.url);
    await writer.mutate(META.url, { type: 'addHighlight', meta: META, highlight: highlight('h2') });
    // One call held the page and the outbox: no moment where one is stored without the other.
    expect(calls[0][`page:${META.url}`]).toBeTruthy();
    expect(calls[0][SYNC_OUTBOX_KEY]).toEqual({ [META.url]: null });
    expect(calls[1][SYNC_OUTBOX_KEY]).toBeUndefined(); // already in the outbox
    // "The worker stops here": a new worker reads it back and sends from the first state.
    const stored = (await fakeBrowser.storage.local.get(SYNC_OUTBOX_KEY))[SYNC_OUTBOX_KEY];
    const next = createOutbox();
    next.setActive(true);
    next.load(stored);
    expect(next.resume()).toEqual([{ url: META.url, before: null }]);
    expect(next.settle(META.url)).toEqual({ [SYNC_OUTBOX_KEY]: {} });
    expect(first?.highlights).toHaveLength(1);
  });

  it('a page leaves the outbox only when every change of it was sent', () => {
    const outbox = createOutbox();
    outbox.setActive(true);
    expect(outbox.stage({ url: 'u', before: null })).not.toBeNull();
    expect(outbox.stage({ url: 'u', before: null })).toBeNull();
    expect(outbox.settle('u')).toBeNull(); // one still on its way
    expect(outbox.settle('u')).toEqual({ [SYNC_OUTBOX_KEY]: {} });
    expect(outbox.size()).toBe(0);
  });

  it('with sync off nothing is staged, and what was staged before the config was read is dropped', () => {
    const outbox = createOutbox();
    expect(outbox.stage({ url: 'u', before: null })).not.toBeNull(); // not known yet
    expect(outbox.setActive(false)).toEqual({ [SYNC_OUTBOX_KEY]: null });
    expect(outbox.stage({ url: 'v', before: null })).toBeNull();
    expect(outbox.size()).toBe(0);
  });
});
