// What the library benchmark runs inside the library page: the exporters and the
// search index, bundled by tests/support/bundle.mjs and injected into the page.
export { libraryToMarkdown, libraryToMarkdownZip } from '../../utils/export/markdown';
export { toJsonExport } from '../../utils/export/json';
export { toWebAnnotations } from '../../utils/export/web-annotation';
export { toHtmlJournal } from '../../utils/export/html';
export { markdownToSafeHtml } from '../../utils/sanitize';
export { buildSearchIndex, searchIndex } from '../../utils/search';
