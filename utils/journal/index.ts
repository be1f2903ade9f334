/**
 * Journal: the one view model of a page's notes (sections in essay order, each highlight
 * under its section, orphans, highlights outside the article, reflections) that feeds
 * the popup, the side panel, the library's page details and every export.
 */
import { PAGE_REFLECTION_ID, type Highlight, type PageRecord, type Reflection, type StoredSection } from '../store/schema';
import type { PageInfo } from '../messaging/protocol';
import { t } from '../i18n';

export interface SectionView {
  id: string;
  level: number;
  heading: string;
  /** What the reader sees: the heading, or "Introduction" for text before the first heading. */
  label: string;
  highlights: Highlight[];
  /**
   * How many highlights the section has, when `highlights` holds only the first of them
   * (the popup's first screen, see components/journal/first-screen.ts).
   */
  highlightTotal?: number;
  reflection: Reflection | null;
  /** The section's text changed since its reflection was written. */
  drifted: boolean;
  active: boolean;
}

/** A section that is no longer in the page's outline, with the notes still stored for it. */
export interface DetachedSection {
  /** The section's stored id. */
  id: string;
  /** Its heading when the notes were written; null when not known. */
  heading: string | null;
  /** Highlights stored under this section, in essay order. */
  highlights: Highlight[];
  reflection: Reflection | null;
}

/**
 * The one journal model of a page: the popup, the side panel, the library's page details
 * and every export (utils/export/sections.ts) show the notes grouped as this says.
 */
export interface JournalView {
  /** The outline's sections in essay order, each with its highlights (in essay order) and reflection. */
  sections: SectionView[];
  pageReflection: Reflection | null;
  /** Highlights that could not be found on the page: kept and shown, never dropped. */
  orphans: Highlight[];
  /**
   * Sections no longer in the outline that still hold notes (highlights stored under them,
   * reflections on them), in the order their first note comes in the essay; those whose
   * heading is not known last.
   */
  detached: DetachedSection[];
  /** Highlights found on the page but outside every section of the article ("Elsewhere on the page"). */
  elsewhere: Highlight[];
}

/** Essay order: by position in the page's text, then by creation. */
export function byEssayOrder(a: Highlight, b: Highlight): number {
  return a.selectors.position.start - b.selectors.position.start || a.createdAt - b.createdAt;
}

/** What the reader sees for a section: its heading, or "Introduction" for text before the first heading. */
export function sectionLabel(heading: string): string {
  return heading.trim() || t('journalIntroduction');
}

/** Accessible name of a section's reflection editor ("Reflection on <heading>"). */
export function reflectionLabel(heading: string): string {
  return heading.trim() ? t('journalReflectionOn', heading.trim()) : t('journalReflectionIntro');
}

/** A section holds notes: highlights or a written reflection. */
export function sectionHasNotes(s: SectionView): boolean {
  return (s.highlightTotal ?? s.highlights.length) > 0 || !!s.reflection?.text.trim();
}

/**
 * Groups a page's stored notes by the outline the content script sees now (`info`), or
 * by the stored outline when there is no tab (library, exports). Highlights go to the
 * section they are anchored in, else to the section they were stored under; those the
 * page places outside every section, or stored with no section, to `elsewhere`; those
 * the tab could not find to `orphans` (only known with `info`); those whose section left
 * the outline, with reflections on such sections, to `detached` under the stored
 * heading. Every list is in essay order. Pure: the one grouping of notes in Gloss.
 */
export function buildJournal(record: PageRecord | null, info: PageInfo | null): JournalView {
  const outline: StoredSection[] = info?.outline ?? record?.outline ?? [];
  const orphanIds = new Set(info?.orphanIds ?? []);
  const byId = new Map<string, SectionView>();
  const sections = outline.map((s) => {
    const v: SectionView = {
      id: s.id,
      level: s.level,
      heading: s.heading,
      label: sectionLabel(s.heading),
      highlights: [],
      reflection: record?.reflections[s.id] ?? null,
      drifted: false,
      active: info?.activeSectionId === s.id,
    };
    const now = info?.sectionHashes[s.id];
    v.drifted = !!(v.reflection?.sectionHash && now && v.reflection.sectionHash !== now);
    byId.set(s.id, v);
    return v;
  });
  const detached = new Map<string, DetachedSection>();
  const detachedOf = (id: string, heading: string | null) => {
    let d = detached.get(id);
    if (!d) detached.set(id, (d = { id, heading: heading || null, highlights: [], reflection: null }));
    else if (!d.heading && heading) d.heading = heading;
    return d;
  };
  const orphans: Highlight[] = [];
  const elsewhere: Highlight[] = [];
  // In essay order first, so every group is in essay order and detached sections come
  // in the order of their first highlight.
  for (const h of [...(record?.highlights ?? [])].sort(byEssayOrder)) {
    if (info && orphanIds.has(h.id)) {
      orphans.push(h);
      continue;
    }
    const placed = info ? info.highlightSections[h.id] : undefined;
    // Outside the article: the page says so now, or the highlight was stored with no section.
    if (placed === null || (placed === undefined && h.sectionId === null)) {
      elsewhere.push(h);
      continue;
    }
    const target = (placed && byId.get(placed)) || (h.sectionId !== null ? byId.get(h.sectionId) : undefined);
    if (target) target.highlights.push(h);
    else if (h.sectionId !== null) detachedOf(h.sectionId, h.sectionHeading).highlights.push(h);
    else elsewhere.push(h);
  }
  for (const r of Object.values(record?.reflections ?? {})) {
    if (r.sectionId !== PAGE_REFLECTION_ID && !byId.has(r.sectionId)) detachedOf(r.sectionId, r.heading).reflection = r;
  }
  return {
    sections,
    pageReflection: record?.reflections[PAGE_REFLECTION_ID] ?? null,
    orphans,
    // Those whose heading is not known come last (the exports gather them as "Other notes").
    detached: [...detached.values()].sort((a, b) => Number(!a.heading) - Number(!b.heading)),
    elsewhere,
  };
}

/** Words in a text, counting CJK characters one by one. */
export function wordCount(text: string): number {
  const cjk = text.match(/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/g)?.length ?? 0;
  const rest = text.replace(/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/g, ' ').trim();
  return cjk + (rest ? rest.split(/\s+/).length : 0);
}

/** The prompts offered under a reflection, as message keys (worded in the UI language). */
export const PROMPT_CHIPS = ['journalPromptStruck', 'journalPromptDisagree', 'journalPromptTry'] as const;

/** Appends a prompt as a bold lead-in on its own line. */
export function insertPrompt(text: string, prompt: string): string {
  const lead = `**${prompt}:** `;
  if (!text.trim()) return lead;
  return text.replace(/\s*$/, '') + '\n\n' + lead;
}
