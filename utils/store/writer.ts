import { applyOp, type PageOp } from './ops';
import { mergePage, emptySummary, type ImportSummary } from './library';
import { pageKey, type ColorId, type PageRecord } from './schema';
import type { Store } from './storage';

export interface WriterOptions {
  now?: () => number;
  /** Attempts per storage write before the error reaches the caller. */
  attempts?: number;
  /** Delay before retry n (1-based), in ms. */
  backoff?: (attempt: number) => number;
  /** Told about every storage failure, including ones a retry then fixed. */
  onStorageError?: (err: Error, attempt: number) => void;
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

  async function withRetry<T>(what: string, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        const e = err instanceof Error ? err : new Error(String(err));
        opts.onStorageError?.(e, attempt);
        if (attempt >= attempts) throw new Error(`Could not ${what}: ${e.message}`);
        await new Promise((r) => setTimeout(r, backoff(attempt)));
      }
    }
  }

  async function put(url: string, page: PageRecord | null): Promise<void> {
    const key = pageKey(url);
    if (page) await store.area.set({ [key]: page });
    else await store.area.remove(key);
  }

  return {
    /** Applies `op` to the page at `url`; resolves with the stored record (null if removed). */
    mutate(url: string, op: PageOp): Promise<PageRecord | null> {
      return serialize(async () => {
        const current = await withRetry('read your notes', () => store.getPage(url));
        const next = applyOp(current, op, now());
        if (next !== current) await withRetry('save your notes', () => put(url, next));
        return next;
      });
    },
    /** Merges imported pages, all in one storage write. */
    importPages(pages: PageRecord[]): Promise<ImportSummary> {
      return serialize(async () => {
        const summary = emptySummary();
        const items: Record<string, PageRecord> = {};
        for (const page of pages) {
          const key = pageKey(page.url);
          const base = items[key] ?? (await withRetry('read your notes', () => store.getPage(page.url)));
          items[key] = mergePage(base, page, summary);
        }
        await withRetry('import the notes', () => store.area.set(items));
        return summary;
      });
    },
    setColorLabels(labels: Record<ColorId, string>): Promise<void> {
      return serialize(() => withRetry('save the colour names', () => store.typed.setItem('settings', { colorLabels: labels })));
    },
  };
}

export type Writer = ReturnType<typeof createWriter>;
