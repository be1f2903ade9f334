/**
 * Library: what the library page shows (page summaries, search and filters, import
 * summaries in words), derived from stored records without touching storage.
 */
import { summarize, type StoredSummary } from '../store/summary';
import type { ImportSummary } from '../store/library';
import type { ColorId, PageRecord } from '../store/schema';
import { formatNumber, t, tCount, uiLocale, type MessageKey } from '../i18n';

/** What the library list shows for one page; derived from the record, cached by identity. */
export interface PageSummary {
  /** The full record; null for a row read from the summary cache before the records load. */
  page: PageRecord | null;
  url: string;
  /** The page's title, or its URL when it has none. */
  title: string;
  site: string;
  firstVisitAt: number;
  lastVisitAt: number;
  highlightCount: number;
  /** Highlights that carry a note. */
  noteCount: number;
  /** Reflections with text. */
  reflectionCount: number;
  /** Colours used by the page's highlights. */
  colors: ReadonlySet<ColorId>;
}

export type SortKey = 'lastVisit' | 'firstVisit' | 'title' | 'site' | 'highlights';

/** The sort orders offered, each with its label's message key. */
export const SORT_OPTIONS: ReadonlyArray<{ key: SortKey; label: MessageKey }> = [
  { key: 'lastVisit', label: 'librarySortLastVisit' },
  { key: 'firstVisit', label: 'librarySortFirstVisit' },
  { key: 'title', label: 'librarySortTitle' },
  { key: 'site', label: 'librarySortSite' },
  { key: 'highlights', label: 'librarySortHighlights' },
];

export interface LibraryFilter {
  /** Only pages of this site; null for every site. */
  site: string | null;
  /** Only pages with a highlight of this colour; null for any. */
  color: ColorId | null;
  /** Only pages with at least one reflection. */
  hasReflections: boolean;
}

export const NO_FILTER: LibraryFilter = { site: null, color: null, hasReflections: false };

const summaries = new WeakMap<PageRecord, PageSummary>();

/** A list row from a stored summary; `page` is null until the full record is loaded. */
export function rowFromSummary(summary: StoredSummary, page: PageRecord | null): PageSummary {
  return {
    page,
    url: summary.url,
    title: summary.title.trim() || summary.url,
    site: summary.site,
    firstVisitAt: summary.firstVisitAt,
    lastVisitAt: summary.lastVisitAt,
    highlightCount: summary.highlightCount,
    noteCount: summary.noteCount,
    reflectionCount: summary.reflectionCount,
    colors: new Set(summary.colors),
  };
}

/** The list row data for `page` (memoised per record object). */
export function summarizePage(page: PageRecord): PageSummary {
  const cached = summaries.get(page);
  if (cached) return cached;
  const summary = rowFromSummary(summarize(page), page);
  summaries.set(page, summary);
  return summary;
}

/** Pages passing every part of `filter`, in the given order. */
export function filterPages(rows: readonly PageSummary[], filter: LibraryFilter): PageSummary[] {
  return rows.filter(
    (r) =>
      (filter.site === null || r.site === filter.site) &&
      (filter.color === null || r.colors.has(filter.color)) &&
      (!filter.hasReflections || r.reflectionCount > 0),
  );
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/**
 * A sorted copy of `rows`. Dates and highlight counts sort largest first, title and
 * site alphabetically; ties fall back to the last visit (newest first), then the URL,
 * so the order is stable across renders.
 */
export function sortPages(rows: readonly PageSummary[], key: SortKey): PageSummary[] {
  const byRecent = (a: PageSummary, b: PageSummary) =>
    b.lastVisitAt - a.lastVisitAt || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0);
  const compare: Record<SortKey, (a: PageSummary, b: PageSummary) => number> = {
    lastVisit: byRecent,
    firstVisit: (a, b) => b.firstVisitAt - a.firstVisitAt || byRecent(a, b),
    title: (a, b) => collator.compare(a.title, b.title) || byRecent(a, b),
    site: (a, b) => collator.compare(a.site, b.site) || byRecent(a, b),
    highlights: (a, b) => b.highlightCount - a.highlightCount || byRecent(a, b),
  };
  return rows.slice().sort(compare[key]);
}

/** Every site in the library with its page count, alphabetically. */
export function siteCounts(rows: readonly PageSummary[]): Array<{ site: string; count: number }> {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.site, (counts.get(r.site) ?? 0) + 1);
  return [...counts].map(([site, count]) => ({ site, count })).sort((a, b) => collator.compare(a.site, b.site));
}

/** Totals shown in the library header. */
export function libraryTotals(rows: readonly PageSummary[]): { pages: number; highlights: number; reflections: number } {
  let highlights = 0;
  let reflections = 0;
  for (const r of rows) {
    highlights += r.highlightCount;
    reflections += r.reflectionCount;
  }
  return { pages: rows.length, highlights, reflections };
}

/** "12.3 MB"-style size (powers of 1024), the number in the UI language; "unknown" when the browser cannot tell. */
export function formatBytes(bytes: number | null, locale = uiLocale()): string {
  if (bytes === null || !Number.isFinite(bytes) || bytes < 0) return t('librarySizeUnknown');
  if (bytes < 1024) return `${formatNumber(bytes, locale)} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = value < 10 ? 1 : 0;
  return `${new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

/**
 * One sentence describing an import preview or result, e.g. "2 pages added, 1 merged,
 * 14 highlights added, 3 skipped duplicates, 1 reflection added, 0 updated, 2 kept".
 */
export function describeImport(s: ImportSummary): string {
  return [
    t('libraryImportPagesAdded', tCount(s.pagesAdded, 'libraryPagesOne', 'libraryPages')),
    t('libraryImportMerged', formatNumber(s.pagesMerged)),
    t('libraryImportHighlightsAdded', tCount(s.highlightsAdded, 'libraryHighlightsOne', 'libraryHighlights')),
    tCount(s.highlightsSkipped, 'libraryImportSkippedOne', 'libraryImportSkipped'),
    t('libraryImportReflectionsAdded', tCount(s.reflectionsAdded, 'libraryReflectionsOne', 'libraryReflections')),
    t('libraryImportUpdated', formatNumber(s.reflectionsUpdated)),
    t('libraryImportKept', formatNumber(s.reflectionsKept)),
  ].join(t('libraryListSeparator'));
}

/** Date stamp for export file names: YYYY-MM-DD in local time. */
export function fileDate(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}
