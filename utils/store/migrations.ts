import { DEFAULT_COLOR_LABELS, SCHEMA_VERSION, isPageKey } from './schema';
import type { Highlight, PageRecord, Reflection } from './schema';
import { siteOf } from '../url';

/**
 * Migrations are pure functions keyed by the version they produce. Each takes every
 * stored item (key -> value) in the previous version and returns the items in its
 * version. They never touch storage: the caller writes the result only if the whole
 * chain succeeded, so a failing migration leaves the old data untouched.
 */
export type Items = Record<string, unknown>;
export type Migration = (items: Items) => Items;

/** Version 1 (the first release): reflections were plain strings keyed by section id. */
export interface PageRecordV1 {
  url: string;
  title: string;
  highlights: Array<Omit<Highlight, 'sectionHeading' | 'updatedAt'>>;
  reflections: Record<string, string>;
  createdAt: number;
  updatedAt: number;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

function pageV1toV2(key: string, raw: unknown): PageRecord {
  const p = raw as PageRecordV1;
  if (!p || typeof p !== 'object' || typeof p.url !== 'string' || !Array.isArray(p.highlights)) {
    throw new MigrationError(`Stored record ${key} is not a version 1 page.`);
  }
  const reflections: Record<string, Reflection> = {};
  for (const [sectionId, text] of Object.entries(p.reflections ?? {})) {
    if (typeof text !== 'string') throw new MigrationError(`Reflection ${sectionId} of ${key} is not text.`);
    reflections[sectionId] = {
      sectionId,
      heading: null,
      text,
      sectionHash: null,
      sectionText: null,
      createdAt: p.updatedAt,
      updatedAt: p.updatedAt,
    };
  }
  return {
    url: p.url,
    title: p.title,
    site: siteOf(p.url),
    outline: null,
    highlights: p.highlights.map((h) => ({ ...h, sectionHeading: null, updatedAt: h.createdAt })),
    reflections,
    tags: [],
    firstVisitAt: p.createdAt,
    lastVisitAt: p.updatedAt,
    updatedAt: p.updatedAt,
  };
}

export const MIGRATIONS: Record<number, Migration> = {
  2: (items) => {
    const out: Items = {};
    for (const [key, value] of Object.entries(items)) {
      out[key] = isPageKey(key) && value !== null ? pageV1toV2(key, value) : value;
    }
    out.settings = out.settings ?? { colorLabels: { ...DEFAULT_COLOR_LABELS } };
    return out;
  },
};

/**
 * Runs every migration from `from` to {@link SCHEMA_VERSION}. Returns the migrated items
 * (with `schemaVersion` set) or throws MigrationError; never returns partial results.
 */
export function migrate(items: Items, from: number): Items {
  if (from > SCHEMA_VERSION) {
    throw new MigrationError(
      `Your notes were saved by a newer Gloss (data version ${from}; this one reads up to ${SCHEMA_VERSION}). Update Gloss to open them.`,
    );
  }
  let cur = items;
  for (let v = from + 1; v <= SCHEMA_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new MigrationError(`No migration to data version ${v}.`);
    try {
      cur = step(cur);
    } catch (err) {
      throw err instanceof MigrationError
        ? err
        : new MigrationError(`Updating your notes to data version ${v} failed: ${(err as Error).message}`);
    }
  }
  return { ...cur, schemaVersion: SCHEMA_VERSION };
}
