import { PAGE_REFLECTION_ID, type Highlight, type PageRecord, type Reflection, type StoredSection } from './store/schema';
import type { PageInfo } from './messaging/protocol';

export interface SectionView {
  id: string;
  level: number;
  heading: string;
  /** What the reader sees: the heading, or "Introduction" for text before the first heading. */
  label: string;
  highlights: Highlight[];
  /**
   * How many highlights the section has, when `highlights` holds only the first of them
   * (the popup's first screen, see components/popup/first-screen.ts).
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
}

export const INTRO_LABEL = 'Introduction';

export function sectionLabel(heading: string): string {
  return heading.trim() || INTRO_LABEL;
}

/** Accessible name of a section's reflection editor. */
export function reflectionLabel(heading: string): string {
  return heading.trim() ? `Reflection on ${heading.trim()}` : 'Reflection on the introduction';
}

/**
 * Groups a page's stored notes by the outline the content script sees now. Highlights go
 * to the section they are anchored in (falling back to the stored section), orphans to
 * their own list; reflections to their section when it still exists. Pure.
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
  for (const h of record?.highlights ?? []) {
    if (info && orphanIds.has(h.id)) {
      orphans.push(h);
      continue;
    }
    const current = info?.highlightSections[h.id];
    const target = (current && byId.get(current)) || (h.sectionId && byId.get(h.sectionId)) || sections[0];
    if (target) target.highlights.push(h);
    else orphans.push(h);
  }
  for (const s of sections) s.highlights.sort((a, b) => a.selectors.position.start - b.selectors.position.start);
  const detachedReflections = Object.values(record?.reflections ?? {}).filter(
    (r) => r.sectionId !== PAGE_REFLECTION_ID && !byId.has(r.sectionId),
  );
  return {
    sections,
    pageReflection: record?.reflections[PAGE_REFLECTION_ID] ?? null,
    orphans,
    detachedReflections,
  };
}

/** Words in a text, counting CJK characters one by one. */
export function wordCount(text: string): number {
  const cjk = text.match(/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/g)?.length ?? 0;
  const rest = text.replace(/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/g, ' ').trim();
  return cjk + (rest ? rest.split(/\s+/).length : 0);
}

export const PROMPT_CHIPS = ['What struck me', 'Where I disagree', "What I'll try"] as const;

/** Appends a prompt as a bold lead-in on its own line. */
export function insertPrompt(text: string, prompt: string): string {
  const lead = `**${prompt}:** `;
  if (!text.trim()) return lead;
  return text.replace(/\s*$/, '') + '\n\n' + lead;
}
