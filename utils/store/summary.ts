import { isPageKey, pageKey, PAGE_KEY_PREFIX, type ColorId, type PageRecord } from './schema';

/**
 * A page's line in the library, stored next to its record (`sum:<url>`) so the library
 * can list 1,000 pages without reading every highlight. Derived data: the writer keeps it
 * in step with the record in the same storage write, and rebuilds it when missing.
 */
export interface StoredSummary {
  url: string;
  title: string;
  site: string;
  firstVisitAt: number;
  lastVisitAt: number;
  updatedAt: number;
  highlightCount: number;
  noteCount: number;
  reflectionCount: number;
  colors: ColorId[];
}

export const SUMMARY_KEY_PREFIX = 'sum:';
/** Key of the list of every stored page's URL (changes only when a page is added or removed). */
export const PAGE_INDEX_KEY = 'pageIndex';

export function summaryKey(url: string): string {
  return `${SUMMARY_KEY_PREFIX}${url}`;
}

export function summarize(page: PageRecord): StoredSummary {
  const colors = new Set<ColorId>();
  let noteCount = 0;
  for (const h of page.highlights) {
    colors.add(h.color);
    if (h.note.trim()) noteCount++;
  }
  return {
    url: page.url,
    title: page.title,
    site: page.site,
    firstVisitAt: page.firstVisitAt,
    lastVisitAt: page.lastVisitAt,
    updatedAt: page.updatedAt,
    highlightCount: page.highlights.length,
    noteCount,
    reflectionCount: Object.values(page.reflections).filter((r) => r.text.trim() !== '').length,
    colors: [...colors],
  };
}

/**
 * Storage items that bring the index and summaries in line with `pages` (all stored
 * pages). Used to rebuild them when missing or stale, e.g. after data was written by an
 * older Gloss or copied in by hand.
 */
export function indexItems(pages: PageRecord[]): Record<string, unknown> {
  const items: Record<string, unknown> = { [PAGE_INDEX_KEY]: pages.map((p) => p.url) };
  for (const p of pages) items[summaryKey(p.url)] = summarize(p);
  return items;
}

/** True when the index names exactly the stored pages. */
export function indexMatches(index: unknown, all: Record<string, unknown>): boolean {
  if (!Array.isArray(index)) return false;
  const urls = new Set(index as string[]);
  let pages = 0;
  for (const key of Object.keys(all)) {
    // A removed page is written as null (one storage call with its index change).
    if (!isPageKey(key) || !all[key]) continue;
    pages++;
    const url = key.slice(PAGE_KEY_PREFIX.length);
    if (!urls.has(url) || !all[summaryKey(url)]) return false;
  }
  return pages === urls.size && (index as string[]).every((u) => all[pageKey(u)]);
}
