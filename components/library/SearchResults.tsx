import type { PageSearchResult, SearchMatch } from '@/utils/search';
import { textFragmentUrl } from '@/utils/export/text-fragment';
import { SnippetText } from './SnippetText';

export interface SearchResultsProps {
  query: string;
  results: PageSearchResult[];
  /** How many results to render (the rest appear with "Show more"). */
  visible: number;
  onShowMore: () => void;
}

const KIND_LABEL: Record<SearchMatch['kind'], string> = {
  title: 'Title',
  heading: 'Heading',
  highlight: 'Highlight',
  note: 'Note',
  reflection: 'Reflection',
};

function matchLink(url: string, m: SearchMatch): { href: string; label: string } {
  if (m.highlight) return { href: textFragmentUrl(url, m.highlight.selectors.quote), label: 'Open at highlight' };
  if (m.kind === 'heading') {
    const heading = m.snippet.before.replace(/^…/, '') + m.snippet.match + m.snippet.after.replace(/…$/, '');
    return { href: textFragmentUrl(url, { exact: heading }), label: 'Open at heading' };
  }
  return { href: url, label: 'Open page' };
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
              <a href={r.page.url} target="_blank" rel="noopener noreferrer">
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
                      {KIND_LABEL[m.kind]}
                      {m.label ? ` · ${m.label}` : ''}
                    </span>{' '}
                    <SnippetText snippet={m.snippet} />{' '}
                    <a class="open-link" href={link.href} target="_blank" rel="noopener noreferrer">
                      {link.label}
                      <span class="visually-hidden"> (opens in a new tab)</span>
                    </a>
                  </li>
                );
              })}
            </ul>
            {r.total > r.matches.length && (
              <p class="more-matches">
                and {r.total - r.matches.length} more {r.total - r.matches.length === 1 ? 'match' : 'matches'} on this page
              </p>
            )}
          </li>
        ))}
      </ol>
      {results.length > shown.length && (
        <button type="button" class="show-more" onClick={onShowMore}>
          Show more results ({results.length - shown.length} more pages)
        </button>
      )}
    </div>
  );
}
