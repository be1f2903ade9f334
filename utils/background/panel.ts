import type { Browser } from 'wxt/browser';
import { openSidePanel, type SidePanelApi } from '../side-panel';
import { reconcilePanelState, type SessionArea } from '../panel-open-state';

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
export type GetContexts = (filter: { contextTypes: string[] }) => Promise<Array<{ windowId?: number }>>;

/**
 * When the service worker starts: brings Gloss's record of open panels in line with the
 * side panels Chrome has open (`runtime.getContexts`). Where the browser cannot say
 * (Firefox, which answers `sidebarAction.isOpen` when asked), the record stays as it is.
 * Resolves with the windows recorded open, or null when not reconciled.
 */
export async function resyncPanelState(area: SessionArea, getContexts: GetContexts | null): Promise<number[] | null> {
  if (!getContexts) return null;
  const contexts = await getContexts({ contextTypes: ['SIDE_PANEL'] });
  const windows = [...new Set(contexts.map((c) => c.windowId).filter((w): w is number => typeof w === 'number' && w >= 0))];
  return reconcilePanelState(area, windows);
}
