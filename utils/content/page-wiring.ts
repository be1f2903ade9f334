/**
 * The page's events turned into Gloss's reactions: a finished selection shows the
 * toolbar, a click or keyboard focus on a painted highlight opens its card, Escape or a
 * click elsewhere closes it, and a new URL (SPA navigation) starts the page over. The
 * colour names shown in the toolbar and card are read on first use. Listeners and
 * timers end with the session's signal (see page-events.ts for which events count).
 */
import { hitTest } from '../highlight/painter';
import { normalizeUrl } from '../url';
import type { ColorId } from '../store/schema';
import { t } from '../i18n';
import { listenToPage } from './page-events';
import type { OverlayStateStore } from './overlay-state';
import type { HighlightEntries } from './highlight-entries';
import type { Painting } from './painting';
import type { HighlightEdits } from './highlight-edits';
import { sessionTimer } from './session-timers';

export interface PageWiringEnv {
  win: Window & typeof globalThis;
  entries: HighlightEntries;
  painting: Painting;
  overlay: OverlayStateStore;
  edits: HighlightEdits;
  /** The reader's selection in the page, or null. */
  selection: () => Range | null;
  getColorLabels: () => Promise<Record<ColorId, string>>;
  isOwnUi: (target: EventTarget | null) => boolean;
  /** Reads the notes of the page at the (new) URL. */
  load: () => Promise<void>;
  signal: AbortSignal;
}

export function wirePage(env: PageWiringEnv) {
  const { win, entries, overlay, edits } = env;
  const { state, render } = overlay;
  let labelsLoaded = false;

  async function ensureLabels() {
    if (labelsLoaded) return;
    labelsLoaded = true;
    try {
      state.labels = await env.getColorLabels();
    } catch (err) {
      overlay.fail(t('overlayErrLoadColours'), err);
    }
  }

  // After the event, once the browser has settled the selection.
  const toolbar = sessionTimer(() => {
    const range = env.selection();
    if (!range) {
      if (state.view.kind === 'toolbar') {
        state.view = { kind: 'none' };
        render();
      }
      return;
    }
    const rects = range.getClientRects();
    const last = rects[rects.length - 1] ?? range.getBoundingClientRect();
    void ensureLabels().then(() => {
      if (env.signal.aborted) return;
      state.view = { kind: 'toolbar', x: last.right, y: last.bottom + 8 };
      render();
    });
  }, env.signal);

  listenToPage(win, { signal: env.signal, isOwnUi: env.isOwnUi }, {
    selectionMayHaveChanged: () => toolbar.start(0),
    escape: () => {
      if (state.view.kind !== 'none') edits.closeCard();
    },
    click(x, y) {
      const hit = hitTest(entries.painted(), x, y);
      if (hit) void ensureLabels().then(() => edits.openCard(hit.id, x, y + 12));
      else if (state.view.kind !== 'none') edits.closeCard();
    },
    // Keyboard: focusing something inside a highlight (a link, or the caret in caret
    // browsing) opens its card too.
    focusIn(target) {
      for (const e of entries.map.values()) {
        if (e.range && e.range.intersectsNode(target)) {
          const r = (target as Element).getBoundingClientRect?.() ?? e.range.getBoundingClientRect();
          void ensureLabels().then(() => edits.openCard(e.highlight.id, r.left + r.width / 2, r.bottom + 8));
          return;
        }
      }
    },
  });

  return {
    /** SPA navigation (wired by the entrypoint to WXT's wxt:locationchange): a new URL is a new page. */
    onLocationChange() {
      const next = normalizeUrl(win.location.href);
      if (next === entries.url) return;
      entries.url = next;
      entries.map = new Map();
      env.painting.repaint();
      state.view = { kind: 'none' };
      render();
      void env.load();
    },
    /** The reader renamed the colours (in the popup or another tab). */
    setLabels(labels: Record<ColorId, string>) {
      state.labels = { ...labels };
      labelsLoaded = true;
      if (state.view.kind !== 'none') render();
    },
  };
}
