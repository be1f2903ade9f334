// The outline detector: one pass over the light DOM collects text blocks and heading
// candidates (walker.ts fills walk-table.ts); the article root is the container that
// gathers most of the prose (article-root.ts); the headings kept are those inside it
// that are not furniture, not the title or its deck (decks.ts) and introduce prose
// (prose-sections.ts, teasers.ts), with bold lines as headings where an essay has none
// (bold-headings.ts). This file runs those phases in order.
import type { Outline, Section } from './types';
import { isVisuallyHidden } from './classify';
import { normaliseText } from './text';
import { assignIds } from './identity';
import { findTitle } from './title';
import { Walker } from './walker';
import type { Candidate } from './walk-table';
import { findArticleRoot } from './article-root';
import { headingText } from './heading-text';
import { dropDecks, dropTitle } from './decks';
import { isLinkToElsewhere, pageUrl } from './teasers';
import { hasIntro, keepIntroducingProse } from './prose-sections';
import { boldCandidates, mergeByOrder } from './bold-headings';

export interface Analysis {
  root: Element | null;
  titleEl: Element | null;
  /** Furniture-labelled elements that turned out to hold the article. */
  forgiven: Set<Element>;
}

/** Whether the document has layout and computed style (a real browser, not happy-dom). */
export function documentHasLayout(doc: Document): boolean {
  try {
    const root = doc.documentElement;
    if (!root || !doc.defaultView) return false;
    return root.getBoundingClientRect().width > 0 || (doc.body?.getBoundingClientRect().width ?? 0) > 0;
  } catch {
    return false;
  }
}

/**
 * Detects the outline; also returns the article root and title element for
 * sectionText/sectionAt. Throws only on programming errors (index.ts guards it).
 */
export function analyse(doc: Document, trace?: string[]): { outline: Outline; analysis: Analysis } {
  const body = doc.body;
  const empty = { outline: { title: '', sections: [] as Section[] }, analysis: { root: null, titleEl: null, forgiven: new Set<Element>() } };
  if (!body) {
    empty.outline.title = normaliseText(doc.title);
    return empty;
  }
  // Phase timings, only when tracing (tests/bench/outline-debug.mjs).
  let TL = trace ? performance.now() : 0;
  const mark = (name: string) => {
    if (!trace) return;
    const t = performance.now();
    trace.push(`time ${name} ${(t - TL).toFixed(2)}ms`);
    TL = t;
  };
  const hasLayout = documentHasLayout(doc);
  mark('layout?');
  const w = new Walker();
  w.start(body);
  mark('walk');
  const nBlocks = w.bText.length;
  const { bChain } = w;
  // 1-2. The article root, and the furniture labels it forgives.
  const { root, forgiven } = findArticleRoot(w, trace);
  const rootEl = w.els[root];
  const forgivenEls = new Set<Element>();
  for (let k = 0; k < w.boilers.length; k++) if (forgiven[k]) forgivenEls.add(w.els[w.boilers[k]]);
  const isFurniture = (c: Candidate) => w.isBoiler(c.chain, forgiven);
  if (trace) {
    const d = (id: number) => {
      const e = id >= 0 ? w.els[id] : null;
      return e ? `${e.localName}#${e.id}.${(e.getAttribute('class') || '').slice(0, 60)}` : '-';
    };
    for (const c of w.cands) {
      const chain: string[] = [];
      for (let k = c.chain; k >= 0; k = w.boilerUp[k]) chain.push(d(w.boilers[k]) + (forgiven[k] ? '(forgiven)' : ''));
      trace.push(`  cand h${c.raw}/${c.kind} o${c.order} inRoot=${w.contains(root, c.id)} ${JSON.stringify(headingText(c.el).slice(0, 60))} chain=${chain.join(' < ')}`);
    }
  }

  mark('score');
  // 3. Title.
  const textCache = new Map<Element, string>();
  const textOf = (el: Element): string => {
    let t = textCache.get(el);
    if (t === undefined) textCache.set(el, (t = headingText(el)));
    return t;
  };
  const { title, titleEl } = findTitle(
    doc,
    w.cands,
    rootEl,
    textOf,
    (c) => isFurniture(c as Candidate),
    // Display/visibility only: measuring boxes here would force a layout per call.
    (el) => !hasLayout || (el as Element & { checkVisibility?: (o?: object) => boolean }).checkVisibility?.({ visibilityProperty: true }) !== false,
  );

  mark('title');
  // 4. Heading candidates inside the root.
  let cands = w.cands.filter((c) => w.contains(root, c.id) && !isFurniture(c));
  for (const c of cands) c.text = textOf(c.el);
  cands = cands.filter((c) => c.text.length > 0 && c.text.length <= 300);
  // Not the title, its kicker or the headings of its <header>.
  const t = dropTitle(w, cands, title, titleEl);
  cands = t.cands;
  const { titleId, titleOrder } = t;
  // Style and layout are asked last, of the few candidates left.
  if (hasLayout) cands = cands.filter((c) => !isVisuallyHidden(c.el, true));
  mark('cands');
  // Nor decks, bylines and orphan sub-headings before the first paragraph.
  cands = dropDecks(w, cands, root, title, titleOrder, forgiven);

  mark('linked+deck');
  // 5. Keep headings that introduce prose (directly or through a deeper heading).
  // The root's blocks are a contiguous run of the document-order block list.
  let rootStart = w.blockStart[root];
  let rootEnd = w.blockEnd[root];
  if (rootStart === rootEnd) {
    rootStart = 0;
    rootEnd = nBlocks;
  }
  const blocks: number[] = [];
  for (let i = rootStart; i < rootEnd; i++) if (!w.isBoiler(bChain[i], forgiven)) blocks.push(i);
  // Teasers: a heading that is wholly a link to another page names that page, unless
  // a real stretch of prose follows it (a listicle linking each item's product page).
  // Asked only of the headings whose fate depends on it.
  const here = pageUrl(doc.URL || doc.baseURI);
  const isLinked = (c: Candidate): boolean => (c.linked ??= isLinkToElsewhere(c.el, doc, here));
  let kept = keepIntroducingProse(w, cands, blocks, isLinked);

  mark('keep');
  // 6. Bold paragraphs and bold lines act as headings in essays without real ones,
  //    and as sub-headings beside real ones when they clearly open a paragraph run.
  const bold = boldCandidates(w, blocks, hasLayout, doc);
  if (bold.length) {
    if (kept.length === 0) kept = bold;
    else {
      // Beside real headings, a bold line right under a heading is that section's
      // subtitle (a film's credits under its review heading), not a sub-heading.
      const strong = bold.filter((b) => b.strong && !kept.some((k) => k.order < b.order && k.order > b.prevOrder));
      kept = mergeByOrder(kept, strong);
    }
  }

  mark('bold');
  // 7. Levels relative to the essay's top level.
  const raws = [...new Set(kept.map((c) => c.raw))].sort((a, b) => a - b);
  const sections: Section[] = [];
  const firstOrder = kept.length ? kept[0].order : Infinity;
  if (hasIntro(w, blocks, firstOrder, titleId)) {
    sections.push({ id: 'intro', level: 1, heading: '', headingElement: null });
  }
  for (const c of kept) {
    sections.push({ id: '', level: raws.indexOf(c.raw) + 1, heading: c.text, headingElement: c.el });
  }
  assignIds(sections);
  mark('ids');
  return { outline: { title, sections }, analysis: { root: rootEl, titleEl, forgiven: forgivenEls } };
}
