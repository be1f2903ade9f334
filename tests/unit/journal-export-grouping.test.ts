import { describe, expect, it } from 'vitest';
import { buildJournal, type JournalView } from '@/utils/journal';
import { exportSections, ELSEWHERE_TITLE, OTHER_TITLE, INTRO_TITLE } from '@/utils/export/sections';
import { pageToMarkdown } from '@/utils/export/markdown';
import { toHtmlJournal } from '@/utils/export/html';
import type { PageInfo } from '@/utils/messaging/protocol';
import type { Highlight, PageRecord, Reflection, StoredSection } from '@/utils/store/schema';
import { highlight, page } from './store-fixtures';

// One journal model feeds the side panel, the popup, the library and every export: these
// tests build random pages and check that each highlight lands in the same group, in the
// same order, in the panel's journal and in the Markdown and HTML exports.

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

function randomPage(seed: number): PageRecord {
  const r = rng(seed);
  const int = (n: number) => Math.floor(r() * n);
  const withIntro = r() < 0.7;
  const outline: StoredSection[] = withIntro ? [{ id: 'intro', level: 1, heading: '' }] : [];
  const nSections = int(6);
  for (let i = 0; i < nSections; i++) outline.push({ id: `s${i}`, level: 1 + int(3), heading: `Heading${seed}x${i}` });
  // Sections that left the page: with their heading known, or not.
  const gone = [
    { id: 'gone-a', heading: `Removed${seed}a` as string | null },
    { id: 'gone-b', heading: null },
  ];
  const highlights: Highlight[] = [];
  const n = 1 + int(14);
  for (let k = 0; k < n; k++) {
    const roll = r();
    const where =
      roll < 0.6 && outline.length ? outline[int(outline.length)] : roll < 0.8 ? null : gone[int(gone.length)];
    const text = `passage${seed}p${k}`;
    highlights.push(
      highlight(`h${k}`, {
        text,
        sectionId: where ? where.id : null,
        sectionHeading: where ? where.heading || null : null,
        createdAt: int(5),
        selectors: {
          quote: { type: 'TextQuoteSelector', exact: text, prefix: '', suffix: '' },
          // Ties in position are broken by creation time.
          position: { type: 'TextPositionSelector', start: int(40) * 10, end: int(40) * 10 + 5 },
          sectionId: where ? where.id : null,
        },
      }),
    );
  }
  const reflections: Record<string, Reflection> = {};
  const reflect = (sectionId: string, heading: string | null) =>
    (reflections[sectionId] = { sectionId, heading, text: `thought${seed}${sectionId}`, sectionHash: null, sectionText: null, createdAt: 1, updatedAt: 1 });
  for (const s of outline) if (r() < 0.3) reflect(s.id, s.heading || null);
  for (const g of gone) if (r() < 0.4) reflect(g.id, g.heading);
  return page({ url: `https://e.example/p${seed}`, title: `Page ${seed}`, outline, highlights, reflections });
}

/** The panel's journal: the tab finds every highlight where it was stored (those of gone sections it does not place). */
function panelJournal(record: PageRecord): JournalView {
  const outline = record.outline ?? [];
  const ids = new Set(outline.map((s) => s.id));
  const info: PageInfo = {
    url: record.url,
    title: record.title,
    site: record.site,
    outline,
    sectionHashes: {},
    activeSectionId: null,
    orphanIds: [],
    highlightSections: Object.fromEntries(
      record.highlights.filter((h) => h.sectionId === null || ids.has(h.sectionId)).map((h) => [h.id, h.sectionId]),
    ),
  };
  return buildJournal(record, info);
}

/** Each highlight's group title in the journal as the exports must title it, in journal order. */
function expectedTitles(j: JournalView): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const s of j.sections) for (const h of s.highlights) out.push([h.text, s.heading || INTRO_TITLE]);
  for (const h of j.elsewhere) out.push([h.text, j.sections.length ? ELSEWHERE_TITLE : INTRO_TITLE]);
  for (const d of j.detached) for (const h of d.highlights) out.push([h.text, d.heading ?? OTHER_TITLE]);
  return out;
}

/** Each highlight's group heading as a Markdown or HTML export shows it, in export order. */
function exportedTitles(text: string, heading: RegExp, quote: RegExp): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let current = '';
  for (const line of text.split('\n')) {
    const h = heading.exec(line);
    if (h) current = h[1].replace(/ \(no longer on the page\)$/, '').replace(/ <span class="orphan">\(no longer on the page\)<\/span>$/, '');
    const q = quote.exec(line);
    if (q) out.push([q[1], current]);
  }
  return out;
}

describe('one journal model for the panel and every export', () => {
  const seeds = Array.from({ length: 60 }, (_, i) => i + 1);

  it('groups every highlight alike in the panel, the library and the export groups', () => {
    for (const seed of seeds) {
      const record = randomPage(seed);
      const panel = panelJournal(record);
      const library = buildJournal(record, null);
      const groupsOf = (j: JournalView) => [
        ...j.sections.map((s) => [s.id, s.highlights.map((h) => h.id)]),
        ['elsewhere', j.elsewhere.map((h) => h.id)],
        ...j.detached.map((d) => [d.id, d.highlights.map((h) => h.id)]),
      ];
      expect(groupsOf(library), `seed ${seed}`).toEqual(groupsOf(panel));
      const exported = exportSections(record).flatMap((g) => g.highlights.map((h) => [h.text, g.title]));
      expect(exported, `seed ${seed}`).toEqual(expectedTitles(panel));
      // Nothing dropped or doubled.
      expect(exported.length).toBe(record.highlights.length);
    }
  });

  it('puts every highlight under the same heading, in the same order, in the Markdown export as in the panel', () => {
    for (const seed of seeds) {
      const record = randomPage(seed);
      const md = pageToMarkdown(record, { now: new Date(0) });
      expect(exportedTitles(md, /^#{2,6} (.*)$/, /^> (passage\S+)$/), `seed ${seed}`).toEqual(expectedTitles(panelJournal(record)));
    }
  });

  it('puts every highlight under the same heading, in the same order, in the HTML export as in the panel', () => {
    for (const seed of seeds) {
      const record = randomPage(seed);
      const html = toHtmlJournal([record], { now: new Date(0), extensionVersion: '0', renderMarkdown: (m) => `<p>${m}</p>` });
      expect(exportedTitles(html, /^<h[3-6]>(.*?)(?: <span class="orphan">.*<\/span>)?<\/h[3-6]>$/, /^<blockquote>(passage\S+)<\/blockquote>$/), `seed ${seed}`).toEqual(
        expectedTitles(panelJournal(record)),
      );
    }
  });

  it('keeps the notes of a section no longer on the page under its stored heading, in the journal and the exports', () => {
    const record = page({
      outline: [{ id: 'a', level: 1, heading: 'A' }],
      highlights: [highlight('x', { text: 'kept passage', sectionId: 'left', sectionHeading: 'Left the page' })],
      reflections: { left: { sectionId: 'left', heading: 'Left the page', text: 'still mine', sectionHash: null, sectionText: null, createdAt: 1, updatedAt: 1 } },
    });
    const j = buildJournal(record, null);
    expect(j.sections[0].highlights).toEqual([]);
    expect(j.detached.map((d) => [d.heading, d.highlights.map((h) => h.id), d.reflection?.text])).toEqual([['Left the page', ['x'], 'still mine']]);
    const md = pageToMarkdown(record, { now: new Date(0) });
    expect(md.indexOf('> kept passage')).toBeGreaterThan(md.indexOf('## Left the page (no longer on the page)'));
    expect(md.indexOf('still mine')).toBeGreaterThan(md.indexOf('## Left the page (no longer on the page)'));
  });
});
