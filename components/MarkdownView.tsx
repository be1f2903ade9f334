import { useMemo } from 'preact/hooks';
import { markdownToSafeHtml } from '../utils/sanitize';

export interface MarkdownViewProps {
  /** The reader's Markdown (a reflection). Never page text: that is rendered as text. */
  markdown: string;
  class?: string;
}

/**
 * Renders the reader's Markdown. This is the only component that sets HTML, and the
 * HTML always comes from markdownToSafeHtml (render, then DOMPurify allow-list).
 */
export function MarkdownView({ markdown, class: className }: MarkdownViewProps) {
  const html = useMemo(() => markdownToSafeHtml(markdown), [markdown]);
  return <div class={className ? `gloss-markdown ${className}` : 'gloss-markdown'} dir="auto" dangerouslySetInnerHTML={{ __html: html }} />;
}
