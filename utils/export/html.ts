import { DEFAULT_COLOR_LABELS, PAGE_REFLECTION_ID } from '../store/schema';
import type { ColorId, Highlight, PageRecord } from '../store/schema';
import { cleanPageText } from '../markdown/escape';
import { escapeHtml } from '../html-escape';
import { exportSections, isOtherNotes } from './sections';
import { t, uiLocale } from '../i18n';
import { textFragmentUrl } from './text-fragment';
import { HIGHLIGHT_COLORS } from '../highlight/colors';

export interface HtmlJournalOptions {
  now?: Date;
  extensionVersion: string;
  /** Markdown → HTML that is already sanitised (e.g. markdownToSafeHtml); used for reflections only. */
  renderMarkdown: (md: string) => string;
  colorLabels?: Record<ColorId, string>;
}

/** Scripts, plugins, frames, fonts and remote images are all refused by the document itself. */
export const JOURNAL_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";


const CSS = `
:root { color-scheme: light; }
body { font: 16px/1.6 Georgia, 'Iowan Old Style', 'Times New Roman', serif; color: #1d1d1f; background: #fff; max-width: 46rem; margin: 2rem auto; padding: 0 1.25rem; }
header.journal { border-bottom: 2px solid #1d1d1f; margin-bottom: 2rem; }
header.journal h1 { margin: 0 0 .25rem; font-size: 2rem; }
.meta { color: #555; font: 13px/1.5 system-ui, sans-serif; overflow-wrap: anywhere; }
nav ol { font: 14px/1.6 system-ui, sans-serif; padding-left: 1.25rem; }
article.page { margin: 0 0 3rem; }
article.page > h2 { font-size: 1.6rem; margin-bottom: .25rem; }
h3, h4, h5, h6 { margin: 1.75rem 0 .5rem; }
figure.highlight { margin: 1rem 0; padding: 0; }
figure.highlight blockquote { margin: 0; padding: .25rem 0 .25rem 1rem; border-left: 4px solid var(--swatch); white-space: pre-wrap; overflow-wrap: anywhere; }
figure.highlight figcaption { font: 13px/1.5 system-ui, sans-serif; color: #555; margin: .25rem 0 0 1.25rem; }
.note { margin: .25rem 0 0 1.25rem; font-style: italic; white-space: pre-wrap; overflow-wrap: anywhere; }
.reflection { margin: 1rem 0; padding: .75rem 1rem; background: #f6f5f1; border-radius: 6px; overflow-wrap: anywhere; }
.reflection > :first-child { margin-top: 0; }
.reflection > :last-child { margin-bottom: 0; }
.label { font: 600 12px/1.4 system-ui, sans-serif; text-transform: uppercase; letter-spacing: .05em; color: #777; }
.orphan { color: #777; font-weight: normal; font-size: .85em; }
a { color: #1a5fb4; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  nav { display: none; }
  article.page { break-before: page; }
  article.page:first-of-type { break-before: auto; }
  figure.highlight, .reflection { break-inside: avoid; }
  h2, h3, h4, h5, h6 { break-after: avoid; }
  .reflection { background: none; border-left: 2px solid #999; border-radius: 0; }
  a { color: inherit; text-decoration: none; }
  .meta a::after { content: " (" attr(href) ")"; }
}
`;

/** Text as HTML text or attribute value: `& < > " '` escaped, controls and bidi overrides removed. */
function esc(text: string): string {
  return escapeHtml(cleanPageText(text));
}

/** A link to the page itself, only for web and file addresses; otherwise null (shown as text). */
function pageHref(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'file:' ? u.href : null;
  } catch {
    return null;
  }
}

function day(ms: number): string {
  const d = new Date(ms);
  return Number.isFinite(d.getTime()) ? d.toISOString().slice(0, 10) : t('exportUnknownDate');
}

function highlightHtml(page: PageRecord, h: Highlight, labels: Record<ColorId, string>): string {
  const q = h.selectors.quote;
  const base = pageHref(page.url);
  const link = base ? textFragmentUrl(base, { exact: q.exact || h.text, prefix: q.prefix, suffix: q.suffix }) : null;
  const label = esc(labels[h.color] ?? h.color);
  const caption = [link ? `<a href="${esc(link)}">${esc(t('exportOpenPassage'))}</a>` : null, label].filter(Boolean).join(' · ');
  const note = h.note.trim() ? `\n<p class="note">${esc(h.note.trim())}</p>` : '';
  return `<figure class="highlight" style="--swatch: ${HIGHLIGHT_COLORS[h.color]?.onLight ?? '#767676'}">\n<blockquote>${esc(h.text || q.exact)}</blockquote>\n<figcaption>${caption}</figcaption>${note}\n</figure>`;
}

function pageHtml(page: PageRecord, index: number, opts: HtmlJournalOptions): string {
  const labels = opts.colorLabels ?? DEFAULT_COLOR_LABELS;
  const title = cleanPageText(page.title).trim() || page.url || t('exportUntitled');
  const href = pageHref(page.url);
  const parts: string[] = [];
  parts.push(`<article class="page" id="page-${index + 1}">`);
  parts.push(`<h2>${esc(title)}</h2>`);
  const meta = [
    href ? `<a href="${esc(href)}">${esc(page.url)}</a>` : esc(page.url),
    esc(t('exportFirstVisited', day(page.firstVisitAt))),
    esc(t('exportLastVisited', day(page.lastVisitAt))),
  ];
  if (page.tags.length) meta.push(esc(t('exportTags', page.tags.join(', '))));
  parts.push(`<p class="meta">${meta.join(' · ')}</p>`);
  const pageReflection = page.reflections[PAGE_REFLECTION_ID];
  if (pageReflection?.text.trim()) parts.push(`<div class="reflection">${opts.renderMarkdown(pageReflection.text)}</div>`);
  for (const s of exportSections(page)) {
    const n = Math.min(s.level + 2, 6);
    const orphan = s.orphan && !isOtherNotes(s) ? ` <span class="orphan">${esc(t('exportNoLongerOnPage'))}</span>` : '';
    parts.push(`<section>\n<h${n}>${esc(s.title) || esc(t('journalUntitledSection'))}${orphan}</h${n}>`);
    for (const h of s.highlights) parts.push(highlightHtml(page, h, labels));
    if (s.reflection) {
      parts.push(`<div class="reflection"><p class="label">${esc(t('exportReflection'))}</p>\n${opts.renderMarkdown(s.reflection.text)}</div>`);
    }
    parts.push('</section>');
  }
  parts.push('</article>');
  return parts.join('\n');
}

/**
 * A printable, self-contained HTML journal of the pages: inline CSS (with print rules),
 * no scripts and no external resources, locked down by a CSP meta tag. All page-derived
 * text is HTML-escaped; reflections go through `opts.renderMarkdown`, which must return
 * sanitised HTML. The only links are to the pages themselves (http/https/file) and their
 * text-fragment passages.
 */
export function toHtmlJournal(pages: PageRecord[], opts: HtmlJournalOptions): string {
  const now = opts.now ?? new Date();
  const toc = pages
    .map((p, i) => `<li><a href="#page-${i + 1}">${esc(cleanPageText(p.title).trim() || p.url || t('exportUntitled'))}</a></li>`)
    .join('\n');
  return `<!doctype html>
<html lang="${esc(uiLocale())}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${JOURNAL_CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Gloss ${esc(opts.extensionVersion)}">
<title>Gloss journal</title>
<style>${CSS}</style>
</head>
<body>
<header class="journal">
<h1>Gloss journal</h1>
<p class="meta">Exported ${esc(now.toISOString().slice(0, 16).replace('T', ' '))} UTC · ${pages.length} page${pages.length === 1 ? '' : 's'} · Gloss ${esc(opts.extensionVersion)}</p>
</header>
${pages.length > 1 ? `<nav aria-label="${esc(t('libraryPagesHeading'))}">\n<ol>\n${toc}\n</ol>\n</nav>\n` : ''}<main>
${pages.map((p, i) => pageHtml(p, i, opts)).join('\n')}
</main>
</body>
</html>
`;
}
