import type { Highlight, PageRecord } from '@/utils/store/schema';
import type { PageMeta } from '@/utils/store/ops';

export const META: PageMeta = {
  url: 'https://example.com/essay',
  title: 'An essay',
  site: 'example.com',
  outline: [
    { id: 'intro', level: 1, heading: '' },
    { id: 's-one', level: 1, heading: 'One' },
  ],
};

export function highlight(id: string, extra: Partial<Highlight> = {}): Highlight {
  return {
    id,
    text: `quote ${id}`,
    color: 'yellow',
    note: '',
    selectors: {
      quote: { type: 'TextQuoteSelector', exact: `quote ${id}`, prefix: 'before ', suffix: ' after' },
      position: { type: 'TextPositionSelector', start: 10, end: 10 + `quote ${id}`.length },
      sectionId: 's-one',
    },
    sectionId: 's-one',
    sectionHeading: 'One',
    createdAt: 1,
    updatedAt: 1,
    ...extra,
  };
}

export function page(extra: Partial<PageRecord> = {}): PageRecord {
  return {
    url: META.url,
    title: META.title,
    site: META.site,
    outline: META.outline,
    highlights: [],
    reflections: {},
    tags: [],
    firstVisitAt: 1,
    lastVisitAt: 1,
    updatedAt: 1,
    ...extra,
  };
}
