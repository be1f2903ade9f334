import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPageSession, type OverlayState } from '@/utils/content/page-session';
import { createOverlayState } from '@/utils/content/overlay-state';
import { createNoteSaves, noteKey } from '@/utils/content/note-saves';
import { sessionWords } from '@/utils/content/session-words';
import { createHighlightEntries } from '@/utils/content/highlight-entries';
import { createOrphanWatch } from '@/utils/content/orphan-watch';
import { sessionTimer, whenIdle } from '@/utils/content/session-timers';
import type { Painter } from '@/utils/highlight/painter';
import type { PageRecord } from '@/utils/store/schema';
import type { PageOp } from '@/utils/store/ops';
import { highlight, page } from './store-fixtures';
import { highlightOf, tick, until } from './page-fixtures';

// The seams of the content session (utils/content/): each part is run through the
// environment it is given, and each test fails when that part's behaviour breaks.

function essay() {
  document.title = 'Seams';
  document.body.innerHTML =
    '<article><h1>Seams</h1><p>The opening paragraph says what the essay is about, at some length.</p>' +
    '<h2>Walking</h2><p>Walking slowly lets the mind wander over the fields and the hedges.</p>' +
    '<h2>Reading</h2><p>Reading slowly is the same pleasure, taken at a desk by a window.</p></article>';
}

function fakePainter() {
  const calls = { paint: [] as string[][], flash: 0, disposed: 0 };
  const painter = {
    paint: (items: Iterable<{ id: string }>) => void calls.paint.push([...items].map((i) => i.id)),
    flash: () => void calls.flash++,
    dispose: () => void calls.disposed++,
  } as unknown as Painter;
  return { painter, calls };
}

function session(record: PageRecord | null, extra: { mutate?: (url: string, op: PageOp) => Promise<PageRecord | null> } = {}) {
  const controller = new AbortController();
  const { painter, calls } = fakePainter();
  let made = 0;
  const renders: OverlayState[] = [];
  const ops: PageOp[] = [];
  const s = createPageSession({
    win: window as Window & typeof globalThis,
    getPage: async () => record,
    getColorLabels: async () => ({ yellow: 'y', green: 'g', blue: 'b', pink: 'p', purple: 'u' }),
    mutate:
      extra.mutate ??
      (async (_url, op) => {
        ops.push(op);
        return null;
      }),
    render: (state) => void renders.push(state),
    isOwnUi: () => false,
    signal: controller.signal,
    makePainter: () => (made++, painter),
    retryDelay: () => 5,
  });
  return { s, calls, renders, ops, painterMade: () => made, stop: () => controller.abort() };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('answers to other views (page-answers)', () => {
  it('tells orphans from anchored highlights, with each one’s section, and scrolls only to anchored ones', async () => {
    essay();
    const found = highlightOf('found', 'the mind wander');
    const lost = highlight('lost', { text: 'a sentence the page no longer has' });
    lost.selectors.quote.exact = 'a sentence the page no longer has';
    const { s, calls, stop } = session(page({ url: location.href, highlights: [found, lost] }));
    await s.load();
    const info = await s.pageInfo();
    expect(info.orphanIds).toEqual(['lost']);
    const walking = info.outline.find((o) => o.heading === 'Walking')!.id;
    expect(info.highlightSections).toEqual({ found: walking });
    expect(info.record?.highlights.map((h) => h.id)).toEqual(['found', 'lost']);
    expect(s.scrollTo('lost')).toBe(false);
    expect(calls.flash).toBe(0);
    expect(s.scrollTo('found')).toBe(true);
    expect(calls.flash).toBe(1);
    expect(s.sectionText(walking)).toContain('Walking slowly');
    stop();
  });

  it('does not pass a record it could not read on as “no notes”, and says so on the page', async () => {
    essay();
    const strange = { ...page({ url: location.href }), highlights: 'not a list' } as unknown as PageRecord;
    const { s, renders, stop } = session(strange);
    await s.load();
    const info = await s.pageInfo();
    expect('record' in info).toBe(false);
    expect(renders.at(-1)?.toast?.error).toBe(true);
    stop();
  });

  it('answers “no notes” (record null) for a page with none, known after the load', async () => {
    essay();
    const { s, painterMade, stop } = session(null);
    await s.load();
    const info = await s.pageInfo();
    expect(info.record).toBeNull();
    expect(info.orphanIds).toEqual([]);
    // A page without notes gets no painter (no adopted stylesheet, no highlights registry).
    expect(painterMade()).toBe(0);
    stop();
  });
});

describe('painting on invalidation', () => {
  it('disposes what was painted when the session stops, and paints nothing afterwards', async () => {
    essay();
    const found = highlightOf('found', 'the mind wander');
    const { s, calls, stop } = session(page({ url: location.href, highlights: [found] }));
    await s.load();
    expect(calls.paint.at(-1)).toEqual(['found']);
    expect(calls.disposed).toBe(0);
    stop();
    expect(calls.disposed).toBe(1);
    const painted = calls.paint.length;
    s.reconcile(page({ url: location.href, highlights: [found, highlightOf('other', 'same pleasure')] }));
    expect(calls.paint.length).toBe(painted);
  });
});

describe('highlight edits', () => {
  it('deleting offers an undo that restores the same highlight on the same page', async () => {
    essay();
    const found = highlightOf('found', 'the mind wander');
    const { s, ops, renders, stop } = session(page({ url: location.href, highlights: [found] }));
    await s.load();
    s.overlayHandlers.onDelete('found');
    expect(ops.map((o) => o.type)).toEqual(['deleteHighlight']);
    const toast = renders.at(-1)!.toast!;
    expect(toast.action).not.toBeNull();
    toast.action!.run();
    await tick();
    expect(ops.map((o) => o.type)).toEqual(['deleteHighlight', 'restoreHighlight']);
    const restored = ops[1] as Extract<PageOp, { type: 'restoreHighlight' }>;
    expect(restored.highlight).toEqual(found);
    expect(restored.meta.url).toBe(s.url);
    stop();
  });

  it('a note typed in the card reaches the writer as the newest text, and the card says when it is stored', async () => {
    essay();
    const found = highlightOf('found', 'the mind wander');
    let release: () => void = () => {};
    const notes: string[] = [];
    const { s, renders, stop } = session(page({ url: location.href, highlights: [found] }), {
      mutate: (_url, op) => {
        if (op.type === 'updateHighlight' && op.patch.note !== undefined) notes.push(op.patch.note);
        return new Promise((r) => (release = () => r(null)));
      },
    });
    await s.load();
    s.overlayHandlers.onNoteChange('found', 'F');
    s.overlayHandlers.onNoteChange('found', 'Fi');
    s.overlayHandlers.onNoteChange('found', 'Fir');
    expect(s.unsaved()).toBe(true);
    // One write in flight; the newest text waits, the middle one is never sent.
    expect(notes).toEqual(['F']);
    release();
    await until(() => notes.length === 2, 'the second write');
    expect(notes).toEqual(['F', 'Fir']);
    release();
    await until(() => !s.unsaved(), 'the note to be stored');
    expect(renders.length).toBeGreaterThan(0);
    expect(notes).toEqual(['F', 'Fir']);
    stop();
  });
});

describe('note saves (the card’s save status)', () => {
  function setup() {
    const controller = new AbortController();
    const drawn: OverlayState[] = [];
    const overlay = createOverlayState((s) => void drawn.push(s), controller.signal);
    const saves = createNoteSaves({ overlay, words: sessionWords(), signal: controller.signal, retryDelay: () => 5 });
    const h = highlight('h1');
    overlay.state.view = { kind: 'card', x: 0, y: 0, highlight: h, focusNote: false };
    return { controller, drawn, overlay, saves, h };
  }

  it('shows a failing note in the open card, keeps retrying, and shows it stored once a retry succeeds', async () => {
    const { drawn, saves, h, controller } = setup();
    let attempts = 0;
    saves.save(noteKey(h.id), async () => {
      attempts++;
      if (attempts < 3) throw new Error('disk full');
      return null;
    });
    await until(() => drawn.some((d) => d.noteStatus.kind === 'error'), 'the error in the card');
    const error = drawn.find((d) => d.noteStatus.kind === 'error')!.noteStatus as { message: string };
    expect(error.message).toContain('Not saved yet');
    expect(error.message).toContain('disk full');
    expect(error.message).not.toContain('reload this tab');
    await until(() => drawn.at(-1)!.noteStatus.kind === 'saved', 'the note to be stored');
    expect(attempts).toBe(3);
    controller.abort();
  });

  it('tells the reader to copy the note and reload when this copy of Gloss is gone (no retry)', async () => {
    const { drawn, saves, h, controller } = setup();
    let attempts = 0;
    saves.save(noteKey(h.id), async () => {
      attempts++;
      throw new Error('Extension context invalidated.');
    });
    await until(() => drawn.some((d) => d.noteStatus.kind === 'error'), 'the error in the card');
    await tick(30);
    expect(attempts).toBe(1);
    expect((drawn.at(-1)!.noteStatus as { message: string }).message).toContain('reload this tab');
    expect(saves.unsavedKey(noteKey(h.id))).toBe(true);
    controller.abort();
  });

  it('a failed colour change with no card open is told in a toast', async () => {
    const { drawn, overlay, saves, controller } = setup();
    overlay.state.view = { kind: 'none' };
    saves.save('color:h1', async () => {
      throw new Error('quota');
    });
    await until(() => !!drawn.at(-1)?.toast, 'the toast');
    expect(drawn.at(-1)!.toast!.error).toBe(true);
    expect(drawn.at(-1)!.toast!.message).toContain('colour');
    controller.abort();
  });

  it('when Gloss stops with an unsaved note in the open card, the card stays and says why', async () => {
    const { drawn, saves, h, controller } = setup();
    saves.save(noteKey(h.id), () => new Promise(() => {}));
    controller.abort();
    const last = drawn.at(-1)!;
    expect(last.view.kind).toBe('card');
    expect(last.noteStatus.kind).toBe('error');
    expect((last.noteStatus as { message: string }).message).toContain('reload this tab');
  });
});

describe('orphan watch', () => {
  it('re-anchors when the missing text arrives, and stops watching once none is missing', async () => {
    essay();
    const controller = new AbortController();
    const entries = createHighlightEntries(location.href);
    entries.map.set('x', { highlight: highlight('x'), range: null });
    let retries = 0;
    const watch = createOrphanWatch({
      win: window as Window & typeof globalThis,
      entries,
      signal: controller.signal,
      settleMs: 10,
      retry: () => {
        retries++;
        entries.map.get('x')!.range = document.createRange();
      },
    });
    watch.update();
    expect(watch.watching).toBe(true);
    document.body.append(document.createElement('p'));
    await until(() => retries === 1, 'the retry');
    expect(watch.watching).toBe(false);
    controller.abort();
  });

  it('runs nothing after the session stops, even with a retry pending', async () => {
    essay();
    const controller = new AbortController();
    const entries = createHighlightEntries(location.href);
    entries.map.set('x', { highlight: highlight('x'), range: null });
    const retry = vi.fn();
    const watch = createOrphanWatch({ win: window as Window & typeof globalThis, entries, signal: controller.signal, settleMs: 20, retry });
    watch.update();
    document.body.append(document.createElement('p'));
    await tick(); // the observer has seen the change: a retry is pending
    controller.abort();
    expect(watch.watching).toBe(false);
    await tick(60);
    expect(retry).not.toHaveBeenCalled();
  });
});

describe('session timers', () => {
  it('a timer or idle callback scheduled before the stop never runs after it', async () => {
    const controller = new AbortController();
    const fn = vi.fn();
    sessionTimer(fn, controller.signal).start(10);
    whenIdle(window, fn, controller.signal);
    controller.abort();
    await tick(250);
    expect(fn).not.toHaveBeenCalled();
    // And one started afterwards does not run either.
    sessionTimer(fn, controller.signal).start(0);
    await tick(20);
    expect(fn).not.toHaveBeenCalled();
  });

  it('runs when not stopped (so the test above can fail)', async () => {
    const controller = new AbortController();
    const fn = vi.fn();
    sessionTimer(fn, controller.signal).start(5);
    whenIdle(window, fn, controller.signal);
    await until(() => fn.mock.calls.length === 2, 'both callbacks', 3000);
  });
});
