import { strToU8, zipSync } from 'fflate';
import { DEFAULT_COLOR_LABELS, PAGE_REFLECTION_ID } from '../store/schema';
import type { ColorId, Highlight, PageRecord } from '../store/schema';
import {
  cleanPageText,
  escapeMarkdownInline,
  escapeMarkdownLine,
  markdownBlockquote,
  markdownLinkDestination,
  yamlString,
} from '../markdown/escape';
import { exportSections, isOtherNotes } from './sections';
import { t } from '../i18n';
import { textFragmentUrl } from './text-fragment';

export interface MarkdownExportOptions {
  now?: Date;
  /** The reader's names for the colours; defaults to the colour names. */
  colorLabels?: Record<ColorId, string>;
}

/** ISO date-time without milliseconds (YAML timestamp), or null for an invalid time. */
function isoTime(ms: number): string | null {
  const d = new Date(ms);
  return Number.isFinite(d.getTime()) ? d.toISOString().replace(/\.\d{3}Z$/, 'Z') : null;
}

function isoDay(ms: number): string {
  return isoTime(ms)?.slice(0, 10) ?? t('exportUnknownDate');
}

/**
 * The reader's own Markdown, as written, except that a code fence left open is closed:
 * otherwise it would swallow every note after it.
 */
function readerMarkdown(md: string): string {
  const text = md.replace(/\r\n?/g, '\n').replace(/\s+$/, '');
  let open: string | null = null;
  for (const line of text.split('\n')) {
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (!m) continue;
    if (open === null) open = m[1];
    else if (m[1][0] === open[0] && m[1].length >= open.length && /^ {0,3}(`+|~+)\s*$/.test(line)) open = null;
  }
  return open === null ? text : text + '\n' + open;
}

function pageTitle(page: PageRecord): string {
  return cleanPageText(page.title).replace(/\s+/g, ' ').trim() || page.url || t('exportUntitled');
}

function frontMatter(fields: Array<[string, string | null | string[]]>): string {
  const lines = ['---'];
  for (const [key, value] of fields) {
    if (Array.isArray(value)) {
      if (value.length === 0) lines.push(`${key}: []`);
      else lines.push(`${key}:`, ...value.map((v) => `  - ${yamlString(v)}`));
    } else lines.push(`${key}: ${value ?? 'null'}`);
  }
  lines.push('---');
  return lines.join('\n');
}

function highlightMarkdown(page: PageRecord, h: Highlight, labels: Record<ColorId, string>): string {
  const q = h.selectors.quote;
  const link = textFragmentUrl(page.url, { exact: q.exact || h.text, prefix: q.prefix, suffix: q.suffix });
  const label = escapeMarkdownInline(labels[h.color] ?? h.color);
  const parts = [markdownBlockquote(h.text || q.exact), `[${t('exportOpenPassage')}](${markdownLinkDestination(link)}) · ${label}`];
  const note = cleanPageText(h.note).trim();
  if (note) parts.push(note.split('\n').map((l) => escapeMarkdownLine(l)).join('\n').replace(/\n{2,}/g, '\n'));
  return parts.join('\n\n');
}

/** The page's body: `# Title`, link and dates, page reflection, then sections. */
function pageBody(page: PageRecord, labels: Record<ColorId, string>, extraMeta: string[]): string {
  const out: string[] = [];
  out.push('# ' + escapeMarkdownInline(pageTitle(page)));
  const meta = [
    // An autolink needs a scheme; anything else would read as an HTML tag, so it is text.
    /^[a-z][a-z0-9+.-]{1,31}:[^\s<>]*$/i.test(page.url) ? `<${markdownLinkDestination(page.url)}>` : escapeMarkdownInline(page.url),
    t('exportFirstVisited', isoDay(page.firstVisitAt)),
    t('exportLastVisited', isoDay(page.lastVisitAt)),
    ...extraMeta,
  ];
  out.push(meta.join(' · '));
  const pageReflection = page.reflections[PAGE_REFLECTION_ID];
  if (pageReflection && pageReflection.text.trim()) out.push(readerMarkdown(pageReflection.text));
  for (const section of exportSections(page)) {
    const hashes = '#'.repeat(Math.min(section.level + 1, 6));
    const title = escapeMarkdownInline(section.title) || t('journalUntitledSection');
    out.push(`${hashes} ${title}${section.orphan && !isOtherNotes(section) ? ` ${t('exportNoLongerOnPage')}` : ''}`);
    for (const h of section.highlights) out.push(highlightMarkdown(page, h, labels));
    if (section.reflection) out.push(`**${t('exportReflection')}**`, readerMarkdown(section.reflection.text));
  }
  return out.join('\n\n') + '\n';
}

/**
 * One page as a Markdown note for Obsidian or GitHub: YAML front matter (title, url,
 * site, visit and export dates, tags), `# Title`, the page reflection, then one heading per
 * outline section (level 1 → `##`, capped at `######`) with its highlights as blockquotes,
 * each followed by a text-fragment link back to the passage, its colour label and note,
 * then the section's reflection. Page text is escaped so it cannot add structure; the
 * reader's reflections are kept as written.
 */
export function pageToMarkdown(page: PageRecord, opts: MarkdownExportOptions = {}): string {
  const now = opts.now ?? new Date();
  const labels = opts.colorLabels ?? DEFAULT_COLOR_LABELS;
  const fm = frontMatter([
    ['title', yamlString(pageTitle(page))],
    ['url', yamlString(page.url)],
    ['site', yamlString(page.site)],
    ['first_visited', isoTime(page.firstVisitAt)],
    ['last_visited', isoTime(page.lastVisitAt)],
    ['exported', isoTime(now.getTime())],
    ['tags', page.tags],
  ]);
  return fm + '\n\n' + pageBody(page, labels, []);
}

/**
 * All pages in one Markdown file: library front matter (title, export date, page count),
 * then each page's body (as in {@link pageToMarkdown}, with site and tags on the date
 * line) separated by thematic breaks.
 */
export function libraryToMarkdown(pages: PageRecord[], opts: MarkdownExportOptions = {}): string {
  const now = opts.now ?? new Date();
  const labels = opts.colorLabels ?? DEFAULT_COLOR_LABELS;
  const fm = frontMatter([
    ['title', yamlString(t('libraryTitle'))],
    ['exported', isoTime(now.getTime())],
    ['pages', String(pages.length)],
  ]);
  const bodies = pages.map((p) => {
    const extra = [escapeMarkdownInline(p.site)].filter(Boolean);
    if (p.tags.length) extra.push(t('exportTags', p.tags.map((tag) => escapeMarkdownInline(tag)).join(', ')));
    return pageBody(p, labels, extra);
  });
  return fm + '\n\n' + bodies.join('\n---\n\n');
}

/** Names Windows refuses for files, whatever the extension. */
const RESERVED_NAMES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;
const MAX_NAME = 80;

/**
 * A safe file name for the page's note: its title with path separators, characters
 * Windows or Obsidian refuse (`\ / : * ? " < > | # ^ [ ]`), controls and bidi marks
 * removed, no leading dot, at most 80 characters, plus `.md`. Falls back to the site.
 */
export function markdownFileName(page: PageRecord): string {
  const title = cleanPageText(page.title).replace(/\s+/g, ' ').trim();
  let name = (title || page.url.replace(/^[a-z][a-z0-9+.-]*:\/*/i, ''))
    .replace(/[\u200B-\u200F\uFEFF]/g, '')
    .replace(/[\\/:*?"<>|#^[\]\u0000-\u001F]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '');
  if (name.length > MAX_NAME) {
    // Cut between code points, never inside a surrogate pair.
    name = Array.from(name).slice(0, MAX_NAME).join('').trim();
  }
  name = name.replace(/[.\s]+$/, '');
  if (!name) name = page.site.replace(/[^A-Za-z0-9.-]/g, '') || 'untitled';
  if (RESERVED_NAMES.test(name)) name = '_' + name;
  return name + '.md';
}

/**
 * Every page as its own `.md` file (see {@link pageToMarkdown}) in a zip archive. Names
 * come from {@link markdownFileName}, made unique case-insensitively with " (2)", " (3)"…
 * Entries carry the export time, so the same input and `now` give the same bytes.
 */
export function libraryToMarkdownZip(pages: PageRecord[], opts: MarkdownExportOptions = {}): Uint8Array {
  const now = opts.now ?? new Date();
  const used = new Set<string>();
  const files: Record<string, [Uint8Array, { mtime: Date }]> = Object.create(null);
  for (const page of pages) {
    const base = markdownFileName(page).slice(0, -3);
    let name = base + '.md';
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base} (${n}).md`;
    used.add(name.toLowerCase());
    files[name] = [strToU8(pageToMarkdown(page, { ...opts, now })), { mtime: now }];
  }
  return zipSync(files, { level: 6 });
}
