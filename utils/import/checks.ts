/**
 * The small checks the import's readers share (the Web Annotation reader builds records
 * field by field from another shape; Gloss's own pages go through the record schema).
 * Each throws an {@link ImportError} naming the place and what is wrong.
 */
import { COLOR_IDS } from '../store/schema';
import type { ColorId, Highlight, StoredSection } from '../store/schema';
import { normalizeUrl } from '../url';
import { t } from '../i18n';
import { FORBIDDEN_KEYS, MAX_ID, MAX_ITEMS, MAX_TAGS, MAX_TIME, MAX_URL, MAX_SHORT, preview } from '../schema/records';

export { MAX_TEXT, MAX_ID, MAX_ITEMS, MAX_SHORT, MAX_URL, FORBIDDEN_KEYS, preview } from '../schema/records';

/** An import file Gloss will not read; the message says what is wrong and where. */
export class ImportError extends Error {
  override name = 'ImportError';
}


/** Cap on the number of pages in one file. */
export const MAX_PAGES = 100_000;
const MAX_LEVEL = 64;

export type Obj = Record<string, unknown>;

export function fail(path: string, message: string): never {
  throw new ImportError(`${path} ${message}`);
}

export function has(o: Obj, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

/** Own property only: never a value inherited from Object.prototype. */
export function get(o: Obj, key: string): unknown {
  return has(o, key) ? o[key] : undefined;
}

export function obj(v: unknown, path: string): Obj {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(path, t('validObject', preview(v)));
  return v as Obj;
}

export function arr(v: unknown, path: string, max: number): unknown[] {
  if (!Array.isArray(v)) fail(path, t('validList', preview(v)));
  if (v.length > max) fail(path, t('validTooMany', v.length, max));
  return v;
}

export function str(v: unknown, path: string, max: number, nonEmpty = false): string {
  if (typeof v !== 'string') fail(path, t('validText', preview(v)));
  if (v.length > max) fail(path, t('validTooLong', v.length, max));
  if (nonEmpty && v.length === 0) fail(path, t('validNotEmpty'));
  return v;
}

export function strOrNull(v: unknown, path: string, max: number): string | null {
  return v === null ? null : str(v, path, max);
}

export function int(v: unknown, path: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    fail(path, t('validWholeNumber', min, max, preview(v)));
  }
  return v;
}

export function time(v: unknown, path: string): number {
  return int(v, path, 0, MAX_TIME);
}

export function isoTime(v: unknown, path: string): number {
  const s = str(v, path, 100);
  const ms = Date.parse(s);
  if (!Number.isFinite(ms) || ms < 0) fail(path, t('validDate', preview(v)));
  return ms;
}

export function color(v: unknown, path: string): ColorId {
  if (typeof v !== 'string' || !(COLOR_IDS as readonly string[]).includes(v)) {
    fail(path, t('validOneOf', COLOR_IDS.join(', '), preview(v)));
  }
  return v as ColorId;
}

/** An id that may become an object key: never one that would reach a prototype. */
export function id(v: unknown, path: string): string {
  const s = str(v, path, MAX_ID, true);
  if (FORBIDDEN_KEYS.has(s)) fail(path, t('validForbidden', JSON.stringify(s)));
  return s;
}

/** A page address: http, https or file only, normalised as Gloss stores it. */
export function pageUrl(v: unknown, path: string): string {
  const s = str(v, path, MAX_URL, true);
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return fail(path, t('validWebAddress', preview(v)));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== 'file:') {
    fail(path, t('validAddressScheme', preview(url.protocol)));
  }
  return normalizeUrl(s);
}

export function readOutline(v: unknown, path: string): StoredSection[] | null {
  if (v === null) return null;
  const seen = new Set<string>();
  return arr(v, path, MAX_ITEMS).map((raw, i) => {
    const p = `${path}[${i}]`;
    const o = obj(raw, p);
    const sid = id(get(o, 'id'), `${p}.id`);
    if (seen.has(sid)) fail(`${p}.id`, t('validSectionTwice', JSON.stringify(sid)));
    seen.add(sid);
    return { id: sid, level: int(get(o, 'level'), `${p}.level`, 1, MAX_LEVEL), heading: str(get(o, 'heading'), `${p}.heading`, MAX_SHORT) };
  });
}

export function readTags(v: unknown, path: string): string[] {
  return arr(v, path, MAX_TAGS).map((t, i) => str(t, `${path}[${i}]`, MAX_ID));
}

export function uniqueHighlights(list: Highlight[], path: string): void {
  const seen = new Map<string, number>();
  list.forEach((h, i) => {
    const before = seen.get(h.id);
    if (before !== undefined) fail(`${path}[${i}].id`, t('validDuplicateId', JSON.stringify(h.id), `${path}[${before}]`));
    seen.set(h.id, i);
  });
}

