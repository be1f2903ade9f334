// The JSON-LD export against every MUST assertion of the W3C Web Annotation test suite
// (web-platform-tests, annotation-model/: collectionMusts, pageMusts, annotationMusts,
// bodyMusts, targetMusts and specificResourceMusts). The suite's JSON Schemas are not
// vendored: each MUST below is rewritten here as a predicate, named after the suite's
// assertion file, and checked on every object it applies to.
//
// MUSTs checked (assertion file → what it requires):
//   collections/5.1-collectionContextValidated  @context is anno.jsonld or an array holding it
//   collections/5.1-collectionIdValidated       one id, a string of format uri
//   collections/5.1-collectionTypeValidated     type is / includes AnnotationCollection
//   collections/5.1-collectionLabelValidated    label, if present, string(s)
//   collections/5.1-collectionTotalValidated    total, if present, one integer ≥ 0
//   collections/5.1-collectionFirstValidated    first: a uri or an AnnotationPage; required if total > 0
//   collections/5.1-collectionLastValidated     last, if present, one uri
//   collections/3.3.1-collection{Created,Modified}Validated, 3.3.6-collectionRightsValidated
//   collections/pages/5.2-pageContextValidated  (the page is embedded: the collection's context)
//   collections/pages/5.2-pageIdValidated       the embedded page has one id of format uri
//   collections/pages/5.2-pageTypeValidated     type is / includes AnnotationPage
//   collections/pages/5.2-pageItemsValidated    items: array of uris and/or Annotation objects
//   collections/pages/5.2-pageStartIndexValidated  startIndex, if present, one integer ≥ 0
//   collections/pages/5.2-page{PartOf,Next,Prev}Validated  if present, one uri
//   collections/pages/5.2-page{Total,Label,First,Last}Validated  if present, well-formed
//   collections/pages/3.3.1-page{Created,Modified}Validated, 3.3.6-pageRightsValidated
//   annotations/3.1-annotationContextValidated  @context is anno.jsonld or an array holding it
//   annotations/3.1-annotationIdValidated       one id of format uri
//   annotations/3.1-annotationTypeValidated     type is / includes Annotation
//   annotations/3.1-targetKeyFound              a target
//   annotations/3.2-targetObjectsRecognized     each target a uri, an External Web Resource
//                                               (id) or a Specific Resource (source)
//   annotations/3.2.5-notBodyBodyValue          not both body and bodyValue
//   annotations/3.2-bodyObjectsRecognized       each body a uri, a resource with id, a
//                                               TextualBody with value, or a Specific Resource
//   annotations/3.2.5-bodyValueValidated        bodyValue, if present, one string
//   annotations/3.3.1-annotation{Created,Modified,Generated}Validated  one date-time if present
//   annotations/3.3.6-annotationRightsValidated, 3.3.7-annotation{Canonical,Via}Validated  uris
//   bodiesTargets/3.2.1-{body,targ}TextDirectionValidated  ltr | rtl | auto if present
//   bodiesTargets/3.3.1-{body,targ}{Created,Modified}Validated  one date-time if present
//   bodiesTargets/3.3.6-{body,targ}RightsValidated, 3.3.7-{body,targ}{Canonical,Via}Validated
//   bodiesTargets/3.2.7-{body,targ}EWRNoItems, 3.3.5-{body,targ}EWRNoPurpose (purpose only
//     on Specific Resources and TextualBodies: a body's purpose must be a Motivation)
//   bodiesTargets/3.2.4-{body,targ}ChoiceSetNoValue, 4-…ChoiceSetNoSource, 3.3.5-…ChoiceSetNoPurpose
//   bodiesTargets/3.2.7-bodyEmbeddedTextualNoItems, 4-bodyEmbeddedTextualNoSource
//   bodiesTargets/3.2.7-{body,targ}SpecificResourceNoItems, 4-…SpecificResourceNoValue
//   bodiesTargets/3.2.4-targNoTypeTextualBody   a target is never a TextualBody
//   specificResource/4.2-selectorValidIfPresent each selector an object with a type (or a uri)
//   specificResource/4.2.4-textQuoteSelectorValid  exact: one string; prefix/suffix: one string
//   specificResource/4.2-TextDataPositionSelectorValid  start, end: one integer ≥ 0 each
//   specificResource/4.2-fragmentCssXPathSelectorValid  value: one string
//   specificResource/4.2.8-rangeSelectorValid, 4.2.7-svgSelectorValid, 4.3-stateValidIfPresent,
//     4.3.3-refinedByValidated, 4.4-styleClassValidIfPresent, 4.3.{1,2}-…StateValid
//     (Gloss uses none of these: checked to be absent or well-formed)
import { describe, expect, it } from 'vitest';
import { toWebAnnotations } from '../../utils/export/web-annotation';
import { essayPage, hostilePage, plainPage } from '../fixtures/export/pages';

type J = Record<string, unknown>;
const ANNO = 'http://www.w3.org/ns/anno.jsonld';
const MOTIVATIONS = [
  'assessing', 'bookmarking', 'classifying', 'commenting', 'describing', 'editing',
  'highlighting', 'identifying', 'linking', 'moderating', 'questioning', 'replying', 'tagging',
];

const isObj = (v: unknown): v is J => typeof v === 'object' && v !== null && !Array.isArray(v);
/** JSON Schema "format": "uri" (RFC 3986 absolute URI: a scheme, no spaces or controls). */
const isUri = (v: unknown) => typeof v === 'string' && /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`\u0000-\u001f\u007f-\uffff]*$/.test(v);
/** JSON Schema "format": "date-time" (RFC 3339). */
const isDateTime = (v: unknown) =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) && Number.isFinite(Date.parse(v));
/** A single value: the value itself or a one-item array of it. */
const single = (v: unknown, ok: (x: unknown) => boolean) => ok(v) || (Array.isArray(v) && v.length === 1 && ok(v[0]));
const many = (v: unknown, ok: (x: unknown) => boolean) => ok(v) || (Array.isArray(v) && v.length >= 1 && v.every(ok));
const absentOr = (o: J, key: string, ok: (v: unknown) => boolean) => !(key in o) || ok(o[key]);
const types = (o: J): unknown[] => ([] as unknown[]).concat(o.type ?? []);
const hasType = (o: J, t: string) => types(o).includes(t);
const contextOk = (v: unknown) => v === ANNO || (Array.isArray(v) && v.includes(ANNO));
const nonNegInt = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;

/** 3.3.1 / 3.3.6 / 3.3.7 MUSTs shared by annotations, bodies, targets, collections, pages. */
function commonMusts(o: J, prefix: string): Record<string, boolean> {
  return {
    [`${prefix}CreatedValidated`]: absentOr(o, 'created', (v) => single(v, isDateTime)),
    [`${prefix}ModifiedValidated`]: absentOr(o, 'modified', (v) => single(v, isDateTime)),
    [`${prefix}RightsValidated`]: absentOr(o, 'rights', (v) => many(v, isUri)),
    [`${prefix}CanonicalValidated`]: absentOr(o, 'canonical', (v) => single(v, isUri)),
    [`${prefix}ViaValidated`]: absentOr(o, 'via', (v) => many(v, isUri)),
  };
}

const isChoiceOrSet = (o: J) => ['Choice', 'List', 'Composite', 'Independents'].some((t) => hasType(o, t));
const isTextual = (o: J) => hasType(o, 'TextualBody');
const isSpecific = (o: J) => !isTextual(o) && ('source' in o || hasType(o, 'SpecificResource'));
const isEwr = (o: J) => !isTextual(o) && !isSpecific(o) && !isChoiceOrSet(o);

function selectorMusts(sel: unknown): Record<string, boolean> {
  if (typeof sel === 'string') return { '4.2-selectorValidIfPresent': isUri(sel) };
  if (!isObj(sel)) return { '4.2-selectorValidIfPresent': false };
  const t = sel.type;
  return {
    '4.2-selectorValidIfPresent': typeof t === 'string' || (Array.isArray(t) && t.length > 0),
    '4.2.4-textQuoteSelectorValid':
      !hasType(sel, 'TextQuoteSelector') ||
      (single(sel.exact, (v) => typeof v === 'string') &&
        absentOr(sel, 'prefix', (v) => single(v, (x) => typeof x === 'string')) &&
        absentOr(sel, 'suffix', (v) => single(v, (x) => typeof x === 'string'))),
    '4.2-TextDataPositionSelectorValid':
      !(hasType(sel, 'TextPositionSelector') || hasType(sel, 'DataPositionSelector')) ||
      (single(sel.start, nonNegInt) && single(sel.end, nonNegInt)),
    '4.2-fragmentCssXPathSelectorValid':
      !['FragmentSelector', 'CssSelector', 'XPathSelector'].some((x) => hasType(sel, x)) ||
      (single(sel.value, (v) => typeof v === 'string') && absentOr(sel, 'conformsTo', (v) => single(v, isUri))),
    '4.2.7-svgSelectorValid': !hasType(sel, 'SvgSelector') || 'value' in sel || 'id' in sel,
    '4.2.8-rangeSelectorValid': !hasType(sel, 'RangeSelector') || (isObj(sel.startSelector) && isObj(sel.endSelector)),
    '4.3.3-refinedByValidated': absentOr(sel, 'refinedBy', (v) => many(v, (x) => Object.values(selectorMusts(x)).every(Boolean))),
  };
}

function resourceMusts(r: unknown, role: 'body' | 'targ'): Record<string, boolean> {
  if (typeof r === 'string') return { [`${role}IsUri`]: isUri(r) };
  if (!isObj(r)) return { [`${role}IsObject`]: false };
  const out: Record<string, boolean> = {
    ...commonMusts(r, `3.3-${role}`),
    [`3.2.1-${role}TextDirectionValidated`]: absentOr(r, 'textDirection', (v) => single(v, (x) => ['ltr', 'rtl', 'auto'].includes(x as string))),
    [`3.2.7-${role}EWRNoItems`]: !isEwr(r) || !('items' in r),
    [`3.3.5-${role}EWRNoPurpose`]: !isEwr(r) || !('purpose' in r),
    [`3.2.4-${role}ChoiceSetNoValue`]: !isChoiceOrSet(r) || !('value' in r),
    [`4-${role}ChoiceSetNoSource`]: !isChoiceOrSet(r) || !('source' in r),
    [`3.3.5-${role}ChoiceSetNoPurpose`]: !isChoiceOrSet(r) || !('purpose' in r),
    [`3.2.7-${role}SpecificResourceNoItems`]: !isSpecific(r) || !('items' in r),
    [`4-${role}SpecificResourceNoValue`]: !isSpecific(r) || !('value' in r),
    // A purpose, where allowed, is one of the model's motivations.
    [`3.3.5-${role}PurposeIsMotivation`]: absentOr(r, 'purpose', (v) => many(v, (x) => MOTIVATIONS.includes(x as string))),
  };
  if (role === 'body') {
    out['3.2-bodyObjectsRecognized'] =
      (isTextual(r) && typeof r.value === 'string') || (isSpecific(r) && 'source' in r) || isChoiceOrSet(r) || isUri(r.id);
    out['3.2.7-bodyEmbeddedTextualNoItems'] = !isTextual(r) || !('items' in r);
    out['4-bodyEmbeddedTextualNoSource'] = !isTextual(r) || !('source' in r);
  } else {
    out['3.2-targetObjectsRecognized'] = (isSpecific(r) && (isUri(r.source) || (isObj(r.source) && isUri(r.source.id)))) || isChoiceOrSet(r) || isUri(r.id);
    out['3.2.4-targNoTypeTextualBody'] = !isTextual(r);
  }
  if (isSpecific(r)) {
    for (const sel of ([] as unknown[]).concat(r.selector ?? [])) {
      for (const [k, v] of Object.entries(selectorMusts(sel))) out[k] = (out[k] ?? true) && v;
    }
    out['4.3-stateValidIfPresent'] = absentOr(r, 'state', (v) => many(v, (x) => isUri(x) || (isObj(x) && 'type' in x)));
    out['4.4-styleClassValidIfPresent'] = absentOr(r, 'styleClass', (v) => many(v, (x) => typeof x === 'string'));
  }
  return out;
}

function annotationMusts(a: unknown, embedded: boolean): Record<string, boolean> {
  if (!isObj(a)) return { '5.2-pageItemsValidated': isUri(a) };
  const out: Record<string, boolean> = {
    // An annotation inside a collection may inherit the collection's context; Gloss repeats it.
    '3.1-annotationContextValidated': contextOk(a['@context']) || (embedded && !('@context' in a)),
    '3.1-annotationIdValidated': single(a.id, isUri),
    '3.1-annotationTypeValidated': hasType(a, 'Annotation'),
    '3.1-targetKeyFound': 'target' in a,
    '3.2.5-notBodyBodyValue': !('body' in a && 'bodyValue' in a),
    '3.2.5-bodyValueValidated': absentOr(a, 'bodyValue', (v) => typeof v === 'string'),
    '3.3.1-annotationGeneratedValidated': absentOr(a, 'generated', (v) => single(v, isDateTime)),
    '3.3.1-motivationValidated': absentOr(a, 'motivation', (v) => many(v, (x) => MOTIVATIONS.includes(x as string))),
    ...commonMusts(a, '3.3-annotation'),
  };
  const collect = (values: unknown, role: 'body' | 'targ') => {
    for (const r of ([] as unknown[]).concat(values ?? [])) {
      for (const [k, v] of Object.entries(resourceMusts(r, role))) out[k] = (out[k] ?? true) && v;
    }
  };
  collect(a.body, 'body');
  collect(a.target, 'targ');
  if (Array.isArray(a.target) && a.target.length === 0) out['3.1-targetKeyFound'] = false;
  return out;
}

function pageMusts(p: unknown, collectionContext: unknown): Record<string, boolean> {
  if (typeof p === 'string') return { '5.1-collectionFirstValidated': isUri(p) };
  if (!isObj(p)) return { '5.1-collectionFirstValidated': false };
  return {
    '5.1-collectionFirstValidated': hasType(p, 'AnnotationPage'),
    '5.2-pageContextValidated': contextOk(p['@context'] ?? collectionContext),
    '5.2-pageIdValidated': single(p.id, isUri),
    '5.2-pageTypeValidated': hasType(p, 'AnnotationPage'),
    '5.2-pageItemsValidated': Array.isArray(p.items) && p.items.every((i) => isUri(i) || (isObj(i) && hasType(i, 'Annotation'))),
    '5.2-pageStartIndexValidated': absentOr(p, 'startIndex', (v) => single(v, nonNegInt)),
    '5.2-pagePartOfValidated': absentOr(p, 'partOf', (v) => single(v, (x) => isUri(x) || (isObj(x) && isUri(x.id)))),
    '5.2-pageNextValidated': absentOr(p, 'next', (v) => single(v, isUri)),
    '5.2-pagePrevValidated': absentOr(p, 'prev', (v) => single(v, isUri)),
    '5.2-pageTotalValidated': absentOr(p, 'total', (v) => single(v, nonNegInt)),
    '5.2-pageLabelValidated': absentOr(p, 'label', (v) => many(v, (x) => typeof x === 'string')),
    '5.2-pageFirstValidated': absentOr(p, 'first', (v) => single(v, isUri)),
    '5.2-pageLastValidated': absentOr(p, 'last', (v) => single(v, isUri)),
    ...commonMusts(p, '3.3-page'),
  };
}

function collectionMusts(c: J): Record<string, boolean> {
  const total = c.total;
  return {
    '5.1-collectionContextValidated': contextOk(c['@context']),
    '5.1-collectionIdValidated': single(c.id, isUri),
    '5.1-collectionTypeValidated': hasType(c, 'AnnotationCollection'),
    '5.1-collectionLabelValidated': absentOr(c, 'label', (v) => many(v, (x) => typeof x === 'string')),
    '5.1-collectionTotalValidated': absentOr(c, 'total', (v) => single(v, nonNegInt)),
    '5.1-collectionFirstRequiredIfTotal': !(typeof total === 'number' && total > 0) || 'first' in c,
    '5.1-collectionLastValidated': absentOr(c, 'last', (v) => single(v, isUri)),
    ...commonMusts(c, '3.3-collection'),
  };
}

/** Every MUST, by name, with the objects that fail it. */
function failures(doc: J): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const record = (results: Record<string, boolean>, where: string) => {
    for (const [name, ok] of Object.entries(results)) if (!ok) (out[name] ??= []).push(where);
  };
  record(collectionMusts(doc), 'collection');
  const pages = ([] as unknown[]).concat(doc.first ?? []);
  pages.forEach((p, i) => {
    record(pageMusts(p, doc['@context']), `page ${i}`);
    const items = isObj(p) && Array.isArray(p.items) ? p.items : [];
    items.forEach((a, j) => record(annotationMusts(a, true), `page ${i} item ${j} (${isObj(a) ? a.id : a})`));
  });
  return out;
}

const OPTS = { now: new Date(Date.UTC(2026, 10, 25, 12)), extensionVersion: '0.1.0' };
const exportOf = (pages = [essayPage(), plainPage(), hostilePage()]) => JSON.parse(toWebAnnotations(pages, OPTS)) as J;

describe('JSON-LD export against the W3C Web Annotation test suite MUSTs', () => {
  it('passes every MUST on highlights, notes and reflections of several pages (hostile text included)', () => {
    const doc = exportOf();
    const first = doc.first as J;
    expect((first.items as unknown[]).length).toBeGreaterThan(5);
    expect(failures(doc)).toEqual({});
  });

  it('passes every MUST on an empty export', () => {
    expect(failures(exportOf([]))).toEqual({});
  });

  it('the embedded AnnotationPage has an id of its own (pageIdValidated)', () => {
    const first = exportOf().first as J;
    expect(isUri(first.id)).toBe(true);
    expect(first.id).not.toBe(exportOf().id);
  });

  it('the checks fail where the model is broken (they can fail)', () => {
    const doc = exportOf();
    const first = doc.first as J;
    const items = first.items as J[];
    delete first.id;
    items[0].bodyValue = 'both';
    items[0].body = { type: 'TextualBody', value: 'x', source: 'https://a.example/' };
    (items[1].target as J).selector = [{ type: 'TextQuoteSelector', prefix: 'no exact' }, { type: 'TextPositionSelector', start: -1, end: 2 }];
    items[2].created = '25 November 2026';
    doc.total = -1;
    const f = failures(doc);
    expect(Object.keys(f).sort()).toEqual(
      [
        '3.2.5-notBodyBodyValue',
        '3.3-annotationCreatedValidated',
        '4-bodyEmbeddedTextualNoSource',
        '4.2-TextDataPositionSelectorValid',
        '4.2.4-textQuoteSelectorValid',
        '5.1-collectionTotalValidated',
        '5.2-pageIdValidated',
      ].sort(),
    );
  });
});
