// utils/export/formats.ts: one dispatcher from a format to a file, for the library and
// for one page.
import { describe, expect, it } from 'vitest';
import { buildExport, type ExportFormat } from '@/utils/export/formats';
import { libraryToMarkdown, libraryToMarkdownZip, markdownFileName, pageToMarkdown } from '@/utils/export/markdown';
import { toJsonExport } from '@/utils/export/json';
import { essayPage, plainPage } from '../fixtures/export/pages';

const NOW = new Date(2026, 10, 25, 12);
/** A stand-in renderer: the sanitiser itself is tested in real Chromium (tests/e2e/sanitize.e2e.mjs). */
const renderMarkdown = (md: string) => `<p>${md.replace(/</g, '&lt;')}</p>`;
const opts = { extensionVersion: '9.9.9', now: NOW, zip: libraryToMarkdownZip, renderMarkdown };

describe('buildExport', () => {
  it('names library files by date, with the MIME type of each format', () => {
    const pages = [essayPage(), plainPage()];
    const got = (['markdown', 'markdown-zip', 'json', 'jsonld', 'html'] as ExportFormat[]).map((f) => {
      const file = buildExport(f, pages, opts);
      return [file.filename, file.mime];
    });
    expect(got).toEqual([
      ['gloss-library-2026-11-25.md', 'text/markdown'],
      ['gloss-library-2026-11-25.zip', 'application/zip'],
      ['gloss-library-2026-11-25.json', 'application/json'],
      ['gloss-library-2026-11-25.jsonld', 'application/ld+json'],
      ['gloss-library-2026-11-25.html', 'text/html'],
    ]);
    expect(buildExport('markdown', pages, opts).content).toBe(libraryToMarkdown(pages, { now: NOW }));
    expect(buildExport('json', pages, opts).content).toBe(toJsonExport(pages, { extensionVersion: '9.9.9', now: NOW }));
  });

  it('names one page’s files after the page; its Markdown is the page’s, not the library’s', () => {
    const page = essayPage();
    const base = markdownFileName(page).replace(/\.md$/, '');
    const one = { ...opts, scope: 'page' as const };
    expect(buildExport('markdown', [page], one)).toEqual({ filename: markdownFileName(page), content: pageToMarkdown(page, { now: NOW }), mime: 'text/markdown' });
    expect(buildExport('json', [page], one).filename).toBe(`${base}.gloss.json`);
    expect(buildExport('jsonld', [page], one).filename).toBe(`${base}.jsonld`);
    const html = buildExport('html', [page], one);
    expect(html.filename).toBe(`${base}.html`);
    expect(String(html.content)).toContain('9.9.9');
  });

  it('refuses a page export without a page, a zip without the zip writer, HTML without the renderer', () => {
    expect(() => buildExport('json', [], { ...opts, scope: 'page' })).toThrow(/no page/);
    expect(() => buildExport('markdown-zip', [essayPage()], { ...opts, zip: undefined })).toThrow(/whole library/);
    expect(() => buildExport('html', [essayPage()], { ...opts, renderMarkdown: undefined })).toThrow(/Markdown renderer/);
  });
});
