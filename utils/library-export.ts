import type { PageRecord } from './store/schema';
import { downloadFile } from './export/download';
import { libraryToMarkdownZip } from './export/markdown';
import { markdownToSafeHtml } from './sanitize';
import { buildExport, type BuildExportOptions, type ExportFormat } from './export/formats';

export { buildExport, type BuildExportOptions, type ExportFile, type ExportFormat } from './export/formats';

/** The whole-library export formats offered on the library page. */
export const EXPORT_FORMATS: ReadonlyArray<{ format: ExportFormat; label: string; description: string }> = [
  { format: 'markdown', label: 'Markdown', description: 'one file with every page' },
  { format: 'markdown-zip', label: 'Markdown (zip)', description: 'one file per page, zipped' },
  { format: 'json', label: 'JSON', description: 'complete backup, re-importable' },
  { format: 'jsonld', label: 'JSON-LD', description: 'W3C Web Annotations, re-importable' },
  { format: 'html', label: 'HTML journal', description: 'a readable page to keep or print' },
];

/**
 * Builds the export and hands it to `download` (by default a browser download through
 * an object URL). Resolves with the file name.
 */
export async function exportLibrary(
  format: ExportFormat,
  pages: PageRecord[],
  opts: BuildExportOptions & { download?: (filename: string, content: string | Uint8Array, mime: string) => void },
): Promise<string> {
  const file = buildExport(format, pages, { zip: libraryToMarkdownZip, renderMarkdown: markdownToSafeHtml, ...opts });
  (opts.download ?? downloadFile)(file.filename, file.content, file.mime);
  return file.filename;
}
