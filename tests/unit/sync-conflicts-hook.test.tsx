import { describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { fakeBrowser } from 'wxt/testing';
import { conflictItems, useSyncConflicts, type SyncConflictsEnv } from '@/components/journal/use-sync-conflicts';
import { ConflictCopies } from '@/components/journal/ConflictCopies';
import { conflictsKey, readConflicts } from '@/utils/sync/config';
import { highlight } from './store-fixtures';
import type { PageRecord } from '@/utils/store/schema';

// useSyncConflicts takes its browser through an env (as useLibrary and usePageJournal
// do): here a fake storage area and a fake background, no `browser` involved.

const URL_A = 'https://example.com/essay';

type Hook = ReturnType<typeof useSyncConflicts>;

function mount(env: SyncConflictsEnv, url: string | null = URL_A, record: PageRecord | null = null) {
  let latest: Hook | null = null;
  function Probe() {
    latest = useSyncConflicts(url, record, env);
    return null;
  }
  const root = document.createElement('div');
  act(() => render(<Probe />, root));
  return { hook: () => latest!, unmount: () => act(() => render(null, root)) };
}

const flush = async () => {
  for (let i = 0; i < 5; i++) await act(() => new Promise((r) => setTimeout(r, 0)));
};

describe('useSyncConflicts through its env', () => {
  it('reads the page’s copies from the given area, follows changes, and sends take/dismiss to the given background', async () => {
    const local = fakeBrowser.storage.local;
    let listeners = 0;
    const area: SyncConflictsEnv['area'] = {
      get: (k) => local.get(k as string),
      onChanged: {
        addListener: (cb) => (listeners++, local.onChanged.addListener(cb)),
        removeListener: (cb) => (listeners--, local.onChanged.removeListener(cb)),
      },
    };
    await local.set({ [conflictsKey(URL_A)]: { s1: [{ text: 'From the laptop', updatedAt: 5 }] } });
    const sent: unknown[] = [];
    const { hook, unmount } = mount({ area, resolve: async (d) => void sent.push(d) });
    await flush();
    expect(hook().items.map((i) => [i.target, i.text])).toEqual([[{ sectionId: 's1' }, 'From the laptop']]);

    expect(listeners).toBe(1);
    await act(() => local.set({ [conflictsKey(URL_A)]: { s2: [{ text: 'From the phone', updatedAt: 9 }] } }));
    await flush();
    expect(hook().items.map((i) => i.text)).toEqual(['From the phone']);

    hook().take(hook().items[0]);
    hook().dismiss(hook().items[0]);
    expect(sent).toEqual([
      { url: URL_A, sectionId: 's2', text: 'From the phone', take: true },
      { url: URL_A, sectionId: 's2', text: 'From the phone', take: false },
    ]);
    unmount();
    // Unmounted: no listener left on the area.
    expect(listeners).toBe(0);
  });

  it('shows why a take failed, and why the copies could not be read', async () => {
    const failing: SyncConflictsEnv = {
      area: {
        get: () => Promise.reject(new Error('storage is locked')),
        onChanged: { addListener() {}, removeListener() {} },
      },
      resolve: () => Promise.reject(new Error('background asleep')),
    };
    const { hook, unmount } = mount(failing);
    await flush();
    expect(hook().error).toContain('storage is locked');
    hook().take({ target: { sectionId: 's1' }, text: 'x', updatedAt: 1, heading: null, quote: null });
    await flush();
    expect(hook().error).toContain('background asleep');
    unmount();
  });

  it('does nothing without a page', async () => {
    let reads = 0;
    const { hook, unmount } = mount(
      { area: { get: async () => (reads++, {}), onChanged: { addListener() {}, removeListener() {} } }, resolve: async () => {} },
      null,
    );
    await flush();
    expect(reads).toBe(0);
    expect(hook().items).toEqual([]);
    unmount();
  });
});

describe('note conflict copies in the journal', () => {
  const rec: PageRecord = {
    url: URL_A,
    title: 'Essay',
    site: 'example.com',
    outline: null,
    highlights: [{ ...highlight('h1', { note: 'my note' }), text: 'the passage on the page' }],
    reflections: {},
    tags: [],
    firstVisitAt: 1,
    lastVisitAt: 1,
    updatedAt: 1,
  };

  it('lists a note’s copy with its passage, only for highlights the page still has, and takes it by highlight id', async () => {
    const c = readConflicts({ version: 2, reflections: {}, notes: { h1: [{ text: 'نص من جهاز آخر', updatedAt: 7 }], gone: [{ text: 'x', updatedAt: 1 }] } });
    const items = conflictItems(c, rec);
    expect(items.map((i) => [i.target, i.text, i.quote])).toEqual([[{ highlightId: 'h1' }, 'نص من جهاز آخر', 'the passage on the page']]);

    const root = document.createElement('div');
    const taken: unknown[] = [];
    act(() => render(<ConflictCopies items={items} error={null} onTake={(i) => taken.push(i.target)} onDismiss={() => {}} />, root));
    const li = root.querySelector('li[data-conflict-kind="note"]')!;
    expect(li.querySelector('.conflict-heading')!.textContent).toContain('the passage on the page');
    expect(li.querySelector('.conflict-heading')!.getAttribute('dir')).toBe('auto');
    const text = li.querySelector('p.pre')!;
    expect(text.textContent).toBe('نص من جهاز آخر');
    expect(text.getAttribute('dir')).toBe('auto');
    act(() => (li.querySelector('button') as HTMLButtonElement).click());
    expect(taken).toEqual([{ highlightId: 'h1' }]);

    await fakeBrowser.storage.local.set({ [conflictsKey(URL_A)]: { version: 2, reflections: {}, notes: { h1: [{ text: 'from the phone', updatedAt: 9 }] } } });
    const sent: unknown[] = [];
    const local = fakeBrowser.storage.local;
    const { hook, unmount } = mount({ area: { get: (k) => local.get(k as string), onChanged: local.onChanged }, resolve: async (d) => void sent.push(d) }, URL_A, rec);
    await flush();
    hook().dismiss(hook().items[0]);
    expect(sent).toEqual([{ url: URL_A, highlightId: 'h1', text: 'from the phone', take: false }]);
    unmount();
    act(() => render(null, root));
  });
});
