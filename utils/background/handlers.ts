import type { Browser } from 'wxt/browser';
import type { ColorId } from '../store/schema';
import { contentMessenger } from '../messaging/protocol';

export const CONTEXT_MENU_ID = 'gloss-highlight-selection';
export const HIGHLIGHT_COMMAND = 'highlight-selection';

type Send = (tabId: number, color: ColorId | null) => Promise<unknown>;

const defaultSend: Send = (tabId, color) => contentMessenger.sendMessage('highlightSelection', { color }, tabId);

/**
 * Keyboard shortcut handler: highlights the selection in the active tab.
 * Returns false when there is no tab to act on (e.g. a browser page).
 */
export async function onHighlightCommand(
  command: string,
  tab: Browser.tabs.Tab | undefined,
  send: Send = defaultSend,
): Promise<boolean> {
  if (command !== HIGHLIGHT_COMMAND || tab?.id == null) return false;
  await send(tab.id, null);
  return true;
}

/** Context-menu handler for "Highlight with Gloss". */
export async function onContextMenuClick(
  info: { menuItemId: string | number },
  tab: Browser.tabs.Tab | undefined,
  send: Send = defaultSend,
): Promise<boolean> {
  if (info.menuItemId !== CONTEXT_MENU_ID || tab?.id == null) return false;
  await send(tab.id, null);
  return true;
}
