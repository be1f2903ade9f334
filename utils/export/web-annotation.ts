import { PAGE_REFLECTION_ID, SCHEMA_VERSION } from '../store/schema';
import type { PageRecord, Reflection, StoredSection } from '../store/schema';
import { EXPORT_FORMAT_VERSION } from './json';

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
/** Prefix of Gloss's own terms (`gloss:color`, …). A URN: it names, it is never fetched. */
export const GLOSS_VOCAB = 'urn:gloss:vocab:';
export const WEB_ANNOTATION_FORMAT = 'gloss-web-annotation';
/** JSON-LD context of every Gloss annotation: the W3C one plus the `gloss:` prefix. */
export const GLOSS_CONTEXT = [ANNO_CONTEXT, { gloss: GLOSS_VOCAB }] as const;

export const HIGHLIGHT_ID_PREFIX = 'urn:gloss:highlight:';
export const REFLECTION_ID_PREFIX = 'urn:gloss:reflection:';

/** Page facts that have no place in the Web Annotation model, kept so import is lossless. */
export interface WebAnnotationPage {
  url: string;
  title: string;
  site: string;
  outline: StoredSection[] | null;
  tags: string[];
  firstVisitAt: number;
  lastVisitAt: number;
  updatedAt: number;
}

function iso(ms: number): string {
  const d = new Date(ms);
  return Number.isFinite(d.getTime()) ? d.toISOString() : new Date(0).toISOString();
}

function reflectionTarget(page: PageRecord, r: Reflection) {
  const section = page.outline?.find((s) => s.id === r.sectionId);
  const heading = section ? section.heading : r.heading;
  // A section is found by its heading; the page (and the heading-less intro) as a whole.
  const selector =
    r.sectionId !== PAGE_REFLECTION_ID && heading
      ? { type: 'TextQuoteSelector', exact: heading }
      : { type: 'CssSelector', value: ':root' };
  return { source: page.url, selector };
}

/**
 * The pages as a W3C Web Annotation (JSON-LD) AnnotationCollection. Each highlight is an
 * Annotation (motivation "highlighting", or "commenting" with a text/plain TextualBody
 * when it has a note) targeting the page with a TextQuoteSelector and a
 * TextPositionSelector; each reflection is a "commenting" Annotation with a text/markdown
 * body targeting its section's heading (TextQuoteSelector) or, for the page reflection
 * and the intro, the document root (CssSelector `:root`). Colour, section ids and page
 * facts (title, outline, tags, visits) travel in `gloss:` terms so Gloss can re-import
 * everything; other tools ignore them.
 */
export function toWebAnnotations(pages: PageRecord[], opts: { now?: Date; extensionVersion: string }): string {
  const exportedAt = (opts.now ?? new Date()).toISOString();
  const items: unknown[] = [];
  for (const page of pages) {
    for (const h of page.highlights) {
      const q = h.selectors.quote;
      const p = h.selectors.position;
      items.push({
        '@context': GLOSS_CONTEXT,
        id: HIGHLIGHT_ID_PREFIX + encodeURIComponent(h.id),
        type: 'Annotation',
        motivation: h.note ? 'commenting' : 'highlighting',
        created: iso(h.createdAt),
        modified: iso(h.updatedAt),
        ...(h.note ? { body: { type: 'TextualBody', value: h.note, format: 'text/plain', purpose: 'commenting' } } : {}),
        target: {
          source: page.url,
          selector: [
            { type: 'TextQuoteSelector', exact: q.exact, prefix: q.prefix, suffix: q.suffix },
            { type: 'TextPositionSelector', start: p.start, end: p.end },
          ],
        },
        'gloss:kind': 'highlight',
        'gloss:color': h.color,
        'gloss:sectionId': h.sectionId,
        'gloss:selectorSectionId': h.selectors.sectionId,
        ...(h.selectors.rawStart !== undefined ? { 'gloss:rawStart': h.selectors.rawStart } : {}),
        'gloss:sectionHeading': h.sectionHeading,
        ...(h.text !== q.exact ? { 'gloss:text': h.text } : {}),
      });
    }
    for (const r of Object.values(page.reflections)) {
      items.push({
        '@context': GLOSS_CONTEXT,
        id: REFLECTION_ID_PREFIX + encodeURIComponent(page.url) + ':' + encodeURIComponent(r.sectionId),
        type: 'Annotation',
        motivation: 'commenting',
        created: iso(r.createdAt),
        modified: iso(r.updatedAt),
        body: { type: 'TextualBody', value: r.text, format: 'text/markdown', purpose: 'commenting' },
        target: reflectionTarget(page, r),
        'gloss:kind': 'reflection',
        'gloss:sectionId': r.sectionId,
        'gloss:heading': r.heading,
        'gloss:sectionHash': r.sectionHash,
        'gloss:sectionText': r.sectionText,
      });
    }
  }
  const pageFacts: WebAnnotationPage[] = pages.map((p) => ({
    url: p.url,
    title: p.title,
    site: p.site,
    outline: p.outline,
    tags: p.tags,
    firstVisitAt: p.firstVisitAt,
    lastVisitAt: p.lastVisitAt,
    updatedAt: p.updatedAt,
  }));
  const collectionId = 'urn:gloss:export:' + encodeURIComponent(exportedAt);
  const collection = {
    '@context': GLOSS_CONTEXT,
    id: collectionId,
    type: 'AnnotationCollection',
    label: 'Gloss annotations',
    total: items.length,
    generator: { id: 'urn:gloss:extension', type: 'Software', name: `Gloss ${opts.extensionVersion}` },
    generated: exportedAt,
    'gloss:format': WEB_ANNOTATION_FORMAT,
    'gloss:formatVersion': EXPORT_FORMAT_VERSION,
    'gloss:extensionVersion': opts.extensionVersion,
    'gloss:schemaVersion': SCHEMA_VERSION,
    'gloss:pages': pageFacts,
    // The one page holds every annotation; the W3C model requires it to have an id (a
    // MUST of web-platform-tests' annotation-model suite, "pageIdValidated").
    first: { id: collectionId + ':page:0', type: 'AnnotationPage', partOf: collectionId, startIndex: 0, items },
  };
  return JSON.stringify(collection, null, 2) + '\n';
}
