import { useEffect, useMemo, useState } from 'preact/hooks';
import { loadSafeHtml, safeHtmlNow, type SafeHtml } from '../utils/safe-html-loader';
import { t } from '../utils/i18n';

export interface MarkdownViewProps {
  /** The reader's Markdown (a reflection). Never page text: that is rendered as text. */
  markdown: string;
  class?: string;
}

/**
 * Renders the reader's Markdown. This is the only component that sets HTML, and the
 * HTML always comes from markdownToSafeHtml (render, then DOMPurify allow-list), reached
 * through utils/safe-html-loader.ts: until the page has loaded it (the popup loads it
 * after its first screen), the text is shown as text, then the render replaces it. When
 * it cannot be loaded the text stays plain and says why.
 */
export function MarkdownView({ markdown, class: className }: MarkdownViewProps) {
  const [render, setRender] = useState<SafeHtml | null>(safeHtmlNow);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    if (render) return;
    let live = true;
    loadSafeHtml().then(
      (r) => live && setRender(() => r),
      (err: Error) => live && setFailure(err.message),
    );
    return () => {
      live = false;
    };
  }, []);
  const html = useMemo(() => (render ? render(markdown) : null), [render, markdown]);
  const cls = className ? `gloss-markdown ${className}` : 'gloss-markdown';
  if (html === null)
    return (
      <div key="text" class={`${cls} plain`} dir="auto">
        {markdown}
        {failure && (
          <p class="markdown-failure" role="status">
            {t('markdownLoadShownPlain', failure)}
          </p>
        )}
      </div>
    );
  return <div key="html" class={cls} dir="auto" dangerouslySetInnerHTML={{ __html: html }} />;
}
