import { describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { JournalHost } from '@/components/journal/JournalHost';
import { EMPTY, type LoadedJournal } from '@/components/journal/load-page-journal';
import { createPageChangeFeed } from '@/components/journal/page-change-feed';
import { relayToPanels } from '@/utils/content/panel-relay';
import { isStored, prunePending, withPending, PENDING_MAX_MS, type PendingOp } from '@/utils/store/pending-ops';
import type { FollowMessage } from '@/utils/messaging/follow';
import type { PageOp } from '@/utils/store/ops';
import type { PageRecord } from '@/utils/store/schema';
import { META, highlight, page } from './store-fixtures';
import { journalEnv } from './journal-fixtures';

// A highlight made on the page reaches an open side panel straight over the follow port
// (issue 12), while storage stays the truth the panel settles on.

const add = (id: string): PageOp => ({ type: 'addHighlight', meta: META, highlight: highlight(id) });
const pend = (key: string, op: PageOp, receivedAt = 0) => ({ key, op, receivedAt }) as PendingOp;

describe('pending page changes over the stored record', () => {
  it('shows a new highlight before storage has it, once', () => {
    const stored = page({ highlights: [highlight('a')] });
    const shown = withPending(stored, [pend('k', add('b'))], 5);
    expect(shown!.highlights.map((h) => h.id)).toEqual(['a', 'b']);
    // The first highlight on a page with no stored notes yet.
    expect(withPending(null, [pend('k', add('b'))], 5)!.highlights.map((h) => h.id)).toEqual(['b']);
    // Storage shows it: the change is settled and dropped, the highlight is not doubled.
    const later = page({ highlights: [highlight('a'), highlight('b')] });
    const kept = prunePending([pend('k', add('b'))], later, 5);
    expect(kept).toEqual([]);
    expect(withPending(later, kept, 5)!.highlights.map((h) => h.id)).toEqual(['a', 'b']);
  });

  it('settles deletions and edits by what storage shows, and skips an edit of a highlight storage lacks', () => {
    const stored = page({ highlights: [highlight('a', { updatedAt: 3 })] });
    const del: PageOp = { type: 'deleteHighlight', id: 'a' };
    const edit: PageOp = { type: 'updateHighlight', id: 'a', patch: { note: 'why' }, at: 9 };
    expect(isStored(stored, del as never)).toBe(false);
    expect(isStored(page(), del as never)).toBe(true);
    expect(isStored(stored, edit as never)).toBe(false);
    expect(isStored(page({ highlights: [highlight('a', { note: 'why', updatedAt: 9 })] }), edit as never)).toBe(true);
    expect(withPending(stored, [pend('e', edit)], 10)!.highlights[0].note).toBe('why');
    expect(withPending(page(), [pend('e', { type: 'updateHighlight', id: 'gone', patch: { note: 'x' } })], 10)).toEqual(page());
  });

  it('drops a change storage never shows after PENDING_MAX_MS', () => {
    const p = [pend('k', add('b'), 1000)];
    expect(prunePending(p, null, 1000 + PENDING_MAX_MS - 1)).toBe(p);
    expect(prunePending(p, null, 1000 + PENDING_MAX_MS)).toEqual([]);
  });
});

describe('the page relays its highlight changes to open panels', () => {
  it('posts the change as it goes to the writer, and its failure; other changes are not posted', async () => {
    const posted: FollowMessage[] = [];
    let fail = false;
    const seenAtCall: (string | undefined)[] = [];
    const mutate = vi.fn(async () => {
      // What the panels had been sent when the writer was asked.
      seenAtCall.push(posted.at(-1)?.type);
      if (fail) throw new Error('disk full');
      return page();
    });
    const relayed = relayToPanels(mutate, (m) => void posted.push(m), () => 'k1');
    await relayed(META.url, add('b'));
    expect(posted).toEqual([{ type: 'op', url: META.url, key: 'k1', op: add('b') }]);
    fail = true;
    await expect(relayed(META.url, { type: 'deleteHighlight', id: 'b' })).rejects.toThrow('disk full');
    expect(posted.at(-1)).toEqual({ type: 'opFailed', key: 'k1' });
    const n = posted.length;
    fail = false;
    await relayed(META.url, { type: 'setTags', meta: META, tags: ['x'] });
    expect(posted.length).toBe(n);
    expect(seenAtCall).toEqual(['op', 'op', 'opFailed']);
  });
});

/** The panel's journal on a page whose stored record changes when `store(record)` is called. */
async function panel() {
  let follower: ((v: unknown) => void) | null = null;
  const loaded: LoadedJournal = {
    ...EMPTY,
    loading: false,
    tabId: 7,
    url: META.url,
    info: {
      url: META.url,
      title: META.title,
      site: META.site,
      outline: META.outline!,
      sectionHashes: {},
      activeSectionId: 's-one',
      orphanIds: [],
      highlightSections: {},
    },
    record: page({ highlights: [highlight('a')] }),
    changes: { changed: () => false, latest: () => undefined, follow: (_k, cb) => void (follower = cb), stop: () => {} },
  };
  const env = journalEnv();
  const feed = createPageChangeFeed();
  const root = document.createElement('div');
  document.body.append(root);
  const settle = () => act(async () => void (await new Promise((r) => setTimeout(r, 120))));
  await act(async () => {
    render(<JournalHost initial={Promise.resolve(loaded)} host="panel" env={env} pageChanges={feed} />, root);
  });
  await settle();
  return {
    ids: () => [...root.querySelectorAll('[data-highlight-id]')].map((el) => el.getAttribute('data-highlight-id')),
    /** Mutations of the list from now on (a flicker would remove and re-add). */
    removals: () => {
      let removed = 0;
      const obs = new MutationObserver((rs) => rs.forEach((r) => (removed += [...r.removedNodes].filter((n) => (n as HTMLElement).dataset?.highlightId).length)));
      obs.observe(root, { subtree: true, childList: true });
      return () => (obs.disconnect(), removed);
    },
    push: (m: FollowMessage) => act(() => feed.push(m as never)),
    store: (record: PageRecord | null) => act(() => follower!(record ?? undefined)),
    settle,
    unmount: () => act(() => render(null, root)),
  };
}

describe('the side panel shows a page highlight at once', () => {
  it('from the follow port, then from storage without doubling or flicker', async () => {
    const p = await panel();
    expect(p.ids()).toEqual(['a']);
    const removed = p.removals();
    await p.push({ type: 'op', url: META.url, key: 'k', op: add('b') as never });
    expect(p.ids()).toEqual(['a', 'b']);
    // An unrelated stored change first (the new highlight not yet in it): still shown.
    await p.store(page({ highlights: [highlight('a', { note: 'n' })] }));
    expect(p.ids()).toEqual(['a', 'b']);
    await p.store(page({ highlights: [highlight('a', { note: 'n' }), highlight('b')] }));
    expect(p.ids()).toEqual(['a', 'b']);
    expect(removed()).toBe(0);
    // Settled: deleting it later (storage) is not undone by the old message.
    await p.store(page({ highlights: [highlight('a')] }));
    expect(p.ids()).toEqual(['a']);
    p.unmount();
  });

  it('drops it when the write failed, ignores another page’s changes, and still follows storage alone', async () => {
    const p = await panel();
    await p.push({ type: 'op', url: META.url, key: 'k', op: add('b') as never });
    expect(p.ids()).toEqual(['a', 'b']);
    await p.push({ type: 'opFailed', key: 'k' });
    expect(p.ids()).toEqual(['a']);
    await p.push({ type: 'op', url: 'https://example.com/other', key: 'k2', op: add('c') as never });
    expect(p.ids()).toEqual(['a']);
    // The direct message lost: storage alone brings the highlight.
    await p.store(page({ highlights: [highlight('a'), highlight('d')] }));
    expect(p.ids()).toEqual(['a', 'd']);
    p.unmount();
  });
});
