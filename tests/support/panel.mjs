// Driving Gloss's real side panel in Chromium. Playwright does not list the side panel
// as a page, so it is found among the browser's CDP targets and driven through a CDP
// session attached to it: evaluate in it, wait in it, press keys in it.
import { serviceWorker } from './browser.mjs';
import { attachToTarget } from './cdp-target.mjs';

/**
 * Attaches to the first CDP target of type page whose URL matches `urlRe` (waiting up to
 * `timeout`). `page` is any Playwright page of the context (its CDP session is used).
 * Returns { evaluate(fn, arg), waitFor(fn, what, timeout), send(method, params), url(), detach() }.
 */
export async function attachTarget(context, page, urlRe, timeout = 5000) {
  const cdp = await context.newCDPSession(page);
  const find = async () => (await cdp.send('Target.getTargets')).targetInfos.find((t) => t.type === 'page' && urlRe.test(t.url));
  let target = null;
  const end = Date.now() + timeout;
  while (!(target = await find())) {
    if (Date.now() > end) throw new Error(`no target matching ${urlRe}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const { send, evaluate } = await attachToTarget(cdp, target, { userGesture: true });
  return {
    evaluate,
    send,
    async url() {
      return (await cdp.send('Target.getTargets')).targetInfos.find((t) => t.targetId === target.targetId)?.url ?? null;
    },
    async isOpen() {
      return (await cdp.send('Target.getTargets')).targetInfos.some((t) => t.targetId === target.targetId);
    },
    async waitFor(fn, what, ms = 10000, arg) {
      const stop = Date.now() + ms;
      let last;
      for (;;) {
        last = await evaluate(fn, arg).catch((err) => `error: ${err.message}`);
        if (last && !(typeof last === 'string' && last.startsWith('error: '))) return last;
        if (Date.now() > stop) throw new Error(`Timed out waiting in the side panel for ${what} (last: ${JSON.stringify(last)})`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async detach() {
      await cdp.detach().catch(() => {});
    },
  };
}

/** Whether a side-panel target (sidepanel.html) exists now. */
export async function sidePanelOpen(context, page) {
  const cdp = await context.newCDPSession(page);
  const open = (await cdp.send('Target.getTargets')).targetInfos.some((t) => t.type === 'page' && /\/sidepanel\.html/.test(t.url));
  await cdp.detach().catch(() => {});
  return open;
}

/**
 * Opens Gloss's real side panel for `page` the way the reader does from the popup: the
 * popup (opened as a tab for the page's tab) gets a real click on "Open beside the page",
 * whose handler calls chrome.sidePanel.open within that user gesture. Returns the
 * attached panel (see attachTarget).
 */
export async function openSidePanelFromPopup(context, extensionId, page, tabId) {
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tabId=${tabId}`);
  await popup.waitForSelector('html[data-gloss-ready="1"]');
  await popup.getByRole('button', { name: 'Open beside the page' }).click();
  const panel = await attachTarget(context, page, /^chrome-extension:\/\/[^/]+\/sidepanel\.html$/);
  await popup.close();
  await page.bringToFront();
  await panel.waitFor(() => document.documentElement.dataset.glossReady === '1', 'the panel journal');
  return panel;
}

/** The service worker, for reading storage in tests. */
export { serviceWorker };
