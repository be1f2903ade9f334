import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createStore } from '@/utils/store/storage';
import { createWriter } from '@/utils/store/writer';
import { applyOp } from '@/utils/store/ops';
import { pageKey } from '@/utils/store/schema';
import { PAGE_INDEX_KEY, summaryKey } from '@/utils/store/summary';
import { createSaveQueue, type SaveStatus } from '@/utils/messaging/save-queue';
import { META, highlight, page } from './store-fixtures';

const reflect = (text: string, at?: number) =>
  ({ type: 'setReflection', meta: META, sectionId: 's-one', heading: 'One', text, sectionHash: null, sectionText: null, at }) as const;

describe('write order: an older keystroke never overwrites a newer one', () => {
  it('a reflection typed earlier than the stored one is ignored', () => {
    const newer = applyOp(null, reflect('newer text', 200), 300)!;
    const late = applyOp(newer, reflect('older', 100), 400)!;
    expect(late.reflections['s-one'].text).toBe('newer text');
    expect(applyOp(late, reflect('newest', 250), 400)!.reflections['s-one'].text).toBe('newest');
  });

  it('a note edited earlier than the highlight’s last edit is ignored', () => {
    const base = page({ highlights: [highlight('a', { updatedAt: 1 })] });
    const b = applyOp(base, { type: 'updateHighlight', id: 'a', patch: { note: 'abc' }, at: 50 }, 60)!;
    const c = applyOp(b, { type: 'updateHighlight', id: 'a', patch: { note: 'ab' }, at: 40 }, 70)!;
    expect(c.highlights[0].note).toBe('abc');
  });

  it('a stored edit time in the future (skewed import) does not block typing', () => {
    const base = page({ highlights: [highlight('a', { updatedAt: 10_000 })] });
    const next = applyOp(base, { type: 'updateHighlight', id: 'a', patch: { note: 'typed' }, at: 50 }, 60)!;
    expect(next.highlights[0].note).toBe('typed');
  });
});

describe('page delete', () => {
  it('removes the page, its summary and its index entry in one storage call', async () => {
    fakeBrowser.reset();
    const store = createStore(fakeBrowser.storage.local);
    const writer = createWriter(store);
    await writer.mutate(META.url, { type: 'addHighlight', meta: META, highlight: highlight('a') });
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    const remove = vi.spyOn(fakeBrowser.storage.local, 'remove');
    await writer.mutate(META.url, { type: 'deletePage' });
    expect(remove).not.toHaveBeenCalled();
    expect(set).toHaveBeenCalledTimes(1);
    expect(Object.keys(set.mock.calls[0][0]).sort()).toEqual([PAGE_INDEX_KEY, pageKey(META.url), summaryKey(META.url)].sort());
    expect(await store.getPage(META.url)).toBeNull();
    expect((await fakeBrowser.storage.local.get(PAGE_INDEX_KEY))[PAGE_INDEX_KEY]).toEqual([]);
    expect(await writer.ensureIndex({ verify: true })).toBe(false);
  });
});

describe('save queue', () => {
  function harness(failFirst: number) {
    const sent: Array<{ text: string; at: number }> = [];
    const statuses: SaveStatus[] = [];
    let failures = failFirst;
    const timers: Array<() => void> = [];
    const q = createSaveQueue<null>({
      send: (write) => write(0),
      onStatus: (_k, s) => statuses.push(s),
      setTimer: (fn) => timers.push(fn),
      clearTimer: () => {},
    });
    const save = (text: string) =>
      q.save('r', async (at) => {
        if (failures-- > 0) throw new Error('Could not establish connection');
        sent.push({ text, at });
        return null;
      });
    return { q, save, sent, statuses, timers };
  }

  it('sends only the newest text after the one in flight, in typing order', async () => {
    const h = harness(0);
    h.save('a');
    h.save('ab');
    h.save('abc');
    await h.q.idle();
    expect(h.sent.map((s) => s.text)).toEqual(['a', 'abc']);
    expect(h.sent[0].at).toBeLessThan(h.sent[1].at);
    expect(h.statuses.at(-1)).toEqual({ kind: 'saved' });
  });

  it('reports a failure at once, keeps the text and retries it', async () => {
    const h = harness(1);
    h.save('kept');
    await new Promise((r) => setTimeout(r, 0));
    expect(h.statuses.at(-1)).toMatchObject({ kind: 'error', retrying: true });
    expect(h.q.unsaved()).toBe(true);
    h.timers.shift()!();
    await h.q.idle();
    expect(h.sent.map((s) => s.text)).toEqual(['kept']);
    expect(h.q.unsaved()).toBe(false);
  });
});
