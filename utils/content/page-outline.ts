/**
 * The page's outline for the session: detected on first use (never on a page where
 * Gloss is not used), then kept current by a quiet observer; and the page's metadata
 * as it is stored with a highlight.
 */
import { observeOutline, type OutlineObserver } from '../outline';
import type { Outline } from '../outline/types';
import type { StoredSection } from '../store/schema';
import type { PageMeta } from '../store/ops';
import { siteOf } from '../url';

/** The sections as a page record stores them. */
export function storedSections(o: Outline): StoredSection[] {
  return o.sections.map((s) => ({ id: s.id, level: s.level, heading: s.heading }));
}

export function createPageOutline(win: Window & typeof globalThis, signal: AbortSignal) {
  const doc = win.document;
  let observer: OutlineObserver | null = null;
  let detections = 0;

  /**
   * The outline. `fresh` makes sure it matches the page as it is now (popup open, new
   * highlight), re-detecting unless the observer saw nothing change.
   */
  function current(fresh = false): Outline {
    if (!observer) {
      observer = observeOutline(doc, () => {}, { signal, onDetect: () => void detections++ });
      return observer.outline;
    }
    return fresh ? observer.upToDate() : observer.outline;
  }

  return {
    current,
    /** What a page record stores about the page at `url`. */
    meta(url: string): PageMeta {
      const o = current();
      return { url, title: o.title || doc.title, site: siteOf(win.location.href), outline: storedSections(o) };
    },
    /** Work counters for the cost tests. */
    counters: () => ({ outlineDetections: detections, outlineWatching: observer ? observer.armed : null }),
  };
}

export type PageOutline = ReturnType<typeof createPageOutline>;
