import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { createSaveQueue } from '@/utils/messaging/save-queue';
import { t } from '@/utils/i18n';
import { browser } from 'wxt/browser';
import { backgroundMessenger, contentMessenger, sendPageOp } from '@/utils/messaging/protocol';
import { siteOf } from '@/utils/url';
import { pageKey, type ColorId, type Highlight, type PageRecord } from '@/utils/store/schema';
import { EMPTY, statusErrors, type ExportFormat, type LoadedJournal, type PageJournalState } from './load-page-journal';

export type { ExportFormat, LoadedJournal, PageJournalState } from './load-page-journal';
import type { PageMeta, PageOp } from '@/utils/store/ops';
import { loadMarkdownSink } from '@/utils/markdown-sink-loader';
import { hashText } from '@/utils/hash';
import { loadExportCode } from '@/utils/export/load-export-code';
import type { PopupExportApi } from '@/utils/export/page-export-api';
import { isStored, prunePending, withPending, PENDING_MAX_MS, type PendingOp } from '@/utils/store/pending-ops';
import type { PageChangeFeed } from './page-change-feed';

const SECTION_TEXT_CAP = 4000;

/** What the journal hook does in the browser; injectable for tests. */
export interface JournalEnv {
  /** Sends one change to the single writer; resolves to the stored record. */
  sendOp: (url: string, op: PageOp) => Promise<PageRecord | null>;
  sectionText: (tabId: number, sectionId: string) => Promise<string>;
  /** Scrolls the tab to a highlight and flashes it; false when it is not on the page. */
  scrollToHighlight: (tabId: number, id: string) => Promise<boolean>;
  /** Scrolls the tab to a section; false when it is not on the page. */
  scrollToSection: (tabId: number, sectionId: string) => Promise<boolean>;
  activateTab: (tabId: number) => Promise<unknown>;
  setColorLabels: (labels: Record<ColorId, string>) => Promise<void>;
  openLibrary: () => Promise<unknown>;
  extensionVersion: () => string;
  /** The export code, loaded on the first export (see utils/export/load-export-code.ts). */
  loadExportCode: () => Promise<PopupExportApi>;
}

export function browserJournalEnv(): JournalEnv {
  return {
    sendOp: sendPageOp,
    sectionText: (tabId, sectionId) => contentMessenger.sendMessage('getSectionText', { sectionId }, tabId),
    scrollToHighlight: (tabId, id) => contentMessenger.sendMessage('scrollToHighlight', { id }, tabId),
    scrollToSection: (tabId, sectionId) => contentMessenger.sendMessage('scrollToSection', { sectionId }, tabId),
    activateTab: (tabId) => browser.tabs.update(tabId, { active: true }),
    setColorLabels: (labels) => backgroundMessenger.sendMessage('setColorLabels', { labels }),
    openLibrary: () => browser.tabs.create({ url: browser.runtime.getURL('/library.html') }),
    extensionVersion: () => browser.runtime.getManifest().version,
    loadExportCode: () => loadExportCode(),
  };
}

/**
 * The journal's one bridge to the browser (popup and side panel): takes the loaded data,
 * keeps the page's stored notes live, and sends every change to the background writer.
 * Components get the state and these callbacks as props.
 */
export function usePageJournal(initial: Promise<LoadedJournal>, env: JournalEnv = defaultEnv(), pageChanges: PageChangeFeed | null = null) {
  const [state, setState] = useState<PageJournalState>(() => ({ ...EMPTY }));
  const patch = (p: Partial<PageJournalState>) => setState((s) => ({ ...s, ...p }));

  // The side panel: changes the page made to its highlights, posted on the follow port as
  // they go to the writer, are shown over the stored record until storage shows them
  // (utils/store/pending-ops.ts). Every stored record shown goes through showStored.
  const stored = useRef<{ url: string | null; record: PageRecord | null }>({ url: null, record: null });
  const pending = useRef<readonly PendingOp[]>([]);
  const showStored = (record: PageRecord | null): PageRecord | null => {
    stored.current.record = record;
    if (pending.current.length === 0) return record;
    const now = Date.now();
    pending.current = prunePending(pending.current, record, now);
    return withPending(record, pending.current, now);
  };
  const setStored = (record: PageRecord | null) => patch({ record: showStored(record) });
  useLayoutEffect(() => {
    if (!pageChanges) return;
    let expiry: ReturnType<typeof setTimeout> | undefined;
    const reshow = () => {
      const now = Date.now();
      pending.current = prunePending(pending.current, stored.current.record, now);
      patch({ record: withPending(stored.current.record, pending.current, now) });
      clearTimeout(expiry);
      // A change storage never shows (its failure lost on the way) is dropped in time.
      if (pending.current.length) expiry = setTimeout(reshow, PENDING_MAX_MS);
    };
    const off = pageChanges.subscribe((m) => {
      if (m.type === 'op') {
        if (m.url !== stored.current.url || isStored(stored.current.record, m.op)) return;
        pending.current = [...pending.current, { key: m.key, op: m.op, receivedAt: Date.now() }];
      } else {
        if (!pending.current.some((p) => p.key === m.key)) return;
        pending.current = pending.current.filter((p) => p.key !== m.key);
      }
      reshow();
    });
    return () => {
      off();
      clearTimeout(expiry);
    };
  }, [pageChanges]);
  const report = useCallback((what: string, err: unknown) => {
    const msg = t('journalErrorBecause', what, err instanceof Error ? err.message : String(err));
    setState((s) => ({ ...s, errors: [...s.errors.filter((e) => e !== msg), msg] }));
  }, []);

  // Reflections: every keystroke goes through a save queue (one write in flight per
  // section, the newest text next, each with its edit time). Text not yet stored is laid
  // over the record shown, so a stored change never puts older text back under the
  // reader's cursor; a failure is shown at once (role=alert) while the text stays and is
  // retried.
  const unsaved = useRef(new Map<string, string>());
  const shownError = useRef(new Map<string, string>());
  const withUnsaved = (record: PageRecord | null): PageRecord | null => {
    if (!record || unsaved.current.size === 0) return record;
    const reflections = { ...record.reflections };
    for (const [id, text] of unsaved.current) if (reflections[id]) reflections[id] = { ...reflections[id], text };
    return { ...record, reflections };
  };
  const saves = useMemo(
    () =>
      createSaveQueue<PageRecord | null>({
        send: (write) => write(0),
        onStatus: (key, status) => {
          const before = shownError.current.get(key);
          const msg = status.kind === 'error' ? t('journalNotSaved', t('journalErrSaveReflection', status.message)) : null;
          if (msg) shownError.current.set(key, msg);
          else if (status.kind === 'saved') shownError.current.delete(key);
          else return;
          setState((s) => ({ ...s, errors: [...s.errors.filter((e) => e !== before && e !== msg), ...(msg ? [msg] : [])] }));
        },
      }),
    [],
  );

  // A layout effect: the data (usually in hand by now) is applied right after the first
  // commit instead of after Preact's after-paint timer.
  useLayoutEffect(() => {
    let stop = () => {};
    let live = true;
    initial
      .then((loaded) => {
        if (!live) return;
        const { migrationError, lateStatus, changes, ...view } = loaded;
        stored.current.url = migrationError ? null : view.url;
        const record = showStored(view.record);
        setState((s) => ({ ...view, record, errors: [...view.errors, ...s.errors] }));
        stop = () => changes?.stop();
        // After a failed migration nothing is read or written (see loadPageJournal).
        if (view.url && !migrationError)
          changes?.follow(pageKey(view.url), (next) => setStored(withUnsaved((next as PageRecord | undefined) ?? null)));
        else stop();
        void lateStatus?.then((status) => {
          if (!live) return;
          const errors = statusErrors(status);
          if (errors.length) setState((s) => ({ ...s, errors: [...s.errors.filter((e) => !errors.includes(e)), ...errors] }));
          if (status.migrationError) {
            // Cannot happen while the stored version matches, but if the writer says so, it wins.
            stop();
            stored.current = { url: null, record: null };
            pending.current = [];
            setState((s) => ({ ...s, record: null }));
          }
        });
      })
      .catch((err) => {
        patch({ loading: false });
        report(t('journalErrOpenNotes'), err);
      });
    return () => {
      live = false;
      stop();
    };
  }, [initial]);

  const meta = (): PageMeta => ({
    url: state.url!,
    title: state.info?.title ?? state.record?.title ?? '',
    site: state.info?.site ?? (state.url ? siteOf(state.url) : ''),
    outline: state.info?.outline ?? state.record?.outline ?? null,
  });

  const mutate = (op: PageOp, what: string) => {
    if (!state.url) return Promise.resolve();
    return env
      .sendOp(state.url, op)
      .then((record) => setStored(record))
      .catch((err) => report(what, err));
  };

  const sectionTexts = useMemo(() => new Map<string, string>(), [state.tabId]);
  /** The section's text hash as the content script computes it, or from the text fetched on edit. */
  const sectionHashOf = (sectionId: string): string | null => {
    const text = sectionTexts.get(sectionId);
    return state.info?.sectionHashes[sectionId] ?? (text != null ? hashText(text) : null);
  };

  return {
    state,
    /** Fetches (once) the section's current text, remembered for drift comparison. */
    loadSectionText: async (sectionId: string): Promise<string | null> => {
      if (sectionTexts.has(sectionId)) return sectionTexts.get(sectionId)!;
      if (state.tabId == null || !state.info) return null;
      try {
        const text = await env.sectionText(state.tabId, sectionId);
        sectionTexts.set(sectionId, text);
        return text;
      } catch (err) {
        report(t('journalErrReadSection'), err);
        return null;
      }
    },
    /** Saves a reflection now: each keystroke is sent at once, so closing the popup loses nothing. */
    saveReflection: (sectionId: string, heading: string | null, text: string) => {
      const url = state.url;
      if (!url) return Promise.resolve();
      const op = {
        type: 'setReflection' as const,
        meta: meta(),
        sectionId,
        heading,
        text,
        sectionHash: sectionHashOf(sectionId),
        sectionText: sectionTexts.get(sectionId)?.slice(0, SECTION_TEXT_CAP) ?? null,
      };
      unsaved.current.set(sectionId, text);
      saves.save(`reflection:${sectionId}`, (at) =>
        env.sendOp(url, { ...op, at }).then((record) => {
          if (unsaved.current.get(sectionId) === text) unsaved.current.delete(sectionId);
          setStored(withUnsaved(record));
          return record;
        }),
      );
      return Promise.resolve();
    },
    updateHighlight: (id: string, p: { note?: string; color?: ColorId }) =>
      mutate({ type: 'updateHighlight', id, patch: p }, t('journalErrUpdateHighlight')),
    deleteHighlight: (id: string) => mutate({ type: 'deleteHighlight', id }, t('journalErrDeleteHighlight')),
    restoreHighlight: (h: Highlight) => mutate({ type: 'restoreHighlight', meta: meta(), highlight: h }, t('journalErrRestoreHighlight')),
    scrollTo: async (id: string) => {
      if (state.tabId == null) return;
      try {
        const found = await env.scrollToHighlight(state.tabId, id);
        if (!found) report(t('journalErrShowHighlight'), new Error(t('journalErrNotOnPage')));
        else await env.activateTab(state.tabId);
      } catch (err) {
        report(t('journalErrShowHighlight'), err);
      }
    },
    /** Scrolls the page to a section (a click on its heading). */
    goToSection: async (sectionId: string) => {
      if (state.tabId == null || !state.info) return;
      try {
        if (!(await env.scrollToSection(state.tabId, sectionId))) report(t('journalErrShowSection'), new Error(t('journalErrNotOnPage')));
      } catch (err) {
        report(t('journalErrShowSection'), err);
      }
    },
    /** Downloads this page's notes in one of the export formats. */
    exportPage: async (format: ExportFormat) => {
      const page = state.record;
      if (!page) return;
      try {
        // Export code loads on demand, keeping the popup's first render small.
        const { buildExport, downloadFile } = await env.loadExportCode();
        const file = buildExport(format, [page], {
          scope: 'page',
          extensionVersion: env.extensionVersion(),
          colorLabels: state.labels,
          renderMarkdown: (await loadMarkdownSink()).html,
        });
        downloadFile(file.filename, file.content, file.mime);
      } catch (err) {
        report(t('journalErrExport'), err);
      }
    },
    /** Sets the page's tags (exported in Markdown front matter). */
    setTags: (tags: string[]) => mutate({ type: 'setTags', meta: meta(), tags }, t('journalErrSaveTags')),
    /** Renames a colour everywhere (toolbar, card, popup, exports). */
    renameColor: (color: ColorId, label: string) => {
      const labels = { ...state.labels, [color]: label };
      patch({ labels });
      env.setColorLabels(labels).catch((err) => report(t('journalErrRenameColour'), err));
    },
    openLibrary: () => env.openLibrary().catch((err) => report(t('journalErrOpenLibrary'), err)),
    dismissError: (msg: string) => setState((s) => ({ ...s, errors: s.errors.filter((e) => e !== msg) })),
  };
}

let sharedEnv: JournalEnv | null = null;
const defaultEnv = () => (sharedEnv ??= browserJournalEnv());

export type PageJournal = ReturnType<typeof usePageJournal>;

