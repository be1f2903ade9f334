import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { browser } from 'wxt/browser';
import { createStore, type Store } from '@/utils/store/storage';
import { onStoredChanges, type StoredChanges } from '@/utils/store/watch';
import { backgroundMessenger, type BackgroundProtocol, type BackgroundStatus } from '@/utils/messaging/protocol';
import { planImport, type ImportSummary } from '@/utils/store/library';
import { DEFAULT_COLOR_LABELS, isPageKey, pageKey, type ColorId, type PageRecord } from '@/utils/store/schema';
import type { PageOp } from '@/utils/store/ops';
import { parseImport } from '@/utils/import';
import { exportLibrary, type ExportFormat } from '@/utils/library/export';
import { readSummaryCache, writeSummaryCache } from '@/utils/library/cache';
import { rowFromSummary, summarizePage, type PageSummary } from '@/utils/library/view';
import { PAGE_INDEX_KEY, summaryKey, type StoredSummary } from '@/utils/store/summary';

export interface LibraryState {
  /** False until the first read of storage finished (successfully or not). */
  loaded: boolean;
  /** Rows from the summary cache, shown until the records are loaded; null without a cache. */
  cachedRows: PageSummary[] | null;
  /** Stored pages keyed by storage key ("page:<url>"). */
  pages: ReadonlyMap<string, PageRecord>;
  colorLabels: Record<ColorId, string>;
  /** Bytes used by Gloss's storage, null when unknown. */
  bytesInUse: number | null;
  /** Why the library could not be read, or what the background reports (failed migration, failed write). */
  problems: string[];
}

export interface ImportPreview {
  /** Format detected by the parser (e.g. "gloss-json", "web-annotation"). */
  format: string;
  pageCount: number;
  summary: ImportSummary;
}

export interface LibraryActions {
  /** Deletes the page's notes; resolves with the removed record so it can be restored. */
  deletePage(url: string): Promise<PageRecord>;
  /** Puts a deleted record back (undo). */
  restorePage(page: PageRecord): Promise<void>;
  /** Parses an export file and compares it with the library; nothing is written. Rejects with a clear Error. */
  previewImport(text: string): Promise<ImportPreview>;
  /** Sends the file to the background, which parses and merges it in one write. */
  confirmImport(text: string): Promise<ImportSummary>;
  /** Builds and downloads the whole library in `format`. Resolves with the file name. */
  exportAll(format: ExportFormat): Promise<string>;
  /** Applies one change to a page's notes (a note, a reflection edited in the details). Rejects with the writer's reason. */
  editPage(url: string, op: PageOp): Promise<void>;
}

type Send = <K extends keyof BackgroundProtocol>(
  type: K,
  data: Parameters<BackgroundProtocol[K]>[0],
) => Promise<Awaited<ReturnType<BackgroundProtocol[K]>>>;

/** What the library page needs from the browser; every part is injectable for tests. */
export interface LibraryEnv {
  store: Store;
  send: Send;
  extensionVersion: string;
  /** Saves a generated file (defaults to utils/export's downloadFile). */
  download?: (filename: string, content: string | Uint8Array, mime: string) => void;
  /** Where the list summary is cached between visits (see utils/library/cache.ts); null for none. */
  cache: Pick<Storage, 'getItem' | 'setItem'> | null;
}

/** The real browser environment of the library page. */
export function browserLibraryEnv(): LibraryEnv {
  return {
    store: createStore(browser.storage.local),
    send: (type, data) => backgroundMessenger.sendMessage(type, data),
    extensionVersion: browser.runtime.getManifest().version,
    cache: globalThis.localStorage ?? null,
  };
}

/** The stored library summaries as list rows (no records yet), or null without an index. */
async function readStoredSummaries(store: Store): Promise<PageSummary[] | null> {
  const got = await store.area.get(PAGE_INDEX_KEY);
  const index = got[PAGE_INDEX_KEY];
  if (!Array.isArray(index) || index.length === 0) return null;
  const sums = await store.area.get((index as string[]).map(summaryKey));
  return Object.values(sums)
    .filter((x): x is StoredSummary => !!x && typeof (x as StoredSummary).url === 'string')
    .map((x) => rowFromSummary(x, null));
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The library page's one bridge to the browser: reads every stored page once, keeps
 * the map live from storage change events (only the changed records are replaced), and
 * sends deletions, restores and imports to the background writer.
 */
export function useLibrary(env: LibraryEnv): [LibraryState, LibraryActions] {
  const [state, setState] = useState<LibraryState>(() => ({
    loaded: false,
    cachedRows: readSummaryCache(env.cache),
    pages: new Map(),
    colorLabels: { ...DEFAULT_COLOR_LABELS },
    bytesInUse: null,
    problems: [],
  }));
  const pagesRef = useRef(state.pages);
  pagesRef.current = state.pages;
  // Resolves once the records are loaded: actions that need them (export, import preview) wait for it.
  const loadedRef = useRef<{ promise: Promise<void>; resolve: () => void } | null>(null);
  if (!loadedRef.current) {
    let resolve = () => {};
    const promise = new Promise<void>((r) => (resolve = r));
    loadedRef.current = { promise, resolve };
  }
  const whenLoaded = () => loadedRef.current!.promise;

  const addProblem = useCallback((text: string) => {
    setState((s) => (s.problems.includes(text) ? s : { ...s, problems: [...s.problems, text] }));
  }, []);

  const refreshBytes = useCallback(() => {
    env.store.bytesInUse().then(
      (bytesInUse) => setState((s) => ({ ...s, bytesInUse })),
      (err) => addProblem(t('libraryMeasureFailed', message(err))),
    );
  }, [env.store, addProblem]);

  // Keeps the summary cache in step with the records (throttled: autosaves come in bursts).
  useEffect(() => {
    if (!state.loaded || !env.cache) return;
    const id = setTimeout(() => {
      try {
        writeSummaryCache([...state.pages.values()].map(summarizePage), env.cache);
      } catch (err) {
        // Only the next visit's speed depends on the cache; the reader loses nothing.
        console.warn('Gloss: could not update the library summary cache', err);
      }
    }, 1000);
    return () => clearTimeout(id);
  }, [env.cache, state.loaded, state.pages]);

  // A layout effect starts reading as soon as the first (empty) render is committed; a
  // plain effect would first wait for Preact's after-paint timer.
  useLayoutEffect(() => {
    let bytesTimer: ReturnType<typeof setTimeout> | null = null;
    // Changes arriving before the first read finishes are applied on top of it.
    const pending: Array<Record<string, { newValue?: unknown }>> = [];
    let loaded = false;

    const apply = (pages: Map<string, PageRecord>, changes: Record<string, { newValue?: unknown }>) => {
      for (const [key, change] of Object.entries(changes)) {
        if (!isPageKey(key)) continue;
        const next = change.newValue as PageRecord | null | undefined;
        if (next) pages.set(key, next);
        else pages.delete(key);
      }
    };

    const onChanged = (changes: StoredChanges) => {
      if (!loaded) {
        pending.push(changes);
        return;
      }
      const touchesPages = Object.keys(changes).some(isPageKey);
      const settings = changes.settings?.newValue as { colorLabels?: Record<ColorId, string> } | null | undefined;
      setState((s) => {
        let pages = s.pages;
        if (touchesPages) {
          const copy = new Map(s.pages);
          apply(copy, changes);
          pages = copy;
        }
        const colorLabels = 'settings' in changes ? settings?.colorLabels ?? { ...DEFAULT_COLOR_LABELS } : s.colorLabels;
        return { ...s, pages, colorLabels };
      });
      // Measuring after every keystroke of an autosave would be wasted work.
      if (bytesTimer) clearTimeout(bytesTimer);
      bytesTimer = setTimeout(refreshBytes, 500);
    };
    const stopWatching = onStoredChanges(env.store.area, onChanged);

    (async () => {
      // First the small per-page summaries the writer keeps beside each record: the list
      // shows from them while the full records (tens of MB in a big library) load.
      const summariesP = readStoredSummaries(env.store).then(
        (rows) => {
          if (rows && !loaded) setState((s) => ({ ...s, cachedRows: rows }));
        },
        (err) => console.warn('Gloss: library summaries unavailable, reading full records', err),
      );
      const [list, settings, status] = await Promise.all([
        summariesP.then(() => env.store.listPages()),
        env.store.getSettings(),
        env.send('getStatus', {}).then(
          (s) => s,
          (err): BackgroundStatus => ({ migrationError: null, storageError: `Gloss's background is not answering: ${message(err)}` }),
        ),
      ]);
      const pages = new Map<string, PageRecord>(list.map((p) => [pageKey(p.url), p]));
      for (const c of pending) apply(pages, c);
      loaded = true;
      const problems = [status.migrationError, status.storageError].filter((p): p is string => !!p);
      setState((s) => ({
        ...s,
        loaded: true,
        cachedRows: null,
        pages,
        colorLabels: settings.colorLabels,
        problems: [...s.problems, ...problems],
      }));
      pagesRef.current = pages;
      loadedRef.current!.resolve();
      refreshBytes();
    })().catch((err) => {
      loaded = true;
      setState((s) => ({
        ...s,
        loaded: true,
        cachedRows: null,
        problems: [...s.problems, t('libraryReadFailed', message(err))],
      }));
      loadedRef.current!.resolve();
    });

    return () => {
      stopWatching();
      if (bytesTimer) clearTimeout(bytesTimer);
    };
  }, [env, refreshBytes]);

  const actions = useMemo<LibraryActions>(
    () => ({
      async deletePage(url) {
        // Before the records load (rows from the cache), the one record is read for undo.
        const page = pagesRef.current.get(pageKey(url)) ?? (await env.store.getPage(url));
        if (!page) throw new Error(t('libraryPageGone'));
        const op: PageOp = { type: 'deletePage' };
        await env.send('mutatePage', { url, op });
        return page;
      },
      async restorePage(page) {
        const op: PageOp = { type: 'restorePage', page };
        await env.send('mutatePage', { url: page.url, op });
      },
      async editPage(url, op) {
        await env.send('mutatePage', { url, op });
      },
      async previewImport(text) {
        const parsed = parseImport(text);
        await whenLoaded();
        const stored = new Map<string, PageRecord>();
        for (const p of pagesRef.current.values()) stored.set(p.url, p);
        return { format: parsed.format, pageCount: parsed.pages.length, summary: planImport(stored, parsed.pages) };
      },
      async confirmImport(text) {
        return env.send('importFile', { text });
      },
      async exportAll(format) {
        await whenLoaded();
        const pages = [...pagesRef.current.values()].sort((a, b) => b.lastVisitAt - a.lastVisitAt);
        return exportLibrary(format, pages, {
          extensionVersion: env.extensionVersion,
          colorLabels: state.colorLabels,
          download: env.download,
        });
      },
    }),
    [env, state.colorLabels],
  );

  return [state, actions];
}
