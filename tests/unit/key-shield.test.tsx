// The key shield (utils/content/key-shield.ts) and the card's side of it: events aimed at
// Gloss's shadow host stop at the shield's window listener, page listeners added after it
// (capture and bubble, on window and document) never see them, and the card still gets
// the reader's input and Escape. happy-dom makes only untrusted events: a browser-made
// event is imitated by setting isTrusted on it (real browsers: page-isolation.e2e).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { SHIELDED_EVENTS, installKeyShield, keyShieldOf } from '@/utils/content/key-shield';
import { createShieldedInput } from '@/utils/content/shielded-input';
import { PageOverlay, type PageOverlayProps } from '@/components/page/PageOverlay';
import { DEFAULT_COLOR_LABELS } from '@/utils/store/schema';
import { makeHighlight } from './library-fixtures';

/** An event as the browser makes it for the reader. */
function trusted<E extends Event>(e: E): E {
  Object.defineProperty(e, 'isTrusted', { value: true });
  return e;
}

/** A page with a closed shadow host holding a textarea, the shield first, then a spy. */
function setup() {
  const world = {};
  const shield = installKeyShield(window, world, { early: true });
  const host = document.createElement('gloss-test-host');
  document.body.append(host);
  const root = host.attachShadow({ mode: 'closed' });
  const textarea = document.createElement('textarea');
  root.append(textarea);
  const spied: string[] = [];
  const spies: Array<[EventTarget, string, (e: Event) => void, boolean]> = [];
  for (const target of [window, document])
    for (const capture of [true, false])
      for (const type of SHIELDED_EVENTS) {
        const fn = (e: Event) => spied.push(`${type}:${(e as KeyboardEvent).key ?? (e as InputEvent).data ?? ''}`);
        target.addEventListener(type, fn, capture);
        spies.push([target, type, fn, capture]);
      }
  const cleanup = () => {
    for (const [target, type, fn, capture] of spies) target.removeEventListener(type, fn, capture);
    host.remove();
  };
  return { world, shield, host, root, textarea, spied, cleanup };
}

let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

describe('key shield', () => {
  it('keeps every shielded kind aimed at a guarded host from the page, and hands trusted ones over', () => {
    const s = setup();
    cleanups.push(s.cleanup);
    const got: string[] = [];
    const release = s.shield.guard(s.host, (e) => got.push(e.type));
    for (const type of SHIELDED_EVENTS) s.textarea.dispatchEvent(trusted(new Event(type, { bubbles: true, composed: true })));
    s.textarea.dispatchEvent(trusted(new KeyboardEvent('keydown', { key: 's', bubbles: true, composed: true })));
    expect(s.spied).toEqual([]);
    expect(got).toEqual([...SHIELDED_EVENTS, 'keydown']);
    release();
    // Unguarded (the card removed): events flow to the page as they would without Gloss.
    s.textarea.dispatchEvent(trusted(new KeyboardEvent('keydown', { key: 'x', bubbles: true, composed: true })));
    expect(s.spied).toContain('keydown:x');
  });

  it('stops a script-made event aimed at the host but never hands it to Gloss', () => {
    const s = setup();
    cleanups.push(s.cleanup);
    const deliver = vi.fn();
    s.shield.guard(s.host, deliver);
    s.host.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    s.textarea.dispatchEvent(new InputEvent('input', { data: 'HACKED', bubbles: true, composed: true }));
    expect(deliver).not.toHaveBeenCalled();
  });

  it('leaves the page its own events (targets other than the host)', () => {
    const s = setup();
    cleanups.push(s.cleanup);
    s.shield.guard(s.host, () => {});
    const input = document.createElement('input');
    document.body.append(input);
    cleanups.push(() => input.remove());
    input.dispatchEvent(trusted(new KeyboardEvent('keydown', { key: 'k', bubbles: true })));
    expect(s.spied.filter((e) => e === 'keydown:k')).toHaveLength(4); // window + document, capture + bubble
  });

  it('keeps the release of a key pressed in Gloss even when focus is back in the page', () => {
    const s = setup();
    cleanups.push(s.cleanup);
    const got: string[] = [];
    s.shield.guard(s.host, (e) => got.push(`${e.type}:${(e as KeyboardEvent).key}`));
    const key = (type: string, k: string, code: string) => trusted(new KeyboardEvent(type, { key: k, code, bubbles: true, composed: true }));
    // Escape goes down in the card, the card closes, it comes up on the page's body.
    s.textarea.dispatchEvent(key('keydown', 'Escape', 'Escape'));
    document.body.dispatchEvent(key('keyup', 'Escape', 'Escape'));
    expect(s.spied).toEqual([]);
    expect(got).toEqual(['keydown:Escape', 'keyup:Escape']);
    // A key pressed in the page is the page's, down and up.
    document.body.dispatchEvent(key('keydown', 'k', 'KeyK'));
    document.body.dispatchEvent(key('keyup', 'k', 'KeyK'));
    document.body.dispatchEvent(key('keyup', 'Escape', 'Escape'));
    expect(s.spied).toEqual(['keydown:k', 'keydown:k', 'keydown:k', 'keydown:k', 'keyup:k', 'keyup:k', 'keyup:k', 'keyup:k', 'keyup:Escape', 'keyup:Escape', 'keyup:Escape', 'keyup:Escape']);
  });

  it('keeps the reader\'s keys while Gloss holds the focus, wherever the page moved the host', () => {
    const s = setup();
    cleanups.push(s.cleanup);
    let focused = true;
    const got: string[] = [];
    s.shield.guard(s.host, (e) => got.push(e.type), () => focused);
    // An event whose path does not show Gloss's host (as when a page moves the host into
    // a closed shadow root of its own): Gloss's while its UI has the focus.
    const elsewhere = document.createElement('div');
    document.body.append(elsewhere);
    cleanups.push(() => elsewhere.remove());
    elsewhere.dispatchEvent(trusted(new KeyboardEvent('keydown', { key: 's', code: 'KeyS', bubbles: true, composed: true })));
    elsewhere.dispatchEvent(trusted(new InputEvent('input', { data: 's', bubbles: true, composed: true })));
    document.dispatchEvent(trusted(new Event('selectionchange')));
    expect(s.spied).toEqual([]);
    expect(got).toEqual(['keydown', 'input', 'selectionchange']);
    // Focus moving, and events a script made, are not taken for the reader's typing.
    elsewhere.dispatchEvent(trusted(new FocusEvent('focusin', { bubbles: true, composed: true })));
    elsewhere.dispatchEvent(new KeyboardEvent('keydown', { key: 'p', bubbles: true, composed: true }));
    expect(s.spied).toEqual(['focusin:', 'focusin:', 'focusin:', 'focusin:', 'keydown:p', 'keydown:p', 'keydown:p', 'keydown:p']);
    // Focus back in the page: its keys are its own.
    focused = false;
    elsewhere.dispatchEvent(trusted(new KeyboardEvent('keydown', { key: 'k', code: 'KeyK', bubbles: true, composed: true })));
    expect(s.spied.filter((e) => e === 'keydown:k')).toHaveLength(4);
  });

  it('is installed once per content-script world: a later copy finds the early one', () => {
    const world = {};
    const add = vi.fn();
    const first = installKeyShield({ addEventListener: add }, world, { early: true });
    const again = installKeyShield({ addEventListener: add }, world, { early: false });
    expect(again).toBe(first);
    expect(keyShieldOf(world)?.early).toBe(true);
    expect(add).toHaveBeenCalledTimes(SHIELDED_EVENTS.length);
    for (const call of add.mock.calls) expect(call[2]).toBe(true); // capture phase
    expect(keyShieldOf({})).toBeNull();
  });

  it('covers the kinds that carry text or keys', () => {
    for (const kind of ['keydown', 'keypress', 'keyup', 'beforeinput', 'input', 'textInput', 'compositionupdate', 'compositionend', 'paste', 'copy', 'cut', 'drop', 'dragstart'])
      expect(SHIELDED_EVENTS).toContain(kind);
  });
});

describe('the card behind the shield', () => {
  function cardProps(over: Partial<PageOverlayProps> = {}): PageOverlayProps {
    return {
      view: { kind: 'card', x: 10, y: 10, highlight: makeHighlight('a quote', { note: 'old' }), focusNote: true },
      toast: null,
      labels: { ...DEFAULT_COLOR_LABELS },
      lastColor: 'yellow',
      noteStatus: { kind: 'saved' },
      onHighlight: () => {},
      onNoteChange: () => {},
      onColorChange: () => {},
      onDelete: () => {},
      onClose: () => {},
      onDismissToast: () => {},
      input: createShieldedInput(),
      ...over,
    };
  }

  it('saves what is typed and closes on Escape through the shield, and only for trusted events', async () => {
    const s = setup();
    cleanups.push(s.cleanup);
    const input = createShieldedInput();
    s.shield.guard(s.host, (e) => input.deliver(e, s.root.activeElement));
    const onNoteChange = vi.fn();
    const onClose = vi.fn();
    const container = document.createElement('div');
    s.root.append(container);
    const props = cardProps({ input, onNoteChange, onClose });
    await act(() => render(<PageOverlay {...props} />, container));
    const note = container.querySelector('textarea')!;
    note.focus();
    expect(s.root.activeElement).toBe(note);

    note.value = 'old and new';
    note.dispatchEvent(trusted(new InputEvent('input', { data: 'w', bubbles: true, composed: true })));
    expect(onNoteChange).toHaveBeenCalledWith(props.view.kind === 'card' ? props.view.highlight.id : '', 'old and new');

    // Escape while composing ends the composition, not the card.
    note.dispatchEvent(trusted(new KeyboardEvent('keydown', { key: 'Escape', isComposing: true, bubbles: true, composed: true })));
    expect(onClose).not.toHaveBeenCalled();
    note.dispatchEvent(trusted(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true })));
    expect(onClose).toHaveBeenCalledTimes(1);

    // Handed over directly without the browser's mark: ignored (the second wall).
    input.deliver(new KeyboardEvent('keydown', { key: 'Escape' }), note);
    input.deliver(new InputEvent('input'), note);
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(onNoteChange).toHaveBeenCalledTimes(1);
    expect(s.spied).toEqual([]);
    await act(() => render(null, container));
  });

  it('reads the newest props when a key arrives right after a render', async () => {
    const input = createShieldedInput();
    const container = document.createElement('div');
    document.body.append(container);
    cleanups.push(() => container.remove());
    const first = vi.fn();
    const second = vi.fn();
    const h = makeHighlight('a quote', { note: '' });
    const view = { kind: 'card' as const, x: 0, y: 0, highlight: h, focusNote: false };
    await act(() => render(<PageOverlay {...cardProps({ input, view, onClose: first })} />, container));
    await act(() => render(<PageOverlay {...cardProps({ input, view, onClose: second })} />, container));
    input.deliver(trusted(new KeyboardEvent('keydown', { key: 'Escape' })), null);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
    await act(() => render(null, container));
  });
});
