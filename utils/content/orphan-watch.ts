/**
 * Orphans (highlights whose text is not on the page) get another chance when content
 * arrives later: lazy articles, "load more", client-side rendering. While there are
 * orphans, a mutation observer re-anchors them 300 ms after the page last changed, and
 * stops once all are found or the page has been quiet for 30 s. Nothing runs on a page
 * without orphans, and nothing outlives the session's signal.
 */
import type { HighlightEntries } from './highlight-entries';
import { sessionTimer } from './session-timers';

export interface OrphanWatchEnv {
  win: Window & typeof globalThis;
  entries: HighlightEntries;
  signal: AbortSignal;
  /** Anchors the given orphans again and paints what was found. */
  retry: () => void;
  /** Delays, replaceable by tests. */
  settleMs?: number;
  quietMs?: number;
}

export function createOrphanWatch(env: OrphanWatchEnv) {
  const { win, entries, signal } = env;
  let observer: MutationObserver | null = null;
  const stop = () => {
    observer?.disconnect();
    observer = null;
    retryTimer.cancel();
    quietTimer.cancel();
  };
  const retryTimer = sessionTimer(() => {
    env.retry();
    if (entries.orphans().length === 0) stop();
  }, signal);
  const quietTimer = sessionTimer(stop, signal);
  signal.addEventListener('abort', stop, { once: true });

  return {
    /** Call after the entries changed: starts watching while there are orphans, stops when none. */
    update() {
      if (entries.orphans().length === 0) return stop();
      if (observer || signal.aborted) return;
      observer = new win.MutationObserver(() => {
        retryTimer.start(env.settleMs ?? 300);
        quietTimer.start(env.quietMs ?? 30000);
      });
      observer.observe(win.document.body, { childList: true, subtree: true, characterData: true });
    },
    /** True while the page is watched for orphans' text. */
    get watching() {
      return observer !== null;
    },
  };
}
