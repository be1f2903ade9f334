/**
 * The tab's answers to Gloss's other views (popup, side panel): the page's outline and
 * notes as this tab sees them, drift hashes of reflected sections, a section's text,
 * and scrolling to a highlight.
 *
 * On a page with notes the popup's answer is worked out ahead, while the page is idle
 * (`prepareSoon`), and kept while the page's DOM, its outline and its highlights are
 * unchanged (see answer-parts.ts): answering is then a lookup plus the section in view.
 * A page without notes keeps nothing and watches nothing; its popup pays the work when
 * it opens.
 */
import { sectionText } from '../outline';
import type { PageInfo } from '../messaging/protocol';
import { siteOf } from '../url';
import { sectionInView } from './section-tracker';
import type { HighlightEntries } from './highlight-entries';
import type { Painting } from './painting';
import type { PageOutline } from './page-outline';
import type { RecordSync } from './record-sync';
import { createAnswerParts } from './answer-parts';
import { costLog } from './cost-log';

export interface PageAnswersEnv {
  win: Window & typeof globalThis;
  entries: HighlightEntries;
  outline: PageOutline;
  records: RecordSync;
  painting: Painting;
  signal: AbortSignal;
  /** Runs a function once the page is idle (never after the signal aborted). */
  idle: (fn: () => void) => void;
}

export function createPageAnswers(env: PageAnswersEnv) {
  const { win, entries, records, signal } = env;
  const doc = win.document;
  const parts = createAnswerParts({ win, entries, signal, reflected: () => records.record()?.reflections ?? {} });
  const costs = costLog(() => win.performance.now());
  let preparing = false;
  /** Answers served from parts kept ahead. */
  let kept = 0;

  /** True when the page's stored notes hold something (a highlight or a reflection). */
  const hasNotes = () => {
    const r = records.record();
    return !!r && (r.highlights.length > 0 || Object.keys(r.reflections).length > 0);
  };

  return {
    /**
     * Works the popup's answer out while the page is idle (at most one pending), on a
     * page with notes only: its popup will be opened. Called when the notes are loaded
     * and after each change to them. Pages without notes never pay.
     */
    prepareSoon() {
      if (preparing || !hasNotes()) return;
      preparing = true;
      env.idle(() => {
        preparing = false;
        if (hasNotes()) parts.get(env.outline.current(true), true);
      });
    },
    /** What the popup and side panel show about this page; waits for the read in progress. */
    async pageInfo(): Promise<PageInfo> {
      await records.loaded();
      return costs.time(() => {
        const o = env.outline.current(true);
        // Kept (and watched for changes) only where there are notes.
        const p = parts.get(o, hasNotes());
        if (p.kept) kept++;
        return {
          url: entries.url,
          // The notes as this tab last saw them (it follows every change), saving the popup
          // a storage read; absent when not known.
          ...(records.known() ? { record: records.record() } : {}),
          title: o.title || doc.title,
          site: siteOf(win.location.href),
          outline: p.stored,
          sectionHashes: p.sectionHashes(),
          activeSectionId: sectionInView(o, win),
          orphanIds: p.orphanIds,
          highlightSections: p.highlightSections,
        };
      });
    },
    /** The current text of a section (the drift view). */
    sectionText: (id: string) => sectionText(env.outline.current(), id, doc),
    /** Scrolls to a highlight and flashes it; false when it is not anchored on the page. */
    scrollTo(id: string): boolean {
      const e = entries.map.get(id);
      if (!e?.range) return false;
      const node = e.range.startContainer;
      const el = node.nodeType === 1 ? (node as Element) : node.parentElement;
      el?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      env.painting.flash(e.range);
      return true;
    },
    /** The cost of the answers so far (diagnostics, benchmark): how many, how long, how many from kept parts. */
    counters: () => ({ ...costs.stats(), kept }),
  };
}

export type PageAnswers = ReturnType<typeof createPageAnswers>;
