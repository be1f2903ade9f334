import { describe, expect, it } from 'vitest';
import type { JournalView, SectionView } from '@/utils/journal';
import type { Reflection } from '@/utils/store/schema';
import { firstScreen } from '@/components/journal/first-screen';
import { highlight } from './store-fixtures';

const reflection = (sectionId: string, text = 'A thought.'): Reflection => ({
  sectionId,
  heading: null,
  text,
  sectionHash: null,
  sectionText: null,
  createdAt: 1,
  updatedAt: 1,
});

function section(id: string, highlights: number, quote = (i: number) => `quote ${id}-${i}`): SectionView {
  return {
    id,
    level: 1,
    heading: id,
    label: id,
    highlights: Array.from({ length: highlights }, (_, i) => highlight(`${id}-${i}`, { text: quote(i) })),
    reflection: reflection(id),
    drifted: false,
    active: false,
  };
}

function journal(sections: SectionView[], extra: Partial<JournalView> = {}): JournalView {
  return {
    sections,
    pageReflection: reflection('__page__'),
    orphans: [highlight('gone')],
    detached: [{ id: 'old', heading: 'Old', highlights: [], reflection: reflection('old') }],
    elsewhere: [],
    ...extra,
  };
}

describe('the first screen of the popup', () => {
  it('is the whole journal when it all fits', () => {
    const j = journal([section('a', 3), section('b', 2)]);
    const first = firstScreen(j, 5000);
    expect(first.complete).toBe(true);
    expect(first.journal).toBe(j);
  });

  it('keeps sections in order up to the highlight that fills the view, and leaves out the rest', () => {
    const j = journal([section('a', 4), section('b', 40), section('c', 10)]);
    const first = firstScreen(j, 600);
    expect(first.complete).toBe(false);
    const kept = first.journal.sections;
    expect(kept.map((s) => s.id)).toEqual(['a', 'b']);
    expect(kept[0]).toBe(j.sections[0]);
    // The cut section keeps a prefix of its highlights, in order, and its reflection.
    expect(kept[1].highlights.length).toBeGreaterThan(0);
    expect(kept[1].highlights.length).toBeLessThan(40);
    expect(kept[1].highlights).toEqual(j.sections[1].highlights.slice(0, kept[1].highlights.length));
    // Its badge still counts them all.
    expect(kept[1].highlightTotal).toBe(40);
    expect(kept[0].highlightTotal).toBeUndefined();
    expect(kept[1].reflection).toBe(j.sections[1].reflection);
    expect(first.journal.pageReflection).toBe(j.pageReflection);
    // What comes after the sections is below the fold too.
    expect(first.journal.orphans).toEqual([]);
    expect(first.journal.detached).toEqual([]);
  });

  it('holds at least a view’s height of one-line highlights (the cut is below the fold)', () => {
    // Drawn, a one-line highlight is 44 px tall with its row of actions (measured in
    // Chromium), and the popup's top (title, actions, tags) and a section heading take at
    // least 100 px: 600 px show at most 12.
    const first = firstScreen(journal([section('a', 100)]), 600);
    expect(first.journal.sections[0].highlights.length).toBeGreaterThanOrEqual(12);
    // And not many more: the first render is about a screenful.
    expect(first.journal.sections[0].highlights.length).toBeLessThan(20);
  });

  it('counts the lines of a quote for the width of the view', () => {
    const j = journal([section('a', 200, (i) => `passage ${i} `.repeat(12))]);
    const popup = firstScreen(j, 600).journal.sections[0].highlights.length;
    expect(firstScreen(j, 600, undefined, { widthPx: 420 }).journal.sections[0].highlights.length).toBe(popup);
    expect(firstScreen(j, 600, undefined, { widthPx: 900 }).journal.sections[0].highlights.length).toBeGreaterThan(popup);
  });

  it('keeps more for a taller view and fewer when passages are long', () => {
    const j = journal([section('a', 200)]);
    const short = firstScreen(j, 600).journal.sections[0].highlights.length;
    expect(firstScreen(j, 1200).journal.sections[0].highlights.length).toBeGreaterThan(short);
    const long = journal([section('a', 200, (i) => `passage ${i} `.repeat(30))]);
    const fewer = firstScreen(long, 600).journal.sections[0].highlights.length;
    expect(fewer).toBeLessThan(short);
    expect(fewer).toBeGreaterThan(0);
  });

  it('counts notes as taking room, and not the page reflection (drawn below the outline)', () => {
    const plain = journal([section('a', 200)]);
    const base = firstScreen(plain, 800).journal.sections[0].highlights.length;
    const noted = journal([
      { ...section('a', 200), highlights: section('a', 200).highlights.map((h) => ({ ...h, note: 'a note '.repeat(20) })) },
    ]);
    expect(firstScreen(noted, 800).journal.sections[0].highlights.length).toBeLessThan(base);
    const longPage = journal([section('a', 200)], { pageReflection: reflection('__page__', 'words '.repeat(200)) });
    expect(firstScreen(longPage, 800).journal.sections[0].highlights.length).toBe(base);
  });

  it('is either the whole journal or less of it, growing with the view', () => {
    const j = journal([section('a', 1), section('b', 30), section('c', 5)], { orphans: [], detached: [], elsewhere: [] });
    const total = (v: JournalView) => v.sections.reduce((n, s) => n + s.highlights.length, 0);
    let previous = 0;
    for (let height = 10; height <= 3000; height += 10) {
      const first = firstScreen(j, height);
      const kept = total(first.journal);
      expect(kept).toBeGreaterThanOrEqual(previous);
      if (first.complete) expect(first.journal).toBe(j);
      else expect(kept < 36 || first.journal.sections.length < 3).toBe(true);
      previous = kept;
    }
    expect(firstScreen(j, 3000).complete).toBe(true);
  });
});

describe('the first screen with collapsed sections', () => {
  it('draws a collapsed section as its line only: its highlights never cut the screen', () => {
    const j = journal([section('a', 80), section('b', 2), section('c', 80)]);
    const first = firstScreen(j, 600, (id) => id === 'b');
    expect(first.complete).toBe(true);
    expect(first.journal.sections.map((s) => s.id)).toEqual(['a', 'b', 'c']);
  });

  it('counts the screen from the section the view opens at: the sections above it are kept, and do not use it up', () => {
    // The reader is at part 31 of 40: the popup opens scrolled there.
    const above = Array.from({ length: 30 }, (_, i) => section(`s${i}`, 2));
    const j = journal([...above, section('here', 80), ...Array.from({ length: 9 }, (_, i) => section(`t${i}`, 2))]);
    const alone = firstScreen(journal([section('here', 80)]), 600).journal.sections[0].highlights.length;
    const first = firstScreen(j, 600, (id) => id === 'here', { startAt: 'here' });
    expect(first.complete).toBe(false);
    expect(first.journal.sections.slice(0, 30)).toEqual(above);
    const here = first.journal.sections[30];
    expect(here.id).toBe('here');
    // As many as when it is the only section (the page's top is not in view either).
    expect(here.highlights.length).toBeGreaterThanOrEqual(alone);
    expect(here.highlights.length).toBeLessThan(80);
    // Counted from the top instead, thirty section lines would have used up the screen.
    expect(firstScreen(j, 600, (id) => id === 'here').journal.sections[30].highlights.length).toBeLessThan(here.highlights.length);
    // A section the view does not open at (not in the journal): counted from the top.
    expect(firstScreen(j, 600, (id) => id === 'here', { startAt: 'nowhere' })).toEqual(firstScreen(j, 600, (id) => id === 'here'));
  });

  it('cuts the open section when its highlights fill the screen, keeping every section line before it', () => {
    const j = journal([section('a', 3), section('b', 80), section('c', 3)]);
    const first = firstScreen(j, 600, (id) => id === 'b');
    expect(first.complete).toBe(false);
    expect(first.journal.sections.map((s) => s.id)).toEqual(['a', 'b']);
    expect(first.journal.sections[1].highlights.length).toBeLessThan(80);
    expect(first.journal.sections[1].highlightTotal).toBe(80);
  });
});
