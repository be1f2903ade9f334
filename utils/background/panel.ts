import type { Browser } from 'wxt/browser';
import { openSidePanel, type SidePanelApi } from '../side-panel';

export const OPEN_JOURNAL_COMMAND = 'open-journal';
export const REFLECT_MENU_ID = 'gloss-reflect-on-section';

export interface PanelOpenEnv {
  api?: SidePanelApi;
  /** Records a reflect request for the panel (storage.session); may be missing (older Firefox). */
  requestReflect?: (at: number) => Promise<void>;
  now?: () => number;
}

/**
 * Opens the side panel for the tab's window: the keyboard command ("open-journal") and
 * the "Reflect on this section" menu item. Synchronous up to the open call, as browsers
 * allow the panel to open only within the user gesture. The menu item also asks the panel
 * to focus the reflection of the section being read. Returns null when the event is not
 * Gloss's panel's, else the opening (rejects with the browser's reason).
 */
export function openPanelFrom(
  trigger: { command: string } | { menuItemId: string | number },
  tab: Browser.tabs.Tab | undefined,
  env: PanelOpenEnv = {},
): Promise<void> | null {
  const isCommand = 'command' in trigger && trigger.command === OPEN_JOURNAL_COMMAND;
  const isMenu = 'menuItemId' in trigger && trigger.menuItemId === REFLECT_MENU_ID;
  if (!isCommand && !isMenu) return null;
  const opening = openSidePanel({ windowId: tab?.windowId ?? null, tabId: tab?.id ?? null }, env.api);
  if (isMenu && env.requestReflect) return Promise.all([opening, env.requestReflect((env.now ?? Date.now)())]).then(() => undefined);
  return opening;
}
