/**
 * Import: reads a file the reader chose (Gloss's own JSON export, or W3C Web Annotations
 * through web-annotation.ts) into page records, every field checked (checks.ts) and the
 * size bounded before reading (size.ts). Parsing throws a clear ImportError before
 * anything is written; the writer (utils/store/writer.ts) merges what it returns.
 */
import { PAGE_KEY_PREFIX, SCHEMA_VERSION } from '../store/schema';
import type { PageRecord } from '../store/schema';
import { migrate } from '../store/migrations';
import { EXPORT_FORMAT, EXPORT_FORMAT_VERSION } from '../export/json';
import { ANNO_CONTEXT, WEB_ANNOTATION_FORMAT } from '../export/web-annotation';
import { PageRecordSchema, parseWith } from '../schema/records';
import { FORBIDDEN_KEYS, ImportError, MAX_PAGES, arr, fail, get, has, int, isoTime, obj, pageUrl, preview, str, type Obj } from './checks';
import { readWebAnnotations } from './web-annotation';
import { MAX_IMPORT_FILE_BYTES } from './size';
import { t } from '../i18n';

export { ImportError } from './checks';
export { MAX_TEXT } from '../schema/records';

export interface ImportResult {
  format: 'gloss-export' | 'web-annotation';
  pages: PageRecord[];
}

/** Default cap on a file's size. */
export const MAX_IMPORT_BYTES = MAX_IMPORT_FILE_BYTES;
/** Our files nest 7 deep; anything far deeper is not ours. */
const MAX_DEPTH = 24;

/**
 * A page of a Gloss export: every field checked by the shared record schema
 * (utils/schema/records.ts, the one the background validates messages with), rebuilt
 * as a fresh object, its address normalised as stored keys are.
 */
function readPage(raw: unknown, path: string): PageRecord {
  const page = parseWith(PageRecordSchema, raw, path, (m) => new ImportError(m));
  return { ...page, url: pageUrl(page.url, `${path}.url`) };
}

function uniquePages(pages: PageRecord[], path: string): void {
  const seen = new Map<string, number>();
  pages.forEach((p, i) => {
    const before = seen.get(p.url);
    if (before !== undefined) fail(`${path}[${i}].url`, t('validSamePage', preview(p.url), `${path}[${before}]`));
    seen.set(p.url, i);
  });
}

/** Pages stored in an older data version, brought to the current one by the store's migrations. */
function migratePages(raw: unknown[], from: number): unknown[] {
  const items: Record<string, unknown> = {};
  raw.forEach((p, i) => {
    obj(p, `pages[${i}]`);
    items[`${PAGE_KEY_PREFIX}${i}`] = p;
  });
  let out: Record<string, unknown>;
  try {
    out = migrate(items, from);
  } catch (err) {
    throw new ImportError(t('validMigrateFailed', from, (err as Error).message));
  }
  return raw.map((_, i) => out[`${PAGE_KEY_PREFIX}${i}`]);
}

function readGlossExport(root: Obj): PageRecord[] {
  const version = get(root, 'formatVersion');
  if (typeof version === 'number' && Number.isInteger(version) && version > EXPORT_FORMAT_VERSION) {
    fail('formatVersion', t('validNewerFile', version, EXPORT_FORMAT_VERSION));
  }
  int(version, 'formatVersion', 1, EXPORT_FORMAT_VERSION);
  str(get(root, 'extensionVersion'), 'extensionVersion', 100);
  isoTime(get(root, 'exportedAt'), 'exportedAt');
  const schema = get(root, 'schemaVersion');
  if (typeof schema === 'number' && Number.isInteger(schema) && schema > SCHEMA_VERSION) {
    fail('schemaVersion', t('validNewerNotes', schema, SCHEMA_VERSION));
  }
  const from = int(schema, 'schemaVersion', 1, SCHEMA_VERSION);
  let raw = arr(get(root, 'pages'), 'pages', MAX_PAGES);
  if (from < SCHEMA_VERSION) raw = migratePages(raw, from);
  const pages = raw.map((p, i) => readPage(p, `pages[${i}]`));
  uniquePages(pages, 'pages');
  return pages;
}

/** UTF-8 size of the text (Blob encodes natively, far faster than counting in JS). */
function utf8Length(text: string): number {
  return new Blob([text]).size;
}

/** Path to `target` inside `root` (only computed to word an error, so a slow search is fine). */
function pathTo(root: unknown, target: unknown, key: string | null): string {
  const search = (v: unknown, path: string, depth: number): string | null => {
    if (v === target) return key === null ? path : path ? `${path}.${key}` : key;
    if (v === null || typeof v !== 'object' || depth > MAX_DEPTH) return null;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const found = search(v[i], `${path}[${i}]`, depth + 1);
        if (found !== null) return found;
      }
    } else {
      for (const k of Object.keys(v)) {
        if (FORBIDDEN_KEYS.has(k)) continue;
        const found = search((v as Obj)[k], path ? `${path}.${k}` : k, depth + 1);
        if (found !== null) return found;
      }
    }
    return null;
  };
  return search(root, '', 0) || '(file)';
}

/**
 * Walks the parsed value (iteratively: no recursion to exhaust) and throws on nesting
 * deeper than MAX_DEPTH or on a `__proto__`/`constructor`/`prototype` key. JSON.parse
 * stores such keys as plain own properties, so nothing is polluted before this check;
 * refusing them here means no later code can ever copy one onto an object.
 */
function checkTree(root: unknown): void {
  const values: unknown[] = [root];
  const depths: number[] = [0];
  while (values.length) {
    const v = values.pop();
    const depth = depths.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_DEPTH) {
      throw new ImportError(t('importTooDeep', MAX_DEPTH, pathTo(root, v, null)));
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        values.push(v[i]);
        depths.push(depth + 1);
      }
    } else {
      for (const key of Object.keys(v)) {
        if (FORBIDDEN_KEYS.has(key)) {
          throw new ImportError(t('importForbiddenKey', JSON.stringify(key), pathTo(root, v, key)));
        }
        values.push((v as Obj)[key]);
        depths.push(depth + 1);
      }
    }
  }
}

function parseJson(text: string): unknown {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new ImportError(t('importNotJson', detail));
  }
  checkTree(root);
  return root;
}

/**
 * Reads a Gloss JSON export (format versions up to the current one; older data versions
 * are migrated) or a Gloss W3C Web Annotation collection (pages rebuilt by target source).
 * URLs are normalised like stored keys. Every field is checked; the result is built from
 * fresh plain objects, never from the input's. Throws {@link ImportError} with a message
 * naming the problem and its place (e.g. `pages[3].highlights[0].color must be one of …`)
 * on anything wrong: the result is either entirely valid or not returned at all.
 */
export function parseImport(text: string, opts: { maxBytes?: number } = {}): ImportResult {
  try {
    return parseImportUnchecked(text, opts);
  } catch (err) {
    if (err instanceof ImportError) throw err;
    // A check missed something: still report it as a refused file, not a crash.
    const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    throw new ImportError(t('importUnreadable', detail));
  }
}

function parseImportUnchecked(text: string, opts: { maxBytes?: number }): ImportResult {
  if (typeof text !== 'string') throw new ImportError(t('importNotText'));
  const maxBytes = opts.maxBytes ?? MAX_IMPORT_BYTES;
  if (text.length > maxBytes || (text.length * 3 > maxBytes && utf8Length(text) > maxBytes)) {
    throw new ImportError(t('importLarger', Math.round(maxBytes / 1024 / 1024)));
  }
  if (text.trim() === '') throw new ImportError(t('importEmpty'));
  const root = parseJson(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (root !== null && typeof root === 'object' && !Array.isArray(root)) {
    const o = root as Obj;
    const format = get(o, 'format');
    if (format === EXPORT_FORMAT) return { format: 'gloss-export', pages: readGlossExport(o) };
    if (format !== undefined) fail('format', t('validNotGlossExport', `"${EXPORT_FORMAT}"`, preview(format)));
    const glossFormat = get(o, 'gloss:format');
    if (glossFormat !== undefined && glossFormat !== WEB_ANNOTATION_FORMAT) {
      fail('gloss:format', t('validLiteral', `"${WEB_ANNOTATION_FORMAT}"`, preview(glossFormat)));
    }
    if (has(o, '@context') || glossFormat !== undefined) {
      const ctx = get(o, '@context');
      const ok = ctx === ANNO_CONTEXT || (Array.isArray(ctx) && ctx.includes(ANNO_CONTEXT));
      if (!ok) fail('@context', t('validMustInclude', `"${ANNO_CONTEXT}"`, preview(ctx)));
      return { format: 'web-annotation', pages: readWebAnnotations(o) };
    }
    fail('format', t('validNoFormat'));
  }
  if (Array.isArray(root)) {
    if (root.length === 0) throw new ImportError(t('importEmptyList'));
    return { format: 'web-annotation', pages: readWebAnnotations(root) };
  }
  throw new ImportError(t('importNotExport', preview(root)));
}
