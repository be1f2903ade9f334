/**
 * The durable outbox of sync: which pages changed locally but are not yet in the local
 * encrypted copy, and how each was before. It is written in the same storage call as the
 * change itself (the writer's `stage` hook), so a service worker stopped between storing
 * a change and encrypting it loses nothing: the next start sends the difference between
 * the page as it was then and as it is now.
 *
 * With sync off nothing is staged (and a left-over outbox is removed).
 */
import type { PageRecord } from '../store/schema';
import type { CommittedChange } from '../store/writer';

export const SYNC_OUTBOX_KEY = 'syncOutbox';

/** As stored: page URL → the page before its first change not yet sent (null: new page). */
export type StoredOutbox = Record<string, PageRecord | null>;

export function createOutbox() {
  /** n: changes of this page still on their way into the local copy. */
  const entries = new Map<string, { before: PageRecord | null; n: number }>();
  /** null until the config is read: changes are staged meanwhile, in case sync is on. */
  let active: boolean | null = null;

  const items = (): Record<string, unknown> => ({ [SYNC_OUTBOX_KEY]: Object.fromEntries([...entries].map(([u, e]) => [u, e.before])) });

  return {
    get active() {
      return active;
    },
    /** Sync turned on or off. Returns the storage change to make (null: none). */
    setActive(on: boolean): Record<string, unknown> | null {
      active = on;
      if (on || entries.size === 0) return null;
      entries.clear();
      return { [SYNC_OUTBOX_KEY]: null };
    },
    /** Merges what a previous run left (its `before` is the older one, so it wins). */
    load(stored: unknown): void {
      if (!stored || typeof stored !== 'object') return;
      for (const [url, before] of Object.entries(stored as StoredOutbox)) {
        const had = entries.get(url);
        entries.set(url, { before: before ?? null, n: had?.n ?? 0 });
      }
    },
    /**
     * A local change is about to be stored: the items to store with it (null: nothing new,
     * the page is already in the outbox or sync is off).
     */
    stage(change: Pick<CommittedChange, 'url' | 'before'>): Record<string, unknown> | null {
      if (active === false) return null;
      const had = entries.get(change.url);
      if (had) {
        had.n++;
        return null;
      }
      entries.set(change.url, { before: change.before, n: 1 });
      return items();
    },
    /** Pages left from before (and their state then), each counted as one more send. */
    resume(): { url: string; before: PageRecord | null }[] {
      return [...entries].map(([url, e]) => {
        e.n++;
        return { url, before: e.before };
      });
    },
    /**
     * One change of `url` is in the local copy. Returns the storage change to make once
     * the page has nothing left on its way (null: none).
     */
    settle(url: string): Record<string, unknown> | null {
      const e = entries.get(url);
      if (!e) return null;
      if (--e.n > 0) return null;
      entries.delete(url);
      return items();
    },
    size: () => entries.size,
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
