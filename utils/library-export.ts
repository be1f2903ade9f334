import type { ColorId, PageRecord } from './store/schema';
import { libraryToMarkdown, libraryToMarkdownZip } from './export/markdown';
import { toJsonExport } from './export/json';
import { toWebAnnotations } from './export/web-annotation';
import { toHtmlJournal } from './export/html';
import { downloadFile } from './export/download';
import { markdownToSafeHtml } from './sanitize';
import { fileDate } from './library-view';
import type { MessageKey } from './i18n';

/** The whole-library export formats offered on the library page. */
export type ExportFormat = 'markdown' | 'markdown-zip' | 'json' | 'jsonld' | 'html';

/** Each format with the message keys of its button label and description. */
export const EXPORT_FORMATS: ReadonlyArray<{ format: ExportFormat; label: MessageKey; description: MessageKey }> = [
  { format: 'markdown', label: 'libraryExportMarkdown', description: 'libraryExportMarkdownHint' },
  { format: 'markdown-zip', label: 'libraryExportMarkdownZip', description: 'libraryExportMarkdownZipHint' },
  { format: 'json', label: 'libraryExportJson', description: 'libraryExportJsonHint' },
  { format: 'jsonld', label: 'libraryExportJsonLd', description: 'libraryExportJsonLdHint' },
  { format: 'html', label: 'libraryExportHtml', description: 'libraryExportHtmlHint' },
];

export interface ExportFile {
  filename: string;
  content: string | Uint8Array;
  mime: string;
}

export interface BuildExportOptions {
  extensionVersion: string;
  colorLabels?: Record<ColorId, string>;
  now?: Date;
}

/**
 * Builds the export file for `pages` in `format` without saving it. Returns the file
 * name (dated), content and MIME type. Throws whatever the exporter throws.
 */
export function buildExport(format: ExportFormat, pages: PageRecord[], opts: BuildExportOptions): ExportFile {
  const now = opts.now ?? new Date();
  const base = `gloss-library-${fileDate(now)}`;
  const { extensionVersion } = opts;
  switch (format) {
    case 'markdown':
      return {
        filename: `${base}.md`,
        content: libraryToMarkdown(pages, { colorLabels: opts.colorLabels, now }),
        mime: 'text/markdown',
      };
    case 'markdown-zip':
      return {
        filename: `${base}.zip`,
        content: libraryToMarkdownZip(pages, { colorLabels: opts.colorLabels, now }),
        mime: 'application/zip',
      };
    case 'json':
      return { filename: `${base}.json`, content: toJsonExport(pages, { extensionVersion, now }), mime: 'application/json' };
    case 'jsonld':
      return {
        filename: `${base}.jsonld`,
        content: toWebAnnotations(pages, { extensionVersion, now }),
        mime: 'application/ld+json',
      };
    case 'html':
      return {
        filename: `${base}.html`,
        content: toHtmlJournal(pages, {
          extensionVersion,
          now,
          colorLabels: opts.colorLabels,
          renderMarkdown: (md) => markdownToSafeHtml(md),
        }),
        mime: 'text/html',
      };
  }
}

/**
 * Builds the export and hands it to `download` (by default a browser download through
 * an object URL). Resolves with the file name.
 */
export async function exportLibrary(
  format: ExportFormat,
  pages: PageRecord[],
  opts: BuildExportOptions & { download?: (filename: string, content: string | Uint8Array, mime: string) => void },
): Promise<string> {
  const file = buildExport(format, pages, opts);
  (opts.download ?? downloadFile)(file.filename, file.content, file.mime);
  return file.filename;
}
