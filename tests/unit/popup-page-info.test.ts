import { describe, expect, it } from 'vitest';
import { createPageSession } from '@/utils/content/page-session';
import { hashText } from '@/utils/hash';
import type { PageRecord } from '@/utils/store/schema';
import { page } from './store-fixtures';

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
