/**
 * Reading a W3C Web Annotation file (Gloss's JSON-LD export, or bare annotations from
 * elsewhere): pages rebuilt by target source, each field checked.
 */
import { SCHEMA_VERSION } from '../store/schema';
import type { Highlight, PageRecord, Reflection } from '../store/schema';
import { siteOf } from '../url';
import { EXPORT_FORMAT_VERSION } from '../export/json';
import { HIGHLIGHT_ID_PREFIX } from '../export/web-annotation';
import { t } from '../i18n';
import {
  MAX_ID, MAX_ITEMS, MAX_PAGES, MAX_SHORT, MAX_TEXT, MAX_URL, arr, color, fail, get, has, id, int, isoTime, obj, pageUrl, preview,
  readOutline, readTags, str, strOrNull, time, uniqueHighlights, type Obj,
} from './checks';

export function hasType(o: Obj, type: string): boolean {
  const t = get(o, 'type');
  return t === type || (Array.isArray(t) && t.includes(type));
}

function selectorsOf(target: Obj, path: string): Obj[] {
  const s = get(target, 'selector');
  if (s === undefined) fail(`${path}.selector`, t('validMissing'));
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

export function readWebAnnotations(root: unknown): PageRecord[] {
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
      if (!hasType(o, 'AnnotationCollection')) fail('type', t('validEither', '"AnnotationCollection"', '"Annotation"', preview(get(o, 'type'))));
      const version = get(o, 'gloss:formatVersion');
      if (version !== undefined) {
        if (typeof version === 'number' && Number.isInteger(version) && version > EXPORT_FORMAT_VERSION) {
          fail('gloss:formatVersion', t('validNewerFile', version, EXPORT_FORMAT_VERSION));
        }
        int(version, 'gloss:formatVersion', 1, EXPORT_FORMAT_VERSION);
      }
      const schema = get(o, 'gloss:schemaVersion');
      if (schema !== undefined && schema !== SCHEMA_VERSION) {
        fail('gloss:schemaVersion', t('validLiteral', SCHEMA_VERSION, preview(schema)));
      }
      pagesFacts = get(o, 'gloss:pages');
      if (has(o, 'items')) {
        items = arr(get(o, 'items'), 'items', MAX_ITEMS);
        itemsPath = 'items';
      } else {
        const first = get(o, 'first');
        if (typeof first === 'string') fail('first', t('validLinkedPage'));
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
      if (drafts.has(url)) fail(`${p}.url`, t('validListedTwice', preview(url)));
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
    if (!hasType(a, 'Annotation')) fail(`${path}.type`, t('validLiteral', '"Annotation"', preview(get(a, 'type'))));
    const annId = str(get(a, 'id'), `${path}.id`, MAX_URL, true);
    const target = obj(get(a, 'target'), `${path}.target`);
    const url = pageUrl(get(target, 'source'), `${path}.target.source`);
    // Ids are unique per page (as in the JSON export); two pages may share a copied highlight.
    const idKey = url + '\n' + annId;
    const before = seenIds.get(idKey);
    if (before !== undefined) fail(`${path}.id`, t('validDuplicateId', preview(annId), before));
    seenIds.set(idKey, path);
    const created = isoTime(get(a, 'created'), `${path}.created`);
    const modified = has(a, 'modified') ? isoTime(get(a, 'modified'), `${path}.modified`) : created;
    const draft = draftFor(url);
    draft.first = Math.min(draft.first, created);
    draft.last = Math.max(draft.last, modified);
    const kind = glossTerm(a, 'gloss:kind', (v) => str(v, `${path}.gloss:kind`, 20), 'highlight');

    if (kind === 'reflection') {
      const sectionId = id(get(a, 'gloss:sectionId'), `${path}.gloss:sectionId`);
      if (has(draft.reflections, sectionId)) fail(`${path}.gloss:sectionId`, t('validReflectionTwice', preview(sectionId)));
      const text = textBody(a, path);
      if (text === null) fail(`${path}.body`, t('validReflectionBody'));
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
    if (kind !== 'highlight') fail(`${path}.gloss:kind`, t('validEither', '"highlight"', '"reflection"', preview(kind)));

    const selectors = selectorsOf(target, `${path}.target`);
    const quote = selectors.find((s) => hasType(s, 'TextQuoteSelector'));
    const position = selectors.find((s) => hasType(s, 'TextPositionSelector'));
    if (!quote) fail(`${path}.target.selector`, t('validMustIncludeSelector', 'TextQuoteSelector'));
    if (!position) fail(`${path}.target.selector`, t('validMustIncludeSelector', 'TextPositionSelector'));
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
        fail(`${path}.id`, t('validHighlightId', preview(annId)));
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

