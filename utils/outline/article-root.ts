// Which element holds the article. Containers are scored by the paragraphs they hold
// (Readability-like, without list items); from the best one we climb through wrappers
// that add little text and through parents whose other children are more chunks of the
// same article, stopping at <article>/<main>. Furniture labels on the article's own
// ancestors are forgiven ("has-sidebar" layouts, a Blogger post inside a "widget").
import { B_ITEM, K_COMMENT } from './walk-flags';
import type { WalkTable } from './walk-table';

/** Fewest characters of non-link text for a block to count as a paragraph. */
const MIN_PARA = 25;

// Container scores by walk number, zeroed again after each use: a large typed array is
// costly to allocate on every detection.
let scores = new Float64Array(4096);
function scoreScratch(n: number): Float64Array {
  if (scores.length < n) scores = new Float64Array(Math.max(n, scores.length * 2));
  return scores;
}

export interface ArticleRoot {
  /** Walk number of the article root (0, the body, when nothing better is found). */
  root: number;
  /** By furniture index: labels forgiven because they sit on the article's ancestors. */
  forgiven: boolean[];
}

/**
 * Finds the article root in a filled walk table. `trace` (outline-debug) receives the
 * climb and the scores.
 */
export function findArticleRoot(w: WalkTable, trace?: string[]): ArticleRoot {
  const nBlocks = w.bText.length;
  const { bText, bLink, bChain, bFlags } = w;

  // 1. Furniture that holds most of the page's prose is a mislabelled wrapper
  //    ("has-sidebar" layouts), except comment sections, which can outweigh a post.
  const rawProse = new Array<number>(nBlocks + 1);
  rawProse[0] = 0;
  for (let i = 0; i < nBlocks; i++) rawProse[i + 1] = rawProse[i] + Math.max(0, bText[i] - bLink[i]);
  const total = rawProse[nBlocks];
  // Flags by furniture index (plain arrays: a typed array costs more to allocate).
  const forgivable: boolean[] = [];
  for (let k = 0; k < w.boilers.length; k++) {
    const prose = w.sum(rawProse, w.boilers[k]);
    forgivable.push(prose > total * 0.5 && (w.boilerKinds[k] !== K_COMMENT || prose > total * 0.9));
  }

  // 2. Score containers by the paragraphs they hold (parent full, grandparent half...).
  //    Text inside a forgivable wrapper counts half until we know it holds the article.
  const score = scoreScratch(w.els.length);
  // Elements in the order they were first scored: the first of equal scores wins.
  const scored: number[] = [];
  for (let i = 0; i < nBlocks; i++) {
    const p = bText[i] - bLink[i];
    if (p < MIN_PARA || bLink[i] > bText[i] * 0.5) continue;
    // List items are reference lists, link lists and menus far more often than prose
    // (a <p> inside a list item, as in feature cards, still counts).
    if (bFlags[i] & B_ITEM) continue;
    if (w.isBoiler(bChain[i], forgivable)) continue;
    const weight = (1 + Math.min(p / 100, 5)) * (bChain[i] >= 0 ? 0.5 : 1);
    let node = w.parent[w.bEl[i]];
    for (let lvl = 1; node >= 0 && lvl <= 3; lvl++) {
      if (score[node] === 0) scored.push(node);
      score[node] += weight / (lvl === 1 ? 1 : lvl === 2 ? 2 : lvl * 1.5);
      node = w.parent[node];
    }
  }
  let top = -1;
  let best = 0;
  for (const id of scored) {
    if (score[id] > best) {
      best = score[id];
      top = id;
    }
    score[id] = 0;
  }
  // Furniture labels on the article's own ancestors are wrong ("has-sidebar" layouts,
  // a Blogger post inside a "widget"): forgive exactly those.
  const forgiven: boolean[] = [];
  for (let k = 0; k < w.boilers.length; k++) forgiven.push(top >= 0 && forgivable[k] && w.contains(w.boilers[k], top));
  // All visible text too (links, lists, short lines): page furniture without labels
  // (unmarked sidebars, footers) shows up there rather than in the prose.
  // Both sums in one pass over the blocks.
  const prose = new Array<number>(nBlocks + 1);
  const allText = new Array<number>(nBlocks + 1);
  prose[0] = 0;
  allText[0] = 0;
  for (let i = 0; i < nBlocks; i++) {
    const countable = bText[i] > 0 && !w.isBoiler(bChain[i], forgiven);
    const p = bText[i] - bLink[i];
    prose[i + 1] = prose[i] + (countable && p >= MIN_PARA && bLink[i] <= bText[i] * 0.5 && !(bFlags[i] & B_ITEM) ? p : 0);
    allText[i + 1] = allText[i] + (countable ? bText[i] : 0);
  }
  let root = top >= 0 ? climb(w, top, prose, allText, trace) : 0;
  // A short block (a notice, a lead) won over a page of many small sections: widen
  // the root until it holds half of the page's paragraph text.
  const paraTotal = prose[nBlocks];
  if (root !== 0 && w.sum(prose, root) < Math.min(1000, paraTotal * 0.35)) {
    while (root !== 0 && w.sum(prose, root) < paraTotal * 0.5) root = w.parent[root];
  }
  if (trace) {
    const d = (id: number) => {
      const e = id >= 0 ? w.els[id] : null;
      return e ? `${e.localName}#${e.id}.${(e.getAttribute('class') || '').slice(0, 60)}` : '-';
    };
    trace.push(`top ${d(top)} score ${best.toFixed(1)} prose ${top >= 0 ? w.sum(prose, top) : 0}; root ${d(root)} prose ${w.sum(prose, root)}; total ${total}`);
  }
  return { root, forgiven };
}

/** From the best-scored container up to the smallest ancestor that holds the article. */
function climb(w: WalkTable, top: number, prose: number[], allText: number[], trace?: string[]): number {
  let cur = top;
  for (;;) {
    const parent = w.parent[cur];
    // The body is never the answer of a climb (it is the fallback root).
    if (parent <= 0) return cur;
    const mine = w.sum(prose, cur);
    const theirs = w.sum(prose, parent);
    const added = theirs - mine;
    const mineAll = w.sum(allText, cur);
    const addedAll = w.sum(allText, parent) - mineAll;
    trace?.push(`climb ${w.els[parent].localName}.${w.els[parent].getAttribute('class')} mine ${mine} added ${added} all ${mineAll} +${addedAll}`);
    // An <article> or <main> holding the prose is the article: leave it only for a
    // parent that adds nothing.
    const semantic = isSemanticRoot(w.els[cur]);
    if (semantic && addedAll > 20) return cur;
    if (added <= mine * 0.08 + 40 && addedAll <= mineAll * 0.25 + 150) {
      // A wrapper that adds little prose (article header, share bar, footer).
      cur = parent;
      continue;
    }
    // The article split into sibling chunks (one container per few paragraphs):
    // climb when the parent's other prose lies in siblings that are themselves chunks.
    // (Children the walk skipped hold no prose.)
    let chunks = 0;
    for (let c = parent + 1; c < w.end[parent]; c = w.end[c]) {
      if (c === cur) continue;
      const p = w.sum(prose, c);
      if (p >= 60) chunks += p;
    }
    if (!semantic && added > 0 && chunks >= added * 0.8 && added <= mine * 6 && addedAll <= added * 2 + 150) {
      cur = parent;
      continue;
    }
    return cur;
  }
}

function isSemanticRoot(el: Element): boolean {
  const tag = el.localName;
  if (tag === 'article' || tag === 'main') return true;
  const role = el.getAttribute('role');
  if (role === 'main' || role === 'article') return true;
  const ip = el.getAttribute('itemprop');
  return ip === 'articleBody' || ip === 'text';
}

let lastPage: { href: string; url: { origin: string; pathname: string } | null } = { href: '', url: null };
