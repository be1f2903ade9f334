import type { ColorId, Highlight, PageRecord, Reflection, StoredSection } from './schema';

/** Page facts the content script sees; refreshed on each write. */
export interface PageMeta {
  url: string;
  title: string;
  site: string;
  outline: StoredSection[] | null;
}

/** Every change to a page record. Applied only by the background writer. */
export type PageOp =
  | { type: 'addHighlight'; meta: PageMeta; highlight: Highlight }
  /**
   * `at`: when the reader made the edit (a client clock that never repeats a value, see
   * `editClock`). An edit older than the highlight's last one is ignored, so a late retry
   * of an old keystroke never overwrites newer text.
   */
  | { type: 'updateHighlight'; id: string; patch: { note?: string; color?: ColorId }; at?: number }
  | { type: 'deleteHighlight'; id: string }
  | { type: 'restoreHighlight'; meta: PageMeta; highlight: Highlight }
  | {
      type: 'setReflection';
      meta: PageMeta;
      sectionId: string;
      heading: string | null;
      text: string;
      sectionHash: string | null;
      sectionText: string | null;
      /** When the reader typed it; an older text than the stored one is ignored (see updateHighlight). */
      at?: number;
    }
  | { type: 'setTags'; meta: PageMeta | null; tags: string[] }
  | { type: 'deletePage' }
  | { type: 'restorePage'; page: PageRecord };

/**
 * True when an edit made at `at` is older than the stored value's last edit
 * (`storedAt`), so it must not overwrite it. A stored time in the future (a clock-skewed
 * import) never blocks the reader's edits.
 */
export function isStale(at: number | undefined, storedAt: number, now: number): boolean {
  return at !== undefined && at < storedAt && storedAt <= now;
}

/** Thrown for an op that cannot apply (unknown highlight, missing page): the caller sees why. */
export class OpError extends Error {
  override name = 'OpError';
}

function emptyPage(meta: PageMeta, now: number): PageRecord {
  return {
    url: meta.url,
    title: meta.title,
    site: meta.site,
    outline: meta.outline,
    highlights: [],
    reflections: {},
    tags: [],
    firstVisitAt: now,
    lastVisitAt: now,
    updatedAt: now,
  };
}

function withMeta(page: PageRecord | null, meta: PageMeta, now: number): PageRecord {
  if (!page) return emptyPage(meta, now);
  return {
    ...page,
    title: meta.title || page.title,
    site: meta.site || page.site,
    outline: meta.outline ?? page.outline,
    lastVisitAt: now,
  };
}

function requirePage(page: PageRecord | null, what: string): PageRecord {
  if (!page) throw new OpError(`Cannot ${what}: this page has no stored notes.`);
  return page;
}

function isEmpty(page: PageRecord): boolean {
  return (
    page.highlights.length === 0 &&
    Object.values(page.reflections).every((r) => r.text.trim() === '') &&
    page.tags.length === 0
  );
}

/**
 * Applies one op to a page record and returns the new record, or null when the page
 * is left with nothing worth keeping (the key is then removed). Pure: never mutates
 * `page`. Throws {@link OpError} when the op does not fit the stored state.
 */
export function applyOp(page: PageRecord | null, op: PageOp, now: number): PageRecord | null {
  switch (op.type) {
    case 'addHighlight':
    case 'restoreHighlight': {
      const next = withMeta(page, op.meta, now);
      if (next.highlights.some((h) => h.id === op.highlight.id)) return next;
      return { ...next, highlights: [...next.highlights, op.highlight], updatedAt: now };
    }
    case 'updateHighlight': {
      const cur = requirePage(page, 'edit the highlight');
      const i = cur.highlights.findIndex((h) => h.id === op.id);
      if (i < 0) throw new OpError('That highlight no longer exists (it may have been deleted in another tab).');
      if (isStale(op.at, cur.highlights[i].updatedAt, now)) return cur;
      const highlights = cur.highlights.slice();
      highlights[i] = { ...highlights[i], ...op.patch, updatedAt: op.at ?? now };
      return { ...cur, highlights, updatedAt: now };
    }
    case 'deleteHighlight': {
      if (!page) return null;
      const highlights = page.highlights.filter((h) => h.id !== op.id);
      if (highlights.length === page.highlights.length) return page;
      const next = { ...page, highlights, updatedAt: now };
      return isEmpty(next) ? null : next;
    }
    case 'setReflection': {
      const base = withMeta(page, op.meta, now);
      const prev: Reflection | undefined = base.reflections[op.sectionId];
      if (prev && isStale(op.at, prev.updatedAt, now)) return page;
      const reflection: Reflection = {
        sectionId: op.sectionId,
        heading: op.heading,
        text: op.text,
        sectionHash: op.sectionHash,
        sectionText: op.sectionText,
        createdAt: prev?.createdAt ?? now,
        updatedAt: op.at ?? now,
      };
      const reflections = { ...base.reflections, [op.sectionId]: reflection };
      if (op.text === '') delete reflections[op.sectionId];
      const next = { ...base, reflections, updatedAt: now };
      return isEmpty(next) ? null : next;
    }
    case 'setTags': {
      const cur = op.meta ? withMeta(page, op.meta, now) : requirePage(page, 'tag the page');
      const tags = [...new Set(op.tags.map((t) => t.trim()).filter(Boolean))];
      const next = { ...cur, tags, updatedAt: now };
      return isEmpty(next) ? null : next;
    }
    case 'deletePage':
      return null;
    case 'restorePage':
      return op.page;
  }
}
