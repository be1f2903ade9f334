/**
 * Timers of the page session, bound to its abort signal: once this copy of Gloss stops
 * (extension reloaded or updated), nothing it scheduled runs and no timer is left pending.
 */

export interface SessionTimer {
  /** (Re)starts the timer: a pending run is dropped. Does nothing once the signal aborted. */
  start(ms: number): void;
  cancel(): void;
}

/** A restartable timer that runs `fn` after `ms`, never after `signal` aborted. */
export function sessionTimer(fn: () => void, signal: AbortSignal): SessionTimer {
  let id: ReturnType<typeof setTimeout> | undefined;
  const cancel = () => {
    clearTimeout(id);
    id = undefined;
  };
  signal.addEventListener('abort', cancel, { once: true });
  return {
    start(ms) {
      cancel();
      if (signal.aborted) return;
      id = setTimeout(() => {
        id = undefined;
        if (!signal.aborted) fn();
      }, ms);
    },
    cancel,
  };
}

/**
 * Runs `fn` once the page is idle (requestIdleCallback, at most 2 s late; 200 ms where
 * the browser has none), unless `signal` aborted first; the pending call is cancelled
 * on abort.
 */
export function whenIdle(win: Window, fn: () => void, signal: AbortSignal): void {
  if (signal.aborted) return;
  const ric = (win as Window & { requestIdleCallback?: Window['requestIdleCallback'] }).requestIdleCallback;
  const cic = (win as Window & { cancelIdleCallback?: Window['cancelIdleCallback'] }).cancelIdleCallback;
  let cancel: () => void;
  const run = () => {
    signal.removeEventListener('abort', cancel);
    if (!signal.aborted) fn();
  };
  if (ric && cic) {
    const id = ric.call(win, run, { timeout: 2000 });
    cancel = () => cic.call(win, id);
  } else {
    const id = setTimeout(run, 200);
    cancel = () => clearTimeout(id);
  }
  signal.addEventListener('abort', cancel, { once: true });
}
