import { describe, expect, it } from 'vitest';
import { buildJournal, insertPrompt, reflectionLabel, wordCount } from '@/utils/journal';
import type { PageInfo } from '@/utils/messaging/protocol';
import { highlight, page } from './store-fixtures';

const info = (extra: Partial<PageInfo> = {}): PageInfo => ({
  url: 'https://example.com/essay',
  title: 'An essay',
  site: 'example.com',
  outline: [
    { id: 'intro', level: 1, heading: '' },
    { id: 's-one', level: 1, heading: 'One' },
    { id: 's-two', level: 2, heading: 'Two' },
  ],
  sectionHashes: { intro: 'a', 's-one': 'b', 's-two': 'c' },
  activeSectionId: 's-two',
  orphanIds: [],
  highlightSections: {},
  ...extra,
});

describe('buildJournal', () => {
  it('puts highlights in the section they are anchored in now', () => {
    const rec = page({ highlights: [highlight('a'), highlight('b')] });
    const j = buildJournal(rec, info({ highlightSections: { a: 's-two', b: 's-one' } }));
    expect(j.sections.map((s) => s.highlights.map((h) => h.id))).toEqual([[], ['b'], ['a']]);
    expect(j.sections[2].active).toBe(true);
  });

  it('keeps orphans in their own list, never drops them', () => {
    const rec = page({ highlights: [highlight('a'), highlight('gone')] });
    const j = buildJournal(rec, info({ orphanIds: ['gone'], highlightSections: { a: 's-one' } }));
    expect(j.orphans.map((h) => h.id)).toEqual(['gone']);
    expect(j.sections.flatMap((s) => s.highlights).map((h) => h.id)).toEqual(['a']);
  });

  it('marks drift when the section text hash changed', () => {
    const r = (hash: string) => ({ sectionId: 's-one', heading: 'One', text: 't', sectionHash: hash, sectionText: 'old', createdAt: 1, updatedAt: 1 });
    expect(buildJournal(page({ reflections: { 's-one': r('b') } }), info()).sections[1].drifted).toBe(false);
    expect(buildJournal(page({ reflections: { 's-one': r('zz') } }), info()).sections[1].drifted).toBe(true);
  });

  it('lists reflections of sections that left the page', () => {
    const rec = page({
      reflections: { 'old-id': { sectionId: 'old-id', heading: 'Removed', text: 't', sectionHash: null, sectionText: null, createdAt: 1, updatedAt: 1 } },
    });
    expect(buildJournal(rec, info()).detached.map((d) => [d.heading, d.reflection?.text])).toEqual([['Removed', 't']]);
  });

  it('falls back to the stored outline when the page cannot be read', () => {
    const j = buildJournal(page({ highlights: [highlight('a')] }), null);
    expect(j.sections.map((s) => s.label)).toEqual(['Introduction', 'One']);
    expect(j.sections[1].highlights).toHaveLength(1);
  });
});

describe('journal helpers', () => {
  it('labels reflection editors', () => {
    expect(reflectionLabel('')).toBe('Reflection on the introduction');
    expect(reflectionLabel('Why it matters')).toBe('Reflection on Why it matters');
  });
  it('counts words, including CJK characters', () => {
    expect(wordCount('')).toBe(0);
    expect(wordCount('two  words\n')).toBe(2);
    expect(wordCount('読書 is good')).toBe(4);
  });
  it('inserts prompts on their own line', () => {
    expect(insertPrompt('', 'What struck me')).toBe('**What struck me:** ');
    expect(insertPrompt('I think.', 'Where I disagree')).toBe('I think.\n\n**Where I disagree:** ');
  });
});

describe('one journal model for the journal and the exports', () => {
  it('puts a highlight outside every section in "Elsewhere on the page" in both', async () => {
    const { buildJournal } = await import('@/utils/journal');
    const { exportSections, ELSEWHERE_TITLE } = await import('@/utils/export/sections');
    const { highlight } = await import('./store-fixtures');
    const outline = [
      { id: 'intro', level: 1, heading: '' },
      { id: 'a', level: 1, heading: 'A' },
    ];
    const inA = { ...highlight('in-a'), sectionId: 'a' };
    const outside = { ...highlight('outside'), sectionId: null };
    const record = {
      url: 'https://e.example/x', title: 'X', site: 'e.example', outline, highlights: [inA, outside], reflections: {}, tags: [],
      firstVisitAt: 1, lastVisitAt: 1, updatedAt: 1,
    } as never;
    const j = buildJournal(record, null);
    expect(j.elsewhere.map((h) => h.id)).toEqual(['outside']);
    expect(j.sections.flatMap((s) => s.highlights.map((h) => h.id))).toEqual(['in-a']);
    const groups = exportSections(record);
    expect(groups.find((g) => g.title === ELSEWHERE_TITLE)?.highlights.map((h) => h.id)).toEqual(['outside']);
    expect(groups.find((g) => g.key === 'a')?.highlights.map((h) => h.id)).toEqual(['in-a']);
  });
});
