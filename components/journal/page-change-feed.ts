import type { FollowMessage } from '@/utils/messaging/follow';

/** The follow port's messages about the page's changes to its highlights. */
export type PageChangeMessage = Extract<FollowMessage, { type: 'op' | 'opFailed' }>;

/**
 * Hands the page's changes from the side panel's follow port (useFollowedTab) to the
 * journal it shows (usePageJournal), which lays them over the stored record.
 */
export interface PageChangeFeed {
  /** Calls `cb` with each change from now on. Returns a remover. */
  subscribe(cb: (m: PageChangeMessage) => void): () => void;
}

/** A feed and the function that feeds it. */
export function createPageChangeFeed(): PageChangeFeed & { push(m: PageChangeMessage): void } {
  const listeners = new Set<(m: PageChangeMessage) => void>();
  return {
    subscribe(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    push(m) {
      for (const cb of listeners) cb(m);
    },
  };
}
