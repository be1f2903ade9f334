import { classicScriptLoader } from '@/utils/classic-script';
import type { MarkdownSink } from '@/utils/markdown-sink-loader';
import { t } from '@/utils/i18n';

/**
 * The popup's Markdown renderer and DOMPurify: popup-markdown.js (entrypoints/
 * popup-markdown.ts), added once. The popup's own script is a classic script, which
 * cannot import a chunk later, so the renderer is a classic script of its own too.
 */
export const loadPopupMarkdown: (doc?: Document) => Promise<MarkdownSink> = classicScriptLoader('/popup-markdown.js', (win) => win.glossMarkdownSink, {
  notLoaded: () => t('markdownLoadNotLoaded'),
  notStarted: () => t('markdownLoadNotStarted'),
});
