import type { Highlight, PageRecord, Reflection } from '../store/schema';
import { buildJournal, type JournalView } from '../journal';
import { t } from '../i18n';

/** One headed group of an exported page, in the order and at the level the reader saw it. */
export interface ExportSection {
  /** Section id, or a synthetic key for "Elsewhere on the page" / "Other notes". */
  key: string;
  /** Heading as page text (not escaped); "Introduction" for the intro section. */
  title: string;
  /** Relative level, 1 = top. */
  level: number;
  /** Highlights in essay order. */
  highlights: Highlight[];
  /** The section's reflection; null when there is none or it is blank. */
  reflection: Reflection | null;
  /** True when the section is no longer in the page's outline. */
  orphan: boolean;
}

// The synthetic sections' titles are worded in the UI language when a page is exported
// (journalIntroduction, exportOtherNotes, journalElsewhere: the journal's group of the
// same name, utils/journal/index.ts). These are their English wordings.
export const INTRO_TITLE = 'Introduction';
export const OTHER_TITLE = 'Other notes';
/** Highlights outside every section of the article: the journal's group of the same name. */
export const ELSEWHERE_TITLE = 'Elsewhere on the page';
const ELSEWHERE_KEY = '\u0000elsewhere';
const OTHER_KEY = '\u0000other';

const written = (r: Reflection | null) => (r && r.text.trim() ? r : null);

/** True for the "Other notes" group (orphans with no heading), whatever its wording. */
export function isOtherNotes(s: ExportSection): boolean {
  return s.key === OTHER_KEY;
}

/**
 * The journal model (utils/journal/index.ts, the one grouping of notes in Gloss) as the
 * exports lay it out: every headed outline section in essay order (the heading-less
 * intro only when it holds a note), then "Elsewhere on the page" for highlights outside
 * every section ("Introduction" on a page with no outline at all, where the whole page
 * is the intro), then sections no longer on the page under their stored heading, then
 * "Other notes" for those whose heading is unknown. Blank reflections are left out; the
 * page-level reflection is not included (exporters put it first).
 */
export function exportGroups(journal: JournalView): ExportSection[] {
  const out: ExportSection[] = [];
  for (const s of journal.sections) {
    const reflection = written(s.reflection);
    if (s.heading === '' && s.highlights.length === 0 && !reflection) continue;
    out.push({ key: s.id, title: s.heading === '' ? t('journalIntroduction') : s.heading, level: Math.max(1, s.level), highlights: s.highlights, reflection, orphan: false });
  }
  if (journal.elsewhere.length) {
    const title = journal.sections.length ? t('journalElsewhere') : t('journalIntroduction');
    out.push({ key: ELSEWHERE_KEY, title, level: 1, highlights: journal.elsewhere, reflection: null, orphan: false });
  }
  const other: ExportSection = { key: OTHER_KEY, title: t('exportOtherNotes'), level: 1, highlights: [], reflection: null, orphan: true };
  const otherReflections: Reflection[] = [];
  for (const d of journal.detached) {
    const reflection = written(d.reflection);
    if (!d.highlights.length && !reflection) continue;
    if (d.heading) out.push({ key: d.id, title: d.heading, level: 1, highlights: d.highlights, reflection, orphan: true });
    else {
      other.highlights.push(...d.highlights);
      if (reflection) otherReflections.push(reflection);
    }
  }
  // Not in the journal as one group: sections whose heading is unknown share one here.
  // The orphans of a tab (highlights it could not find) are there too, as in the journal.
  other.highlights.push(...journal.orphans);
  if (other.highlights.length || otherReflections.length) {
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

/** A stored page's export groups: its journal (by the stored outline) laid out by {@link exportGroups}. */
export function exportSections(page: PageRecord): ExportSection[] {
  return exportGroups(buildJournal(page, null));
}
