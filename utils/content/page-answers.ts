/**
 * The tab's answers to Gloss's other views (popup, side panel): the page's outline and
 * notes as this tab sees them, drift hashes of reflected sections, a section's text,
 * and scrolling to a highlight. Section hashes are kept while the page's DOM is
 * unchanged, so opening the popup again does not re-read every section.
 */
import { sectionAt, sectionText } from '../outline';
import type { Outline } from '../outline/types';
import { hashText } from '../hash';
import { domChangeFlag, type DomChangeFlag } from '../dom-change';
import type { PageInfo } from '../messaging/protocol';
import { siteOf } from '../url';
import { sectionInView } from './section-tracker';
import type { HighlightEntries } from './highlight-entries';
import type { Painting } from './painting';
import { storedSections, type PageOutline } from './page-outline';
import type { RecordSync } from './record-sync';

export interface PageAnswersEnv {
  win: Window & typeof globalThis;
  entries: HighlightEntries;
  outline: PageOutline;
  records: RecordSync;
  painting: Painting;
  signal: AbortSignal;
}

export function createPageAnswers(env: PageAnswersEnv) {
  const { win, entries, records, signal } = env;
  const doc = win.document;
  /** Section text hashes, valid while the DOM is unchanged. */
  let hashed: { outline: Outline; hashes: Map<string, string> } | null = null;
  let kept: DomChangeFlag | null = null;

  /**
   * Hashes of the current text of the sections that have a reflection (drift is only
   * shown for those); the popup hashes a section itself when a reflection is started.
   */
  function sectionHashes(o: Outline): Record<string, string> {
    if (!kept) {
      const flag = (kept = domChangeFlag(doc.documentElement, win.MutationObserver));
      signal.addEventListener('abort', () => flag.stop(), { once: true });
    }
    if (kept.changed() || hashed?.outline !== o) {
      hashed = { outline: o, hashes: new Map() };
      if (!signal.aborted) kept.reset();
    }
    const out: Record<string, string> = {};
    const reflected = records.record()?.reflections ?? {};
    for (const s of o.sections) {
      if (!reflected[s.id]) continue;
      let hash = hashed.hashes.get(s.id);
      if (hash === undefined) hashed.hashes.set(s.id, (hash = hashText(sectionText(o, s.id, doc))));
      out[s.id] = hash;
    }
    return out;
  }

  return {
    /**
     * Work done ahead on a page with notes, while it is idle: its popup will be opened,
     * so detect the outline and hash the reflected sections now rather than when the
     * reader is waiting. Pages without notes never pay.
     */
    prepare() {
      const o = env.outline.current();
      const record = records.record();
      if (record && Object.keys(record.reflections).length) sectionHashes(o);
    },
    /** What the popup and side panel show about this page; waits for the read in progress. */
    async pageInfo(): Promise<PageInfo> {
      await records.loaded();
      const o = env.outline.current(true);
      const url = entries.url;
      const anchored = [...entries.map.values()].filter((e) => e.range);
      return {
        url,
        // The notes as this tab last saw them (it follows every change), saving the popup
        // a storage read; absent when not known.
        ...(records.known() ? { record: records.record() } : {}),
        title: o.title || doc.title,
        site: siteOf(win.location.href),
        outline: storedSections(o),
        sectionHashes: sectionHashes(o),
        activeSectionId: sectionInView(o, win),
        orphanIds: entries.orphans().map((h) => h.id),
        highlightSections: Object.fromEntries(anchored.map((e) => [e.highlight.id, sectionAt(o, e.range!.startContainer)])),
      };
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
  };
}

export type PageAnswers = ReturnType<typeof createPageAnswers>;
