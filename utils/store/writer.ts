import { applyOp, type PageOp } from './ops';
import { PageRecordSchema, parseWith } from '../schema/records';
import { mergePage, emptySummary, type ImportSummary } from './library';
import { isPageKey, pageKey, type ColorId, type PageRecord } from './schema';
import { retry } from '../retry';
import { t } from '../i18n';
import type { Store } from './storage';
import { PAGE_INDEX_KEY, SUMMARY_KEY_PREFIX, indexItems, indexMatches, summarize, summaryKey } from './summary';

export interface WriterOptions {
  now?: () => number;
  /** Attempts per storage write before the error reaches the caller. */
  attempts?: number;
  /** Delay before retry n (1-based), in ms. */
  backoff?: (attempt: number) => number;
  /** Told about every storage failure, including ones a retry then fixed. */
  onStorageError?: (err: Error, attempt: number) => void;
  /** Told after every stored page change (sync pushes the local ones). Must not throw. */
  onCommitted?: (change: CommittedChange) => void;
  /**
   * Extra items to store in the same storage call as a local change (sync's durable
   * outbox), or null. Must not throw.
   */
  stage?: (change: CommittedChange) => Record<string, unknown> | null;
}

/** A page change the writer has stored. */
export interface CommittedChange {
  url: string;
  before: PageRecord | null;
  after: PageRecord | null;
  /** 'remote': applied from another device by {@link Writer.applyRemoteMany}. */
  origin: 'local' | 'remote';
}

/**
 * The single writer. Every change to stored notes goes through here (in the background
 * service worker), one at a time: each write reads the current record, applies the op
 * and writes the result before the next one starts, so tabs, the popup and the library
 * never overwrite each other's changes.
 */
export function createWriter(store: Store, opts: WriterOptions = {}) {
  const now = opts.now ?? Date.now;
  const attempts = opts.attempts ?? 3;
  const backoff = opts.backoff ?? ((n: number) => 50 * 2 ** (n - 1));
  let queue: Promise<unknown> = Promise.resolve();

  function serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  }

  /** Runs `fn` with retries; a last failure is worded by `what` around the browser's detail. */
  async function withRetry<T>(what: (detail: string) => string, fn: () => Promise<T>): Promise<T> {
    const asError = (err: unknown) => (err instanceof Error ? err : new Error(String(err)));
    try {
      return await retry(fn, { attempts, delay: backoff, onError: (err, attempt) => opts.onStorageError?.(asError(err), attempt) });
    } catch (err) {
      throw new Error(what(asError(err).message));
    }
  }

  /** The stored page URLs, read only when a page is added or removed. */
  async function readIndex(): Promise<string[]> {
    const got = (await store.area.get(PAGE_INDEX_KEY))[PAGE_INDEX_KEY];
    return Array.isArray(got) ? (got as string[]) : [];
  }

  /**
   * Writes a page, its library summary and (when the page appears or disappears) the
   * page index, in one storage call so they never disagree. An autosave touches only
   * the page and its summary: its cost does not grow with the library.
   */
  async function put(url: string, current: PageRecord | null, next: PageRecord | null, extra: Record<string, unknown> | null = null): Promise<void> {
    const key = pageKey(url);
    if (next) {
      const items: Record<string, unknown> = { ...extra, [key]: next, [summaryKey(url)]: summarize(next) };
      if (!current) {
        const index = await readIndex();
        if (!index.includes(url)) items[PAGE_INDEX_KEY] = [...index, url];
      }
      await store.area.set(items);
    } else {
      // One storage call: the page, its summary and its place in the index go together
      // (a worker stopped between two calls left the index and the pages disagreeing).
      // Removed keys are written as null, which every reader takes as "no record".
      const index = await readIndex();
      const items: Record<string, unknown> = { ...extra, [key]: null, [summaryKey(url)]: null };
      if (index.includes(url)) items[PAGE_INDEX_KEY] = index.filter((u) => u !== url);
      await store.area.set(items);
    }
  }

  return {
    /** Applies `op` to the page at `url`; resolves with the stored record (null if removed). */
    mutate(url: string, op: PageOp): Promise<PageRecord | null> {
      return serialize(async () => {
        const current = await withRetry((d) => t('storeCouldNotRead', d), () => store.getPage(url));
        const next = applyOp(current, op, now());
        if (next !== current) {
          const change: CommittedChange = { url, before: current, after: next, origin: 'local' };
          const extra = opts.stage?.(change) ?? null;
          await withRetry((d) => t('storeCouldNotSave', d), () => put(url, current, next, extra));
          opts.onCommitted?.(change);
        }
        return next;
      });
    },
    /**
     * Applies changes from another device to many pages at once (sync): `update` gets each
     * stored page and returns the new one (null: remove it). Pages, summaries and the page
     * index are read in one storage call and written in one, so a device joining a
     * 1,000-page library does not rewrite a growing index once per page. Resolves with the
     * stored records by URL.
     */
    applyRemoteMany(urls: string[], update: (url: string, current: PageRecord | null) => PageRecord | null): Promise<Map<string, PageRecord | null>> {
      return serialize(async () => {
        const unique = [...new Set(urls)];
        const out = new Map<string, PageRecord | null>();
        if (!unique.length) return out;
        const got = await withRetry((d) => t('storeCouldNotRead', d), () => store.area.get([PAGE_INDEX_KEY, ...unique.map(pageKey)]));
        const items: Record<string, unknown> = {};
        const changes: CommittedChange[] = [];
        const added: string[] = [];
        const removed = new Set<string>();
        for (const url of unique) {
          const current = (got[pageKey(url)] as PageRecord | null | undefined) ?? null;
          const next = update(url, current);
          out.set(url, next);
          if (next === current) continue;
          changes.push({ url, before: current, after: next, origin: 'remote' });
          items[pageKey(url)] = next;
          items[summaryKey(url)] = next ? summarize(next) : null;
          if (next && !current) added.push(url);
          if (!next && current) removed.add(url);
        }
        if (!changes.length) return out;
        const index = Array.isArray(got[PAGE_INDEX_KEY]) ? (got[PAGE_INDEX_KEY] as string[]) : [];
        const known = new Set(index);
        const fresh = added.filter((u) => !known.has(u));
        if (fresh.length || index.some((u) => removed.has(u))) items[PAGE_INDEX_KEY] = [...index.filter((u) => !removed.has(u)), ...fresh];
        await withRetry((d) => t('storeCouldNotSaveSynced', d), () => store.area.set(items));
        for (const change of changes) opts.onCommitted?.(change);
        return out;
      });
    },
    /** Runs `task` in the write queue (for data kept beside pages, e.g. sync conflict copies). */
    exclusive<T>(task: () => Promise<T>): Promise<T> {
      return serialize(task);
    },
    /**
     * Merges imported pages, all in one storage write. Every page is checked against the
     * record schema first (whatever parsed it): one invalid page and nothing is written.
     */
    importPages(pages: PageRecord[]): Promise<ImportSummary> {
      return serialize(async () => {
        pages = pages.map((p, i) => parseWith(PageRecordSchema, p, `pages[${i}]`, (m) => new Error(t('importRefusedDetail', m))));
        const summary = emptySummary();
        const merged = new Map<string, PageRecord>();
        const before = new Map<string, PageRecord | null>();
        for (const page of pages) {
          let base = merged.get(page.url) ?? null;
          if (!merged.has(page.url)) {
            base = await withRetry((d) => t('storeCouldNotRead', d), () => store.getPage(page.url));
            before.set(page.url, base);
          }
          merged.set(page.url, mergePage(base, page, summary));
        }
        const index = await withRetry((d) => t('storeCouldNotRead', d), readIndex);
        const items: Record<string, unknown> = {};
        for (const [url, page] of merged) {
          items[pageKey(url)] = page;
          items[summaryKey(url)] = summarize(page);
        }
        for (const [url, page] of merged) Object.assign(items, opts.stage?.({ url, before: before.get(url) ?? null, after: page, origin: 'local' }));
        const known = new Set(index);
        const added = [...merged.keys()].filter((u) => !known.has(u));
        if (added.length) items[PAGE_INDEX_KEY] = [...index, ...added];
        await withRetry((d) => t('storeCouldNotImport', d), () => store.area.set(items));
        for (const [url, page] of merged) opts.onCommitted?.({ url, before: before.get(url) ?? null, after: page, origin: 'local' });
        return summary;
      });
    },
    /**
     * Rebuilds the page index and summaries when the index is missing (data written by
     * hand or by an older Gloss) or, with `verify`, when it does not match the pages.
     * Without `verify` the usual cost is one small read.
     */
    ensureIndex({ verify = false } = {}): Promise<boolean> {
      return serialize(async () => {
        if (!verify) {
          const got = await withRetry((d) => t('storeCouldNotRead', d), () => store.area.get(PAGE_INDEX_KEY));
          if (Array.isArray(got[PAGE_INDEX_KEY])) return false;
        }
        const all = (await withRetry((d) => t('storeCouldNotRead', d), () => store.area.get(null))) as Record<string, unknown>;
        if (indexMatches(all[PAGE_INDEX_KEY], all)) return false;
        const pages = Object.entries(all)
          .filter(([k, v]) => isPageKey(k) && v)
          .map(([, v]) => v as PageRecord);
        const stale = Object.keys(all).filter((k) => k.startsWith(SUMMARY_KEY_PREFIX) && !all[pageKey(k.slice(SUMMARY_KEY_PREFIX.length))]);
        await withRetry((d) => t('storeCouldNotIndex', d), () => store.area.set(indexItems(pages)));
        if (stale.length) await withRetry((d) => t('storeCouldNotIndex', d), () => store.area.remove(stale));
        return true;
      });
    },
    setColorLabels(labels: Record<ColorId, string>): Promise<void> {
      return serialize(() => withRetry((d) => t('storeCouldNotSaveColours', d), () => store.typed.setItem('settings', { colorLabels: labels })));
    },
  };
}

export type Writer = ReturnType<typeof createWriter>;
