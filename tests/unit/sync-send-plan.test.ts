// The sync engine's plan of sends: a quiet entity goes at once, a burst of changes to one
// entity (typing) becomes one send of its newest state, and what is sent is the library's
// state at sending time. A fake clock and timer: nothing waits on wall-clock time.
import { describe, expect, it } from 'vitest';
import { createSendPlan, currentEntities } from '@/utils/sync/send-plan';
import { NO_CONFLICTS } from '@/utils/sync/copies';
import { pageEntities, type Entity } from '@/utils/sync/entities';
import { META, highlight, page } from './store-fixtures';

function clock() {
  let t = 1_000;
  let timer: { fn: () => void; at: number } | null = null;
  return {
    now: () => t,
    setTimer: (fn: () => void, ms: number) => (timer = { fn, at: t + ms }),
    clearTimer: () => (timer = null),
    /** Moves time on, running the timer when its time comes. */
    advance(ms: number) {
      const end = t + ms;
      while (timer && timer.at <= end) {
        const due = timer;
        timer = null;
        t = due.at;
        due.fn();
      }
      t = end;
    },
  };
}

const rf = (text: string, at: number): Entity => ({
  kind: 'rf',
  url: META.url,
  sectionId: 's1',
  at,
  deleted: false,
  reflection: { text, heading: 'One', sectionHash: null, sectionText: null, createdAt: 1, updatedAt: at } as never,
  conflicts: [],
});

function plan(c: ReturnType<typeof clock>) {
  let dueCalls = 0;
  const p = createSendPlan({ now: c.now, quietMs: 1500, maxWaitMs: 5000, onDue: () => dueCalls++, setTimer: c.setTimer, clearTimer: c.clearTimer });
  return { p, dues: () => dueCalls };
}

describe('sync send plan', () => {
  it('sends a quiet change at once and a burst of keystrokes as one send of the newest text', async () => {
    const c = clock();
    const { p, dues } = plan(c);
    const sent: string[][] = [];
    const send = () => {
      const b = p.take();
      if (!b) return;
      sent.push(b.entities.map((e) => (e.kind === 'rf' ? e.reflection!.text : '?')));
      b.settle();
    };
    // The first key: at once.
    const first = p.add([rf('W', c.now())]);
    expect(dues()).toBe(1);
    send();
    await first;
    // Nine more keys, 180 ms apart: they wait for quiet.
    const waits: Promise<void>[] = [];
    for (const text of ['Wo', 'Wor', 'Word', 'Words', 'Words ', 'Words t', 'Words ty', 'Words typ', 'Words type']) {
      c.advance(180);
      waits.push(p.add([rf(text, c.now())]));
      expect(p.take()).toBeNull();
    }
    expect(p.pending(`rf\n${META.url}\ns1`)).toBe(true);
    c.advance(1499);
    expect(p.take()).toBeNull();
    c.advance(1);
    expect(dues()).toBe(2);
    send();
    await Promise.all(waits);
    expect(sent).toEqual([['W'], ['Words type']]);
    expect(p.pending(`rf\n${META.url}\ns1`)).toBe(false);
  });

  it('a long burst is sent at most maxWait after it started waiting; dueAll sends what waits at once', () => {
    const c = clock();
    const { p } = plan(c);
    p.add([rf('a', c.now())]);
    p.take()!.settle();
    let taken = 0;
    for (let i = 0; i < 40; i++) {
      c.advance(200);
      p.add([rf(`a${i}`, c.now())]);
      const b = p.take();
      if (b) {
        taken++;
        b.settle();
      }
    }
    // 8 s of typing: one send at 5 s, the rest still waiting.
    expect(taken).toBe(1);
    p.dueAll();
    const b = p.take()!;
    expect(b.entities).toHaveLength(1);
    expect((b.entities[0] as Extract<Entity, { kind: 'rf' }>).reflection!.text).toBe('a39');
  });

  it('another entity (a new highlight) is not held back by typing elsewhere', () => {
    const c = clock();
    const { p } = plan(c);
    p.add([rf('a', c.now())]);
    p.take()!.settle();
    c.advance(100);
    p.add([rf('ab', c.now())]);
    expect(p.take()).toBeNull();
    const h = highlight('new');
    p.add([{ kind: 'hl', url: META.url, id: 'new', at: c.now(), deleted: false, highlight: h, conflicts: [] }]);
    const b = p.take()!;
    expect(b.entities.map((e) => e.kind)).toEqual(['hl']);
  });

  it('a burst is sent with the version it was made from: the one before its first change, not its own steps', () => {
    const c = clock();
    const { p } = plan(c);
    const text = (e: Entity | undefined) => (e?.kind === 'rf' ? e.reflection!.text : undefined);
    p.add([rf('a', c.now())], [rf('', 1)]);
    const first = p.take()!;
    expect(first.base.map(text)).toEqual(['']);
    first.settle();
    // Typing on: each keystroke is made from the previous one, and the send replaces 'a'.
    for (const next of ['ab', 'abc', 'abcd']) {
      c.advance(100);
      p.add([rf(next, c.now())], [rf(next.slice(0, -1), c.now() - 100)]);
    }
    c.advance(1500);
    const burst = p.take()!;
    expect(burst.entities.map(text)).toEqual(['abcd']);
    expect(burst.base.map(text)).toEqual(['a']);
    burst.settle();
    // A new entity has no earlier version.
    c.advance(5000);
    p.add([{ kind: 'hl', url: META.url, id: 'fresh', at: c.now(), deleted: false, highlight: highlight('fresh'), conflicts: [] }], []);
    expect(p.take()!.base).toEqual([]);
  });

  it('a failed write rejects the changes it carried', async () => {
    const c = clock();
    const { p } = plan(c);
    const done = p.add([rf('a', c.now())]);
    p.take()!.settle(new Error('disk full'));
    await expect(done).rejects.toThrow('disk full');
  });

  it('sends the library as it is now: an edit of a highlight deleted since becomes a deletion', () => {
    const edit: Entity = { kind: 'hl', url: META.url, id: 'gone', at: 5, deleted: false, highlight: highlight('gone', { note: 'old edit' }), conflicts: [] };
    const kept = highlight('kept', { note: 'newest' });
    const now = page({ highlights: [kept] });
    const out = currentEntities([edit, { kind: 'hl', url: META.url, id: 'kept', at: 1, deleted: false, highlight: highlight('kept', { note: 'typed earlier' }), conflicts: [] }], now, NO_CONFLICTS, 99);
    expect(out[0]).toMatchObject({ kind: 'hl', id: 'gone', deleted: true, at: 99, highlight: null });
    expect(out[1]).toEqual(pageEntities(now).find((e) => e.kind === 'hl' && e.id === 'kept'));
  });
});
