import { PAGE_REFLECTION_ID } from '../store/schema';
import type { Highlight, PageRecord, Reflection } from '../store/schema';
import { t } from '../i18n';

/** One section of an exported page, in the order and at the level the reader saw it. */
export interface ExportSection {
  /** Section id, or a synthetic key for the intro / "Other notes". */
  key: string;
  /** Heading as page text (not escaped); "Introduction" for the intro section. */
  title: string;
  /** Relative level, 1 = top. */
  level: number;
  /** Highlights in document order. */
  highlights: Highlight[];
  reflection: Reflection | null;
  /** True when the section is no longer in the page's outline. */
  orphan: boolean;
}

// The synthetic sections' titles are worded in the UI language when a page is exported
// (journalIntroduction, exportOtherNotes, journalElsewhere: the journal's group of the
// same name, utils/journal.ts). These are their English wordings.
export const INTRO_TITLE = 'Introduction';
export const OTHER_TITLE = 'Other notes';
export const ELSEWHERE_TITLE = 'Elsewhere on the page';
const INTRO_KEY = '\u0000intro';
const ELSEWHERE_KEY = '\u0000elsewhere';
const OTHER_KEY = '\u0000other';

/** True for the "Other notes" group (orphans with no heading), whatever its wording. */
export function isOtherNotes(s: ExportSection): boolean {
  return s.key === OTHER_KEY;
}

function byPosition(a: Highlight, b: Highlight): number {
  return a.selectors.position.start - b.selectors.position.start || a.createdAt - b.createdAt;
}

/**
 * The page's notes arranged by section: every outline section in outline order (the intro
 * only when it holds a note), then sections that have
 * left the outline under their stored heading, then "Other notes" for orphans whose heading
 * is unknown. Highlights with no section were outside the article: they go to "Elsewhere on
 * the page" after the outline, as in the journal (utils/journal.ts); on a page with no
 * outline at all, to an intro. The page-level reflection is not included.
 */
export function exportSections(page: PageRecord): ExportSection[] {
  const outline = page.outline ?? [];
  const inOutline = new Set(outline.map((s) => s.id));
  const intro = outline.find((s) => s.heading === '');
  const introKey = intro ? intro.id : INTRO_KEY;
  const noSectionKey = outline.length ? ELSEWHERE_KEY : introKey;

  const highlights = new Map<string, Highlight[]>();
  const orphanHeadings = new Map<string, string | null>();
  const orphanOrder: string[] = [];
  const noteOrphan = (id: string, heading: string | null) => {
    if (!orphanHeadings.has(id)) {
      orphanHeadings.set(id, heading);
      orphanOrder.push(id);
    } else if (orphanHeadings.get(id) === null && heading) orphanHeadings.set(id, heading);
  };

  for (const h of [...page.highlights].sort(byPosition)) {
    const key = h.sectionId === null ? noSectionKey : h.sectionId;
    if (h.sectionId !== null && !inOutline.has(key)) noteOrphan(key, h.sectionHeading);
    const list = highlights.get(key);
    if (list) list.push(h);
    else highlights.set(key, [h]);
  }
  const reflections = new Map<string, Reflection>();
  for (const [key, r] of Object.entries(page.reflections)) {
    if (key === PAGE_REFLECTION_ID || !r.text.trim()) continue;
    reflections.set(key, r);
    if (!inOutline.has(key)) noteOrphan(key, r.heading);
  }

  const hasContent = (key: string) => (highlights.get(key)?.length ?? 0) > 0 || reflections.has(key);
  // Every headed section is kept, so the export mirrors the essay's whole outline (a
  // reader sees where their notes sit in it); the heading-less intro only with notes.
  const keep = outline.map((s) => s.heading !== '' || hasContent(s.id));

  const out: ExportSection[] = [];
  const make = (key: string, title: string, level: number, orphan: boolean): ExportSection => ({
    key,
    title,
    level,
    highlights: highlights.get(key) ?? [],
    reflection: reflections.get(key) ?? null,
    orphan,
  });
  if (!intro && hasContent(INTRO_KEY)) out.push(make(INTRO_KEY, t('journalIntroduction'), 1, false));
  outline.forEach((s, i) => {
    if (!keep[i]) return;
    out.push(make(s.id, s.heading === '' ? t('journalIntroduction') : s.heading, Math.max(1, s.level), false));
  });
  if (hasContent(ELSEWHERE_KEY)) out.push(make(ELSEWHERE_KEY, t('journalElsewhere'), 1, false));
  const other: ExportSection = { key: OTHER_KEY, title: t('exportOtherNotes'), level: 1, highlights: [], reflection: null, orphan: true };
  const otherReflections: Reflection[] = [];
  for (const id of orphanOrder) {
    const heading = orphanHeadings.get(id) ?? null;
    if (heading) out.push(make(id, heading, 1, true));
    else {
      other.highlights.push(...(highlights.get(id) ?? []));
      const r = reflections.get(id);
      if (r) otherReflections.push(r);
    }
  }
  if (other.highlights.length || otherReflections.length) {
    other.highlights.sort(byPosition);
    // Several heading-less orphan reflections share one group: join their text.
    other.reflection =
      otherReflections.length === 0
        ? null
        : otherReflections.length === 1
          ? otherReflections[0]
          : { ...otherReflections[0], text: otherReflections.map((r) => r.text).join('\n\n') };
    out.push(other);
  }
  return out;
}
