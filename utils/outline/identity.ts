// Section identity: ids derived from heading text, and re-detection that keeps the
// ids of renamed or shifted headings so reflections stay attached.
import type { Section } from './types';
import { hash36, headingKey } from './text';

/** Id of the section before the first heading (or of the whole headingless article). */
export const INTRO_ID = 'intro';

function slug(key: string): string {
  return key
    .slice(0, 48)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .split('-')
    .slice(0, 4)
    .join('-')
    .slice(0, 24)
    .replace(/-+$/, '');
}

/** Id for the n-th (1-based) section whose heading has this text. */
export function sectionIdFor(heading: string, occurrence = 1): string {
  const base = baseId(heading);
  return occurrence > 1 ? `${base}-${occurrence}` : base;
}

// Re-detection recomputes the same ids again and again: a pure string -> string memo.
const baseIds = new Map<string, { key: string; base: string }>();

function idParts(heading: string): { key: string; base: string } {
  let parts = baseIds.get(heading);
  if (parts === undefined) {
    const key = headingKey(heading);
    parts = { key, base: `${slug(key) || 's'}-${hash36(key)}` };
    if (baseIds.size > 5000) baseIds.clear();
    baseIds.set(heading, parts);
  }
  return parts;
}

function baseId(heading: string): string {
  return idParts(heading).base;
}

/** Fills `id` in place: intro sections get INTRO_ID, others text + occurrence ids. */
export function assignIds(sections: Section[]): void {
  const seen = new Map<string, number>();
  for (const s of sections) {
    if (!s.headingElement && !s.heading) {
      s.id = INTRO_ID;
      continue;
    }
    const { key, base } = idParts(s.heading);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    s.id = n > 1 ? `${base}-${n}` : base;
  }
}

/** Similarity in [0, 1] of two heading keys (1 - normalised edit distance). */
export function headingSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const x = a.slice(0, 120);
  const y = b.slice(0, 120);
  if (!x.length || !y.length) return 0;
  let prev = new Array<number>(y.length + 1);
  let cur = new Array<number>(y.length + 1);
  for (let j = 0; j <= y.length; j++) prev[j] = j;
  for (let i = 1; i <= x.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x.charCodeAt(i - 1) === y.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return 1 - prev[y.length] / Math.max(x.length, y.length);
}

export interface PreviousSection {
  id: string;
  heading: string;
  level?: number;
}

const RENAME_SIMILARITY = 0.6;

/**
 * Returns `next` with ids carried over from `previous` (new objects; `next` is not
 * mutated). In order of trust:
 *  1. same id (same text and occurrence) is kept as is;
 *  2. same heading text whose occurrence index shifted takes the old id;
 *  3. a small edit (similarity >= 0.6) takes the most similar unclaimed old id;
 *  4. a heading that sits in the same slot between matched neighbours (or at the same
 *     end of the list) and has the same level is taken as renamed in place, provided
 *     at least half of the old headings were found by 1-3 (else it is another article).
 * Ids stay unique: a fresh id that collides with a carried-over one gets a suffix.
 */
export function matchSections(previous: readonly PreviousSection[], next: readonly Section[]): Section[] {
  const out = next.map((s) => ({ ...s }));
  if (!previous.length) return out;
  const prevIdx = new Map<string, number>();
  previous.forEach((p, i) => prevIdx.set(p.id, i));
  const claimed = new Array<boolean>(previous.length).fill(false);
  const matchedTo = new Array<number>(out.length).fill(-1);

  // 1. Same id.
  out.forEach((s, i) => {
    const j = prevIdx.get(s.id);
    if (j !== undefined && !claimed[j] && sameKind(previous[j], s)) {
      claimed[j] = true;
      matchedTo[i] = j;
    }
  });
  // 2. Same text, occurrence shifted.
  out.forEach((s, i) => {
    if (matchedTo[i] >= 0 || !s.heading) return;
    const key = headingKey(s.heading);
    const j = previous.findIndex((p, k) => !claimed[k] && p.heading && headingKey(p.heading) === key);
    if (j >= 0) {
      claimed[j] = true;
      matchedTo[i] = j;
    }
  });
  // 3. Small edits: best pairs first.
  const pairs: { i: number; j: number; sim: number }[] = [];
  out.forEach((s, i) => {
    if (matchedTo[i] >= 0 || !s.heading) return;
    const key = headingKey(s.heading);
    previous.forEach((p, j) => {
      if (claimed[j] || !p.heading) return;
      const sim = headingSimilarity(key, headingKey(p.heading));
      if (sim >= RENAME_SIMILARITY) pairs.push({ i, j, sim });
    });
  });
  pairs.sort((a, b) => b.sim - a.sim);
  for (const { i, j } of pairs) {
    if (matchedTo[i] >= 0 || claimed[j]) continue;
    claimed[j] = true;
    matchedTo[i] = j;
  }
  // 4. Renamed in place: the neighbours on both sides are matched to the neighbours of
  //    an unclaimed old section. Only when most old headings were found again: after
  //    an SPA swaps in another article, slots say nothing.
  const oldHeadings = previous.filter((p) => p.heading).length;
  const found = claimed.filter((c, j) => c && previous[j].heading).length;
  const slotsMeanSomething = oldHeadings > 0 && found * 2 >= oldHeadings;
  for (let i = 0; slotsMeanSomething && i < out.length; i++) {
    if (matchedTo[i] >= 0 || !out[i].heading) continue;
    const before = i > 0 ? matchedTo[i - 1] : -2;
    const after = i + 1 < out.length ? matchedTo[i + 1] : -2;
    let j = -1;
    if (before >= 0) j = before + 1;
    else if (before === -2) j = after >= 0 ? after - 1 : -1;
    if (j < 0 || j >= previous.length || claimed[j] || !previous[j].heading) continue;
    const afterOk = after === -2 ? j === previous.length - 1 : after === j + 1;
    const beforeOk = before === -2 ? j === 0 : before === j - 1;
    if (!afterOk || !beforeOk) continue;
    const lvl = previous[j].level;
    if (lvl !== undefined && lvl !== out[i].level) continue;
    claimed[j] = true;
    matchedTo[i] = j;
  }

  const used = new Set<string>();
  out.forEach((s, i) => {
    if (matchedTo[i] >= 0) {
      s.id = previous[matchedTo[i]].id;
      used.add(s.id);
    }
  });
  out.forEach((s, i) => {
    if (matchedTo[i] >= 0) return;
    let id = s.id;
    for (let n = 2; used.has(id); n++) id = `${s.id}~${n}`;
    s.id = id;
    used.add(id);
  });
  return out;
}

function sameKind(p: PreviousSection, s: Section): boolean {
  // The intro id only ever maps to an intro section.
  return (p.id === INTRO_ID) === (s.id === INTRO_ID);
}
