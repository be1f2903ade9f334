/**
 * Everything Gloss does in one page, composed from the modules beside this one:
 *
 * - highlight-entries: the page's highlights and their ranges (shared state);
 * - record-sync: loads the stored record and reconciles every stored change;
 * - painting + orphan-watch: anchors and paints, retries orphans as content arrives;
 * - overlay-state: toolbar, card and toast state;
 * - note-saves + highlight-edits: what the reader changes, sent to the single writer;
 * - page-answers: what the popup and side panel ask of the tab;
 * - page-wiring (over page-events): selection, clicks, focus, Escape, SPA navigation.
 *
 * A page without notes costs one storage lookup. Every listener, observer and timer is
 * bound to `env.signal`.
 */
import { normalizeUrl } from '../url';
import { pageKey, type ColorId, type PageRecord } from '../store/schema';
import type { PageOp } from '../store/ops';
import type { Painter } from '../highlight/painter';
import { createOverlayState, type OverlayState } from './overlay-state';
import { selectionRange } from './page-events';
import { createHighlightEntries } from './highlight-entries';
import { createPainting } from './painting';
import { createOrphanWatch } from './orphan-watch';
import { createPageOutline } from './page-outline';
import { createRecordSync } from './record-sync';
import { sessionWords } from './session-words';
import { createNoteSaves } from './note-saves';
import { createHighlightEdits } from './highlight-edits';
import { createPageAnswers } from './page-answers';
import { wirePage } from './page-wiring';
import { whenIdle } from './session-timers';

export type { OverlayState } from './overlay-state';

/** What a page session needs from its surroundings; injected so tests can run it. */
export interface PageSessionEnv {
  win: Window & typeof globalThis;
  /** Reads the stored record of a page (one storage lookup). */
  getPage: (url: string) => Promise<PageRecord | null>;
  getColorLabels: () => Promise<Record<ColorId, string>>;
  /** Sends a change to the single writer. */
  mutate: (url: string, op: PageOp) => Promise<PageRecord | null>;
  /** Draws the overlay (toolbar, card, toast). */
  render: (state: OverlayState) => void;
  /** True when an event target is inside Gloss's own UI. */
  isOwnUi: (target: EventTarget | null) => boolean;
  signal: AbortSignal;
  now?: () => number;
  newId?: () => string;
  /** Makes the highlight painter; injected by tests (happy-dom has no Highlight API). */
  makePainter?: (win: Window & typeof globalThis) => Painter | null;
  /** Delay before note-save retry n; the save queue's default when absent. */
  retryDelay?: (attempt: number) => number;
}

/** Starts Gloss in a page; see the module comment for its parts. */
export function createPageSession(env: PageSessionEnv) {
  const { win, signal } = env;
  const entries = createHighlightEntries(normalizeUrl(win.location.href));
  const overlay = createOverlayState(env.render, signal);
  const words = sessionWords();
  const outline = createPageOutline(win, signal);
  const painting = createPainting({ win, entries, signal, makePainter: env.makePainter });
  const orphans = createOrphanWatch({
    win,
    entries,
    signal,
    retry: () => {
      painting.anchor(entries.orphans());
      painting.repaint();
    },
  });
  const records = createRecordSync({
    entries,
    painting,
    overlay,
    getPage: env.getPage,
    reconciled: () => {
      orphans.update();
      // The notes changed (this tab, the popup, another tab): the answer is worked out again while idle.
      answers.prepareSoon();
    },
    orphansWatched: () => orphans.watching,
    // A page with notes will have its popup opened: prepare its answer while idle.
    hasNotes: () => answers.prepareSoon(),
  });
  const answers = createPageAnswers({ win, entries, outline, records, painting, signal, idle: (fn) => whenIdle(win, fn, signal) });
  const saves = createNoteSaves({ overlay, words, signal, retryDelay: env.retryDelay });
  const selection = () => selectionRange(win, env.isOwnUi);
  const edits = createHighlightEdits({
    win,
    entries,
    painting,
    outline,
    overlay,
    saves,
    words,
    mutate: env.mutate,
    selection,
    now: env.now ?? Date.now,
    newId: env.newId ?? (() => win.crypto.randomUUID()),
  });
  const wiring = wirePage({
    win,
    entries,
    painting,
    overlay,
    edits,
    selection,
    getColorLabels: env.getColorLabels,
    isOwnUi: env.isOwnUi,
    load: () => records.load(),
    signal,
  });

  return {
    /** Reads the page's notes and paints them. */
    load: () => records.load(),
    onLocationChange: wiring.onLocationChange,
    /** The page key this session stores under. */
    get url() {
      return entries.url;
    },
    storageKey: () => pageKey(entries.url),
    reconcile: records.reconcile,
    setLabels: wiring.setLabels,
    highlightSelection: edits.highlightSelection,
    pageInfo: answers.pageInfo,
    sectionText: answers.sectionText,
    /** The outline as it is now (detected on first use). */
    outline: () => outline.current(),
    scrollTo: answers.scrollTo,
    /** Work counters for the cost tests: outline detections, painted highlights, the popup's answers. */
    counters: () => ({ ...outline.counters(), painted: entries.painted().length, pageInfo: answers.counters() }),
    /** True while a note or colour typed on this page is not yet stored. */
    unsaved: () => saves.unsaved(),
    /** True while something must stay on screen after this copy stopped (an open card). */
    keepOnScreen: () => overlay.state.view.kind === 'card',
    overlayHandlers: {
      onHighlight: (color: ColorId, withNote: boolean) => void edits.highlightSelection(color, withNote),
      onNoteChange: edits.updateNote,
      onColorChange: edits.setColor,
      onDelete: edits.remove,
      onClose: edits.closeCard,
      onDismissToast: overlay.dismissToast,
    },
  };
}

export type PageSession = ReturnType<typeof createPageSession>;
