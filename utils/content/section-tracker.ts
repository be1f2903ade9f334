import type { Outline } from '../outline/types';
import type { FollowMessage, FollowPort } from '../messaging/follow';

/**
 * The section being read: the last one whose heading has scrolled to (or above) the
 * reading line near the top of the view; the first section before any heading. Headings
 * are in document order, so their tops grow down the page: a binary search reads about
 * log2(n) bounding boxes instead of n.
 */
export function sectionInView(outline: Outline, win: Window = window): string | null {
  const sections = outline.sections;
  if (sections.length === 0) return null;
  const line = Math.min(win.innerHeight * 0.3, 160);
  const headed: number[] = [];
  for (let i = 0; i < sections.length; i++) if (sections[i].headingElement) headed.push(i);
  let lo = 0;
  let hi = headed.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sections[headed[mid]].headingElement!.getBoundingClientRect().top <= line) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0 ? sections[0].id : sections[headed[found]].id;
}

export interface SectionTrackerEnv {
  win: Window & typeof globalThis;
  /** The page's outline as it is now (detected on first use). */
  outline: () => Outline;
  /** The page's URL as stored (normalised). */
  url: () => string;
  signal: AbortSignal;
}

/**
 * Follows the section in view for the side panels connected to this tab. With no panel
 * connected it holds no listener, observer or timer and sends nothing; while one is, a
 * passive scroll listener reads the section at most once per animation frame and posts
 * it when it changes.
 */
export function createSectionTracker(env: SectionTrackerEnv) {
  const { win } = env;
  const ports = new Set<FollowPort>();
  let stop: AbortController | null = null;
  let last: string | null | undefined;
  let frame = 0;
  /** Time spent reading the section per frame, for the benchmark (ms). */
  const costs: number[] = [];
  // This copy of Gloss stopped (reload, update): listeners and a pending frame go with it.
  env.signal.addEventListener('abort', () => end(), { once: true });

  const post = (m: FollowMessage) => {
    for (const p of ports) {
      try {
        p.postMessage(m);
      } catch {
        // A port whose panel went away: its disconnect listener removes it.
      }
    }
  };

  function check() {
    frame = 0;
    const t0 = win.performance.now();
    const id = sectionInView(env.outline(), win);
    costs.push(win.performance.now() - t0);
    if (costs.length > 1000) costs.shift();
    if (id !== last) {
      last = id;
      post({ type: 'section', sectionId: id });
    }
  }

  const onScroll = () => {
    if (!frame) frame = win.requestAnimationFrame(check);
  };

  function start() {
    stop = new AbortController();
    const signal = AbortSignal.any ? AbortSignal.any([stop.signal, env.signal]) : stop.signal;
    // Capture: scrolling containers (not only the window) move headings too.
    win.addEventListener('scroll', onScroll, { passive: true, capture: true, signal });
    win.addEventListener('resize', onScroll, { passive: true, signal });
  }

  function end() {
    stop?.abort();
    stop = null;
    if (frame) win.cancelAnimationFrame(frame);
    frame = 0;
    last = undefined;
  }

  return {
    /** A panel connected: starts tracking (if it is the first) and tells it the section now. */
    attach(port: FollowPort) {
      ports.add(port);
      port.onDisconnect.addListener(() => {
        ports.delete(port);
        if (ports.size === 0) end();
      });
      if (!stop) start();
      const id = sectionInView(env.outline(), win);
      last = id;
      port.postMessage({ type: 'section', sectionId: id });
    },
    /** Posts `message` to every connected panel; with none connected, does nothing. */
    post(message: FollowMessage) {
      if (ports.size > 0) post(message);
    },
    /** The page's URL changed in place: connected panels load the new page's journal. */
    locationChanged() {
      if (ports.size === 0) return;
      last = undefined;
      post({ type: 'location', url: env.url() });
    },
    /** Whether anything is being tracked (no panel: false). */
    get active() {
      return stop !== null;
    },
    /** Work done so far, for the diagnostics (benchmark, cost tests). */
    stats() {
      const sorted = [...costs].sort((a, b) => a - b);
      return {
        active: stop !== null,
        frames: costs.length,
        medianMs: sorted.length ? sorted[sorted.length >> 1] : null,
        maxMs: sorted.length ? sorted[sorted.length - 1] : null,
      };
    },
  };
}

export type SectionTracker = ReturnType<typeof createSectionTracker>;

/**
 * Scrolls the page to a section: its heading at the top of the view, or the top of the
 * page for the untitled introduction. Returns false when the outline has no such section.
 */
export function scrollToSection(outline: Outline, sectionId: string, win: Window = window): boolean {
  const s = outline.sections.find((x) => x.id === sectionId);
  if (!s) return false;
  if (s.headingElement) s.headingElement.scrollIntoView({ block: 'start', behavior: 'smooth' });
  else win.scrollTo({ top: 0, behavior: 'smooth' });
  return true;
}
