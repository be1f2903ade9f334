import { browser } from 'wxt/browser';
import { createStore, watchChanges, type ChangeWatch, type Store } from '@/utils/store/storage';
import { backgroundMessenger, contentMessenger, type BackgroundStatus, type PageInfo } from '@/utils/messaging/protocol';
import { normalizeUrl } from '@/utils/url';
import { reachTab, unreachable, type Unreachable } from '@/utils/messaging/reach-tab';
import { pageKey, DEFAULT_COLOR_LABELS, SCHEMA_VERSION, type ColorId, type PageRecord, type Settings } from '@/utils/store/schema';

// What the popup needs before its first render with data, asked for by the entry point
// before anything is rendered (see entrypoints/popup/main.tsx).

export type { PageExportFormat as ExportFormat } from '@/utils/export/formats';

export interface PageJournalState {
  loading: boolean;
  tabId: number | null;
  url: string | null;
  info: PageInfo | null;
  record: PageRecord | null;
  labels: Record<ColorId, string>;
  /** Why the page itself could not be read (the stored notes may still show). */
  pageProblem: string | null;
  /** Set when Gloss cannot work in the tab: the popup then shows why and no field at all. */
  unreachable: Unreachable | null;
  /** Errors the reader must see: failed saves, failed migration. */
  errors: string[];
}

export const EMPTY: PageJournalState = {
  loading: true,
  tabId: null,
  url: null,
  info: null,
  record: null,
  labels: { ...DEFAULT_COLOR_LABELS },
  pageProblem: null,
  unreachable: null,
  errors: [],
};

export type LoadedJournal = PageJournalState & {
  migrationError?: string | null;
  /**
   * The writer's status when it was not needed for the first render (stored data already
   * in this version's format): it may have to wake the service worker, so it follows.
   */
  lateStatus?: Promise<BackgroundStatus>;
  /** Changes to stored data since loading began; the hook follows the page's record with it. */
  changes?: ChangeWatch;
};

export const statusErrors = (s: BackgroundStatus) => [s.migrationError, s.storageError].filter((e): e is string => !!e);

/** Where the popup's data comes from; injectable for tests. */
export interface JournalSources {
  store: Store;
  /** The active tab, when the popup was not opened for a given one. */
  activeTabId(): Promise<number | null>;
  /** The page's outline and state, from its content script (throws when it cannot answer). */
  pageInfo(tabId: number): Promise<PageInfo>;
  /** Starts Gloss's content script in a tab open since before install or update. */
  inject(tabId: number): Promise<void>;
  /** The tab's URL when the browser shows it to Gloss (it usually does not). */
  tabUrl(tabId: number): Promise<string | null>;
  /** The background writer's status. */
  status(): Promise<BackgroundStatus>;
}

export function browserSources(): JournalSources {
  return {
    store: createStore(browser.storage.local),
    activeTabId: async () => (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id ?? null,
    pageInfo: (tabId) => contentMessenger.sendMessage('getPageInfo', {}, tabId),
    inject: async (tabId) => {
      // Allowed by activeTab: opening the popup is the reader's click on Gloss.
      await browser.scripting.executeScript({ target: { tabId }, files: ['/content-scripts/content.js'] });
    },
    tabUrl: async (tabId) => (await browser.tabs.get(tabId).catch(() => null))?.url ?? null,
    status: () => backgroundMessenger.sendMessage('getStatus', {}),
  };
}

/**
 * Loads what the popup shows: the tab, its outline (content script), the page's stored
 * notes and settings, all asked for at once (the format version and settings in one read). Called before the first render (see
 * entrypoints/popup/main.tsx) so no frame is lost waiting for effects.
 *
 * The page's record comes with the tab's answer (the content script follows every
 * change to it), saving a storage read; storage is read when the tab does not know it
 * or the data was not yet in this version's format. Changes seen while loading win
 * over either copy, and keep coming through `changes`.
 *
 * The writer's status (a failed migration, a failed save) comes from the service worker,
 * which may be asleep: the first render waits for it only when the stored data is not in
 * this version's format, the one case where the notes must not be read.
 */
export async function loadPageJournal(
  tabIdParam: number | null,
  sources: JournalSources = browserSources(),
): Promise<LoadedJournal> {
  const { store } = sources;
  const tabId = tabIdParam ?? (await sources.activeTabId());
  // Benchmarks: the tab is known and asked.
  performance.mark('gloss-tab');
  if (tabId == null) {
    const why = unreachable('no-tab');
    return { ...EMPTY, loading: false, pageProblem: why.message, unreachable: why };
  }
  // Changes are recorded from now on, so the record used below (the tab's copy or a
  // storage read) is brought up to date with anything written meanwhile.
  const changes = watchChanges(store.area);
  // The tab's answer is the long pole: asked for first. The stored format version and
  // the settings are read meanwhile.
  const reachP = reachTab(tabId, { pageInfo: sources.pageInfo, inject: sources.inject });
  // One storage read for both (each read is a round trip to the browser).
  const firstRead = store.area.get(['schemaVersion', 'settings']);
  const versionP = firstRead.then((items) => items.schemaVersion, () => null);
  const settingsP = firstRead.then(
    (items) => (items.settings as Settings | undefined) ?? { colorLabels: { ...DEFAULT_COLOR_LABELS } },
    () => ({ colorLabels: { ...DEFAULT_COLOR_LABELS } }),
  );
  const askStatus = () =>
    sources.status().catch((err: Error): BackgroundStatus => ({ migrationError: null, storageError: err.message }));
  // The writer's status is needed before the first render only when the stored data is
  // not in this version's format; otherwise it is asked for once the data is in hand,
  // so waking the service worker does not compete with the first render.
  const statusNowP = versionP.then((v) => (v === SCHEMA_VERSION ? null : askStatus()));
  let info: PageInfo | null = null;
  let pageProblem: string | null = null;
  let url: string | null = null;
  const reach = await reachP;
  if (reach.kind === 'ok') {
    info = reach.info;
    performance.mark('gloss-info');
    url = info.url;
  } else {
    pageProblem = reach.message;
    const tabUrl = await sources.tabUrl(tabId);
    url = tabUrl ? normalizeUrl(tabUrl) : null;
  }
  const current = (await versionP) === SCHEMA_VERSION;
  // After a failed migration the stored notes are in a format this version cannot
  // read: show the reason, and neither read nor write them.
  const status: BackgroundStatus = (await statusNowP) ?? { migrationError: null, storageError: null };
  const readable = !status.migrationError;
  let record: PageRecord | null = null;
  if (url && readable) {
    const key = pageKey(url);
    record = current && info?.record !== undefined ? info.record : await store.getPage(url);
    if (changes.changed(key)) record = (changes.latest(key) as PageRecord | undefined) ?? null;
  }
  const settings = readable ? await settingsP : { colorLabels: { ...DEFAULT_COLOR_LABELS } };
  performance.mark('gloss-data');
  return {
    loading: false,
    tabId,
    url,
    info,
    record,
    labels: settings.colorLabels,
    pageProblem,
    unreachable: reach.kind === 'unreachable' ? reach : null,
    errors: statusErrors(status),
    migrationError: status.migrationError,
    lateStatus: current ? new Promise<BackgroundStatus>((resolve) => setTimeout(() => resolve(askStatus()), 0)) : undefined,
    changes,
  };
}
