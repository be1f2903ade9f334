import type { Highlight, PageRecord } from './schema';

/** What an import adds or changes; shown as a preview before anything is written. */
export interface ImportSummary {
  pagesAdded: number;
  pagesMerged: number;
  highlightsAdded: number;
  highlightsSkipped: number;
  reflectionsAdded: number;
  reflectionsUpdated: number;
  reflectionsKept: number;
}

export function emptySummary(): ImportSummary {
  return {
    pagesAdded: 0,
    pagesMerged: 0,
    highlightsAdded: 0,
    highlightsSkipped: 0,
    reflectionsAdded: 0,
    reflectionsUpdated: 0,
    reflectionsKept: 0,
  };
}

/**
 * The key of a passage by quote and position: two highlights with the same key are the
 * same passage (an export of an export), whatever their ids.
 */
function passageKey(h: Highlight): string {
  const q = h.selectors.quote;
  // JSON of an array: unambiguous whatever characters the quote holds.
  return JSON.stringify([q.exact, q.prefix, q.suffix, h.selectors.position.start, h.selectors.position.end]);
}

/**
 * Merges an imported page into the stored one (or null). Highlights already present
 * are skipped; a reflection replaces the stored one only when it is newer. Pure; the
 * summary is updated in place.
 */
export function mergePage(existing: PageRecord | null, incoming: PageRecord, summary: ImportSummary): PageRecord {
  if (!existing) {
    summary.pagesAdded++;
    summary.highlightsAdded += incoming.highlights.length;
    summary.reflectionsAdded += Object.keys(incoming.reflections).length;
    return incoming;
  }
  summary.pagesMerged++;
  // Same passage: same id, or same quote and position. Looked up in two sets, so a
  // merge is linear in the highlights (it was quadratic: 100k took about a minute).
  const highlights = existing.highlights.slice();
  const ids = new Set(highlights.map((h) => h.id));
  const passages = new Set(highlights.map(passageKey));
  for (const h of incoming.highlights) {
    const key = passageKey(h);
    if (ids.has(h.id) || passages.has(key)) summary.highlightsSkipped++;
    else {
      highlights.push(h);
      ids.add(h.id);
      passages.add(key);
      summary.highlightsAdded++;
    }
  }
  const reflections = { ...existing.reflections };
  for (const [id, r] of Object.entries(incoming.reflections)) {
    const cur = reflections[id];
    if (!cur) {
      reflections[id] = r;
      summary.reflectionsAdded++;
    } else if (cur.text !== r.text && r.updatedAt > cur.updatedAt) {
      reflections[id] = r;
      summary.reflectionsUpdated++;
    } else summary.reflectionsKept++;
  }
  return {
    ...existing,
    title: existing.title || incoming.title,
    outline: existing.outline ?? incoming.outline,
    highlights,
    reflections,
    tags: [...new Set([...existing.tags, ...incoming.tags])],
    firstVisitAt: Math.min(existing.firstVisitAt, incoming.firstVisitAt),
    lastVisitAt: Math.max(existing.lastVisitAt, incoming.lastVisitAt),
    updatedAt: Math.max(existing.updatedAt, incoming.updatedAt),
  };
}

/** Preview of an import against the stored pages, without writing. */
export function planImport(stored: ReadonlyMap<string, PageRecord>, incoming: PageRecord[]): ImportSummary {
  const summary = emptySummary();
  const seen = new Map(stored);
  for (const page of incoming) seen.set(page.url, mergePage(seen.get(page.url) ?? null, page, summary));
  return summary;
}
