import { browser } from 'wxt/browser';
import { keepPanelPresence, PANEL_ROLL_CALL_KEY, type SessionArea } from '@/utils/panel-open-state';
import { onStoredKey, type ChangeSource } from '@/utils/store/watch';

/**
 * Records this side panel open for its window in `storage.session` (closed on pagehide);
 * see utils/panel-open-state.ts. Does nothing where the browser has no session storage.
 */
export function startPanelPresence(win: Window = window): void {
  const area = (browser.storage as unknown as { session?: SessionArea & ChangeSource }).session;
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
      onRollCall: (cb) => onStoredKey(area, PANEL_ROLL_CALL_KEY, (nonce) => typeof nonce === 'string' && cb(nonce)),
      onError,
    });
  }, onError);
}
