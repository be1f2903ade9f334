import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import {
  isPanelOpen,
  keepPanelPresence,
  panelOpenKey,
  panelOpenWindows,
  PANEL_ROLL_CALL_KEY,
  recordPanelOpen,
  reconcilePanelState,
  type SessionArea,
} from '@/utils/panel-open-state';
import { openPanelFrom, OPEN_JOURNAL_COMMAND, resyncPanelState, watchPanelEvents } from '@/utils/background/panel';

const area = () => fakeBrowser.storage.session as unknown as SessionArea;

function pageHide() {
  const listeners = new Set<() => void>();
  return {
    onPageHide(cb: () => void) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    fire: () => [...listeners].forEach((cb) => cb()),
    count: () => listeners.size,
  };
}
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('Gloss keeps whether its panel is open, per window', () => {
  it('the panel host records itself open for its window, and closed on pagehide', async () => {
    const hide = pageHide();
    const onError = vi.fn();
    keepPanelPresence({ area: area(), windowId: 4, token: 'one', onPageHide: hide.onPageHide, onRollCall: () => () => {}, onError });
    await flush();
    expect(await isPanelOpen(4, { area: area() })).toBe(true);
    expect(await isPanelOpen(5, { area: area() })).toBe(false);
    expect(await panelOpenWindows(area())).toEqual([4]);
    hide.fire();
    await flush();
    expect(await isPanelOpen(4, { area: area() })).toBe(false);
    expect(hide.count()).toBe(0);
    expect(onError).not.toHaveBeenCalled();
  });

  it('one window’s panel closing leaves another window’s record', async () => {
    const a = pageHide();
    const b = pageHide();
    keepPanelPresence({ area: area(), windowId: 1, token: 'a', onPageHide: a.onPageHide, onRollCall: () => () => {}, onError: () => {} });
    keepPanelPresence({ area: area(), windowId: 2, token: 'b', onPageHide: b.onPageHide, onRollCall: () => () => {}, onError: () => {} });
    await flush();
    a.fire();
    await flush();
    expect(await panelOpenWindows(area())).toEqual([2]);
  });

  it('a failed write is reported, not swallowed', async () => {
    const failing: SessionArea = {
      get: async () => ({}),
      set: async () => {
        throw new Error('session storage is full');
      },
      remove: async () => {},
    };
    const onError = vi.fn();
    keepPanelPresence({ area: failing, windowId: 1, token: 'x', onPageHide: pageHide().onPageHide, onRollCall: () => () => {}, onError });
    await flush();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'session storage is full' }));
  });

  it('after a service-worker restart, a record whose panel went without a word is dropped: open panels answer the roll call', async () => {
    await recordPanelOpen(area(), 1, 'stale', 100); // its panel went without a word
    const hide = pageHide();
    const rollCalls = new Set<(n: string) => void>();
    keepPanelPresence({
      area: area(),
      windowId: 2,
      token: 'live',
      onPageHide: hide.onPageHide,
      onRollCall: (cb) => (rollCalls.add(cb), () => rollCalls.delete(cb)),
      onError: () => {},
    });
    await flush();
    // The panel hears the roll call when it is written (storage.session.onChanged).
    const wait = async () => {
      const nonce = (await area().get(PANEL_ROLL_CALL_KEY))[PANEL_ROLL_CALL_KEY] as string;
      rollCalls.forEach((cb) => cb(nonce));
      await flush();
    };
    expect(await reconcilePanelState(area(), { panelCount: null, wait, now: () => Date.now() + 10 })).toEqual([2]);
    expect(await panelOpenWindows(area())).toEqual([2]);
    expect(((await area().get(panelOpenKey(2)))[panelOpenKey(2)] as { token: string }).token).toBe('live');
    // Chrome says no side panel is open at all: every record goes at once, no roll call.
    const noWait = vi.fn(async () => {});
    expect(await reconcilePanelState(area(), { panelCount: 0, wait: noWait })).toEqual([]);
    expect(noWait).not.toHaveBeenCalled();
    expect(await panelOpenWindows(area())).toEqual([]);
  });

  it('resyncPanelState asks Chrome for its side panels', async () => {
    await recordPanelOpen(area(), 3, 'x', 1);
    const getContexts = vi.fn(async () => []);
    expect(await resyncPanelState(area(), getContexts, 0)).toEqual([]);
    expect(getContexts).toHaveBeenCalledWith({ contextTypes: ['SIDE_PANEL'] });
  });

  it('Chrome’s side-panel opened/closed events keep the record in step (a closing panel’s own write can be lost)', async () => {
    const listeners: Record<string, (info: { windowId: number }) => void> = {};
    const ev = (name: string) => ({ addListener: (cb: (info: { windowId: number }) => void) => void (listeners[name] = cb) });
    watchPanelEvents(area(), { onOpened: ev('opened'), onClosed: ev('closed') }, (err) => {
      throw err;
    });
    listeners.opened({ windowId: 11 });
    await flush();
    expect(await panelOpenWindows(area())).toEqual([11]);
    listeners.closed({ windowId: 11 });
    await flush();
    expect(await panelOpenWindows(area())).toEqual([]);
  });

  it('Firefox’s sidebarAction.isOpen is taken over the record when present', async () => {
    await recordPanelOpen(area(), 7, 't');
    expect(await isPanelOpen(7, { area: area(), sidebarIsOpen: async () => false })).toBe(false);
    expect(await isPanelOpen(8, { area: area(), sidebarIsOpen: async () => true })).toBe(true);
    // An isOpen that fails falls back to the record.
    expect(await isPanelOpen(7, { area: area(), sidebarIsOpen: async () => Promise.reject(new Error('no')) })).toBe(true);
  });

  it('the shortcut opens the panel within the gesture; pressed again with the panel open, it focuses the reflection', async () => {
    const tab = { id: 9, windowId: 4 } as never;
    const open = vi.fn(async () => {});
    const requestReflect = vi.fn(async () => {});
    const env = { api: { sidePanel: { open } }, requestReflect, now: () => 5, isPanelOpen: (w: number) => isPanelOpen(w, { area: area() }) };
    const first = openPanelFrom({ command: OPEN_JOURNAL_COMMAND }, tab, env);
    expect(open).toHaveBeenCalledTimes(1); // synchronously
    await first;
    expect(requestReflect).not.toHaveBeenCalled();
    await recordPanelOpen(area(), 4, 'panel');
    const second = openPanelFrom({ command: OPEN_JOURNAL_COMMAND }, tab, env);
    expect(open).toHaveBeenCalledTimes(2);
    await second;
    expect(requestReflect).toHaveBeenCalledWith(5);
  });
});
