import { describe, expect, it } from 'vitest';
import { createPageSession } from '@/utils/content/page-session';
import { hashText } from '@/utils/hash';
import type { PageRecord } from '@/utils/store/schema';
import type { Painter } from '@/utils/highlight/painter';
import { page } from './store-fixtures';
import { highlightOf, tick, until } from './page-fixtures';

// What the popup gets from the tab: section text hashes (drift) are kept between popup
// opens while the page is unchanged, and never outlive a change to the page.

const para = (n: number, topic: string) =>
  Array.from({ length: n }, (_, i) => `<p>Paragraph ${i} on ${topic} goes on at some length so the section reads like prose.</p>`).join('');

function article() {
  document.title = 'Drift test';
  document.body.innerHTML =
    `<article><h1>Drift test</h1>${para(3, 'the opening')}` +
    `<h2>Walking slowly</h2>${para(4, 'walking')}` +
    `<h2>Reading slowly</h2>${para(4, 'reading')}</article>`;
}

function session(record: PageRecord | null) {
  const controller = new AbortController();
  const s = createPageSession({
    win: window as Window & typeof globalThis,
    getPage: async () => record,
    getColorLabels: async () => ({ yellow: 'y', green: 'g', blue: 'b', pink: 'p', purple: 'u' }),
    mutate: async () => null,
    render: () => {},
    isOwnUi: () => false,
    signal: controller.signal,
    // happy-dom has no Highlight API: highlights are anchored, painted by nothing.
    makePainter: () => ({ paint: () => {}, flash: () => {}, dispose: () => {} }) as unknown as Painter,
  });
  return { s, stop: () => controller.abort() };
}

/** Sets up the test article and returns its section ids, as a session without notes sees them. */
async function articleSectionIds(): Promise<string[]> {
  article();
  const probe = session(null);
  await probe.s.load();
  const ids = (await probe.s.pageInfo()).outline.map((o) => o.id);
  probe.stop();
  return ids;
}

const reflection = (sectionId: string) => ({
  sectionId,
  heading: null,
  text: 'A thought.',
  sectionHash: 'old',
  sectionText: null,
  createdAt: 1,
  updatedAt: 1,
});

describe('section hashes sent to the popup', () => {
  it('match the section’s current text, before and after the page changes', async () => {
    const ids = await articleSectionIds();
    const walking = ids[1];
    const reading = ids[2];
    const record = page({ url: location.href, reflections: { [walking]: reflection(walking) } });
    const { s, stop } = session(record);
    await s.load();
    const first = await s.pageInfo();
    expect(Object.keys(first.sectionHashes)).toEqual([walking]);
    expect(first.outline.map((o) => o.id)).toEqual(ids);
    // The same answer while nothing changed.
    expect((await s.pageInfo()).sectionHashes).toEqual(first.sectionHashes);

    // A word changes in the reflected section: the next popup, asked right after, sees
    // the new text's hash.
    const p = [...document.querySelectorAll('p')].find((x) => x.textContent!.includes('on walking'))!;
    p.firstChild!.textContent = p.textContent!.replace('walking', 'strolling');
    const after = await s.pageInfo();
    expect(after.sectionHashes[walking]).not.toBe(first.sectionHashes[walking]);

    // And once delivered, a change elsewhere still leaves the hash right.
    await new Promise((r) => setTimeout(r, 0));
    document.querySelector('h1')!.insertAdjacentHTML('afterend', '<p>A new opening line.</p>');
    await new Promise((r) => setTimeout(r, 0));
    const again = await s.pageInfo();
    expect(again.sectionHashes[walking]).toBe(after.sectionHashes[walking]);
    expect(again.sectionHashes[reading]).toBeUndefined();
    stop();
  });

  it('are those of the text the popup can fetch for the section', async () => {
    const ids = await articleSectionIds();
    const record = page({ url: location.href, reflections: { [ids[2]]: reflection(ids[2]) } });
    const { s, stop } = session(record);
    await s.load();
    const info = await s.pageInfo();
    expect(info.sectionHashes[ids[2]]).toBe(hashText(s.sectionText(ids[2])));
    [...document.querySelectorAll('p')].find((x) => x.textContent!.includes('on reading'))!.textContent = 'Changed.';
    const later = await s.pageInfo();
    expect(later.sectionHashes[ids[2]]).toBe(hashText(s.sectionText(ids[2])));
    stop();
  });
});

// The popup's answer on a page with notes is worked out while the page is idle and kept
// while the DOM, the outline and the highlights are unchanged (utils/content/answer-parts.ts):
// answering again does no DOM work, and any change is in the next answer. A page without
// notes keeps nothing and watches nothing.

/** A short essay whose second section has two paragraphs. */
function essay() {
  document.title = 'Ahead';
  document.body.innerHTML =
    '<article><h1>Ahead</h1><p>The opening paragraph says what the essay is about, at some length.</p>' +
    '<h2>Walking</h2><p>Walking slowly lets the mind wander over the fields and the hedges.</p>' +
    '<p id="later">Later the walker stops at a gate and looks back down the lane.</p>' +
    '<h2>Reading</h2><p>Reading slowly is the same pleasure, taken at a desk by a window.</p></article>';
}

/** Counts calls of `Node.prototype.compareDocumentPosition` (how a highlight's section is found) while `fn` runs. */
async function positionLookups<T>(fn: () => Promise<T>): Promise<{ value: T; lookups: number }> {
  const original = Node.prototype.compareDocumentPosition;
  let lookups = 0;
  Node.prototype.compareDocumentPosition = function (this: Node, other: Node) {
    lookups++;
    return original.call(this, other);
  };
  try {
    return { value: await fn(), lookups };
  } finally {
    Node.prototype.compareDocumentPosition = original;
  }
}


describe("the popup's answer, worked out ahead on a page with notes", () => {
  it('is ready before the popup asks, is not worked out again while the page is unchanged, and follows a DOM change', async () => {
    essay();
    const wander = highlightOf('wander', 'the mind wander');
    const gate = highlightOf('gate', 'stops at a gate');
    const { s, stop } = session(page({ url: location.href, highlights: [wander, gate] }));
    await s.load();
    // Worked out while idle: the outline is detected before anyone asks.
    await until(() => s.counters().outlineDetections === 1, 'the answer prepared while idle', 3000);
    const first = await positionLookups(() => s.pageInfo());
    const walking = first.value.outline.find((o) => o.heading === 'Walking')!.id;
    expect(first.value.highlightSections).toEqual({ wander: walking, gate: walking });
    // Answered from what was prepared: no section lookup, no new detection.
    expect(first.lookups).toBe(0);
    expect(s.counters().pageInfo.kept).toBe(1);
    const again = await positionLookups(() => s.pageInfo());
    expect(again.lookups).toBe(0);
    expect(again.value.highlightSections).toEqual(first.value.highlightSections);
    expect(s.counters().outlineDetections).toBe(1);
    expect(s.counters().pageInfo).toMatchObject({ count: 2, kept: 2 });

    // A new heading above the second passage: the next answer, asked at once, places it there.
    document.getElementById('later')!.insertAdjacentHTML('beforebegin', '<h2>Stopping</h2>');
    const moved = await positionLookups(() => s.pageInfo());
    const stopping = moved.value.outline.find((o) => o.heading === 'Stopping')?.id;
    expect(stopping).toBeTruthy();
    expect(moved.value.highlightSections).toEqual({ wander: walking, gate: stopping });
    expect(moved.lookups).toBeGreaterThan(0);
    expect(s.counters().pageInfo.kept).toBe(2);
    stop();
  });

  it('follows a change to the notes: a new highlight is in the next answer, then kept again', async () => {
    essay();
    const wander = highlightOf('wander', 'the mind wander');
    const { s, stop } = session(page({ url: location.href, highlights: [wander] }));
    await s.load();
    await until(() => s.counters().outlineDetections === 1, 'the answer prepared while idle', 3000);
    const before = await s.pageInfo();
    const reading = before.outline.find((o) => o.heading === 'Reading')!.id;
    const desk = highlightOf('desk', 'taken at a desk');
    // The page's record changed in storage (the popup, another tab): the tab reconciles.
    s.reconcile(page({ url: location.href, highlights: [wander, desk] }));
    const after = await s.pageInfo();
    expect(after.highlightSections.desk).toBe(reading);
    expect(Object.keys(after.highlightSections).sort()).toEqual(['desk', 'wander']);
    const kept = s.counters().pageInfo.kept;
    // Worked out again while idle: the answer after that is a lookup.
    s.reconcile(page({ url: location.href, highlights: [wander, desk] }));
    await tick(300);
    const lookups = (await positionLookups(() => s.pageInfo())).lookups;
    expect(lookups).toBe(0);
    expect(s.counters().pageInfo.kept).toBe(kept + 1);
    stop();
  });

  it('hashes a reflected section again once its text changed', async () => {
    essay();
    const probe = session(null);
    await probe.s.load();
    const walking = (await probe.s.pageInfo()).outline.find((o) => o.heading === 'Walking')!.id;
    probe.stop();
    const { s, stop } = session(page({ url: location.href, reflections: { [walking]: reflection(walking) } }));
    await s.load();
    const first = (await s.pageInfo()).sectionHashes[walking];
    expect((await s.pageInfo()).sectionHashes[walking]).toBe(first);
    document.getElementById('later')!.firstChild!.textContent = 'The walker turns for home.';
    expect((await s.pageInfo()).sectionHashes[walking]).not.toBe(first);
    stop();
  });
});

describe('a page without notes', () => {
  it('prepares nothing and keeps nothing: its popup pays the work when it opens', async () => {
    essay();
    const made: unknown[] = [];
    const Original = window.MutationObserver;
    window.MutationObserver = class extends Original {
      constructor(cb: MutationCallback) {
        super(cb);
        made.push(this);
      }
    };
    try {
      const { s, stop } = session(null);
      await s.load();
      await tick(300);
      expect(s.counters().outlineDetections).toBe(0);
      expect(made).toHaveLength(0);
      const info = await s.pageInfo();
      expect(info.outline.map((o) => o.heading)).toEqual(['', 'Walking', 'Reading']);
      await s.pageInfo();
      expect(s.counters().pageInfo).toMatchObject({ count: 2, kept: 0 });
      stop();
    } finally {
      window.MutationObserver = Original;
    }
  });
});
