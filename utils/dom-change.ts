/**
 * Tells whether a page's DOM may have changed since a moment of the caller's choosing,
 * so work derived from the DOM (an outline, section hashes) can be kept instead of
 * redone. It is a one-shot MutationObserver: the first change flips the flag and
 * disconnects it, so a quiet page pays nothing and a busy one a single callback.
 */
export interface DomChangeFlag {
  /**
   * True when the DOM may have changed since the last `reset()` (always true before
   * the first one, after `stop()`, and where MutationObserver is missing).
   */
  changed(): boolean;
  /** Starts a new quiet period: from now on, a change sets the flag. */
  reset(): void;
  /** Stops watching; `changed()` is true until the next `reset()`. */
  stop(): void;
}

/** What is watched: nodes added or removed, and text edited, anywhere under the root. */
const WATCH: MutationObserverInit = { childList: true, subtree: true, characterData: true };

export function domChangeFlag(
  root: Node,
  MO: typeof MutationObserver | undefined = typeof MutationObserver !== 'undefined' ? MutationObserver : undefined,
): DomChangeFlag {
  let dirty = true;
  let watching = false;
  const observer = MO
    ? new MO(() => {
        dirty = true;
        observer!.disconnect();
        watching = false;
      })
    : null;
  const stop = () => {
    observer?.disconnect();
    watching = false;
    dirty = true;
  };
  return {
    changed() {
      // A change made in this task has not been delivered yet: takeRecords sees it.
      if (watching && observer!.takeRecords().length > 0) stop();
      return dirty;
    },
    reset() {
      if (!observer) return;
      if (watching) observer.takeRecords();
      else observer.observe(root, WATCH);
      watching = true;
      dirty = false;
    },
    stop,
  };
}
