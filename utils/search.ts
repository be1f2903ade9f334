import { PAGE_REFLECTION_ID, type Highlight, type PageRecord } from './store/schema';
import { t } from './i18n';

/** Where in a page a search match was found. */
export type MatchKind = 'title' | 'heading' | 'highlight' | 'note' | 'reflection';

/** A match in its context: `before` + `match` + `after` is a contiguous piece of the text. */
export interface Snippet {
  before: string;
  match: string;
  after: string;
}

export interface SearchMatch {
  kind: MatchKind;
  /** The highlight the match is in (kind 'highlight' or 'note'), else null. */
  highlight: Highlight | null;
  /** Section of a heading or reflection match (PAGE_REFLECTION_ID for the page's own reflection). */
  sectionId: string | null;
  /** Heading the match belongs to, for context (reflections and highlights), or null. */
  label: string | null;
  snippet: Snippet;
}

export interface PageSearchResult {
  page: PageRecord;
  /** The first matches, in page order (title, headings, highlights with notes, reflections). */
  matches: SearchMatch[];
  /** How many fields of the page matched, including those not in `matches`. */
  total: number;
}

interface Field {
  kind: MatchKind;
  /** Whitespace-collapsed text, as shown in snippets. */
  text: string;
  /** `text` case-folded, same length as `text` so offsets carry over. */
  folded: string;
  highlight: Highlight | null;
  sectionId: string | null;
  label: string | null;
}

interface PageEntry {
  page: PageRecord;
  /** Every field's folded text joined by a separator: one indexOf rejects most pages. */
  all: string;
  fields: Field[];
}

/** Built once per library state; entries are cached per page record, so rebuilding after one change is cheap. */
export interface SearchIndex {
  entries: PageEntry[];
}

export interface SearchOptions {
  /** Matches kept per page (the total is still counted). Default 5. */
  maxMatchesPerPage?: number;
  /** Characters of context on each side of a match. Default 60. */
  context?: number;
}

const SEPARATOR = '\u0000';

/**
 * Lower-cases `s` without changing its length, so an offset found in the folded
 * string is the same offset in the original. The few characters whose lower case is
 * longer (e.g. "İ") are kept as they are.
 */
export function foldCase(s: string): string {
  const lower = s.toLowerCase();
  if (lower.length === s.length) return lower;
  let out = '';
  for (const ch of s) {
    const l = ch.toLowerCase();
    out += l.length === ch.length ? l : ch;
  }
  return out;
}

function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * The words of the reader's Markdown without its markup (emphasis marks, heading and
 * quote markers, list bullets, link targets), so "bold thinking" finds "**bold** thinking".
 */
export function markdownToPlain(md: string): string {
  return md
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d+[.)][ \t]+)/gm, '')
    .replace(/[*_`~]+/g, '');
}

/** The normalised form of a query: whitespace collapsed and case-folded; '' means "no search". */
export function normalizeQuery(query: string): string {
  return foldCase(collapse(query));
}

const cache = new WeakMap<PageRecord, PageEntry>();

function field(kind: MatchKind, raw: string, extra: Partial<Field> = {}): Field | null {
  const text = collapse(raw);
  if (!text) return null;
  return { kind, text, folded: foldCase(text), highlight: null, sectionId: null, label: null, ...extra };
}

function indexPage(page: PageRecord): PageEntry {
  const cached = cache.get(page);
  if (cached) return cached;
  const fields: Array<Field | null> = [field('title', page.title)];
  for (const s of page.outline ?? []) fields.push(field('heading', s.heading, { sectionId: s.id }));
  for (const h of page.highlights) {
    fields.push(field('highlight', h.text, { highlight: h, label: h.sectionHeading }));
    fields.push(field('note', h.note, { highlight: h, label: h.sectionHeading }));
  }
  for (const r of Object.values(page.reflections)) {
    const label = r.sectionId === PAGE_REFLECTION_ID ? t('libraryWholePage') : r.heading;
    fields.push(field('reflection', markdownToPlain(r.text), { sectionId: r.sectionId, label }));
  }
  const kept = fields.filter((f): f is Field => f !== null);
  const entry: PageEntry = { page, fields: kept, all: kept.map((f) => f.folded).join(SEPARATOR) };
  cache.set(page, entry);
  return entry;
}

/**
 * Builds the full-text index of `pages` (titles, headings, highlighted text, notes,
 * reflections). Each page's entry is cached by record identity, so calling this again
 * after a storage change only indexes the records that changed.
 */
export function buildSearchIndex(pages: readonly PageRecord[]): SearchIndex {
  return { entries: pages.map(indexPage) };
}

/**
 * Cuts `text` around [start, start + length) with about `context` characters either
 * side, on word boundaries where possible; an ellipsis marks a cut end.
 */
export function makeSnippet(text: string, start: number, length: number, context = 60): Snippet {
  const end = start + length;
  let from = Math.max(0, start - context);
  if (from > 0) {
    const space = text.indexOf(' ', from);
    if (space >= 0 && space < start) from = space + 1;
  }
  let to = Math.min(text.length, end + context);
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    if (space > end) to = space;
  }
  return {
    before: (from > 0 ? '…' : '') + text.slice(from, start),
    match: text.slice(start, end),
    after: text.slice(end, to) + (to < text.length ? '…' : ''),
  };
}

/**
 * Finds `query` (case-insensitive, whitespace-insensitive, as a phrase) in the index.
 * Returns one result per matching page, in index order, each with its first matches
 * as snippets. An empty query returns [].
 */
export function searchIndex(index: SearchIndex, query: string, opts: SearchOptions = {}): PageSearchResult[] {
  const q = normalizeQuery(query);
  if (!q) return [];
  const max = opts.maxMatchesPerPage ?? 5;
  const context = opts.context ?? 60;
  const results: PageSearchResult[] = [];
  for (const entry of index.entries) {
    if (entry.all.indexOf(q) < 0) continue;
    const matches: SearchMatch[] = [];
    let total = 0;
    for (const f of entry.fields) {
      const at = f.folded.indexOf(q);
      if (at < 0) continue;
      total++;
      if (matches.length < max) {
        matches.push({
          kind: f.kind,
          highlight: f.highlight,
          sectionId: f.sectionId,
          label: f.label,
          snippet: makeSnippet(f.text, at, q.length, context),
        });
      }
    }
    // A query spanning two fields matches `all` but no single field: not a result.
    if (total > 0) results.push({ page: entry.page, matches, total });
  }
  return results;
}
