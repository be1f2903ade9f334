/** Library: exporting the whole library (or a selection) in every format of utils/export/formats.ts. */
import type { PageRecord } from '../store/schema';
import { downloadFile } from '../export/download';
import { libraryToMarkdownZip } from '../export/markdown';
import { markdownToSafeHtml } from '../sanitize';
import { buildExport, type BuildExportOptions, type ExportFormat } from '../export/formats';
import type { MessageKey } from '../i18n';

export { buildExport, type BuildExportOptions, type ExportFile, type ExportFormat } from '../export/formats';

/** The whole-library export formats offered on the library page, with the message keys of
 * each button's label and description. */
export const EXPORT_FORMATS: ReadonlyArray<{ format: ExportFormat; label: MessageKey; description: MessageKey }> = [
  { format: 'markdown', label: 'libraryExportMarkdown', description: 'libraryExportMarkdownHint' },
  { format: 'markdown-zip', label: 'libraryExportMarkdownZip', description: 'libraryExportMarkdownZipHint' },
  { format: 'json', label: 'libraryExportJson', description: 'libraryExportJsonHint' },
  { format: 'jsonld', label: 'libraryExportJsonLd', description: 'libraryExportJsonLdHint' },
  { format: 'html', label: 'libraryExportHtml', description: 'libraryExportHtmlHint' },
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
