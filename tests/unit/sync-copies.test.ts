import { describe, expect, it } from 'vitest';
import { copiesAfterTake } from '@/utils/sync/copies';

const copy = (text: string, updatedAt = 1) => ({ text, updatedAt });

describe('taking a conflict copy', () => {
  it('drops the taken copy and keeps the replaced text as a copy, so the take can be undone', () => {
    const after = copiesAfterTake([copy('from A', 5), copy('older', 2)], 'from A', copy('mine', 9));
    expect(after).toEqual([copy('older', 2), copy('mine', 9)]);
    // Taking the replaced text back restores the first state's texts.
    expect(copiesAfterTake(after, 'mine', copy('from A', 10)).map((c) => c.text)).toEqual(['older', 'from A']);
  });

  it('keeps no copy of a blank text, of the taken text itself, or of a text already kept', () => {
    expect(copiesAfterTake([copy('a')], 'a', copy('  '))).toEqual([]);
    expect(copiesAfterTake([copy('a')], 'a', copy('a', 3))).toEqual([]);
    expect(copiesAfterTake([copy('a'), copy('b', 2)], 'a', copy('b', 7))).toEqual([copy('b', 2)]);
    expect(copiesAfterTake([copy('a')], 'a', null)).toEqual([]);
  });
});
