// Private windows (issue 13): Gloss does not run there, and nothing read there is stored.
// Chromium: a page opened in an off-the-record browser context (CDP
// Target.createBrowserContext, what a private window is to the browser) gets no Gloss
// content script, Gloss's own pages do not open there, the background sees no private tab,
// and storage gains nothing. The same check on a normal tab must find Gloss's content
// script, so the test proves its detector works before trusting its "none".
// Firefox: the built MV2 manifest says `incognito: "not_allowed"`, Firefox reports the
// add-on as not allowed in private windows, and a real private window's tab is invisible
// to Gloss (no window, no tab, no content script).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { EXTENSION_DIR, launch, serviceWorker } from '../support/browser.mjs';
import { startServer } from '../support/server.mjs';
import { selectText, until, waitForContentScript } from '../support/gloss.mjs';
import { selectedBrowsers } from '../support/driver.mjs';

const PAGE = (title) => `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>
<article><h1>${title}</h1>
<p>A reader opens this essay in a private window and expects the browser to forget it afterwards.</p>
<h2>Second section</h2>
<p>Another paragraph with enough words to select a passage and try to highlight it here.</p>
</article></body></html>`;

/**
 * The JavaScript worlds Gloss's content script created in `page`: CDP's isolated
 * execution contexts whose origin is the extension (Runtime.enable reports every existing
 * context first).
 */
async function glossWorlds(context, page, extensionId) {
  const cdp = await context.newCDPSession(page);
  const worlds = [];
  cdp.on('Runtime.executionContextCreated', ({ context: c }) => {
    if (c.auxData?.type === 'isolated' && c.origin === `chrome-extension://${extensionId}`) worlds.push(c.name);
  });
  await cdp.send('Runtime.enable');
  await new Promise((r) => setTimeout(r, 300));
  await cdp.detach();
  return worlds;
}

test('Chromium: Gloss does not run in a private (off-the-record) context and stores nothing from it', async (t) => {
  const server = await startServer({ routes: { '/normal': { body: PAGE('Normal essay') }, '/private-essay': { body: PAGE('Private essay') } } });
  const b = await launch({ extension: true, extraArgs: ['--remote-debugging-port=0'] });
  let cdpBrowser = null;
  t.after(async () => {
    await cdpBrowser?.close().catch(() => {});
    await b.close();
    await server.close();
  });
  const manifest = JSON.parse(readFileSync(path.join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
  assert.equal(manifest.incognito, 'not_allowed', 'the built manifest keeps Gloss out of private windows');
  const worker = await serviceWorker(b.context);
  const id = b.extensionId;

  // Control: on a normal tab the detector finds Gloss's content script.
  const normal = await b.context.newPage();
  await normal.goto(server.url('/normal'));
  await waitForContentScript(b.context, normal);
  assert.ok((await glossWorlds(b.context, normal, id)).length >= 1, 'the detector sees Gloss on a normal tab');

  // A private context in the same browser, reached over CDP.
  const port = readFileSync(path.join(b.userDataDir, 'DevToolsActivePort'), 'utf8').split('\n')[0];
  cdpBrowser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const priv = await cdpBrowser.newContext();
  const page = await priv.newPage();
  await page.goto(server.url('/private-essay'));
  await page.waitForLoadState('load');
  // The content script loads at document_idle: give it far more than it needs.
  await page.waitForTimeout(2000);
  // The reader selects a passage and presses the highlight shortcut as they would.
  await selectText(page, 'expects the browser to forget it', 'article');
  await page.keyboard.press('Alt+Shift+H');
  await page.waitForTimeout(500);
  assert.deepEqual(await glossWorlds(priv, page, id), [], 'no Gloss content script in the private context');
  assert.equal(await page.evaluate(() => (CSS.highlights ? CSS.highlights.size : 0)), 0, 'nothing painted');

  // Gloss's own pages do not open in the private context.
  const own = await priv.newPage();
  const opened = await own
    .goto(`chrome-extension://${id}/popup.html`, { timeout: 10000 })
    .then(() => own.evaluate(() => document.documentElement.dataset.glossReady ?? null).catch(() => null))
    .catch((err) => `refused: ${String(err.message).split('\n')[0]}`);
  assert.ok(opened === null || String(opened).startsWith('refused'), `the popup does not run in the private context (${opened})`);

  // The background sees only the normal tab; storage holds nothing from the private page.
  const tabs = await worker.evaluate(async () => (await chrome.tabs.query({})).map((tab) => ({ incognito: tab.incognito })));
  assert.ok(tabs.length >= 1, 'the background sees the normal tab');
  assert.ok(tabs.every((tab) => !tab.incognito), `no private tab is visible to Gloss: ${JSON.stringify(tabs)}`);
  const stored = JSON.stringify(await worker.evaluate(() => chrome.storage.local.get(null)));
  assert.ok(!stored.includes('private-essay') && !stored.includes('Private essay'), 'nothing from the private page is stored');
});

test('Firefox: Gloss is not allowed in private windows and cannot see them', { skip: !selectedBrowsers().includes('firefox') && 'Firefox leg not selected' }, async (t) => {
  const { launchFirefox, FIREFOX_EXTENSION_DIR, GECKO_ID } = await import('../support/firefox.mjs');
  const manifest = JSON.parse(readFileSync(path.join(FIREFOX_EXTENSION_DIR, 'manifest.json'), 'utf8'));
  assert.equal(manifest.manifest_version, 2);
  assert.equal(manifest.incognito, 'not_allowed', 'the built Firefox manifest keeps Gloss out of private windows');
  const server = await startServer({ routes: { '/private-essay': { body: PAGE('Private essay') } } });
  const ff = await launchFirefox();
  t.after(async () => {
    await ff.close();
    await server.close();
  });
  // What Firefox itself decided for the installed add-on (about:addons shows no
  // "Run in Private Windows" choice for it).
  const policy = JSON.parse(
    await ff.chromeEval(`(async () => {
      const { AddonManager } = ChromeUtils.importESModule('resource://gre/modules/AddonManager.sys.mjs');
      const addon = await AddonManager.getAddonByID(${JSON.stringify(GECKO_ID)});
      const p = WebExtensionPolicy.getByID(${JSON.stringify(GECKO_ID)});
      return JSON.stringify({ active: p?.active ?? null, privateBrowsingAllowed: p?.privateBrowsingAllowed ?? null, incognito: addon?.incognito ?? null });
    })()`),
  );
  assert.deepEqual(policy, { active: true, privateBrowsingAllowed: false, incognito: 'not_allowed' });

  // Gloss's view of the browser: its library page (opened first, in the normal window:
  // extension pages are opened from the most recent window) asks for every window and tab.
  const { openFirefoxExtensionPage } = await import('../support/firefox.mjs');
  const library = await openFirefoxExtensionPage(ff, `${ff.extensionOrigin}/library.html`);

  // A real private window with the essay in it.
  const url = server.url('/private-essay');
  const privateOpen = await ff.chromeEval(`(async () => {
    const w = Services.wm.getMostRecentWindow('navigator:browser');
    const pw = w.OpenBrowserWindow({ private: true });
    await new Promise((r) => pw.addEventListener('load', r, { once: true }));
    await new Promise((r) => setTimeout(r, 500));
    const tab = pw.gBrowser.addTab(${JSON.stringify(url)}, { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });
    pw.gBrowser.selectedTab = tab;
    // Loaded, then the content script's document_idle and more (a loaded machine is slow).
    for (let i = 0; i < 100 && tab.linkedBrowser.currentURI.spec !== ${JSON.stringify(url)}; i++) await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 2000));
    return JSON.stringify({ private: PrivateBrowsingUtils.isWindowPrivate(pw), url: tab.linkedBrowser.currentURI.spec });
  })()`);
  assert.deepEqual(JSON.parse(privateOpen), { private: true, url }, 'the essay is open in a private window');
  // (A string: only the page's own scope has the extension's `browser` API.)
  const seen = JSON.parse(
    await library.evaluate(`browser.windows.getAll({ populate: true }).then((ws) => JSON.stringify({
      windows: ws.map((w) => w.incognito),
      tabs: ws.flatMap((w) => w.tabs.map((tab) => tab.incognito)),
    }))`),
  );
  assert.ok(seen.windows.length >= 1, 'Gloss sees the normal window');
  assert.ok(seen.windows.every((p) => !p) && seen.tabs.every((p) => !p), `no private window or tab visible to Gloss: ${JSON.stringify(seen)}`);
  const stored = await library.evaluate(`browser.storage.local.get(null).then((v) => JSON.stringify(v))`);
  assert.ok(!stored.includes('private-essay'), 'nothing from the private window is stored');
});
