// Re-detection on dynamic pages without burdening them: a debounced MutationObserver
// that disconnects once the outline has been stable for a while, and is re-armed by
// navigation, user interaction (lazy loading, "load more") or an explicit call.
import type { Outline } from './types';
import { matchSections } from './identity';
import { domChangeFlag } from '../dom-change';

export interface ObserveOutlineOptions {
  /** Stops observing and removes every listener and timer. */
  signal?: AbortSignal;
  /** Quiet time after the last mutation before re-detecting. Default 300 ms. */
  debounceMs?: number;
  /** Longest a stream of mutations can postpone a re-detection. Default 2000 ms. */
  maxWaitMs?: number;
  /** Disconnect after this long without an outline change. Default 10 000 ms. */
  idleMs?: number;
  /** The detector (injectable for tests). */
  detect: (doc: Document) => Outline;
}

export interface OutlineObserver {
  /** The latest outline (ids carried over across re-detections). */
  readonly outline: Outline;
  /** Whether the MutationObserver is currently connected. */
  readonly armed: boolean;
  /** Reconnects the observer (cheap if already armed) and re-detects soon. */
  rearm(): void;
  /** Re-detects now; fires onChange if the outline changed. Returns the outline. */
  refresh(): Outline;
  /**
   * The outline as the page is now: the last one when nothing can have changed since it
   * was detected (no mutation waiting or, once disconnected, none at all since; same
   * URL), else `refresh()`.
   */
  upToDate(): Outline;
}

function pageKey(doc: Document): string {
  try {
    const u = new URL(doc.URL);
    return u.origin + u.pathname + u.search;
  } catch {
    return doc.URL;
  }
}

/** True when two outlines differ in title, ids, headings, levels or heading elements. */
export function outlineChanged(a: Outline, b: Outline): boolean {
  if (a.title !== b.title || a.sections.length !== b.sections.length) return true;
  for (let i = 0; i < a.sections.length; i++) {
    const x = a.sections[i];
    const y = b.sections[i];
    if (x.id !== y.id || x.heading !== y.heading || x.level !== y.level || x.headingElement !== y.headingElement) {
      return true;
    }
  }
  return false;
}

/**
 * Watches `doc` and calls `onChange(next, previous)` only when the outline changed
 * (title, sections, levels, or heading elements replaced by a re-render). Detection runs
 * `debounceMs` after mutations stop (at most `maxWaitMs` late), in an idle callback
 * where available. After `idleMs` without a change the MutationObserver disconnects;
 * navigation (popstate, hashchange, WXT's wxt:locationchange), load, scroll, click and
 * keyboard input re-arm it, as does `rearm()`. Section ids survive re-detection via
 * matchSections, except across a change of URL path (another article: fresh ids).
 * The first outline is detected synchronously and is `observer.outline`; onChange is
 * not called for it.
 */
export function observeOutline(
  doc: Document,
  onChange: (outline: Outline, previous: Outline) => void,
  options: ObserveOutlineOptions,
): OutlineObserver {
  const { signal, debounceMs = 300, maxWaitMs = 2000, idleMs = 10_000, detect } = options;
  const win = doc.defaultView;
  let current = detect(doc);
  let currentKey = pageKey(doc);
  let armed = false;
  let firstMutation = 0;
  let debounceTimer: ReturnType<typeof setTimeout> | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let idleHandle: number | undefined;
  const MO = win?.MutationObserver ?? (typeof MutationObserver !== 'undefined' ? MutationObserver : undefined);
  const observer = MO ? new MO(onMutations) : null;
  // While the observer is disconnected, whether anything has changed at all: upToDate()
  // keeps the outline of a page that has stayed still instead of detecting it again.
  const stillSinceDisarm = doc.documentElement ? domChangeFlag(doc.documentElement, MO) : null;

  function onMutations(): void {
    const now = Date.now();
    if (!debounceTimer) firstMutation = now;
    clearTimeout(debounceTimer);
    const wait = Math.max(0, Math.min(debounceMs, firstMutation + maxWaitMs - now));
    debounceTimer = setTimeout(schedule, wait);
  }

  function schedule(): void {
    debounceTimer = undefined;
    const ric = (win as (Window & { requestIdleCallback?: Window['requestIdleCallback'] }) | null)?.requestIdleCallback;
    if (ric && win) idleHandle = ric.call(win, run, { timeout: 1000 });
    else run();
  }

  function run(): void {
    idleHandle = undefined;
    if (signal?.aborted) return;
    refresh();
  }

  function refresh(): Outline {
    if (signal?.aborted) return current;
    const key = pageKey(doc);
    const detected = detect(doc);
    const sameArticle = key === currentKey;
    const sections = sameArticle ? matchSections(current.sections, detected.sections) : detected.sections;
    const next: Outline = sections === detected.sections ? detected : Object.assign(detected, { sections });
    currentKey = key;
    if (outlineChanged(current, next)) {
      const previous = current;
      current = next;
      armIdle();
      onChange(next, previous);
    }
    return current;
  }

  function armIdle(): void {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(disarm, idleMs);
  }

  function arm(): void {
    if (signal?.aborted) return;
    if (!armed && observer && doc.documentElement) {
      stillSinceDisarm?.stop();
      observer.observe(doc.documentElement, { childList: true, subtree: true, characterData: true });
      armed = true;
    }
    armIdle();
  }

  function disarm(): void {
    if (armed && observer) {
      // The outline is the page's when no mutation is waiting: from here on, the flag
      // tells whether that still holds. (When one is waiting, it stays set.)
      const waiting = observer.takeRecords().length > 0 || debounceTimer !== undefined || idleHandle !== undefined;
      observer.disconnect();
      if (!waiting && !signal?.aborted) stillSinceDisarm?.reset();
    }
    armed = false;
    clearTimeout(idleTimer);
    idleTimer = undefined;
  }

  function rearm(): void {
    const was = armed;
    // Something may have changed while disconnected: look once, unless nothing has.
    const still = !was && !!stillSinceDisarm && !stillSinceDisarm.changed() && pageKey(doc) === currentKey;
    arm();
    if (!was && !still) onMutations();
  }

  function onNavigate(): void {
    arm();
    onMutations();
  }

  // Re-arming listeners: each does O(1) work when already armed.
  const cheap = (): void => {
    if (!armed) rearm();
  };
  const listeners: [EventTarget | null | undefined, string, () => void][] = [
    [win, 'popstate', onNavigate],
    [win, 'hashchange', onNavigate],
    [win, 'wxt:locationchange', onNavigate],
    [win, 'load', onNavigate],
    [win, 'pageshow', onNavigate],
    [win, 'scroll', cheap],
    [doc, 'click', cheap],
    [doc, 'keydown', cheap],
    [doc, 'visibilitychange', cheap],
  ];
  for (const [target, type, fn] of listeners) {
    target?.addEventListener(type, fn, { passive: true, capture: true });
  }
  const stop = (): void => {
    disarm();
    stillSinceDisarm?.stop();
    clearTimeout(debounceTimer);
    if (idleHandle !== undefined) {
      (win as (Window & { cancelIdleCallback?: (h: number) => void }) | null)?.cancelIdleCallback?.(idleHandle);
    }
    for (const [target, type, fn] of listeners) target?.removeEventListener(type, fn, { capture: true });
  };
  if (signal) {
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  }
  if (!signal?.aborted) arm();

  return {
    get outline() {
      return current;
    },
    get armed() {
      return armed;
    },
    rearm,
    refresh,
    upToDate() {
      if (signal?.aborted) return current;
      const sameUrl = pageKey(doc) === currentKey;
      if (armed) {
        const waiting = debounceTimer !== undefined || idleHandle !== undefined || (observer?.takeRecords().length ?? 0) > 0;
        return !waiting && sameUrl ? current : refresh();
      }
      if (sameUrl && stillSinceDisarm && !stillSinceDisarm.changed()) return current;
      const outline = refresh();
      // Detected from the page as it is now: a still page keeps it from here on.
      stillSinceDisarm?.reset();
      return outline;
    },
  };
}
