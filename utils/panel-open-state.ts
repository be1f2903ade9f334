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

/** What one open panel stores: which panel instance, since when. */
export interface PanelOpenRecord {
  token: string;
  openedAt: number;
}

export const PANEL_OPEN_PREFIX = 'panelOpen:';

export const panelOpenKey = (windowId: number) => `${PANEL_OPEN_PREFIX}${windowId}`;

const isRecord = (v: unknown): v is PanelOpenRecord =>
  !!v && typeof v === 'object' && typeof (v as PanelOpenRecord).token === 'string' && typeof (v as PanelOpenRecord).openedAt === 'number';

/** Records the panel instance `token` as open in `windowId` (a newer instance replaces an older one). */
export function recordPanelOpen(area: SessionArea, windowId: number, token: string, now = Date.now()): Promise<void> {
  return area.set({ [panelOpenKey(windowId)]: { token, openedAt: now } satisfies PanelOpenRecord });
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
 * Brings Gloss's record in line with the windows where the browser says the panel is
 * open (Chrome's `runtime.getContexts` SIDE_PANEL contexts), e.g. when the service worker
 * starts again: records of panels that went without a word are removed, panels the record
 * missed are added. Resolves with the windows recorded open afterwards.
 */
export async function reconcilePanelState(area: SessionArea, live: number[], now = Date.now()): Promise<number[]> {
  const recorded = await panelOpenWindows(area);
  const gone = recorded.filter((w) => !live.includes(w));
  const missing = live.filter((w) => !recorded.includes(w));
  if (gone.length) await area.remove(gone.map(panelOpenKey));
  if (missing.length) await area.set(Object.fromEntries(missing.map((w) => [panelOpenKey(w), { token: 'seen-by-browser', openedAt: now }])));
  return [...live].sort((a, b) => a - b);
}

export interface PanelPresenceEnv {
  area: SessionArea;
  windowId: number;
  /** This panel instance (a fresh random id per page load). */
  token: string;
  /** Registers the page's `pagehide`; returns a remover. */
  onPageHide(cb: () => void): () => void;
  /** Where a failed write is reported (it is never swallowed). */
  onError(err: unknown): void;
}

/**
 * Run by the panel host (entrypoints/sidepanel): records the panel open in its window and
 * records it closed when the page goes. Returns a stop function that also records it closed.
 */
export function keepPanelPresence(env: PanelPresenceEnv): () => void {
  let stopped = false;
  recordPanelOpen(env.area, env.windowId, env.token).catch(env.onError);
  const stop = () => {
    if (stopped) return;
    stopped = true;
    offHide();
    // Sent at once, after the open record (calls from one page arrive in order).
    recordPanelClosed(env.area, env.windowId).catch(env.onError);
  };
  const offHide = env.onPageHide(stop);
  return stop;
}
