import { browser } from 'wxt/browser';
import { keepPanelPresence, PANEL_ROLL_CALL_KEY, type SessionArea } from '@/utils/panel-open-state';

/**
 * Records this side panel open for its window in `storage.session` (closed on pagehide);
 * see utils/panel-open-state.ts. Does nothing where the browser has no session storage.
 */
export function startPanelPresence(win: Window = window): void {
  const area = (browser.storage as unknown as { session?: SessionArea }).session;
  if (!area || !browser.windows?.getCurrent) return;
  const onError = (err: unknown) => console.error('Gloss: could not record the journal panel as open or closed', err);
  browser.windows.getCurrent().then((w) => {
    if (w.id == null) return;
    keepPanelPresence({
      area,
      windowId: w.id,
      token: crypto.randomUUID(),
      onPageHide(cb) {
        win.addEventListener('pagehide', cb);
        return () => win.removeEventListener('pagehide', cb);
      },
      onRollCall(cb) {
        const listener = (changes: Record<string, { newValue?: unknown }>, areaName: string) => {
          const nonce = changes[PANEL_ROLL_CALL_KEY]?.newValue;
          if (areaName === 'session' && typeof nonce === 'string') cb(nonce);
        };
        browser.storage.onChanged.addListener(listener);
        return () => browser.storage.onChanged.removeListener(listener);
      },
      onError,
    });
  }, onError);
}
