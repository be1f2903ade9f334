import { describe, expect, it } from 'vitest';
import { applyOp, OpError } from '@/utils/store/ops';
import { META, highlight, page } from './store-fixtures';

describe('applyOp', () => {
  it('creates the page record with its first highlight', () => {
    const next = applyOp(null, { type: 'addHighlight', meta: META, highlight: highlight('a') }, 100)!;
    expect(next.url).toBe(META.url);
    expect(next.highlights.map((h) => h.id)).toEqual(['a']);
    expect(next.firstVisitAt).toBe(100);
  });

  it('does not add the same highlight twice (a retried message)', () => {
    const one = applyOp(null, { type: 'addHighlight', meta: META, highlight: highlight('a') }, 1);
    const two = applyOp(one, { type: 'addHighlight', meta: META, highlight: highlight('a') }, 2)!;
    expect(two.highlights).toHaveLength(1);
  });

  it('edits a note and colour without mutating the input', () => {
    const before = page({ highlights: [highlight('a')] });
    const frozen = JSON.stringify(before);
    const next = applyOp(before, { type: 'updateHighlight', id: 'a', patch: { note: 'mine', color: 'blue' } }, 5)!;
    expect(next.highlights[0]).toMatchObject({ note: 'mine', color: 'blue', updatedAt: 5 });
    expect(JSON.stringify(before)).toBe(frozen);
  });

  it('refuses to edit a highlight that is gone, with a message', () => {
    expect(() => applyOp(page(), { type: 'updateHighlight', id: 'zz', patch: { note: 'x' } }, 1)).toThrow(OpError);
  });

  it('removes the record when nothing is left', () => {
    const p = page({ highlights: [highlight('a')] });
    expect(applyOp(p, { type: 'deleteHighlight', id: 'a' }, 2)).toBeNull();
  });

  it('keeps a record with a reflection after its last highlight goes', () => {
    let p = applyOp(page({ highlights: [highlight('a')] }), {
      type: 'setReflection', meta: META, sectionId: 's-one', heading: 'One', text: 'thought', sectionHash: 'h1', sectionText: 'x',
    }, 3);
    p = applyOp(p, { type: 'deleteHighlight', id: 'a' }, 4);
    expect(p?.reflections['s-one'].text).toBe('thought');
  });

  it('keeps createdAt of a reflection across edits and clears empty ones', () => {
    const op = (text: string) =>
      ({ type: 'setReflection', meta: META, sectionId: 's-one', heading: 'One', text, sectionHash: null, sectionText: null }) as const;
    let p = applyOp(null, op('a'), 10);
    p = applyOp(p, op('ab'), 20);
    expect(p!.reflections['s-one']).toMatchObject({ text: 'ab', createdAt: 10, updatedAt: 20 });
    expect(applyOp(p, op(''), 30)).toBeNull();
  });

  it('restores a deleted highlight (undo)', () => {
    const h = highlight('a', { note: 'n' });
    const gone = applyOp(page({ highlights: [h, highlight('b')] }), { type: 'deleteHighlight', id: 'a' }, 2);
    const back = applyOp(gone, { type: 'restoreHighlight', meta: META, highlight: h }, 3)!;
    expect(back.highlights.map((x) => x.id).sort()).toEqual(['a', 'b']);
    expect(back.highlights.find((x) => x.id === 'a')!.note).toBe('n');
  });
});
