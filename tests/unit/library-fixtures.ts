// Small hand-written page records for library and search tests (text written for Gloss).
import type { Highlight, PageRecord, Reflection, ColorId } from '../../utils/store/schema';

let n = 0;

export function makeHighlight(text: string, opts: { color?: ColorId; note?: string; section?: string | null; heading?: string | null } = {}): Highlight {
  n++;
  return {
    id: `h${n}`,
    text,
    color: opts.color ?? 'yellow',
    note: opts.note ?? '',
    selectors: {
      quote: { type: 'TextQuoteSelector', exact: text, prefix: 'before ', suffix: ' after' },
      position: { type: 'TextPositionSelector', start: n * 100, end: n * 100 + text.length },
      sectionId: opts.section ?? null,
    },
    sectionId: opts.section ?? null,
    sectionHeading: opts.heading ?? null,
    createdAt: 1000 + n,
    updatedAt: 1000 + n,
  };
}

export function makeReflection(sectionId: string, text: string, heading: string | null = null): Reflection {
  return { sectionId, heading, text, sectionHash: null, sectionText: null, createdAt: 1, updatedAt: 2 };
}

export function makePage(partial: Partial<PageRecord> & { url: string }): PageRecord {
  return {
    title: 'Untitled essay',
    site: new URL(partial.url).hostname,
    outline: null,
    highlights: [],
    reflections: {},
    tags: [],
    firstVisitAt: 1,
    lastVisitAt: 2,
    updatedAt: 2,
    ...partial,
  };
}
