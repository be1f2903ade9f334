import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { COLOR_IDS, type ColorId, type PageRecord } from '@/utils/store/schema';
import {
  NO_FILTER,
  SORT_OPTIONS,
  filterPages,
  formatBytes,
  libraryTotals,
  siteCounts,
  sortPages,
  summarizePage,
  type LibraryFilter,
  type PageSummary,
  type SortKey,
} from '@/utils/library/view';
import { buildSearchIndex, normalizeQuery, searchIndex } from '@/utils/search';
import type { LibraryActions, LibraryState } from './use-library';
import { PageRow } from './PageRow';
import type { PageOp } from '@/utils/store/ops';
import { SearchResults } from './SearchResults';
import { ExportPanel } from './ExportPanel';
import { ImportPanel } from './ImportPanel';
import { Toast } from './Toast';
import { LoadMore } from './LoadMore';
import { formatNumber, t, tCount } from '@/utils/i18n';

export interface LibraryAppProps {
  state: LibraryState;
  actions: LibraryActions;
  /** Called once, right after the first render that shows data (from the summary cache or storage). */
  onReady?: () => void;
  /** Called once, right after the first render with every stored record loaded. */
  onLoaded?: () => void;
}

/** Rows rendered at first and added per "show more": keeps the first render fast with 1,000 pages. */
export const PAGE_STEP = 50;
const RESULT_STEP = 20;
/** Matches shown per page in search results; the rest are counted ("and 4 more matches"). */
const MATCHES_PER_PAGE = 3;

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The library page: every annotated page, search, sort, filters, delete with undo, export and import. */
export function LibraryApp({ state, actions, onReady, onLoaded }: LibraryAppProps) {
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<SortKey>('lastVisit');
  const [filter, setFilter] = useState<LibraryFilter>(NO_FILTER);
  const [more, setMore] = useState({ key: '', count: 0 });
  const [toast, setToast] = useState<{ page: PageRecord; title: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const ready = useRef(false);
  const loaded = useRef(false);

  const pages = useMemo(() => [...state.pages.values()], [state.pages]);
  // Until the records arrive, the list shows the summary cached on the last visit.
  const rows = useMemo(
    () => (state.loaded ? pages.map(summarizePage) : state.cachedRows ?? []),
    [state.loaded, state.cachedRows, pages],
  );
  const sorted = useMemo(() => sortPages(rows, sort), [rows, sort]);
  const filtered = useMemo(() => filterPages(sorted, filter), [sorted, filter]);
  const sites = useMemo(() => siteCounts(rows), [rows]);
  const totals = useMemo(() => libraryTotals(rows), [rows]);

  const q = normalizeQuery(query);
  // Entries are cached per record, so after a storage change only changed pages are re-indexed.
  const index = useMemo(() => (q && state.loaded ? buildSearchIndex(pages) : null), [pages, q !== '', state.loaded]);
  const results = useMemo(() => {
    if (!index) return null;
    const rank = new Map(filtered.map((r, i) => [r.url, i]));
    return searchIndex(index, q, { maxMatchesPerPage: MATCHES_PER_PAGE })
      .filter((r) => rank.has(r.page.url))
      .sort((a, b) => rank.get(a.page.url)! - rank.get(b.page.url)!);
  }, [index, q, filtered]);

  const viewKey = `${q}\u0000${sort}\u0000${filter.site}\u0000${filter.color}\u0000${filter.hasReflections}`;
  const step = results ? RESULT_STEP : PAGE_STEP;
  const visible = more.key === viewKey ? more.count : step;
  const showMore = () => setMore({ key: viewKey, count: visible + step * 2 });

  useLayoutEffect(() => {
    if ((state.loaded || state.cachedRows) && !ready.current) {
      ready.current = true;
      onReady?.();
    }
    if (state.loaded && !loaded.current) {
      loaded.current = true;
      onLoaded?.();
    }
  }, [state.loaded, state.cachedRows, onReady, onLoaded]);

  // Index in idle time after the first render so the first search does not pay for it.
  useEffect(() => {
    if (!state.loaded || pages.length === 0) return;
    const id = setTimeout(() => buildSearchIndex(pages), 200);
    return () => clearTimeout(id);
  }, [state.loaded, pages]);

  const addError = (text: string) => setErrors((e) => (e.includes(text) ? e : [...e, text]));

  const onDelete = async (row: PageSummary) => {
    setNotice(null);
    try {
      const page = await actions.deletePage(row.url);
      setToast({ page, title: row.title });
    } catch (err) {
      addError(t('libraryDeleteFailed', row.title, errorText(err)));
    }
  };

  const onEdit = (url: string, op: PageOp) =>
    void actions.editPage(url, op).catch((err) => addError(t('librarySaveFailed', errorText(err))));

  const closeToast = () => {
    const hadFocus = document.activeElement?.closest('.toast');
    setToast(null);
    if (hadFocus) listHeading.current?.focus();
  };

  const undo = async () => {
    if (!toast) return;
    const { page, title } = toast;
    closeToast();
    try {
      await actions.restorePage(page);
      setNotice(t('libraryRestored', title));
    } catch (err) {
      addError(t('libraryRestoreFailed', title, errorText(err)));
    }
  };

  const problems = [...state.problems, ...errors];
  const shownCount = results ? results.length : filtered.length;
  const filtersOn = filter.site !== null || filter.color !== null || filter.hasReflections;

  return (
    <div class="library">
      <header class="library-header">
        <h1>{t('libraryTitle')}</h1>
        <p class="totals" aria-live="off">
          {tCount(totals.pages, 'libraryPagesOne', 'libraryPages')} · {tCount(totals.highlights, 'libraryHighlightsOne', 'libraryHighlights')} ·{' '}
          {tCount(totals.reflections, 'libraryReflectionsOne', 'libraryReflections')} ·{' '}
          <span class="storage-used">{t('libraryStorageUsed', formatBytes(state.bytesInUse))}</span>
        </p>
      </header>

      {problems.length > 0 && (
        <div class="problems" role="alert">
          {problems.map((p) => (
            <p key={p} class="error" dir="auto">
              {p}
            </p>
          ))}
          {errors.length > 0 && (
            <button type="button" onClick={() => setErrors([])}>
              {t('journalDismiss')}
            </button>
          )}
        </div>
      )}

      <div class="library-body">
        <main class="library-main">
          <div class="controls" role="search">
            <div class="field search-field">
              <label for="library-search">{t('librarySearchLabel')}</label>
              <input
                id="library-search"
                type="search"
                value={query}
                autocomplete="off"
                onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
              />
            </div>
            <div class="field">
              <label for="library-sort">{t('librarySortBy')}</label>
              <select id="library-sort" value={sort} onChange={(e) => setSort((e.currentTarget as HTMLSelectElement).value as SortKey)}>
                {SORT_OPTIONS.map((o) => (
                  <option key={o.key} value={o.key}>
                    {t(o.label)}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="library-site">{t('librarySite')}</label>
              <select
                id="library-site"
                value={filter.site ?? ''}
                onChange={(e) => setFilter({ ...filter, site: (e.currentTarget as HTMLSelectElement).value || null })}
              >
                <option value="">{t('libraryAllSites')}</option>
                {sites.map((s) => (
                  <option key={s.site} value={s.site}>
                    {t('librarySiteOption', s.site || t('libraryLocalFile'), formatNumber(s.count))}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="library-color">{t('libraryColour')}</label>
              <select
                id="library-color"
                value={filter.color ?? ''}
                onChange={(e) =>
                  setFilter({ ...filter, color: ((e.currentTarget as HTMLSelectElement).value || null) as ColorId | null })
                }
              >
                <option value="">{t('libraryAnyColour')}</option>
                {COLOR_IDS.map((c) => (
                  <option key={c} value={c}>
                    {state.colorLabels[c]}
                  </option>
                ))}
              </select>
            </div>
            <div class="field checkbox">
              <input
                id="library-has-reflections"
                type="checkbox"
                checked={filter.hasReflections}
                onChange={(e) => setFilter({ ...filter, hasReflections: (e.currentTarget as HTMLInputElement).checked })}
              />
              <label for="library-has-reflections">{t('libraryOnlyReflections')}</label>
            </div>
            {filtersOn && (
              <button type="button" class="link-button" onClick={() => setFilter(NO_FILTER)}>
                {t('libraryClearFilters')}
              </button>
            )}
          </div>

          <h2 class="list-heading" tabIndex={-1} ref={listHeading} id="list-heading">
            {results ? t('librarySearchResults') : t('libraryPagesHeading')}
          </h2>
          <p class="list-status" role="status" aria-live="polite">
            {!state.loaded && !state.cachedRows
              ? t('libraryLoading')
              : !state.loaded && q
                ? t('libraryLoadingSearch')
                : results
                ? filtersOn
                  ? tCount(results.length, 'libraryMatchesFilteredOne', 'libraryMatchesFiltered', query.trim())
                  : tCount(results.length, 'libraryMatchesOne', 'libraryMatches', query.trim())
                : totals.pages === 0
                  ? t('libraryEmpty')
                  : t(filtersOn ? 'libraryShownOfFiltered' : 'libraryShownOf', formatNumber(filtered.length), formatNumber(totals.pages))}
            {!state.loaded && state.cachedRows && !q && ` ${t('libraryFromCache')}`}
            {notice && ` ${notice}`}
          </p>

          {results ? (
            <SearchResults query={query} results={results} visible={visible} onShowMore={showMore} />
          ) : (
            <ol class="page-list" aria-labelledby="list-heading">
              {filtered.slice(0, visible).map((row) => (
                <PageRow key={row.url} row={row} colorLabels={state.colorLabels} onDelete={onDelete} onEdit={(op) => onEdit(row.url, op)} />
              ))}
            </ol>
          )}
          {!results && shownCount > visible && <LoadMore remaining={shownCount - visible} onMore={showMore} />}
        </main>

        <aside class="library-side">
          <ExportPanel pageCount={totals.pages} onExport={actions.exportAll} />
          <ImportPanel onPreview={actions.previewImport} onConfirm={actions.confirmImport} />
        </aside>
      </div>

      {toast && (
        <Toast
          message={t('libraryDeleted', toast.title)}
          actionLabel={t('journalUndo')}
          onAction={undo}
          onDismiss={closeToast}
        />
      )}
    </div>
  );
}
