import type { PageSearchResult, SearchMatch } from '@/utils/search';
import { textFragmentUrl } from '@/utils/export/text-fragment';
import { SnippetText } from './SnippetText';
import { formatNumber, t, tCount, type MessageKey } from '@/utils/i18n';

export interface SearchResultsProps {
  query: string;
  results: PageSearchResult[];
  /** How many results to render (the rest appear with "Show more"). */
  visible: number;
  onShowMore: () => void;
}

const KIND_LABEL: Record<SearchMatch['kind'], MessageKey> = {
  title: 'libraryKindTitle',
  heading: 'libraryKindHeading',
  highlight: 'libraryKindHighlight',
  note: 'libraryKindNote',
  reflection: 'libraryKindReflection',
};

function matchLink(url: string, m: SearchMatch): { href: string; label: string } {
  if (m.highlight) return { href: textFragmentUrl(url, m.highlight.selectors.quote), label: t('libraryOpenHighlight') };
  if (m.kind === 'heading') {
    const heading = m.snippet.before.replace(/^…/, '') + m.snippet.match + m.snippet.after.replace(/…$/, '');
    return { href: textFragmentUrl(url, { exact: heading }), label: t('libraryOpenHeading') };
  }
  return { href: url, label: t('libraryOpenPage') };
}

/** Search results grouped by page, each match shown in context with a link into the page. */
export function SearchResults({ query, results, visible, onShowMore }: SearchResultsProps) {
  const shown = results.slice(0, visible);
  return (
    <div class="search-results" data-query={query} data-result-count={results.length}>
      <ol class="result-list">
        {shown.map((r) => (
          <li class="result" key={r.page.url}>
            <h3 class="result-title">
              <a href={r.page.url} target="_blank" rel="noopener noreferrer" dir="auto">
                {r.page.title || r.page.url}
              </a>
              <span class="site"> — {r.page.site}</span>
            </h3>
            <ul class="matches">
              {r.matches.map((m, i) => {
                const link = matchLink(r.page.url, m);
                return (
                  <li class={`match match-${m.kind}`} key={i}>
                    <span class="match-kind">
                      {t(KIND_LABEL[m.kind])}
                      {m.label ? ' · ' : ''}
                      {m.label && <bdi dir="auto">{m.label}</bdi>}
                    </span>{' '}
                    <SnippetText snippet={m.snippet} />{' '}
                    <a class="open-link" href={link.href} target="_blank" rel="noopener noreferrer">
                      {link.label}
                      <span class="visually-hidden">{t('libraryNewTab')}</span>
                    </a>
                  </li>
                );
              })}
            </ul>
            {r.total > r.matches.length && (
              <p class="more-matches">
                {tCount(r.total - r.matches.length, 'libraryMoreMatchesOne', 'libraryMoreMatches')}
              </p>
            )}
          </li>
        ))}
      </ol>
      {results.length > shown.length && (
        <button type="button" class="show-more" onClick={onShowMore}>
          {t('libraryMoreResults', formatNumber(results.length - shown.length))}
        </button>
      )}
    </div>
  );
}
