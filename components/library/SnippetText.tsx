import type { Snippet } from '@/utils/search';

/** A search match in context; page text is rendered as text nodes, the match in <mark>. */
export function SnippetText({ snippet }: { snippet: Snippet }) {
  return (
    <span class="snippet" dir="auto">
      {snippet.before}
      <mark>{snippet.match}</mark>
      {snippet.after}
    </span>
  );
}
