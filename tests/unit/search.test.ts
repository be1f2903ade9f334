import { describe, expect, it } from 'vitest';
import { buildSearchIndex, foldCase, makeSnippet, markdownToPlain, searchIndex } from '../../utils/search';
import { PAGE_REFLECTION_ID } from '../../utils/store/schema';
import { makeHighlight, makePage, makeReflection } from './library-fixtures';

const garden = makePage({
  url: 'https://essays.example/garden',
  title: 'On Keeping a Garden Journal',
  outline: [
    { id: 's0', level: 1, heading: '' },
    { id: 's1', level: 1, heading: 'Why soil remembers' },
    { id: 's2', level: 2, heading: 'Compost as slow thinking' },
  ],
  highlights: [
    makeHighlight('The soil keeps a record of every season we neglected it.', {
      section: 's1',
      heading: 'Why soil remembers',
      note: 'Compare with the orchard essay about patience.',
    }),
    makeHighlight('Weeds are only plants whose argument we have not heard.', { color: 'green', section: 's2' }),
  ],
  reflections: {
    s1: makeReflection('s1', 'I never thought of **soil** as a memory.\n\nMaybe a ledger instead?', 'Why soil remembers'),
    [PAGE_REFLECTION_ID]: makeReflection(PAGE_REFLECTION_ID, 'A gentle essay; reread in spring.'),
  },
});

const bridges = makePage({
  url: 'https://longreads.example/bridges',
  title: 'How Bridges Learn',
  outline: [{ id: 'b1', level: 1, heading: 'Ledgers of load' }],
  highlights: [makeHighlight('Every rivet is a promise kept under load.', { note: '' })],
});

const index = buildSearchIndex([garden, bridges]);

describe('searchIndex', () => {
  it('finds a title match, case-insensitively', () => {
    const [r, ...rest] = searchIndex(index, 'GARDEN journal');
    expect(rest).toHaveLength(0);
    expect(r.page).toBe(garden);
    expect(r.matches[0]).toMatchObject({ kind: 'title', snippet: { before: 'On Keeping a ', match: 'Garden Journal', after: '' } });
  });

  it('finds headings with their section id', () => {
    const results = searchIndex(index, 'slow thinking');
    expect(results).toHaveLength(1);
    expect(results[0].matches).toEqual([
      expect.objectContaining({ kind: 'heading', sectionId: 's2', snippet: { before: 'Compost as ', match: 'slow thinking', after: '' } }),
    ]);
  });

  it('finds highlighted text and links the match to its highlight', () => {
    const [r] = searchIndex(index, 'argument');
    expect(r.matches).toHaveLength(1);
    expect(r.matches[0].kind).toBe('highlight');
    expect(r.matches[0].highlight).toBe(garden.highlights[1]);
    expect(r.matches[0].snippet.match).toBe('argument');
  });

  it('finds notes, labelled with the section heading', () => {
    const [r] = searchIndex(index, 'orchard');
    expect(r.matches[0]).toMatchObject({ kind: 'note', label: 'Why soil remembers' });
    expect(r.matches[0].highlight?.id).toBe(garden.highlights[0].id);
    const s = r.matches[0].snippet;
    expect(s.before + s.match + s.after).toBe('Compare with the orchard essay about patience.');
  });

  it('finds reflections across line breaks and labels the page reflection', () => {
    const [r] = searchIndex(index, 'memory. maybe');
    expect(r.matches[0]).toMatchObject({ kind: 'reflection', sectionId: 's1', label: 'Why soil remembers' });
    expect(r.matches[0].snippet.match).toBe('memory. Maybe');
    const [p] = searchIndex(index, 'reread in spring');
    expect(p.matches[0]).toMatchObject({ kind: 'reflection', sectionId: PAGE_REFLECTION_ID, label: 'Whole page' });
  });

  it('searches reflections without their Markdown markup', () => {
    const [r] = searchIndex(index, 'of soil as');
    expect(r.matches[0]).toMatchObject({ kind: 'reflection', snippet: { match: 'of soil as' } });
    expect(markdownToPlain('# Title\n> quoted *word*\n- item with [a link](https://x.example)\n2. `code`')).toBe(
      'Title\nquoted word\nitem with a link\ncode',
    );
  });

  it('returns every matching page with all its kinds, in index order', () => {
    const results = searchIndex(index, 'ledger');
    expect(results.map((r) => r.page.url)).toEqual([garden.url, bridges.url]);
    expect(results[0].matches.map((m) => m.kind)).toEqual(['reflection']);
    expect(results[1].matches.map((m) => m.kind)).toEqual(['heading']);
  });

  it('counts all matches but keeps only the first few', () => {
    const [r] = searchIndex(index, 'soil', { maxMatchesPerPage: 2 });
    expect(r.total).toBe(3); // heading, highlight, reflection
    expect(r.matches.map((m) => m.kind)).toEqual(['heading', 'highlight']);
  });

  it('matches nothing for an empty query or text spanning two fields', () => {
    expect(searchIndex(index, '   ')).toEqual([]);
    expect(searchIndex(index, 'journal why soil')).toEqual([]);
    expect(searchIndex(index, 'no such words anywhere')).toEqual([]);
  });

  it('reuses cached entries for unchanged pages after a rebuild', () => {
    const changed = { ...bridges, title: 'How Bridges Forget' };
    const next = buildSearchIndex([garden, changed]);
    expect(next.entries[0]).toBe(index.entries[0]);
    expect(searchIndex(next, 'forget')[0].page).toBe(changed);
    expect(searchIndex(next, 'bridges learn')).toEqual([]);
  });
});

describe('makeSnippet', () => {
  const text = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen';
  it('cuts on word boundaries with ellipses', () => {
    const at = text.indexOf('seven');
    expect(makeSnippet(text, at, 5, 12)).toEqual({ before: '…five six ', match: 'seven', after: ' eight nine…' });
  });
  it('keeps the whole text when it is short', () => {
    expect(makeSnippet('a needle here', 2, 6)).toEqual({ before: 'a ', match: 'needle', after: ' here' });
  });
});

describe('foldCase', () => {
  it('keeps the length so offsets map back to the original', () => {
    const s = 'İstanbul ÉTÉ';
    expect(foldCase(s)).toHaveLength(s.length);
    expect(foldCase(s)).toBe('İstanbul été');
  });
});
