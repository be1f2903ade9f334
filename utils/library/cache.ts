/**
 * Library: the list's page summaries kept between visits, so the library opens without
 * reading every page record.
 */
import { COLOR_IDS, type ColorId } from '../store/schema';
import type { PageSummary } from './view';

/**
 * A copy of the library list (one small summary per page, no highlights or reflections)
 * kept in the library page's own localStorage. Reading every record from
 * chrome.storage.local takes seconds once a library holds tens of megabytes, while this
 * summary is a few hundred kilobytes read synchronously: the list shows at once from it,
 * and is replaced by the stored records as soon as they arrive. It is derived data only;
 * nothing is ever read back from it into storage.
 */
export const SUMMARY_CACHE_KEY = 'gloss-library-summary';
const CACHE_VERSION = 1;

interface CachedRow {
  u: string;
  t: string;
  s: string;
  f: number;
  l: number;
  h: number;
  n: number;
  r: number;
  c: ColorId[];
}

function isRow(x: unknown): x is CachedRow {
  const r = x as CachedRow;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.u === 'string' &&
    typeof r.t === 'string' &&
    typeof r.s === 'string' &&
    [r.f, r.l, r.h, r.n, r.r].every((v) => typeof v === 'number') &&
    Array.isArray(r.c) &&
    r.c.every((c) => (COLOR_IDS as readonly string[]).includes(c))
  );
}

/**
 * The cached summaries (without records: `page` is null), or null when there is no
 * usable cache. A cache in another version or shape is ignored, not an error: the list
 * then waits for the stored records, exactly as on a first visit. An empty cached list
 * also counts as none, so "no pages yet" is only ever said from storage itself.
 */
export function readSummaryCache(storage: Pick<Storage, 'getItem'> | null = globalThis.localStorage ?? null): PageSummary[] | null {
  const raw = storage?.getItem(SUMMARY_CACHE_KEY);
  if (!raw) return null;
  let parsed: { v?: unknown; rows?: unknown };
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null; // a damaged cache is rebuilt from storage on this visit
  }
  if (parsed?.v !== CACHE_VERSION || !Array.isArray(parsed.rows) || !parsed.rows.every(isRow)) return null;
  if (parsed.rows.length === 0) return null;
  return (parsed.rows as CachedRow[]).map((r) => ({
    page: null,
    url: r.u,
    title: r.t,
    site: r.s,
    firstVisitAt: r.f,
    lastVisitAt: r.l,
    highlightCount: r.h,
    noteCount: r.n,
    reflectionCount: r.r,
    colors: new Set(r.c),
  }));
}

/** Replaces the cache with `rows`. Throws when localStorage refuses (e.g. quota). */
export function writeSummaryCache(
  rows: readonly PageSummary[],
  storage: Pick<Storage, 'setItem'> | null = globalThis.localStorage ?? null,
): void {
  if (!storage) return;
  const cached: CachedRow[] = rows.map((r) => ({
    u: r.url,
    t: r.title,
    s: r.site,
    f: r.firstVisitAt,
    l: r.lastVisitAt,
    h: r.highlightCount,
    n: r.noteCount,
    r: r.reflectionCount,
    c: [...r.colors],
  }));
  storage.setItem(SUMMARY_CACHE_KEY, JSON.stringify({ v: CACHE_VERSION, rows: cached }));
}
