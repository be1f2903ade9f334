// utils/store/watch.ts: the one subscription to stored changes.
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { onStoredChanges, onStoredKey } from '@/utils/store/watch';

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('onStoredChanges / onStoredKey', () => {
  beforeEach(() => fakeBrowser.reset());

  it('reports each batch until stopped', async () => {
    const seen: string[][] = [];
    const stop = onStoredChanges(fakeBrowser.storage.local, (c) => seen.push(Object.keys(c)));
    await fakeBrowser.storage.local.set({ a: 1, b: 2 });
    await flush();
    stop();
    stop(); // twice is harmless
    await fakeBrowser.storage.local.set({ c: 3 });
    await flush();
    expect(seen).toEqual([['a', 'b']]);
  });

  it('stops when the signal aborts, and never starts on an aborted one', async () => {
    const seen: unknown[] = [];
    const ctl = new AbortController();
    onStoredKey(fakeBrowser.storage.local, 'k', (v) => seen.push(v), ctl.signal);
    const dead = new AbortController();
    dead.abort();
    onStoredKey(fakeBrowser.storage.local, 'k', (v) => seen.push(['dead', v]), dead.signal);
    await fakeBrowser.storage.local.set({ k: 'one', other: 1 });
    await flush();
    ctl.abort();
    await fakeBrowser.storage.local.set({ k: 'two' });
    await flush();
    expect(seen).toEqual(['one']);
  });

  it('reports a removed key with no value (browsers omit newValue; WXT\'s fake sends null)', async () => {
    await fakeBrowser.storage.local.set({ k: 'v' });
    const seen: unknown[] = [];
    onStoredKey(fakeBrowser.storage.local, 'k', (v) => seen.push(v));
    await fakeBrowser.storage.local.remove('k');
    await flush();
    expect(seen).toHaveLength(1);
    expect(seen[0] ?? undefined).toBeUndefined();
  });
});
