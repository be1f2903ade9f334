import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import {
  isPanelOpen,
  keepPanelPresence,
  panelOpenKey,
  panelOpenWindows,
  recordPanelOpen,
  reconcilePanelState,
  type SessionArea,
} from '@/utils/panel-open-state';
import { openPanelFrom, OPEN_JOURNAL_COMMAND, resyncPanelState } from '@/utils/background/panel';

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
    keepPanelPresence({ area: area(), windowId: 4, token: 'one', onPageHide: hide.onPageHide, onError });
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
    keepPanelPresence({ area: area(), windowId: 1, token: 'a', onPageHide: a.onPageHide, onError: () => {} });
    keepPanelPresence({ area: area(), windowId: 2, token: 'b', onPageHide: b.onPageHide, onError: () => {} });
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
    keepPanelPresence({ area: failing, windowId: 1, token: 'x', onPageHide: pageHide().onPageHide, onError });
    await flush();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'session storage is full' }));
  });

  it('after a service-worker restart the record is reconciled with the side panels Chrome has open', async () => {
    await recordPanelOpen(area(), 1, 'stale'); // its panel went without a word
    await recordPanelOpen(area(), 2, 'live');
    const getContexts = vi.fn(async () => [{ windowId: 2 }, { windowId: 3 }]);
    expect(await resyncPanelState(area(), getContexts)).toEqual([2, 3]);
    expect(getContexts).toHaveBeenCalledWith({ contextTypes: ['SIDE_PANEL'] });
    expect(await panelOpenWindows(area())).toEqual([2, 3]);
    // The live panel's own record is kept as it wrote it.
    expect(((await area().get(panelOpenKey(2)))[panelOpenKey(2)] as { token: string }).token).toBe('live');
    // Where the browser cannot say, the record stays.
    expect(await resyncPanelState(area(), null)).toBeNull();
    expect(await reconcilePanelState(area(), [])).toEqual([]);
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
