import { describe, expect, it } from 'vitest';
import { createRecordSync } from '@/utils/content/record-sync';
import { createHighlightEntries } from '@/utils/content/highlight-entries';
import { createOverlayState } from '@/utils/content/overlay-state';
import type { Painting } from '@/utils/content/painting';
import type { Highlight } from '@/utils/store/schema';
import { highlight, page } from './store-fixtures';

/** A record sync whose painting records what it was asked to anchor (nothing is ever found). */
function sync(watched: () => boolean) {
  const entries = createHighlightEntries(page().url);
  const anchored: string[][] = [];
  const painting = {
    anchor: (hs: Highlight[]) => void anchored.push(hs.map((h) => h.id)),
    repaint: () => {},
  } as unknown as Painting;
  const overlay = createOverlayState(() => {}, new AbortController().signal);
  const records = createRecordSync({ entries, painting, overlay, getPage: async () => null, reconciled: () => {}, hasNotes: () => {}, orphansWatched: watched });
  return { records, anchored };
}

describe('reconciling a stored change (record-sync)', () => {
  const orphan = highlight('gone', { text: 'text no longer on the page' });

  it('does not search again for an unchanged orphan while the orphan watch looks at the page', () => {
    const { records, anchored } = sync(() => true);
    records.reconcile(page({ highlights: [orphan] }));
    // A reflection typed in the popup: one stored change per keystroke, highlights unchanged.
    for (let i = 0; i < 5; i++) records.reconcile(page({ highlights: [orphan], reflections: { s: { sectionId: 's', heading: null, text: 'x'.repeat(i), updatedAt: i } } as never }));
    expect(anchored).toEqual([['gone'], [], [], [], [], []]);
  });

  it('searches again for an orphan whose selectors changed, and for every orphan once the watch has stopped', () => {
    let watching = true;
    const { records, anchored } = sync(() => watching);
    records.reconcile(page({ highlights: [orphan] }));
    const moved = { ...orphan, selectors: { ...orphan.selectors, quote: { ...orphan.selectors.quote, exact: 'new words' } } };
    records.reconcile(page({ highlights: [moved] }));
    watching = false; // the page was quiet for a while: the watch stopped
    records.reconcile(page({ highlights: [moved] }));
    expect(anchored).toEqual([['gone'], ['gone'], ['gone']]);
  });
});
