// Whether Gloss's side panel (Chrome's side panel, Firefox's sidebar) is open in a window,
// kept by Gloss itself in `storage.session` (extension pages only: content scripts, and so
// pages, cannot read it). The panel host records itself when it starts and removes itself
// when it goes. Session storage outlives service-worker restarts: the background reads the
// state there whenever it wakes, and when it starts it reconciles the record with the
// browser's own view (Chrome's side-panel contexts; Firefox's `sidebarAction.isOpen`).

/** The part of `storage.session` this module uses. */
export interface SessionArea {
  get(keys: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

/** What one open panel stores: which panel instance, since when, and the last roll call it answered. */
export interface PanelOpenRecord {
  token: string;
  openedAt: number;
  /** The background's last roll call this panel answered (see resyncPanelState); null before any. */
  answered: string | null;
}

/** The background's roll call: open panels answer by writing their record again. */
export const PANEL_ROLL_CALL_KEY = 'panelRollCall';

export const PANEL_OPEN_PREFIX = 'panelOpen:';

export const panelOpenKey = (windowId: number) => `${PANEL_OPEN_PREFIX}${windowId}`;

const isRecord = (v: unknown): v is PanelOpenRecord =>
  !!v && typeof v === 'object' && typeof (v as PanelOpenRecord).token === 'string' && typeof (v as PanelOpenRecord).openedAt === 'number';

/** Records the panel instance `token` as open in `windowId` (a newer instance replaces an older one). */
export function recordPanelOpen(area: SessionArea, windowId: number, token: string, now = Date.now(), answered: string | null = null): Promise<void> {
  return area.set({ [panelOpenKey(windowId)]: { token, openedAt: now, answered } satisfies PanelOpenRecord });
}

/**
 * Records the panel closed in `windowId`: one storage call, sent at once, so it still
 * leaves when made from `pagehide` (a reload's successor records itself after it).
 */
export function recordPanelClosed(area: SessionArea, windowId: number): Promise<void> {
  return area.remove(panelOpenKey(windowId));
}

/**
 * Whether Gloss's panel is open in `windowId`. Firefox says it itself
 * (`sidebarAction.isOpen`), which is taken when present; otherwise Gloss's own record.
 */
export async function isPanelOpen(
  windowId: number,
  env: { area: SessionArea | null; sidebarIsOpen?: ((details: { windowId: number }) => Promise<boolean>) | null },
): Promise<boolean> {
  if (env.sidebarIsOpen) {
    try {
      return await env.sidebarIsOpen({ windowId });
    } catch {
      // An older Firefox without isOpen: Gloss's own record below.
    }
  }
  if (!env.area) return false;
  return isRecord((await env.area.get(panelOpenKey(windowId)))[panelOpenKey(windowId)]);
}

/** Windows in which Gloss's record says its panel is open. */
export async function panelOpenWindows(area: SessionArea): Promise<number[]> {
  const all = await area.get(null);
  return Object.entries(all)
    .filter(([k, v]) => k.startsWith(PANEL_OPEN_PREFIX) && isRecord(v))
    .map(([k]) => Number(k.slice(PANEL_OPEN_PREFIX.length)))
    .filter((n) => Number.isInteger(n))
    .sort((a, b) => a - b);
}

/**
 * Checks Gloss's record of open panels when the service worker starts again: a panel
 * that went without a word (its pagehide write lost) must not stay recorded. Where the
 * browser says no side panel of Gloss's is open at all (Chrome's `runtime.getContexts`,
 * `panelCount` 0), every record goes at once. Otherwise a roll call is written to
 * session storage; every open panel answers by writing its record again (see
 * keepPanelPresence), and after `wait` the records older than the call that did not
 * answer are removed. Resolves with the windows recorded open afterwards.
 */
export async function reconcilePanelState(
  area: SessionArea,
  env: { panelCount: number | null; wait: () => Promise<void>; now?: () => number; nonce?: string },
): Promise<number[]> {
  const recorded = await panelOpenWindows(area);
  if (recorded.length === 0) return [];
  if (env.panelCount === 0) {
    await area.remove(recorded.map(panelOpenKey));
    return [];
  }
  const now = env.now ?? Date.now;
  const nonce = env.nonce ?? `${now()}-${Math.random().toString(36).slice(2)}`;
  const calledAt = now();
  await area.set({ [PANEL_ROLL_CALL_KEY]: nonce });
  await env.wait();
  const all = await area.get(recorded.map(panelOpenKey));
  const silent = recorded.filter((w) => {
    const r = all[panelOpenKey(w)];
    return isRecord(r) && r.answered !== nonce && r.openedAt <= calledAt;
  });
  if (silent.length) await area.remove(silent.map(panelOpenKey));
  return panelOpenWindows(area);
}

export interface PanelPresenceEnv {
  area: SessionArea;
  windowId: number;
  /** This panel instance (a fresh random id per page load). */
  token: string;
  /** Registers the page's `pagehide`; returns a remover. */
  onPageHide(cb: () => void): () => void;
  /** Calls `cb` with each roll call the background writes (PANEL_ROLL_CALL_KEY); returns a remover. */
  onRollCall(cb: (nonce: string) => void): () => void;
  /** Where a failed write is reported (it is never swallowed). */
  onError(err: unknown): void;
}

/**
 * Run by the panel host (entrypoints/sidepanel): records the panel open in its window,
 * answers the background's roll calls (see reconcilePanelState), and records it closed
 * when the page goes. Returns a stop function that also records it closed.
 */
export function keepPanelPresence(env: PanelPresenceEnv): () => void {
  let stopped = false;
  const openedAt = Date.now();
  recordPanelOpen(env.area, env.windowId, env.token, openedAt).catch(env.onError);
  const offRollCall = env.onRollCall((nonce) => {
    if (!stopped) recordPanelOpen(env.area, env.windowId, env.token, openedAt, nonce).catch(env.onError);
  });
  const stop = () => {
    if (stopped) return;
    stopped = true;
    offHide();
    offRollCall();
    // Sent at once, after the open record (calls from one page arrive in order).
    recordPanelClosed(env.area, env.windowId).catch(env.onError);
  };
  const offHide = env.onPageHide(stop);
  return stop;
}
