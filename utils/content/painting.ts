/**
 * What the reader sees of the page's highlights: anchors stored highlights to ranges,
 * paints the anchored ones (CSS Custom Highlight API, created on first use so a page
 * without notes gets no stylesheet) and flashes one after a scroll. When the session's
 * signal aborts (extension reloaded or updated), the painted highlights and the adopted
 * stylesheet go with it.
 */
import { anchorAll } from '../anchoring';
import { createPainter, type Painter } from '../highlight/painter';
import type { Highlight } from '../store/schema';
import type { HighlightEntries } from './highlight-entries';

export interface PaintingEnv {
  win: Window & typeof globalThis;
  entries: HighlightEntries;
  signal: AbortSignal;
  /** Makes the painter (null where the Highlight API is missing); injected by tests. */
  makePainter?: (win: Window & typeof globalThis) => Painter | null;
}

export function createPainting(env: PaintingEnv) {
  const { win, entries, signal } = env;
  const makePainter = env.makePainter ?? createPainter;
  let painter: Painter | null | undefined;

  function getPainter(): Painter | null {
    // A stopped copy paints nothing: what it had painted was disposed with it.
    if (signal.aborted) return null;
    if (painter === undefined) {
      painter = makePainter(win);
      if (painter) signal.addEventListener('abort', () => painter?.dispose(), { once: true });
    }
    return painter;
  }

  return {
    /** Paints what `entries` holds now (anchored highlights only). */
    repaint() {
      // No painter yet and nothing to paint: a page without notes stays untouched.
      const items = entries.painted();
      if (painter === undefined && items.length === 0) return;
      getPainter()?.paint(items);
    },
    /** Anchors `highlights` on the page and records each range (null when not found). */
    anchor(highlights: Highlight[]) {
      if (highlights.length === 0) return;
      const results = anchorAll(
        highlights.map((h) => h.selectors),
        win.document.body,
      );
      highlights.forEach((h, i) => {
        const e = entries.map.get(h.id);
        if (e) e.range = results[i];
      });
    },
    /** Briefly emphasises `range` (after scrolling to it). */
    flash(range: Range) {
      getPainter()?.flash(range);
    },
  };
}

export type Painting = ReturnType<typeof createPainting>;
