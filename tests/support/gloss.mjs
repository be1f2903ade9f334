// Helpers for driving Gloss in real Chromium: find a page's tab id, open the popup for
// it, select text the way a reader would, and read what is painted.
import { launch, serviceWorker } from './browser.mjs';
import { startServer } from './server.mjs';
import { selectInPage } from './page-fns.mjs';
import { attachToTarget } from './cdp-target.mjs';
import { ui } from './overlay.mjs';

/**
 * Chrome tab id of a Playwright page. Gloss has no "tabs" permission, so tab URLs are
 * hidden from it; the page is brought to the front and the active tab is asked for.
 */
export async function tabIdOf(context, page) {
  const worker = await serviceWorker(context);
  const own = page.url().startsWith('chrome-extension://');
  for (let i = 0; i < 50; i++) {
    // A tab Gloss opens itself (the welcome page, on install) can take the focus at any
    // moment: the page is brought to the front again until it is the active tab.
    await page.bringToFront();
    const tab = await worker.evaluate(async () => {
      const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      return tab ? { id: tab.id, url: tab.url ?? null, pending: tab.pendingUrl ?? null } : null;
    });
    // Gloss sees the URLs of its own pages only: a web page's tab shows none, while a tab of
    // Gloss's (even still loading, with only a pending URL) shows its own.
    const ours = own ? tab?.url === page.url() : tab && (tab.url === page.url() || (tab.url == null && tab.pending == null));
    if (ours) return tab.id;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`No tab id for ${page.url()}`);
}

/** Waits until Gloss's content script answers in `page` (it loads at document_idle). */
export async function waitForContentScript(context, page) {
  const worker = await serviceWorker(context);
  const tabId = await tabIdOf(context, page);
  for (let i = 0; i < 100; i++) {
    const ok = await worker.evaluate(async (id) => {
      try {
        // getDiagnostics does no work in the page (unlike getPageInfo, which detects the outline).
        const r = await chrome.tabs.sendMessage(id, { gloss: 1, type: 'getDiagnostics', data: {} });
        return !!r?.ok;
      } catch {
        return false;
      }
    }, tabId);
    if (ok) return tabId;
    await new Promise((r) => setTimeout(r, 100));
  }
  const tabs = await worker.evaluate(async () => (await chrome.tabs.query({})).map((t) => `${t.id}${t.active ? '*' : ''} ${t.url ?? '(page)'} ${t.status}`));
  throw new Error(`Gloss content script did not answer in tab ${tabId} (tabs: ${tabs.join(', ')})`);
}

/** Opens the popup as a tab for `tabId` and waits for its first render with data. */
export async function openPopup(context, extensionId, tabId) {
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tabId=${tabId}`);
  await popup.waitForSelector('html[data-gloss-ready="1"]');
  return popup;
}

/**
 * Opens Gloss's real toolbar popup for `page` the way a click on the toolbar button does
 * (chrome.action.openPopup from the service worker, with `page` the active tab), so the
 * popup finds its tab itself (no ?tabId). Playwright does not list extension popups as
 * pages, so the popup is driven through CDP. Returns
 * { evaluate(fn, arg), waitFor(fn, what, timeout), close() }; `fn` (a function or its
 * source) runs in the popup.
 */
export async function openToolbarPopup(context, page) {
  const worker = await serviceWorker(context);
  await page.bringToFront();
  const cdp = await context.newCDPSession(page);
  const popupTarget = async () =>
    (await cdp.send('Target.getTargets')).targetInfos.find((t) => t.type === 'page' && /^chrome-extension:\/\/[^/]+\/popup\.html$/.test(t.url));
  const opened = await worker.evaluate(() => chrome.action.openPopup().then(() => null, (err) => err.message));
  if (opened) throw new Error(`chrome.action.openPopup failed: ${opened}`);
  let target = null;
  for (let i = 0; i < 250 && !target; i++) {
    target = await popupTarget();
    if (!target) await new Promise((r) => setTimeout(r, 20));
  }
  if (!target) throw new Error('the toolbar popup did not open');
  const { evaluate } = await attachToTarget(cdp, target, { label: 'in the popup' });
  return {
    evaluate,
    async waitFor(fn, what, timeout = 15000) {
      const end = Date.now() + timeout;
      for (;;) {
        const v = await evaluate(fn).catch(() => null);
        if (v) return v;
        if (Date.now() > end) throw new Error(`Timed out waiting in the toolbar popup for ${what}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async close() {
      await evaluate(() => window.close()).catch(() => {});
      for (let i = 0; i < 250 && (await popupTarget()); i++) await new Promise((r) => setTimeout(r, 20));
      await cdp.detach().catch(() => {});
    },
  };
}

/**
 * Opens `url` in a new tab, waits for the content script, highlights `text` (the first
 * occurrence inside `within`) with the toolbar's Highlight button and waits until that
 * one highlight is painted. Returns { page, tabId }.
 */
export async function openAndHighlight(context, url, text, within = 'body') {
  const page = await context.newPage();
  await page.goto(url);
  const tabId = await waitForContentScript(context, page);
  await selectText(page, text, within);
  await ui(page).getByRole('button', { name: 'Highlight', exact: true }).click();
  await until(async () => (await paintedTotal(page)) === 1, 'a highlight');
  return { page, tabId };
}

/** Headings the popup lists, intro excluded. */
export async function popupHeadings(popup) {
  const all = await popup.locator('.section .heading-text').allTextContents();
  return all.filter((t) => t !== 'Introduction');
}

/**
 * Selects the first occurrence of `text` inside the element matching `within` and
 * releases Shift as a reader selecting by keyboard would, which shows Gloss's toolbar.
 */
export async function selectText(page, text, within = 'body') {
  const found = await page.evaluate(selectInPage, { text, within });
  if (!found) throw new Error(`Text not found on the page: ${text}`);
  // Gloss ignores events a page script makes; releasing Shift (a real key event, as after
  // a Shift+arrow selection) tells it the selection is done.
  await page.keyboard.press('Shift');
}

/** Number of ranges painted in each Gloss highlight colour (CSS Custom Highlight API). */
export async function painted(page) {
  return page.evaluate(() => {
    const out = {};
    for (const [name, h] of CSS.highlights) if (name.startsWith('gloss-')) out[name] = h.size;
    return out;
  });
}

/** Total painted Gloss highlights (flash excluded). */
export async function paintedTotal(page) {
  const p = await painted(page);
  return Object.entries(p)
    .filter(([k]) => k !== 'gloss-flash')
    .reduce((a, [, v]) => a + v, 0);
}

/** Waits until `fn()` is truthy (polling), or throws with `what`. */
export async function until(fn, what, timeout = 5000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

/** The content script's work counters for the tab (see ContentProtocol.getDiagnostics). */
export async function diagnostics(context, tabId) {
  const worker = await serviceWorker(context);
  const r = await worker.evaluate((id) => chrome.tabs.sendMessage(id, { gloss: 1, type: 'getDiagnostics', data: {} }), tabId);
  if (!r?.ok) throw new Error(`getDiagnostics failed: ${r?.error}`);
  return r.value;
}

/**
 * Serves `routes` on 127.0.0.1 and starts Chromium with Gloss in a fresh profile; both
 * are closed when test `t` ends (closing also checks that Gloss made no network request).
 */
export async function glossSession(t, routes) {
  const server = await startServer({ routes });
  const b = await launch({ extension: true });
  t.after(async () => {
    await b.close();
    await server.close();
  });
  return { server, b };
}

/**
 * Opens the journal section headed `heading` in a popup or panel page (sections other
 * than the one being read are collapsed to one line) and returns the section's locator.
 */
export async function openSection(popup, heading) {
  const section = popup.locator('.section', { has: popup.locator('.heading-text', { hasText: heading }) }).first();
  const toggle = section.locator('.section-toggle');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  return section;
}

/** The reflection box of the section headed `heading`, its section opened first. */
export async function reflectionBox(popup, heading) {
  await openSection(popup, heading);
  return popup.getByRole('textbox', { name: `Reflection on ${heading}` });
}

/** Stops Gloss's running service worker (CDP ServiceWorker.stopWorker), as Chrome does when it is idle. */
export async function stopWorker(b, somePage) {
  const cdp = await b.context.newCDPSession(somePage);
  const running = [];
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => running.push(...e.versions.filter((v) => v.runningStatus === 'running')));
  await cdp.send('ServiceWorker.enable');
  await until(() => running.length > 0, 'a running worker');
  await cdp.send('ServiceWorker.stopWorker', { versionId: running.at(-1).versionId });
  await cdp.detach();
}
