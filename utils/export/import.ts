import { COLOR_IDS, PAGE_KEY_PREFIX, SCHEMA_VERSION } from '../store/schema';
import type { ColorId, Highlight, PageRecord, Reflection, StoredSection } from '../store/schema';
import { migrate } from '../store/migrations';
import { normalizeUrl, siteOf } from '../url';
import { EXPORT_FORMAT, EXPORT_FORMAT_VERSION } from './json';
import { ANNO_CONTEXT, HIGHLIGHT_ID_PREFIX, WEB_ANNOTATION_FORMAT } from './web-annotation';

/** An import file Gloss will not read; the message says what is wrong and where. */
export class ImportError extends Error {
  override name = 'ImportError';
}

export interface ImportResult {
  format: 'gloss-export' | 'web-annotation';
  pages: PageRecord[];
}

/** Default cap on a file's size. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
/** Cap on any one text field (quote, note, reflection…), in UTF-16 units (~1 MB). */
export const MAX_TEXT = 1024 * 1024;
const MAX_ID = 1000;
const MAX_URL = 8192;
const MAX_SHORT = 10_000;
const MAX_PAGES = 100_000;
const MAX_ITEMS = 100_000;
const MAX_TAGS = 1000;
const MAX_LEVEL = 64;
/** Our files nest 7 deep; anything far deeper is not ours. */
const MAX_DEPTH = 24;
/** Latest valid time: JavaScript's own limit (year 275760). */
const MAX_TIME = 8.64e15;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

type Obj = Record<string, unknown>;

function preview(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') {
    const s = v.length > 40 ? v.slice(0, 40) + '…' : v;
    return JSON.stringify(s);
  }
  return String(v);
}

function fail(path: string, message: string): never {
  throw new ImportError(`${path} ${message}`);
}

function has(o: Obj, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

/** Own property only: never a value inherited from Object.prototype. */
function get(o: Obj, key: string): unknown {
  return has(o, key) ? o[key] : undefined;
}

function obj(v: unknown, path: string): Obj {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(path, `must be an object (got ${preview(v)})`);
  return v as Obj;
}

function arr(v: unknown, path: string, max: number): unknown[] {
  if (!Array.isArray(v)) fail(path, `must be a list (got ${preview(v)})`);
  if (v.length > max) fail(path, `has ${v.length} entries; at most ${max} are accepted`);
  return v;
}

function str(v: unknown, path: string, max: number, nonEmpty = false): string {
  if (typeof v !== 'string') fail(path, `must be text (got ${preview(v)})`);
  if (v.length > max) fail(path, `is ${v.length} characters long; at most ${max} are accepted`);
  if (nonEmpty && v.length === 0) fail(path, 'must not be empty');
  return v;
}

function strOrNull(v: unknown, path: string, max: number): string | null {
  return v === null ? null : str(v, path, max);
}

function int(v: unknown, path: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    fail(path, `must be a whole number from ${min} to ${max} (got ${preview(v)})`);
  }
  return v;
}

function time(v: unknown, path: string): number {
  return int(v, path, 0, MAX_TIME);
}

function isoTime(v: unknown, path: string): number {
  const s = str(v, path, 100);
  const ms = Date.parse(s);
  if (!Number.isFinite(ms) || ms < 0) fail(path, `must be an ISO 8601 date (got ${preview(v)})`);
  return ms;
}

function color(v: unknown, path: string): ColorId {
  if (typeof v !== 'string' || !(COLOR_IDS as readonly string[]).includes(v)) {
    fail(path, `must be one of ${COLOR_IDS.join(', ')} (got ${preview(v)})`);
  }
  return v as ColorId;
}

/** An id that may become an object key: never one that would reach a prototype. */
function id(v: unknown, path: string): string {
  const s = str(v, path, MAX_ID, true);
  if (FORBIDDEN_KEYS.has(s)) fail(path, `must not be ${JSON.stringify(s)}`);
  return s;
}

/** A page address: http, https or file only, normalised as Gloss stores it. */
function pageUrl(v: unknown, path: string): string {
  const s = str(v, path, MAX_URL, true);
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return fail(path, `must be a web address (got ${preview(v)})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== 'file:') {
    fail(path, `must be an http, https or file address (got ${preview(url.protocol)})`);
  }
  return normalizeUrl(s);
}

function readOutline(v: unknown, path: string): StoredSection[] | null {
  if (v === null) return null;
  const seen = new Set<string>();
  return arr(v, path, MAX_ITEMS).map((raw, i) => {
    const p = `${path}[${i}]`;
    const o = obj(raw, p);
    const sid = id(get(o, 'id'), `${p}.id`);
    if (seen.has(sid)) fail(`${p}.id`, `${JSON.stringify(sid)} is used by two sections`);
    seen.add(sid);
    return { id: sid, level: int(get(o, 'level'), `${p}.level`, 1, MAX_LEVEL), heading: str(get(o, 'heading'), `${p}.heading`, MAX_SHORT) };
  });
}

function readTags(v: unknown, path: string): string[] {
  return arr(v, path, MAX_TAGS).map((t, i) => str(t, `${path}[${i}]`, MAX_ID));
}

function readHighlight(raw: unknown, path: string): Highlight {
  const o = obj(raw, path);
  const sel = obj(get(o, 'selectors'), `${path}.selectors`);
  const q = obj(get(sel, 'quote'), `${path}.selectors.quote`);
  const pos = obj(get(sel, 'position'), `${path}.selectors.position`);
  if (get(q, 'type') !== 'TextQuoteSelector') fail(`${path}.selectors.quote.type`, `must be "TextQuoteSelector" (got ${preview(get(q, 'type'))})`);
  if (get(pos, 'type') !== 'TextPositionSelector') fail(`${path}.selectors.position.type`, `must be "TextPositionSelector" (got ${preview(get(pos, 'type'))})`);
  const start = int(get(pos, 'start'), `${path}.selectors.position.start`, 0, Number.MAX_SAFE_INTEGER);
  const end = int(get(pos, 'end'), `${path}.selectors.position.end`, start, Number.MAX_SAFE_INTEGER);
  return {
    id: id(get(o, 'id'), `${path}.id`),
    text: str(get(o, 'text'), `${path}.text`, MAX_TEXT),
    color: color(get(o, 'color'), `${path}.color`),
    note: str(get(o, 'note'), `${path}.note`, MAX_TEXT),
    selectors: {
      quote: {
        type: 'TextQuoteSelector',
        exact: str(get(q, 'exact'), `${path}.selectors.quote.exact`, MAX_TEXT),
        prefix: str(get(q, 'prefix'), `${path}.selectors.quote.prefix`, MAX_SHORT),
        suffix: str(get(q, 'suffix'), `${path}.selectors.quote.suffix`, MAX_SHORT),
      },
      position: { type: 'TextPositionSelector', start, end },
      sectionId: get(sel, 'sectionId') === null ? null : id(get(sel, 'sectionId'), `${path}.selectors.sectionId`),
      ...(has(sel, 'rawStart') ? { rawStart: int(get(sel, 'rawStart'), `${path}.selectors.rawStart`, 0, Number.MAX_SAFE_INTEGER) } : {}),
    },
    sectionId: get(o, 'sectionId') === null ? null : id(get(o, 'sectionId'), `${path}.sectionId`),
    sectionHeading: strOrNull(get(o, 'sectionHeading'), `${path}.sectionHeading`, MAX_SHORT),
    createdAt: time(get(o, 'createdAt'), `${path}.createdAt`),
    updatedAt: time(get(o, 'updatedAt'), `${path}.updatedAt`),
  };
}

function readReflection(raw: unknown, path: string): Reflection {
  const o = obj(raw, path);
  return {
    sectionId: id(get(o, 'sectionId'), `${path}.sectionId`),
    heading: strOrNull(get(o, 'heading'), `${path}.heading`, MAX_SHORT),
    text: str(get(o, 'text'), `${path}.text`, MAX_TEXT),
    sectionHash: strOrNull(get(o, 'sectionHash'), `${path}.sectionHash`, MAX_ID),
    sectionText: strOrNull(get(o, 'sectionText'), `${path}.sectionText`, MAX_TEXT),
    createdAt: time(get(o, 'createdAt'), `${path}.createdAt`),
    updatedAt: time(get(o, 'updatedAt'), `${path}.updatedAt`),
  };
}

function uniqueHighlights(list: Highlight[], path: string): void {
  const seen = new Map<string, number>();
  list.forEach((h, i) => {
    const before = seen.get(h.id);
    if (before !== undefined) fail(`${path}[${i}].id`, `${JSON.stringify(h.id)} is also the id of ${path}[${before}]`);
    seen.set(h.id, i);
  });
}

function readPage(raw: unknown, path: string): PageRecord {
  const o = obj(raw, path);
  const highlights = arr(get(o, 'highlights'), `${path}.highlights`, MAX_ITEMS).map((h, i) =>
    readHighlight(h, `${path}.highlights[${i}]`),
  );
  uniqueHighlights(highlights, `${path}.highlights`);
  const rawReflections = obj(get(o, 'reflections'), `${path}.reflections`);
  const keys = Object.keys(rawReflections);
  if (keys.length > MAX_ITEMS) fail(`${path}.reflections`, `has ${keys.length} entries; at most ${MAX_ITEMS} are accepted`);
  const reflections: Record<string, Reflection> = {};
  for (const key of keys) {
    const p = `${path}.reflections[${JSON.stringify(key.slice(0, 60))}]`;
    const r = readReflection(rawReflections[key], p);
    if (r.sectionId !== key) fail(`${p}.sectionId`, `must equal its key ${JSON.stringify(key.slice(0, 60))} (got ${preview(r.sectionId)})`);
    reflections[r.sectionId] = r;
  }
  return {
    url: pageUrl(get(o, 'url'), `${path}.url`),
    title: str(get(o, 'title'), `${path}.title`, MAX_TEXT),
    site: str(get(o, 'site'), `${path}.site`, MAX_ID),
    outline: readOutline(get(o, 'outline'), `${path}.outline`),
    highlights,
    reflections,
    tags: readTags(get(o, 'tags'), `${path}.tags`),
    firstVisitAt: time(get(o, 'firstVisitAt'), `${path}.firstVisitAt`),
    lastVisitAt: time(get(o, 'lastVisitAt'), `${path}.lastVisitAt`),
    updatedAt: time(get(o, 'updatedAt'), `${path}.updatedAt`),
  };
}

function uniquePages(pages: PageRecord[], path: string): void {
  const seen = new Map<string, number>();
  pages.forEach((p, i) => {
    const before = seen.get(p.url);
    if (before !== undefined) fail(`${path}[${i}].url`, `${preview(p.url)} is the same page as ${path}[${before}]`);
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
    throw new ImportError(`pages could not be updated from data version ${from}: ${(err as Error).message}`);
  }
  return raw.map((_, i) => out[`${PAGE_KEY_PREFIX}${i}`]);
}

function readGlossExport(root: Obj): PageRecord[] {
  const version = get(root, 'formatVersion');
  if (typeof version === 'number' && Number.isInteger(version) && version > EXPORT_FORMAT_VERSION) {
    fail('formatVersion', `is ${version}: the file was made by a newer Gloss (this one reads up to ${EXPORT_FORMAT_VERSION}). Update Gloss to import it.`);
  }
  int(version, 'formatVersion', 1, EXPORT_FORMAT_VERSION);
  str(get(root, 'extensionVersion'), 'extensionVersion', 100);
  isoTime(get(root, 'exportedAt'), 'exportedAt');
  const schema = get(root, 'schemaVersion');
  if (typeof schema === 'number' && Number.isInteger(schema) && schema > SCHEMA_VERSION) {
    fail('schemaVersion', `is ${schema}: the notes were saved by a newer Gloss (this one reads up to ${SCHEMA_VERSION}). Update Gloss to import them.`);
  }
  const from = int(schema, 'schemaVersion', 1, SCHEMA_VERSION);
  let raw = arr(get(root, 'pages'), 'pages', MAX_PAGES);
  if (from < SCHEMA_VERSION) raw = migratePages(raw, from);
  const pages = raw.map((p, i) => readPage(p, `pages[${i}]`));
  uniquePages(pages, 'pages');
  return pages;
}

function hasType(o: Obj, type: string): boolean {
  const t = get(o, 'type');
  return t === type || (Array.isArray(t) && t.includes(type));
}

function selectorsOf(target: Obj, path: string): Obj[] {
  const s = get(target, 'selector');
  if (s === undefined) fail(`${path}.selector`, 'is missing');
  const list = Array.isArray(s) ? arr(s, `${path}.selector`, 20) : [s];
  return list.map((x, i) => obj(x, Array.isArray(s) ? `${path}.selector[${i}]` : `${path}.selector`));
}

function textBody(a: Obj, path: string): string | null {
  const b = get(a, 'body');
  if (b === undefined || b === null) return null;
  const list = Array.isArray(b) ? arr(b, `${path}.body`, 20) : [b];
  for (let i = 0; i < list.length; i++) {
    const p = Array.isArray(b) ? `${path}.body[${i}]` : `${path}.body`;
    const body = obj(list[i], p);
    if (hasType(body, 'TextualBody')) return str(get(body, 'value'), `${p}.value`, MAX_TEXT);
  }
  return null;
}

/** Reads an optional `gloss:` term: absent means the default. */
function glossTerm<T>(a: Obj, key: string, read: (v: unknown) => T, fallback: T): T {
  return has(a, key) ? read(a[key]) : fallback;
}

interface PageDraft {
  facts: Omit<PageRecord, 'highlights' | 'reflections'> | null;
  highlights: Highlight[];
  reflections: Record<string, Reflection>;
  first: number;
  last: number;
}

function readWebAnnotations(root: unknown): PageRecord[] {
  let items: unknown[];
  let pagesFacts: unknown = undefined;
  let itemsPath: string;
  if (Array.isArray(root)) {
    items = arr(root, '(list)', MAX_ITEMS);
    itemsPath = '';
  } else {
    const o = obj(root, '(file)');
    if (hasType(o, 'Annotation')) {
      items = [o];
      itemsPath = '(annotation)';
    } else {
      if (!hasType(o, 'AnnotationCollection')) fail('type', `must be "AnnotationCollection" or "Annotation" (got ${preview(get(o, 'type'))})`);
      const version = get(o, 'gloss:formatVersion');
      if (version !== undefined) {
        if (typeof version === 'number' && Number.isInteger(version) && version > EXPORT_FORMAT_VERSION) {
          fail('gloss:formatVersion', `is ${version}: the file was made by a newer Gloss (this one reads up to ${EXPORT_FORMAT_VERSION}). Update Gloss to import it.`);
        }
        int(version, 'gloss:formatVersion', 1, EXPORT_FORMAT_VERSION);
      }
      const schema = get(o, 'gloss:schemaVersion');
      if (schema !== undefined && schema !== SCHEMA_VERSION) {
        fail('gloss:schemaVersion', `must be ${SCHEMA_VERSION} (got ${preview(schema)})`);
      }
      pagesFacts = get(o, 'gloss:pages');
      if (has(o, 'items')) {
        items = arr(get(o, 'items'), 'items', MAX_ITEMS);
        itemsPath = 'items';
      } else {
        const first = get(o, 'first');
        if (typeof first === 'string') fail('first', 'links to another file; only collections with their annotations inline can be imported');
        items = arr(get(obj(first, 'first'), 'items'), 'first.items', MAX_ITEMS);
        itemsPath = 'first.items';
      }
    }
  }

  const drafts = new Map<string, PageDraft>();
  const order: string[] = [];
  const draftFor = (url: string): PageDraft => {
    let d = drafts.get(url);
    if (!d) {
      d = { facts: null, highlights: [], reflections: {}, first: Infinity, last: 0 };
      drafts.set(url, d);
      order.push(url);
    }
    return d;
  };

  if (pagesFacts !== undefined) {
    arr(pagesFacts, 'gloss:pages', MAX_PAGES).forEach((raw, i) => {
      const p = `gloss:pages[${i}]`;
      const o = obj(raw, p);
      const url = pageUrl(get(o, 'url'), `${p}.url`);
      if (drafts.has(url)) fail(`${p}.url`, `${preview(url)} is listed twice`);
      draftFor(url).facts = {
        url,
        title: str(get(o, 'title'), `${p}.title`, MAX_TEXT),
        site: str(get(o, 'site'), `${p}.site`, MAX_ID),
        outline: readOutline(get(o, 'outline'), `${p}.outline`),
        tags: readTags(get(o, 'tags'), `${p}.tags`),
        firstVisitAt: time(get(o, 'firstVisitAt'), `${p}.firstVisitAt`),
        lastVisitAt: time(get(o, 'lastVisitAt'), `${p}.lastVisitAt`),
        updatedAt: time(get(o, 'updatedAt'), `${p}.updatedAt`),
      };
    });
  }

  const seenIds = new Map<string, string>();
  items.forEach((raw, i) => {
    const path = itemsPath ? `${itemsPath}[${i}]` : `[${i}]`;
    const a = obj(raw, path);
    if (!hasType(a, 'Annotation')) fail(`${path}.type`, `must be "Annotation" (got ${preview(get(a, 'type'))})`);
    const annId = str(get(a, 'id'), `${path}.id`, MAX_URL, true);
    const target = obj(get(a, 'target'), `${path}.target`);
    const url = pageUrl(get(target, 'source'), `${path}.target.source`);
    // Ids are unique per page (as in the JSON export); two pages may share a copied highlight.
    const idKey = url + '\n' + annId;
    const before = seenIds.get(idKey);
    if (before !== undefined) fail(`${path}.id`, `${preview(annId)} is also the id of ${before}`);
    seenIds.set(idKey, path);
    const created = isoTime(get(a, 'created'), `${path}.created`);
    const modified = has(a, 'modified') ? isoTime(get(a, 'modified'), `${path}.modified`) : created;
    const draft = draftFor(url);
    draft.first = Math.min(draft.first, created);
    draft.last = Math.max(draft.last, modified);
    const kind = glossTerm(a, 'gloss:kind', (v) => str(v, `${path}.gloss:kind`, 20), 'highlight');

    if (kind === 'reflection') {
      const sectionId = id(get(a, 'gloss:sectionId'), `${path}.gloss:sectionId`);
      if (has(draft.reflections, sectionId)) fail(`${path}.gloss:sectionId`, `${preview(sectionId)}: this page already has a reflection for that section`);
      const text = textBody(a, path);
      if (text === null) fail(`${path}.body`, 'must be a TextualBody holding the reflection');
      draft.reflections[sectionId] = {
        sectionId,
        heading: glossTerm(a, 'gloss:heading', (v) => strOrNull(v, `${path}.gloss:heading`, MAX_SHORT), null),
        text,
        sectionHash: glossTerm(a, 'gloss:sectionHash', (v) => strOrNull(v, `${path}.gloss:sectionHash`, MAX_ID), null),
        sectionText: glossTerm(a, 'gloss:sectionText', (v) => strOrNull(v, `${path}.gloss:sectionText`, MAX_TEXT), null),
        createdAt: created,
        updatedAt: modified,
      };
      return;
    }
    if (kind !== 'highlight') fail(`${path}.gloss:kind`, `must be "highlight" or "reflection" (got ${preview(kind)})`);

    const selectors = selectorsOf(target, `${path}.target`);
    const quote = selectors.find((s) => hasType(s, 'TextQuoteSelector'));
    const position = selectors.find((s) => hasType(s, 'TextPositionSelector'));
    if (!quote) fail(`${path}.target.selector`, 'must include a TextQuoteSelector');
    if (!position) fail(`${path}.target.selector`, 'must include a TextPositionSelector');
    const qp = `${path}.target.selector(TextQuoteSelector)`;
    const pp = `${path}.target.selector(TextPositionSelector)`;
    const exact = str(get(quote, 'exact'), `${qp}.exact`, MAX_TEXT, true);
    const start = int(get(position, 'start'), `${pp}.start`, 0, Number.MAX_SAFE_INTEGER);
    const end = int(get(position, 'end'), `${pp}.end`, start, Number.MAX_SAFE_INTEGER);
    let hid = annId;
    if (annId.startsWith(HIGHLIGHT_ID_PREFIX)) {
      try {
        hid = decodeURIComponent(annId.slice(HIGHLIGHT_ID_PREFIX.length));
      } catch {
        fail(`${path}.id`, `is not a valid Gloss highlight id (got ${preview(annId)})`);
      }
    }
    hid = id(hid, `${path}.id`);
    const sectionId = glossTerm(a, 'gloss:sectionId', (v) => (v === null ? null : id(v, `${path}.gloss:sectionId`)), null);
    draft.highlights.push({
      id: hid,
      text: glossTerm(a, 'gloss:text', (v) => str(v, `${path}.gloss:text`, MAX_TEXT), exact),
      color: glossTerm(a, 'gloss:color', (v) => color(v, `${path}.gloss:color`), 'yellow'),
      note: textBody(a, path) ?? '',
      selectors: {
        quote: {
          type: 'TextQuoteSelector',
          exact,
          prefix: has(quote, 'prefix') ? str(get(quote, 'prefix'), `${qp}.prefix`, MAX_SHORT) : '',
          suffix: has(quote, 'suffix') ? str(get(quote, 'suffix'), `${qp}.suffix`, MAX_SHORT) : '',
        },
        position: { type: 'TextPositionSelector', start, end },
        sectionId: glossTerm(a, 'gloss:selectorSectionId', (v) => (v === null ? null : id(v, `${path}.gloss:selectorSectionId`)), sectionId),
        ...(has(a, 'gloss:rawStart') ? { rawStart: int(a['gloss:rawStart'], `${path}.gloss:rawStart`, 0, Number.MAX_SAFE_INTEGER) } : {}),
      },
      sectionId,
      sectionHeading: glossTerm(a, 'gloss:sectionHeading', (v) => strOrNull(v, `${path}.gloss:sectionHeading`, MAX_SHORT), null),
      createdAt: created,
      updatedAt: modified,
    });
  });

  return order.map((url) => {
    const d = drafts.get(url)!;
    uniqueHighlights(d.highlights, `highlights of ${url}`);
    const first = Number.isFinite(d.first) ? d.first : 0;
    const f = d.facts;
    return {
      url,
      title: f ? f.title : '',
      site: f ? f.site : siteOf(url),
      outline: f ? f.outline : null,
      highlights: d.highlights,
      reflections: d.reflections,
      tags: f ? f.tags : [],
      firstVisitAt: f ? f.firstVisitAt : first,
      lastVisitAt: f ? f.lastVisitAt : d.last,
      updatedAt: f ? f.updatedAt : d.last,
    };
  });
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
      throw new ImportError(`The file nests data more than ${MAX_DEPTH} levels deep (at ${pathTo(root, v, null)}); it is not a Gloss export.`);
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        values.push(v[i]);
        depths.push(depth + 1);
      }
    } else {
      for (const key of Object.keys(v)) {
        if (FORBIDDEN_KEYS.has(key)) {
          throw new ImportError(
            `The file contains the key ${JSON.stringify(key)} (at ${pathTo(root, v, key)}), which Gloss refuses: it could change how built-in objects behave.`,
          );
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
    throw new ImportError(`The file is not valid JSON (it may be cut off or damaged): ${detail}`);
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
    throw new ImportError(`The file could not be read: ${detail}`);
  }
}

function parseImportUnchecked(text: string, opts: { maxBytes?: number }): ImportResult {
  if (typeof text !== 'string') throw new ImportError('The file is not text.');
  const maxBytes = opts.maxBytes ?? MAX_IMPORT_BYTES;
  if (text.length > maxBytes || (text.length * 3 > maxBytes && utf8Length(text) > maxBytes)) {
    throw new ImportError(`The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB, more than Gloss imports at once.`);
  }
  if (text.trim() === '') throw new ImportError('The file is empty.');
  const root = parseJson(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (root !== null && typeof root === 'object' && !Array.isArray(root)) {
    const o = root as Obj;
    const format = get(o, 'format');
    if (format === EXPORT_FORMAT) return { format: 'gloss-export', pages: readGlossExport(o) };
    if (format !== undefined) fail('format', `must be "${EXPORT_FORMAT}" (got ${preview(format)}); this is not a Gloss export`);
    const glossFormat = get(o, 'gloss:format');
    if (glossFormat !== undefined && glossFormat !== WEB_ANNOTATION_FORMAT) {
      fail('gloss:format', `must be "${WEB_ANNOTATION_FORMAT}" (got ${preview(glossFormat)})`);
    }
    if (has(o, '@context') || glossFormat !== undefined) {
      const ctx = get(o, '@context');
      const ok = ctx === ANNO_CONTEXT || (Array.isArray(ctx) && ctx.includes(ANNO_CONTEXT));
      if (!ok) fail('@context', `must include "${ANNO_CONTEXT}" (got ${preview(ctx)})`);
      return { format: 'web-annotation', pages: readWebAnnotations(o) };
    }
    fail('format', 'is missing: this is neither a Gloss export nor a Web Annotation file');
  }
  if (Array.isArray(root)) {
    if (root.length === 0) throw new ImportError('The file holds an empty list: there is nothing to import.');
    return { format: 'web-annotation', pages: readWebAnnotations(root) };
  }
  throw new ImportError(`The file holds ${preview(root)}, not a Gloss export.`);
}
