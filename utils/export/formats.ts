// Export formats: the one list of formats and the one dispatcher from a format to a
// file, for the whole library (library page) and for one page (popup and side panel).
import type { ColorId, PageRecord } from '../store/schema';
import { libraryToMarkdown, markdownFileName, pageToMarkdown, type MarkdownExportOptions } from './markdown';
import { toJsonExport } from './json';
import { toWebAnnotations } from './web-annotation';
import { toHtmlJournal } from './html';
import { fileDate } from '../library/view';

/** Every export format. A zip of one file per page is offered for the library only. */
export type ExportFormat = 'markdown' | 'markdown-zip' | 'json' | 'jsonld' | 'html';
/** The formats one page exports to. */
export type PageExportFormat = Exclude<ExportFormat, 'markdown-zip'>;

export interface ExportFile {
  filename: string;
  content: string | Uint8Array;
  mime: string;
}

export interface BuildExportOptions {
  extensionVersion: string;
  colorLabels?: Record<ColorId, string>;
  now?: Date;
  /**
   * 'page': the notes of one page (`pages[0]`), named after it, its Markdown without the
   * library's heading. Default 'library': every page, named `gloss-library-<date>`.
   */
  scope?: 'library' | 'page';
  /**
   * Writes the zip of one Markdown file per page (`libraryToMarkdownZip`), needed for
   * 'markdown-zip' only: passed in by the library page so that the popup's export code
   * does not carry the zip library.
   */
  zip?: (pages: PageRecord[], opts: MarkdownExportOptions) => Uint8Array;
  /**
   * Turns a reflection's Markdown into safe HTML (`markdownToSafeHtml`), needed for
   * 'html' only: passed in by the caller, whose page already carries the sanitiser.
   */
  renderMarkdown?: (md: string) => string;
}

/**
 * Builds the export file for `pages` in `format` without saving it. Returns the file
 * name, content and MIME type. Throws whatever the exporter throws.
 */
export function buildExport(format: ExportFormat, pages: PageRecord[], opts: BuildExportOptions): ExportFile {
  const now = opts.now ?? new Date();
  const { extensionVersion, colorLabels } = opts;
  const one = opts.scope === 'page' ? pages[0] : null;
  if (opts.scope === 'page' && !one) throw new Error('there is no page to export');
  const base = one ? markdownFileName(one).replace(/\.md$/, '') : `gloss-library-${fileDate(now)}`;
  switch (format) {
    case 'markdown':
      return {
        filename: `${base}.md`,
        content: one ? pageToMarkdown(one, { colorLabels, now }) : libraryToMarkdown(pages, { colorLabels, now }),
        mime: 'text/markdown',
      };
    case 'markdown-zip':
      if (!opts.zip) throw new Error('the zip export is offered for the whole library only');
      return { filename: `${base}.zip`, content: opts.zip(pages, { colorLabels, now }), mime: 'application/zip' };
    case 'json':
      // A page's backup says so in its name: it is one page of a library.
      return { filename: one ? `${base}.gloss.json` : `${base}.json`, content: toJsonExport(pages, { extensionVersion, now }), mime: 'application/json' };
    case 'jsonld':
      return { filename: `${base}.jsonld`, content: toWebAnnotations(pages, { extensionVersion, now }), mime: 'application/ld+json' };
    case 'html': {
      const { renderMarkdown } = opts;
      if (!renderMarkdown) throw new Error('the HTML export needs the Markdown renderer');
      return { filename: `${base}.html`, content: toHtmlJournal(pages, { extensionVersion, now, colorLabels, renderMarkdown }), mime: 'text/html' };
    }
  }
}
