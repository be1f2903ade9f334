/**
 * Keeps the tab's highlights in line with the page's stored record: reads it once on
 * load (a single storage lookup on a page without notes), and reconciles every stored
 * change (this tab's own writes, other tabs', the popup's, sync). Anchors what is new or
 * moved, repaints, keeps an open card current, and remembers the record as last seen so
 * the popup can be answered without a storage read.
 */
import type { PageRecord } from '../store/schema';
import type { OverlayStateStore } from './overlay-state';
import type { HighlightEntries, Entry } from './highlight-entries';
import type { Painting } from './painting';
import { t } from '../i18n';

export interface RecordSyncEnv {
  entries: HighlightEntries;
  painting: Painting;
  overlay: OverlayStateStore;
  /** Reads the stored record of a page. */
  getPage: (url: string) => Promise<PageRecord | null>;
  /** Told after every reconcile (the orphan watch starts or stops). */
  reconciled: () => void;
  /**
   * True while the orphan watch is looking at the page: an orphan whose selectors did not
   * change is then left to it (it retries when the page changes), instead of being searched
   * for again on every stored change — a failed search is the costliest anchoring there is,
   * and a reflection typed in the popup stores a change per keystroke.
   */
  orphansWatched?: () => boolean;
  /** Told when a load found notes on the page (to prepare the popup's answer while idle). */
  hasNotes: (record: PageRecord) => void;
}

/** A record this version can read: a newer Gloss or a failed update may have written another shape. */
function readable(record: PageRecord): boolean {
  return Array.isArray(record.highlights) && typeof record.reflections === 'object' && !!record.reflections;
}

export function createRecordSync(env: RecordSyncEnv) {
  const { entries, painting, overlay } = env;
  const { state } = overlay;
  /** The page's stored record as last seen (load or storage change). */
  let lastRecord: PageRecord | null = null;
  /** The page URL whose stored record `lastRecord` is (null while unknown: loading, failed). */
  let knownFor: string | null = null;
  let loading: Promise<void> = Promise.resolve();

  /** Brings local state in line with the stored record (own writes and other tabs'). */
  function reconcile(input: PageRecord | null) {
    // Storage is read directly here, so a record in a format this version does not know
    // must not break the page: say so and show nothing.
    let record = input;
    if (record && !readable(record)) {
      record = null;
      overlay.showToast(t('overlayUnknownFormat'), { error: true });
    }
    lastRecord = record;
    // A record this version could not read is not passed on to the popup as "no notes".
    knownFor = record === input ? entries.url : null;
    const next = new Map<string, Entry>();
    const toAnchor = [];
    const watched = env.orphansWatched?.() ?? false;
    for (const h of record?.highlights ?? []) {
      const prev = entries.map.get(h.id);
      const sameSpot = prev && JSON.stringify(prev.highlight.selectors) === JSON.stringify(h.selectors);
      next.set(h.id, { highlight: h, range: sameSpot ? prev.range : null });
      if (!sameSpot || (!prev.range && !watched)) toAnchor.push(h);
    }
    entries.map = next;
    painting.anchor(toAnchor);
    painting.repaint();
    if (state.view.kind === 'card') {
      const e = entries.map.get(state.view.highlight.id);
      // The note being typed stays as typed; everything else follows the stored record.
      if (!e) state.view = { kind: 'none' };
      else state.view = { ...state.view, highlight: { ...e.highlight, note: state.view.highlight.note } };
      overlay.render();
    }
    env.reconciled();
  }

  async function read() {
    knownFor = null;
    const readFor = entries.url;
    try {
      const record = await env.getPage(readFor);
      // The reader moved on (SPA navigation) while this read was out: its load runs now.
      if (entries.url !== readFor) return;
      if (record) reconcile(record);
      else if (entries.map.size) reconcile(null);
      if (!record) {
        lastRecord = null;
        knownFor = entries.url;
      }
      if (lastRecord && (lastRecord.highlights.length || Object.keys(lastRecord.reflections).length)) env.hasNotes(lastRecord);
    } catch (err) {
      overlay.fail(t('overlayErrLoadHighlights'), err);
    }
  }

  return {
    /** Reads the page's notes and paints them; `loaded()` waits for the read in progress. */
    load(): Promise<void> {
      loading = read();
      return loading;
    },
    reconcile,
    loaded: () => loading,
    /** The stored record as last seen, or null (none stored, or not readable). */
    record: () => lastRecord,
    /** True when `record()` is known to be the stored record of the current page. */
    known: () => knownFor === entries.url,
  };
}

export type RecordSync = ReturnType<typeof createRecordSync>;
