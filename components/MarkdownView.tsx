import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { loadMarkdownSink, markdownSinkNow, type MarkdownSink } from '../utils/markdown-sink-loader';
import { t } from '../utils/i18n';

export interface MarkdownViewProps {
  /** The reader's Markdown (a reflection). Never page text: that is rendered as text. */
  markdown: string;
  class?: string;
}

/**
 * Renders the reader's Markdown. This is the only component that shows rendered Markdown,
 * and its DOM always comes from the one sink (utils/sanitize.ts: render, then DOMPurify
 * allow-list, handed back as nodes: no HTML string is assigned here),
 * reached through utils/markdown-sink-loader.ts: until the page has loaded it (the popup
 * loads it after its first screen), the text is shown as text, then the render replaces
 * it; a long reflection is written in idle chunks so its start shows at once
 * (utils/markdown/write.ts). When the sink cannot be loaded the text stays plain and says why.
 */
export function MarkdownView({ markdown, class: className }: MarkdownViewProps) {
  const [sink, setSink] = useState<MarkdownSink | null>(markdownSinkNow);
  const [failure, setFailure] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (sink) return;
    let live = true;
    loadMarkdownSink().then(
      (s) => live && setSink(s),
      (err: Error) => live && setFailure(err.message),
    );
    return () => {
      live = false;
    };
  }, []);
  useLayoutEffect(() => {
    const root = ref.current;
    if (!sink || !root) return;
    return sink.write(root, markdown);
  }, [sink, markdown]);
  const cls = className ? `gloss-markdown ${className}` : 'gloss-markdown';
  if (!sink)
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
  return <div key="html" ref={ref} class={cls} dir="auto" />;
}
