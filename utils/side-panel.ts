import { browser } from 'wxt/browser';
import { t } from './i18n';

/** The side-panel APIs of Chrome (`sidePanel`) and Firefox (`sidebarAction`), as Gloss uses them. */
export interface SidePanelApi {
  sidePanel?: { open(options: { tabId?: number; windowId?: number }): Promise<void> };
  sidebarAction?: { open(): Promise<void> };
}

/**
 * Opens Gloss's side panel (Chrome's side panel, Firefox's sidebar) for a tab or window.
 * Browsers allow it only in answer to a user gesture: call it synchronously from the
 * click, command or menu handler, before any `await`. Rejects with a plain message where
 * the browser has no side panel.
 */
export function openSidePanel(
  target: { tabId?: number | null; windowId?: number | null },
  api: SidePanelApi = browser as unknown as SidePanelApi,
): Promise<void> {
  if (api.sidePanel?.open) {
    return api.sidePanel.open(target.windowId != null ? { windowId: target.windowId } : { tabId: target.tabId ?? undefined });
  }
  if (api.sidebarAction?.open) return api.sidebarAction.open();
  return Promise.reject(new Error(t('journalPanelUnavailable')));
}
