/**
 * How a library maps onto synced documents. The unit of merging is an entity: each
 * highlight, each reflection and each page's own facts (title, outline, tags). The unit
 * of storage is a document: one per page holding its facts and all its highlights
 * (tombstones included), and one per reflection. A 1,000-page library is then about
 * 2,000 documents rather than 22,000 (each document costs the server and the local copy
 * a write of its own: the first sync took minutes), while a reflection typed key by key
 * still sends only itself. Two devices changing one page conflict on its document, and
 * the merge (merge.ts) is per entity, so both keep their highlights.
 *
 * Pure: page records in, entities out (and back). Encryption and ids live elsewhere.
 */
import type { Highlight, PageRecord, Reflection, StoredSection } from '../store/schema';
import { siteOf } from '../url';
import { NO_CONFLICTS, copiesAfter, copiesOf, type ConflictCopy, type PageConflicts } from './copies';

export type { PageConflicts } from './copies';
/** A reflection text that lost a merge (the same shape as a note's, see copies.ts). */
export type ReflectionConflict = ConflictCopy;

export interface PageFacts {
  title: string;
  site: string;
  outline: StoredSection[] | null;
  tags: string[];
  firstVisitAt: number;
}

interface Base {
  url: string;
  /** When this version was made (its record's updatedAt, or the deletion time). */
  at: number;
  /** A tombstone: the thing was deleted and must stay deleted. */
  deleted: boolean;
  /**
   * This version's id: `<device>.<n>` for the n-th write of a device's sync engine (a
   * random id per engine), `m.<hash>` for a merge's result; absent until a device writes
   * it into its copy, and in documents older than this field.
   */
  v?: string;
  /**
   * The id of another device's version (or a merge's) that this one's edits started from,
   * when known. With `v`, it tells a version the other device had already seen from one
   * written at the same time: see mergeDocVersions.
   */
  from?: string;
}

export type Entity =
  | (Base & { kind: 'page'; page: PageFacts | null })
  /** `conflicts`: other note texts written at the same time (absent in older documents). */
  | (Base & { kind: 'hl'; id: string; highlight: Highlight | null; conflicts: ConflictCopy[] })
  | (Base & { kind: 'rf'; sectionId: string; reflection: Reflection | null; conflicts: ConflictCopy[] });

/** The stable name of the document an entity lives in (hashed into its opaque id). */
export function entityName(e: Pick<Entity, 'kind' | 'url'> & { id?: string; sectionId?: string }): string {
  if (e.kind === 'page') return `page\n${e.url}`;
  if (e.kind === 'hl') return `hl\n${e.url}\n${e.id}`;
  return `rf\n${e.url}\n${e.sectionId}`;
}

/**
 * The name of the document an entity is stored in: a page's facts and highlights share
 * the page's document; a reflection has its own.
 */
export function docName(e: Pick<Entity, 'kind' | 'url'> & { sectionId?: string }): string {
  return e.kind === 'rf' ? entityName(e) : `page\n${e.url}`;
}

export function keyOf(e: Entity): string {
  return entityName(e);
}

function facts(p: PageRecord): PageFacts {
  return { title: p.title, site: p.site, outline: p.outline, tags: p.tags, firstVisitAt: p.firstVisitAt };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Every live entity of a page (its facts, highlights and reflections). */
export function pageEntities(page: PageRecord, conflicts: PageConflicts = NO_CONFLICTS): Entity[] {
  const out: Entity[] = [{ kind: 'page', url: page.url, at: page.updatedAt, deleted: false, page: facts(page) }];
  for (const h of page.highlights) {
    out.push({ kind: 'hl', url: page.url, id: h.id, at: h.updatedAt, deleted: false, highlight: h, conflicts: copiesOf(conflicts, { highlightId: h.id }) });
  }
  for (const [sectionId, r] of Object.entries(page.reflections)) {
    out.push({ kind: 'rf', url: page.url, sectionId, at: r.updatedAt, deleted: false, reflection: r, conflicts: copiesOf(conflicts, { sectionId }) });
  }
  return out;
}

/**
 * What changed between two versions of a page, as entities to write: new or edited ones,
 * and tombstones for what disappeared. `now` dates the tombstones. A visit (only
 * lastVisitAt/updatedAt moving) is no change: autosaves send only what was typed.
 */
export function diffPage(
  before: PageRecord | null,
  after: PageRecord | null,
  now: number,
  conflictsBefore: PageConflicts = NO_CONFLICTS,
  conflictsAfter: PageConflicts = conflictsBefore,
): Entity[] {
  const url = (after ?? before)?.url;
  if (!url) return [];
  const out: Entity[] = [];
  if (after && (!before || !same(facts(before), facts(after)))) {
    out.push({ kind: 'page', url, at: after.updatedAt, deleted: false, page: facts(after) });
  } else if (!after && before) out.push({ kind: 'page', url, at: now, deleted: true, page: null });

  const oldH = new Map((before?.highlights ?? []).map((h) => [h.id, h]));
  const newH = new Map((after?.highlights ?? []).map((h) => [h.id, h]));
  for (const [id, h] of newH) {
    const c = copiesOf(conflictsAfter, { highlightId: id });
    if (!same(oldH.get(id), h) || !same(copiesOf(conflictsBefore, { highlightId: id }), c)) {
      out.push({ kind: 'hl', url, id, at: h.updatedAt, deleted: false, highlight: h, conflicts: c });
    }
  }
  for (const id of oldH.keys()) {
    if (!newH.has(id)) out.push({ kind: 'hl', url, id, at: now, deleted: true, highlight: null, conflicts: [] });
  }
  const oldR = before?.reflections ?? {};
  const newR = after?.reflections ?? {};
  for (const [sectionId, r] of Object.entries(newR)) {
    const c = copiesOf(conflictsAfter, { sectionId });
    if (!same(oldR[sectionId], r) || !same(copiesOf(conflictsBefore, { sectionId }), c)) {
      out.push({ kind: 'rf', url, sectionId, at: r.updatedAt, deleted: false, reflection: r, conflicts: c });
    }
  }
  for (const sectionId of Object.keys(oldR)) {
    if (!newR[sectionId]) out.push({ kind: 'rf', url, sectionId, at: now, deleted: true, reflection: null, conflicts: [] });
  }
  return out;
}

function emptyPage(url: string, at: number): PageRecord {
  return { url, title: '', site: siteOf(url), outline: null, highlights: [], reflections: {}, tags: [], firstVisitAt: at, lastVisitAt: at, updatedAt: at };
}

function hasContent(p: PageRecord): boolean {
  return p.highlights.length > 0 || Object.keys(p.reflections).length > 0 || p.tags.length > 0;
}

/**
 * A document's entities as read (any version): fields added since an older Gloss wrote
 * it get their empty value (a highlight without note copies has none).
 */
export function readEntities(list: Entity[]): Entity[] {
  return list.map((e) => (e.kind === 'hl' && !Array.isArray(e.conflicts) ? { ...e, conflicts: [] } : e));
}

/**
 * Applies an entity that came from another device (already merged: it is the newest
 * version there is) to the local page and its conflict copies. Returns the new page
 * (null: nothing left to keep) and conflicts. Pure.
 */
export function applyEntity(
  page: PageRecord | null,
  conflicts: PageConflicts,
  e: Entity,
): { page: PageRecord | null; conflicts: PageConflicts } {
  let cur = page;
  switch (e.kind) {
    case 'page':
      if (e.deleted || !e.page) {
        if (cur) cur = { ...cur, tags: [] };
      } else {
        const base = cur ?? emptyPage(e.url, e.page.firstVisitAt);
        cur = {
          ...base,
          title: e.page.title || base.title,
          site: e.page.site || base.site,
          outline: e.page.outline ?? base.outline,
          tags: e.page.tags,
          firstVisitAt: Math.min(base.firstVisitAt, e.page.firstVisitAt),
        };
      }
      break;
    case 'hl':
      if (e.deleted || !e.highlight) {
        if (cur) cur = { ...cur, highlights: cur.highlights.filter((h) => h.id !== e.id) };
      } else {
        const base = cur ?? emptyPage(e.url, e.highlight.createdAt);
        const i = base.highlights.findIndex((h) => h.id === e.id);
        // Never older over newer: a local edit not yet sent is newer than what a page
        // document (re-applied whole when any of its highlights changed) still holds.
        if (i >= 0 && base.highlights[i].updatedAt > e.highlight.updatedAt) break;
        const highlights = base.highlights.slice();
        if (i < 0) highlights.push(e.highlight);
        else highlights[i] = e.highlight;
        cur = { ...base, highlights };
      }
      break;
    case 'rf': {
      const base = cur;
      if (e.deleted || !e.reflection) {
        if (base && base.reflections[e.sectionId]) {
          const reflections = { ...base.reflections };
          delete reflections[e.sectionId];
          cur = { ...base, reflections };
        }
      } else {
        const b = base ?? emptyPage(e.url, e.reflection.createdAt);
        cur = { ...b, reflections: { ...b.reflections, [e.sectionId]: e.reflection } };
      }
      break;
    }
  }
  if (cur && cur !== page) cur = { ...cur, updatedAt: Math.max(cur.updatedAt, e.at) };
  if (cur && !hasContent(cur)) cur = null;
  return { page: cur, conflicts: copiesAfter(conflicts, [e]) };
}
