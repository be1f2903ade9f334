import { describe as describeRange, anchorAll } from '../anchoring';
import { sectionAt, sectionText, observeOutline, type OutlineObserver } from '../outline';
import type { Outline } from '../outline/types';
import { hashText } from '../hash';
import { sectionInView } from './section-tracker';
import { domChangeFlag, type DomChangeFlag } from '../dom-change';
import { createPainter, hitTest, type Painted } from '../highlight/painter';
import { normalizeUrl, siteOf } from '../url';
import { pageKey, type ColorId, type Highlight, type PageRecord, type StoredSection } from '../store/schema';
import type { PageMeta, PageOp } from '../store/ops';
import type { PageInfo } from '../messaging/protocol';
import { createSaveQueue } from '../messaging/save-queue';
import { createOverlayState, type OverlayState } from './overlay-state';
import { listenToPage } from './page-events';
import { t } from '../i18n';

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
}

interface Entry {
  highlight: Highlight;
  range: Range | null;
}

/** Failures that no retry can fix: this copy of Gloss was replaced (update, reload). */
const GONE = /Extension context invalidated|context invalidated/i;

/**
 * Everything Gloss does in one page: loads its notes (a single storage lookup on a page
 * without notes), anchors and paints highlights, offers the selection toolbar and the
 * highlight card, and answers the popup. All listeners are bound to `env.signal`.
 */
export function createPageSession(env: PageSessionEnv) {
  const { win } = env;
  const doc = win.document;
  const now = env.now ?? Date.now;
  const newId = env.newId ?? (() => win.crypto.randomUUID());

  let url = normalizeUrl(win.location.href);
  let entries = new Map<string, Entry>();
  let painter: ReturnType<typeof createPainter> | undefined;
  let outlineObserver: OutlineObserver | null = null;
  let outlineDetections = 0;
  /** The page's stored record as last seen (load or storage change). */
  let lastRecord: PageRecord | null = null;
  /** The page URL whose stored record `lastRecord` is (null while unknown: loading, failed). */
  let recordKnownFor: string | null = null;
  let loading: Promise<void> = Promise.resolve();
  let orphanRetry: MutationObserver | null = null;
  let orphanRetryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Section text hashes for the popup, valid while the DOM is unchanged (see sectionHashes). */
  let hashed: { outline: Outline; hashes: Map<string, string> } | null = null;
  let hashesKept: DomChangeFlag | null = null;
  const overlay = createOverlayState(env.render, env.signal);
  // Worded now: once this copy of Gloss is stopped (update, reload), browser.i18n is gone
  // with it, and this message is the one that must still show.
  const notSaved = (() => {
    const template = t('overlayNoteNotSaved', '{reason}');
    return (reason: string) => (template ? template.replace('{reason}', reason) : `Not saved yet: ${reason}`);
  })();
  // The rest of what this page's Gloss may have to say once stopped, worded now too.
  const words = {
    stopped: t('overlayStopped'),
    copyAndReload: t('overlayCopyAndReload'),
    deleted: t('journalDeleted'),
    undo: t('journalUndo'),
    changeColour: t('overlayErrChangeColour'),
    saveHighlight: t('overlayErrSaveHighlight'),
    deleteHighlight: t('overlayErrDeleteHighlight'),
    restoreHighlight: t('overlayErrRestoreHighlight'),
  };
  const { state, render, showToast, fail } = overlay;
  let labelsLoaded = false;

  /**
   * Notes and colours go through a save queue: each keystroke is sent (one write in
   * flight per field, the newest text next), a failure shows in the card within a
   * second while the text stays there and is retried.
   */
  const saves = createSaveQueue<PageRecord | null>({
    send: (write) => write(0),
    signal: env.signal,
    stoppedMessage: words.stopped,
    canRetry: (err) => !(err instanceof Error && GONE.test(err.message)),
    onStatus: (key, status) => {
      if (state.view.kind !== 'card' || key !== `note:${state.view.highlight.id}`) {
        if (status.kind === 'error' && !key.startsWith('note:')) fail(words.changeColour, new Error(status.message));
        return;
      }
      state.noteStatus =
        status.kind === 'error'
          ? {
              kind: 'error',
              message: notSaved(status.retrying ? status.message : `${status.message}. ${words.copyAndReload}`),
            }
          : status;
      render();
    },
  });

  function getPainter() {
    if (painter === undefined) {
      painter = createPainter(win);
      // A reloaded or updated Gloss leaves nothing painted behind.
      if (painter) env.signal.addEventListener('abort', () => painter?.dispose(), { once: true });
    }
    return painter;
  }

  /**
   * The outline, detected on first use (never on a page where Gloss is not used) and then
   * kept current by a quiet observer. `fresh` makes sure it matches the page as it is now
   * (popup open, new highlight), re-detecting unless the observer saw nothing change.
   */
  function currentOutline(fresh = false): Outline {
    if (!outlineObserver) {
      outlineObserver = observeOutline(doc, () => {}, { signal: env.signal, onDetect: () => void outlineDetections++ });
      return outlineObserver.outline;
    }
    return fresh ? outlineObserver.upToDate() : outlineObserver.outline;
  }

  function storedSections(o: Outline): StoredSection[] {
    return o.sections.map((s) => ({ id: s.id, level: s.level, heading: s.heading }));
  }

  function meta(): PageMeta {
    const o = currentOutline();
    return { url, title: o.title || doc.title, site: siteOf(win.location.href), outline: storedSections(o) };
  }

  function repaint() {
    const items: Painted[] = [];
    for (const e of entries.values()) if (e.range) items.push({ id: e.highlight.id, color: e.highlight.color, range: e.range });
    getPainter()?.paint(items);
  }

  function anchorMissing(highlights: Highlight[]) {
    if (highlights.length === 0) return;
    const results = anchorAll(
      highlights.map((h) => h.selectors),
      doc.body,
    );
    highlights.forEach((h, i) => {
      const e = entries.get(h.id);
      if (e) e.range = results[i];
    });
  }

  /** Brings local state in line with the stored record (own writes and other tabs'). */
  function reconcile(input: PageRecord | null) {
    // Storage is read directly here, so a record in a format this version does not know
    // (a newer Gloss, a failed update) must not break the page: say so and show nothing.
    let record = input;
    if (record && (!Array.isArray(record.highlights) || typeof record.reflections !== 'object' || !record.reflections)) {
      record = null;
      showToast(t('overlayUnknownFormat'), {
        error: true,
      });
    }
    lastRecord = record;
    // A record this version could not read is not passed on to the popup as "no notes".
    recordKnownFor = record === input ? url : null;
    const next = new Map<string, Entry>();
    const toAnchor: Highlight[] = [];
    for (const h of record?.highlights ?? []) {
      const prev = entries.get(h.id);
      const sameSpot = prev && JSON.stringify(prev.highlight.selectors) === JSON.stringify(h.selectors);
      next.set(h.id, { highlight: h, range: sameSpot ? prev.range : null });
      if (!sameSpot || !prev.range) toAnchor.push(h);
    }
    entries = next;
    if (toAnchor.length) anchorMissing(toAnchor);
    repaint();
    if (state.view.kind === 'card') {
      const e = entries.get(state.view.highlight.id);
      if (!e) state.view = { kind: 'none' };
      else state.view = { ...state.view, highlight: { ...e.highlight, note: state.view.highlight.note } };
      render();
    }
    watchOrphans();
  }

  /** Content that arrives later (lazy articles, "load more") may hold orphans: retry then. */
  function watchOrphans() {
    const orphans = [...entries.values()].filter((e) => !e.range);
    if (orphans.length === 0) {
      orphanRetry?.disconnect();
      orphanRetry = null;
      return;
    }
    if (orphanRetry) return;
    let quietTimer: ReturnType<typeof setTimeout> | undefined;
    env.signal.addEventListener(
      'abort',
      () => {
        clearTimeout(quietTimer);
        clearTimeout(orphanRetryTimer);
      },
      { once: true },
    );
    orphanRetry = new win.MutationObserver(() => {
      clearTimeout(orphanRetryTimer);
      orphanRetryTimer = setTimeout(() => {
        anchorMissing([...entries.values()].filter((e) => !e.range).map((e) => e.highlight));
        repaint();
        if ([...entries.values()].every((e) => e.range)) {
          orphanRetry?.disconnect();
          orphanRetry = null;
        }
      }, 300);
      // Stop watching once the page has been quiet for a while.
      clearTimeout(quietTimer);
      quietTimer = setTimeout(() => {
        orphanRetry?.disconnect();
        orphanRetry = null;
      }, 30000);
    });
    orphanRetry.observe(doc.body, { childList: true, subtree: true, characterData: true });
    env.signal.addEventListener('abort', () => orphanRetry?.disconnect(), { once: true });
  }

  function whenIdle(fn: () => void) {
    const ric = (win as Window & { requestIdleCallback?: Window['requestIdleCallback'] }).requestIdleCallback;
    const run = () => {
      if (!env.signal.aborted) fn();
    };
    if (ric) ric.call(win, run, { timeout: 2000 });
    else setTimeout(run, 200);
  }

  /** Reads the page's notes and paints them; pageInfo waits for the read in progress. */
  function load(): Promise<void> {
    loading = loadRecord();
    return loading;
  }

  async function loadRecord() {
    recordKnownFor = null;
    const readFor = url;
    try {
      const record = await env.getPage(readFor);
      // The reader moved on (SPA navigation) while this read was out: its load runs now.
      if (url !== readFor) return;
      if (record) reconcile(record);
      else if (entries.size) reconcile(null);
      if (!record) {
        lastRecord = null;
        recordKnownFor = url;
      }
      // A page with notes will have its popup opened: detect its outline (and hash the
      // sections that have a reflection) while the page is idle rather than when the
      // reader is waiting. Pages without notes never pay.
      if (lastRecord && (lastRecord.highlights.length || Object.keys(lastRecord.reflections).length)) {
        whenIdle(() => {
          const o = currentOutline();
          if (lastRecord && Object.keys(lastRecord.reflections).length) sectionHashes(o);
        });
      }
    } catch (err) {
      fail(t('overlayErrLoadHighlights'), err);
    }
  }

  async function ensureLabels() {
    if (labelsLoaded) return;
    labelsLoaded = true;
    try {
      state.labels = await env.getColorLabels();
    } catch (err) {
      fail(t('overlayErrLoadColours'), err);
    }
  }

  function selectionRange(): Range | null {
    const sel = win.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    const range = sel.getRangeAt(0);
    if (!range.toString().trim()) return null;
    if (!doc.body.contains(range.commonAncestorContainer)) return null;
    if (env.isOwnUi(range.commonAncestorContainer)) return null;
    return range;
  }

  /** Makes a highlight of the current selection; resolves to it, or null without one. */
  async function highlightSelection(color: ColorId | null, withNote = false): Promise<Highlight | null> {
    const range = selectionRange();
    if (!range) return null;
    const useColor = color ?? state.lastColor;
    state.lastColor = useColor;
    const o = currentOutline(true);
    const sectionId = sectionAt(o, range.startContainer);
    const section = o.sections.find((s) => s.id === sectionId) ?? null;
    const selectors = describeRange(range, doc.body, { sectionId });
    const t = now();
    const highlight: Highlight = {
      id: newId(),
      text: selectors.quote.exact,
      color: useColor,
      note: '',
      selectors,
      sectionId,
      sectionHeading: section ? section.heading : null,
      createdAt: t,
      updatedAt: t,
    };
    const rect = range.getBoundingClientRect();
    entries.set(highlight.id, { highlight, range: range.cloneRange() });
    repaint();
    win.getSelection()?.removeAllRanges();
    state.view = withNote
      ? { kind: 'card', x: rect.left + rect.width / 2, y: rect.bottom + 8, highlight, focusNote: true }
      : { kind: 'none' };
    render();
    try {
      await env.mutate(url, { type: 'addHighlight', meta: meta(), highlight });
      return highlight;
    } catch (err) {
      entries.delete(highlight.id);
      repaint();
      state.view = { kind: 'none' };
      fail(words.saveHighlight, err);
      return null;
    }
  }

  function openCard(id: string, x: number, y: number, focusNote = false) {
    const e = entries.get(id);
    if (!e) return;
    state.view = { kind: 'card', x, y, highlight: e.highlight, focusNote };
    state.noteStatus = saves.unsavedKey(`note:${id}`) ? { kind: 'saving' } : { kind: 'saved' };
    render();
  }

  function updateNote(id: string, note: string) {
    const e = entries.get(id);
    if (!e) return;
    e.highlight = { ...e.highlight, note };
    if (state.view.kind === 'card' && state.view.highlight.id === id) state.view = { ...state.view, highlight: e.highlight, focusNote: false };
    render();
    const at = url;
    saves.save(`note:${id}`, (editedAt) => env.mutate(at, { type: 'updateHighlight', id, patch: { note }, at: editedAt }));
  }

  function setColor(id: string, color: ColorId) {
    const e = entries.get(id);
    if (!e) return;
    e.highlight = { ...e.highlight, color };
    state.lastColor = color;
    if (state.view.kind === 'card') state.view = { ...state.view, highlight: e.highlight, focusNote: false };
    repaint();
    render();
    const at = url;
    saves.save(`color:${id}`, (editedAt) => env.mutate(at, { type: 'updateHighlight', id, patch: { color }, at: editedAt }));
  }

  function remove(id: string) {
    const e = entries.get(id);
    if (!e) return;
    const removed = e.highlight;
    const m = meta();
    entries.delete(id);
    repaint();
    state.view = { kind: 'none' };
    env.mutate(url, { type: 'deleteHighlight', id }).catch((err) => fail(words.deleteHighlight, err));
    showToast(words.deleted, {
      action: {
        label: words.undo,
        run: () => {
          state.toast = null;
          env.mutate(url, { type: 'restoreHighlight', meta: m, highlight: removed }).catch((err) => fail(words.restoreHighlight, err));
        },
      },
    });
  }

  function closeCard() {
    state.view = { kind: 'none' };
    render();
  }

  // This copy stopped (extension updated or reloaded): an open card stays, with its text
  // and, if the note is not stored, the reason, until the reader closes it.
  env.signal.addEventListener(
    'abort',
    () => {
      if (state.view.kind !== 'card') return;
      if (saves.unsavedKey(`note:${state.view.highlight.id}`) || state.noteStatus.kind !== 'saved') {
        state.noteStatus = { kind: 'error', message: notSaved(words.copyAndReload) };
      }
      render();
    },
    { once: true },
  );

  /**
   * Hashes of the current text of the sections that have a reflection (drift is only
   * shown for those); the popup hashes a section itself when a reflection is started.
   */
  function sectionHashes(o: Outline): Record<string, string> {
    // A popup open re-reads and hashes only sections whose text may have changed since
    // the last one: hashes are kept until the first change to the page's DOM.
    if (!hashesKept) {
      const flag = (hashesKept = domChangeFlag(doc.documentElement, win.MutationObserver));
      env.signal.addEventListener('abort', () => flag.stop(), { once: true });
    }
    if (hashesKept.changed() || hashed?.outline !== o) {
      hashed = { outline: o, hashes: new Map() };
      if (!env.signal.aborted) hashesKept.reset();
    }
    const out: Record<string, string> = {};
    const reflected = lastRecord ? lastRecord.reflections : {};
    for (const s of o.sections) {
      if (!reflected[s.id]) continue;
      let hash = hashed.hashes.get(s.id);
      if (hash === undefined) hashed.hashes.set(s.id, (hash = hashText(sectionText(o, s.id, doc))));
      out[s.id] = hash;
    }
    return out;
  }

  async function pageInfo(): Promise<PageInfo> {
    await loading;
    const o = currentOutline(true);
    return {
      url,
      // The notes as this tab last saw them (it follows every change), saving the popup
      // a storage read; absent when not known.
      ...(recordKnownFor === url ? { record: lastRecord } : {}),
      title: o.title || doc.title,
      site: siteOf(win.location.href),
      outline: storedSections(o),
      sectionHashes: sectionHashes(o),
      activeSectionId: sectionInView(o, win),
      orphanIds: [...entries.values()].filter((e) => !e.range).map((e) => e.highlight.id),
      highlightSections: Object.fromEntries(
        [...entries.values()].filter((e) => e.range).map((e) => [e.highlight.id, sectionAt(o, e.range!.startContainer)]),
      ),
    };
  }

  function scrollTo(id: string): boolean {
    const e = entries.get(id);
    if (!e?.range) return false;
    const node = e.range.startContainer;
    const el = node.nodeType === 1 ? (node as Element) : node.parentElement;
    el?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    getPainter()?.flash(e.range);
    return true;
  }

  // --- wiring ---------------------------------------------------------------------------

  const showToolbarSoon = () =>
    setTimeout(() => {
      if (env.signal.aborted) return;
      const range = selectionRange();
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
        state.view = { kind: 'toolbar', x: last.right, y: last.bottom + 8 };
        render();
      });
    }, 0);

  listenToPage(win, { signal: env.signal, isOwnUi: env.isOwnUi }, {
    selectionMayHaveChanged: showToolbarSoon,
    escape: () => {
      if (state.view.kind !== 'none') closeCard();
    },
    click(x, y) {
      const hit = hitTest(
        [...entries.values()].filter((e) => e.range).map((e) => ({ id: e.highlight.id, color: e.highlight.color, range: e.range! })),
        x,
        y,
      );
      if (hit) void ensureLabels().then(() => openCard(hit.id, x, y + 12));
      else if (state.view.kind !== 'none') closeCard();
    },
    // Keyboard: focusing something inside a highlight (a link, or the caret in caret
    // browsing) opens its card too.
    focusIn(target) {
      for (const e of entries.values()) {
        if (e.range && e.range.intersectsNode(target)) {
          const r = (target as Element).getBoundingClientRect?.() ?? e.range.getBoundingClientRect();
          void ensureLabels().then(() => openCard(e.highlight.id, r.left + r.width / 2, r.bottom + 8));
          return;
        }
      }
    },
  });

  /** SPA navigation (wired by the entrypoint to WXT's wxt:locationchange): a new URL is a new page. */
  function onLocationChange() {
    const next = normalizeUrl(win.location.href);
    if (next === url) return;
    url = next;
    entries = new Map();
    repaint();
    state.view = { kind: 'none' };
    render();
    void load();
  }

  return {
    load,
    onLocationChange,
    /** The page key this session stores under. */
    get url() {
      return url;
    },
    storageKey: () => pageKey(url),
    reconcile,
    /** The reader renamed the colours (in the popup or another tab). */
    setLabels(labels: Record<ColorId, string>) {
      state.labels = { ...labels };
      labelsLoaded = true;
      if (state.view.kind !== 'none') render();
    },
    highlightSelection,
    pageInfo,
    sectionText: (id: string) => sectionText(currentOutline(), id, doc),
    /** The outline as it is now (detected on first use). */
    outline: () => currentOutline(),
    scrollTo,
    /** Work counters for the cost tests: outline detections and painted highlights. */
    counters: () => ({
      outlineDetections,
      painted: [...entries.values()].filter((e) => e.range).length,
      outlineWatching: outlineObserver ? outlineObserver.armed : null,
    }),
    /** True while a note or colour typed on this page is not yet stored. */
    unsaved: () => saves.unsaved(),
    /** True while something must stay on screen after this copy stopped (an open card). */
    keepOnScreen: () => state.view.kind === 'card',
    overlayHandlers: {
      onHighlight: (color: ColorId, withNote: boolean) => void highlightSelection(color, withNote),
      onNoteChange: updateNote,
      onColorChange: setColor,
      onDelete: remove,
      onClose: closeCard,
      onDismissToast: overlay.dismissToast,
    },
  };
}

export type PageSession = ReturnType<typeof createPageSession>;
