// What bench:bounded loads into a Chromium page: the renderer, the one sanitiser and the
// view's chunked writer, as the panel and popup use them.
export { renderMarkdown } from '../../utils/markdown/render';
export { sanitizeHtml, sanitizeToDom } from '../../utils/sanitize';
export { writeMarkdown } from '../../utils/markdown/write';
