/**
 * The parts of the tab's answer to the popup that only the page decides: the outline as
 * stored, each anchored highlight's section, the orphans, and the text hashes of the
 * reflected sections. Worked out once and kept while nothing they depend on changed:
 *
 * - the DOM (a one-shot MutationObserver flag, see utils/dom-change.ts);
 * - the outline (the same detected outline object);
 * - the highlights (the same ids with the same ranges, in the same order).
 *
 * Keeping is asked for by the caller (a page with notes): otherwise the parts are worked
 * out for this answer only and no observer is created.
 */
import { sectionAt, sectionText } from '../outline';
import type { Outline } from '../outline/types';
import type { StoredSection, Reflection } from '../store/schema';
import { hashText } from '../hash';
import { domChangeFlag, type DomChangeFlag } from '../dom-change';
import type { HighlightEntries } from './highlight-entries';
import { storedSections } from './page-outline';

export interface AnswerPartsEnv {
  win: Window & typeof globalThis;
  entries: HighlightEntries;
  signal: AbortSignal;
  /** The page's reflections as last seen (their sections' text is hashed for drift). */
  reflected: () => Record<string, Reflection>;
}

export interface AnswerParts {
  /** The sections as a page record stores them. */
  stored: StoredSection[];
  /** Highlight id -> the section it starts in (anchored highlights only). */
  highlightSections: Record<string, string | null>;
  /** Ids of the highlights whose text was not found on the page. */
  orphanIds: string[];
  /** Section id -> hash of its current text, for the sections with a reflection. */
  sectionHashes(): Record<string, string>;
  /** True when these parts were kept from before (nothing was worked out for this call). */
  kept: boolean;
}

/** What the outline and DOM decide (valid while both are unchanged). */
interface PagePart {
  outline: Outline;
  stored: StoredSection[];
  hashes: Map<string, string>;
}

/** What the highlights decide, with the ids and ranges it was worked out from. */
interface MarksPart {
  ids: string[];
  ranges: (Range | null)[];
  highlightSections: Record<string, string | null>;
  orphanIds: string[];
}

export function createAnswerParts(env: AnswerPartsEnv) {
  const { win, entries, signal } = env;
  const doc = win.document;
  let flag: DomChangeFlag | null = null;
  let page: PagePart | null = null;
  let marks: MarksPart | null = null;

  function sameMarks(m: MarksPart): boolean {
    if (entries.map.size !== m.ids.length) return false;
    let i = 0;
    for (const [id, e] of entries.map) {
      if (m.ids[i] !== id || m.ranges[i] !== e.range) return false;
      i++;
    }
    return true;
  }

  function workOutMarks(o: Outline): MarksPart {
    const m: MarksPart = { ids: [], ranges: [], highlightSections: {}, orphanIds: [] };
    for (const [id, e] of entries.map) {
      m.ids.push(id);
      m.ranges.push(e.range);
      if (e.range) m.highlightSections[id] = sectionAt(o, e.range.startContainer);
      else m.orphanIds.push(id);
    }
    return m;
  }

  function view(o: Outline, p: PagePart, m: MarksPart, kept: boolean): AnswerParts {
    return {
      kept,
      stored: p.stored,
      highlightSections: m.highlightSections,
      orphanIds: m.orphanIds,
      sectionHashes() {
        const out: Record<string, string> = {};
        const reflected = env.reflected();
        for (const s of o.sections) {
          if (!reflected[s.id]) continue;
          let hash = p.hashes.get(s.id);
          if (hash === undefined) p.hashes.set(s.id, (hash = hashText(sectionText(o, s.id, doc))));
          out[s.id] = hash;
        }
        return out;
      },
    };
  }

  return {
    /**
     * The parts for outline `o` (the page's outline as it is now). With `keep`, they are
     * kept and reused until the DOM, the outline or the highlights change; without, they
     * are worked out for this call and nothing is kept.
     */
    get(o: Outline, keep: boolean): AnswerParts {
      if (!keep || signal.aborted) {
        page = marks = null;
        return view(o, { outline: o, stored: storedSections(o), hashes: new Map() }, workOutMarks(o), false);
      }
      if (!flag) {
        const f = (flag = domChangeFlag(doc.documentElement, win.MutationObserver));
        signal.addEventListener('abort', () => f.stop(), { once: true });
      }
      // Before its first reset the flag says "changed": the first call works everything out.
      const still = !flag.changed();
      const samePage = still && page?.outline === o;
      const sameHighlights = samePage && !!marks && sameMarks(marks);
      if (!samePage || !page) page = { outline: o, stored: storedSections(o), hashes: new Map() };
      if (!sameHighlights || !marks) marks = workOutMarks(o);
      if (!still) flag.reset();
      return view(o, page, marks, sameHighlights);
    },
  };
}
