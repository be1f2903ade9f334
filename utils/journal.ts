import { PAGE_REFLECTION_ID, type Highlight, type PageRecord, type Reflection, type StoredSection } from './store/schema';
import type { PageInfo } from './messaging/protocol';
import { t } from './i18n';

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

export interface JournalView {
  sections: SectionView[];
  pageReflection: Reflection | null;
  /** Highlights that could not be found on the page: kept and shown, never dropped. */
  orphans: Highlight[];
  /** Reflections whose section is no longer in the outline. */
  detachedReflections: Reflection[];
  /** Highlights found on the page but outside every section of the article ("Elsewhere on the page"). */
  elsewhere: Highlight[];
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
 * Groups a page's stored notes by the outline the content script sees now. Highlights go
 * to the section they are anchored in (falling back to the stored section); those the
 * page places outside every section, or stored with no section, to `elsewhere`; orphans
 * to their own list; reflections to their section when it still exists. Pure.
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
  const orphans: Highlight[] = [];
  const elsewhere: Highlight[] = [];
  for (const h of record?.highlights ?? []) {
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
    const target = (placed && byId.get(placed)) || (h.sectionId && byId.get(h.sectionId)) || sections[0];
    if (target) target.highlights.push(h);
    else orphans.push(h);
  }
  const byStart = (a: Highlight, b: Highlight) => a.selectors.position.start - b.selectors.position.start;
  for (const s of sections) s.highlights.sort(byStart);
  elsewhere.sort(byStart);
  const detachedReflections = Object.values(record?.reflections ?? {}).filter(
    (r) => r.sectionId !== PAGE_REFLECTION_ID && !byId.has(r.sectionId),
  );
  return {
    sections,
    pageReflection: record?.reflections[PAGE_REFLECTION_ID] ?? null,
    orphans,
    detachedReflections,
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
