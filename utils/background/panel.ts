import type { Browser } from 'wxt/browser';
import { openSidePanel, type SidePanelApi } from '../side-panel';
import { reconcilePanelState, recordPanelClosed, recordPanelOpen, type SessionArea } from '../panel-open-state';

export const OPEN_JOURNAL_COMMAND = 'open-journal';
export const REFLECT_MENU_ID = 'gloss-reflect-on-section';

export interface PanelOpenEnv {
  api?: SidePanelApi;
  /** Records a reflect request for the panel (storage.session); may be missing (older Firefox). */
  requestReflect?: (at: number) => Promise<void>;
  /** Whether Gloss's panel is already open in a window (utils/panel-open-state.ts). */
  isPanelOpen?: (windowId: number) => Promise<boolean>;
  now?: () => number;
}

/**
 * Opens the side panel for the tab's window: the keyboard command ("open-journal") and
 * the "Reflect on this section" menu item. Synchronous up to the open call, as browsers
 * allow the panel to open only within the user gesture. The menu item also asks the panel
 * to focus the reflection of the section being read, and so does the command when the
 * panel was already open in the window (the second press of the shortcut). Returns null
 * when the event is not Gloss's panel's, else the opening (rejects with the browser's reason).
 */
export function openPanelFrom(
  trigger: { command: string } | { menuItemId: string | number },
  tab: Browser.tabs.Tab | undefined,
  env: PanelOpenEnv = {},
): Promise<void> | null {
  const isCommand = 'command' in trigger && trigger.command === OPEN_JOURNAL_COMMAND;
  const isMenu = 'menuItemId' in trigger && trigger.menuItemId === REFLECT_MENU_ID;
  if (!isCommand && !isMenu) return null;
  // Asked before the open call, so it answers for the window as it was.
  const wasOpen = isCommand && tab?.windowId != null && env.isPanelOpen ? env.isPanelOpen(tab.windowId).catch(() => false) : null;
  const opening = openSidePanel({ windowId: tab?.windowId ?? null, tabId: tab?.id ?? null }, env.api);
  const reflect = env.requestReflect;
  if (!reflect) return opening;
  const now = env.now ?? Date.now;
  if (isMenu) return Promise.all([opening, reflect(now())]).then(() => undefined);
  if (wasOpen) return Promise.all([opening, wasOpen.then((open) => (open ? reflect(now()) : undefined))]).then(() => undefined);
  return opening;
}

/** Chrome's view of its extension contexts (`runtime.getContexts`, Chrome 116+). */
export type GetContexts = (filter: { contextTypes: string[] }) => Promise<unknown[]>;

/**
 * When the service worker starts: checks Gloss's record of open panels (see
 * reconcilePanelState): Chrome's count of Gloss's side panels when it can give one
 * (`runtime.getContexts`, whose side-panel contexts carry no window), else a roll call
 * the open panels answer within `waitMs`. Resolves with the windows recorded open.
 */
export async function resyncPanelState(area: SessionArea, getContexts: GetContexts | null, waitMs = 1500): Promise<number[]> {
  const panelCount = getContexts ? (await getContexts({ contextTypes: ['SIDE_PANEL'] }).catch(() => null))?.length ?? null : null;
  return reconcilePanelState(area, { panelCount, wait: () => new Promise((r) => setTimeout(r, waitMs)) });
}

/** Chrome's side-panel events (Chrome 141+ onOpened, 142+ onClosed), as Gloss uses them. */
export interface SidePanelEvents {
  onOpened?: { addListener(cb: (info: { windowId: number }) => void): void };
  onClosed?: { addListener(cb: (info: { windowId: number }) => void): void };
}

/**
 * Keeps Gloss's per-window record in step with Chrome's own side-panel events, which
 * reach the service worker even when the panel closes too fast to write its own record
 * (a closing page's last storage call can be lost). Registered at the worker's start.
 */
export function watchPanelEvents(area: SessionArea, events: SidePanelEvents | undefined, onError: (err: unknown) => void, now = Date.now): void {
  events?.onOpened?.addListener(({ windowId }) => void recordPanelOpen(area, windowId, 'browser', now()).catch(onError));
  events?.onClosed?.addListener(({ windowId }) => void recordPanelClosed(area, windowId).catch(onError));
}
