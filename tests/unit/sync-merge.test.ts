import { describe, expect, it } from 'vitest';
import { applyEntity, diffPage, pageEntities, type Entity } from '@/utils/sync/entities';
import { mergeDocVersions, mergeVersions } from '@/utils/sync/merge';
import { NO_CONFLICTS, copiesOf, readConflicts, storedConflicts, withCopies } from '@/utils/sync/copies';
import type { PageRecord, Reflection } from '@/utils/store/schema';
import { highlight } from './store-fixtures';

const URL = 'https://example.org/essay';

function page(over: Partial<PageRecord> = {}): PageRecord {
  return { url: URL, title: 'Essay', site: 'example.org', outline: null, highlights: [], reflections: {}, tags: [], firstVisitAt: 1, lastVisitAt: 1, updatedAt: 1, ...over };
}
function reflection(text: string, at: number, sectionId = 's1'): Reflection {
  return { sectionId, heading: 'One', text, sectionHash: null, sectionText: null, createdAt: 1, updatedAt: at };
}
function rf(text: string, at: number, conflicts: { text: string; updatedAt: number }[] = []): Entity {
  return { kind: 'rf', url: URL, sectionId: 's1', at, deleted: false, reflection: reflection(text, at), conflicts };
}
function hl(id: string, note: string, at: number, deleted = false): Entity {
  return { kind: 'hl', url: URL, id, at, deleted, highlight: deleted ? null : { ...highlight(id), note, updatedAt: at }, conflicts: [] };
}

describe('merge rules for concurrent versions', () => {
  it('a reflection keeps the newer text and the other as a conflict copy, in any order', () => {
    const a = rf('written on A', 100);
    const b = rf('written on B', 200);
    for (const versions of [[a, b], [b, a]]) {
      const m = mergeVersions(versions) as Extract<Entity, { kind: 'rf' }>;
      expect(m.reflection!.text).toBe('written on B');
      expect(m.conflicts).toEqual([{ text: 'written on A', updatedAt: 100 }]);
    }
  });

  it('a device offline for a month never overwrites newer work with older', () => {
    const month = 30 * 24 * 3600 * 1000;
    const fresh = rf('today’s text', 10 * month);
    const stale = rf('old text edited offline', 9 * month);
    const m = mergeVersions([stale, fresh]) as Extract<Entity, { kind: 'rf' }>;
    expect(m.reflection!.text).toBe('today’s text');
    expect(m.conflicts.map((c) => c.text)).toEqual(['old text edited offline']);
    expect((mergeVersions([hl('h', 'old', 1), hl('h', 'new', 2)]) as Extract<Entity, { kind: 'hl' }>).highlight!.note).toBe('new');
  });

  it('a cleared reflection never beats written text, and existing copies are kept', () => {
    const cleared: Entity = { kind: 'rf', url: URL, sectionId: 's1', at: 300, deleted: true, reflection: null, conflicts: [] };
    const m = mergeVersions([cleared, rf('still here', 100, [{ text: 'older copy', updatedAt: 50 }])]) as Extract<Entity, { kind: 'rf' }>;
    expect(m.reflection!.text).toBe('still here');
    expect(m.conflicts).toEqual([{ text: 'older copy', updatedAt: 50 }]);
  });

  it('a deleted highlight stays deleted even against a newer edit (tombstones win)', () => {
    const m = mergeVersions([hl('h', 'edited later', 500), hl('h', '', 100, true)]);
    expect(m.deleted).toBe(true);
  });

  it('same text on both sides makes no conflict copy', () => {
    const m = mergeVersions([rf('same', 1), rf('same', 2)]) as Extract<Entity, { kind: 'rf' }>;
    expect(m.conflicts).toEqual([]);
  });
});

describe('documents of a page', () => {
  it('a visit alone changes nothing to send; an autosave sends one reflection only', () => {
    const before = page({ highlights: [highlight('a')], reflections: { s1: reflection('draft', 5) } });
    expect(diffPage(before, { ...before, lastVisitAt: 99, updatedAt: 99 }, 100)).toEqual([]);
    const typed = { ...before, reflections: { s1: reflection('draft!', 6) }, updatedAt: 6 };
    const out = diffPage(before, typed, 100);
    expect(out.map((e) => e.kind)).toEqual(['rf']);
  });

  it('removals become tombstones; a removed page tombstones all it held', () => {
    const before = page({ highlights: [highlight('a'), highlight('b')], reflections: { s1: reflection('x', 5) } });
    const out = diffPage(before, { ...before, highlights: [highlight('a')] }, 100);
    expect(out).toEqual([{ kind: 'hl', url: URL, id: 'b', at: 100, deleted: true, highlight: null, conflicts: [] }]);
    const gone = diffPage(before, null, 100);
    expect(gone.every((e) => e.deleted)).toBe(true);
    expect(gone.map((e) => e.kind).sort()).toEqual(['hl', 'hl', 'page', 'rf']);
  });

  it('applying a page’s documents to an empty library rebuilds the page', () => {
    const p = page({ highlights: [highlight('a'), highlight('b')], reflections: { s1: reflection('x', 5) }, tags: ['t'] });
    let cur: PageRecord | null = null;
    for (const e of pageEntities(p).reverse()) cur = applyEntity(cur, NO_CONFLICTS, e).page;
    expect(cur!.title).toBe('Essay');
    expect(cur!.highlights.map((h) => h.id).sort()).toEqual(['a', 'b']);
    expect(cur!.reflections.s1.text).toBe('x');
    expect(cur!.tags).toEqual(['t']);
  });

  it('a tombstone removes the highlight, and the page when nothing is left', () => {
    const p = page({ highlights: [highlight('a')] });
    expect(applyEntity(p, NO_CONFLICTS, hl('a', '', 9, true)).page).toBeNull();
  });

  it('a page document merges per entity: both devices\' highlights kept, a tombstone wins, the same result in any order', () => {
    const facts: Entity = { kind: 'page', url: URL, at: 5, deleted: false, page: { title: 'Essay', site: 'example.org', outline: null, tags: [], firstVisitAt: 1 } };
    const onA = [facts, hl('shared', 'A', 10), hl('a-only', 'mine', 11), hl('gone', 'x', 3)];
    const onB = [hl('shared', 'B later', 20), hl('b-only', 'theirs', 12), hl('gone', '', 30, true)];
    const ab = mergeDocVersions([onA, onB]);
    expect(ab).toEqual(mergeDocVersions([onB, onA]));
    const byId = new Map(ab.filter((e) => e.kind === 'hl').map((e) => [(e as Extract<Entity, { kind: 'hl' }>).id, e as Extract<Entity, { kind: 'hl' }>]));
    expect([...byId.keys()].sort()).toEqual(['a-only', 'b-only', 'gone', 'shared']);
    expect(byId.get('shared')!.highlight!.note).toBe('B later');
    expect(byId.get('gone')!.deleted).toBe(true);
    expect(ab.filter((e) => e.kind === 'page')).toEqual([facts]);
  });

  it('a highlight from another device never replaces a newer local version of it', () => {
    const local = page({ highlights: [{ ...highlight('h1'), note: 'typed just now', updatedAt: 50 }] });
    const older = hl('h1', 'older note', 40);
    expect(applyEntity(local, NO_CONFLICTS, older).page!.highlights[0].note).toBe('typed just now');
    expect(applyEntity(local, NO_CONFLICTS, hl('h1', 'newer note', 60)).page!.highlights[0].note).toBe('newer note');
  });
});

type Hl = Extract<Entity, { kind: 'hl' }>;

describe('highlight notes written on two devices (conflict copies)', () => {
  const note = (e: Entity) => (e as Hl).highlight!.note;
  const copies = (e: Entity) => (e as Hl).conflicts.map((c) => c.text);

  it('the newer note wins and the other becomes a copy, the same in any order', () => {
    const a = hl('h', 'note from A', 100);
    const b = hl('h', 'note from B', 200);
    for (const versions of [[a, b], [b, a]]) {
      const m = mergeVersions(versions) as Hl;
      expect(m.highlight!.note).toBe('note from B');
      expect(m.conflicts).toEqual([{ text: 'note from A', updatedAt: 100 }]);
    }
    expect(mergeVersions([a, b])).toEqual(mergeVersions([b, a]));
  });

  it('colour and other fields come from the newest version; a cleared note never beats written text', () => {
    const written = hl('h', 'kept words', 100);
    const cleared: Entity = { ...hl('h', '', 300), highlight: { ...(hl('h', '', 300) as Hl).highlight!, color: 'blue' } } as Entity;
    const m = mergeVersions([cleared, written]) as Hl;
    expect(m.highlight!.note).toBe('kept words');
    expect(m.highlight!.color).toBe('blue');
    expect(m.conflicts).toEqual([]);
  });

  it('copies the versions carried are kept, one per text; a deleted highlight stays deleted with none', () => {
    const withCopy = { ...hl('h', 'mine', 100), conflicts: [{ text: 'older', updatedAt: 50 }, { text: 'theirs', updatedAt: 10 }] } as Entity;
    const m = mergeVersions([withCopy, hl('h', 'theirs', 200)]);
    expect(note(m)).toBe('theirs');
    expect(copies(m)).toEqual(['mine', 'older']);
    const gone = mergeVersions([withCopy, hl('h', '', 400, true)]) as Hl;
    expect(gone.deleted).toBe(true);
    expect(gone.conflicts).toEqual([]);
  });

  it('a version the other device had already seen takes no part (no copy of an old text); an unknown one does', () => {
    const base = { ...hl('h', 'before', 10), v: 'devA.1' } as Entity;
    const editedOnA = { ...hl('h', 'edited on A', 50), v: 'devA2.3', from: 'devA.1' } as Entity;
    const [m] = mergeDocVersions([[editedOnA], [base]]);
    expect(note(m)).toBe('edited on A');
    expect(copies(m)).toEqual([]);
    // A later version of the same device's line also counts as seen.
    const later = { ...hl('h', 'edited on A', 50), v: 'devB.9', from: 'devA.4' } as Entity;
    expect(copies(mergeDocVersions([[later], [base]])[0])).toEqual([]);
    // Without ids (older documents) both take part: a copy too many, never a text lost.
    expect(copies(mergeDocVersions([[hl('h', 'edited on A', 50)], [hl('h', 'before', 10)]])[0])).toEqual(['before']);
    // Written at the same time on B (started from the same base): a real conflict.
    const editedOnB = { ...hl('h', 'edited on B', 40), v: 'devB.2', from: 'devA.1' } as Entity;
    const both = mergeDocVersions([[editedOnA], [editedOnB]]);
    expect(note(both[0])).toBe('edited on A');
    expect(copies(both[0])).toEqual(['edited on B']);
    expect(mergeDocVersions([[editedOnB], [editedOnA]])).toEqual(both);
  });

  it('a page carries each highlight’s copies; a change of copies alone is sent; applied copies land under notes, never among sections', () => {
    const p = page({ highlights: [highlight('s1')], reflections: { s1: reflection('x', 5) } });
    const c = { reflections: { s1: [{ text: 'reflection copy', updatedAt: 1 }] }, notes: { s1: [{ text: 'note copy', updatedAt: 2 }] } };
    const ents = pageEntities(p, c);
    expect((ents.find((e) => e.kind === 'hl') as Hl).conflicts.map((x) => x.text)).toEqual(['note copy']);
    expect(diffPage(p, p, 9, NO_CONFLICTS, c).map((e) => e.kind).sort()).toEqual(['hl', 'rf']);
    const applied = applyEntity(p, NO_CONFLICTS, { ...hl('s1', 'n', 9), conflicts: [{ text: 'from B', updatedAt: 3 }] } as Entity);
    expect(applied.conflicts).toEqual({ reflections: {}, notes: { s1: [{ text: 'from B', updatedAt: 3 }] } });
    expect(applyEntity(p, applied.conflicts, hl('s1', '', 10, true)).conflicts).toEqual({ reflections: {}, notes: {} });
  });
});

describe('stored conflict copies', () => {
  it('version 1 (reflections by section id) reads as version 2; malformed entries are left out; empty stores nothing', () => {
    const v1 = { s1: [{ text: 'old copy', updatedAt: 4 }], bad: 'x', s2: [{ text: 3 }] };
    expect(readConflicts(v1)).toEqual({ reflections: { s1: [{ text: 'old copy', updatedAt: 4 }] }, notes: {} });
    const v2 = storedConflicts(readConflicts(v1))!;
    expect(v2.version).toBe(2);
    expect(readConflicts(JSON.parse(JSON.stringify(v2)))).toEqual(readConflicts(v1));
    expect(storedConflicts(NO_CONFLICTS)).toBeNull();
    expect(readConflicts(null)).toEqual(NO_CONFLICTS);
  });

  it('a section id can never be taken for a highlight id (two maps)', () => {
    let c = withCopies(NO_CONFLICTS, { sectionId: 'same-id' }, [{ text: 'reflection', updatedAt: 1 }]);
    c = withCopies(c, { highlightId: 'same-id' }, [{ text: 'note', updatedAt: 2 }]);
    expect(copiesOf(c, { sectionId: 'same-id' }).map((x) => x.text)).toEqual(['reflection']);
    expect(copiesOf(c, { highlightId: 'same-id' }).map((x) => x.text)).toEqual(['note']);
    expect(copiesOf(withCopies(c, { highlightId: 'same-id' }, []), { sectionId: 'same-id' })).toHaveLength(1);
  });
});
