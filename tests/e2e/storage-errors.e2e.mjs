// A storage failure is retried, then shown to the reader — in the popup and on the page —
// and never swallowed; once storage works again, saving resumes.
import test from 'node:test';
import assert from 'node:assert/strict';
import { serviceWorker } from '../support/browser.mjs';
import { openPopup, paintedTotal, selectText, until, waitForContentScript, glossSession } from '../support/gloss.mjs';
import { ui } from '../support/overlay.mjs';

const PAGE = `<!doctype html><html><head><title>Storage trouble</title></head><body><article><h1>Storage trouble</h1>
<h2>Only section</h2><p>${'A sentence about keeping things safe when the disk is full. '.repeat(10)}</p></article></body></html>`;

test('storage errors are retried, then shown; saving resumes afterwards', async (t) => {
  const { server, b } = await glossSession(t, { '/trouble': { body: PAGE } });
  const page = await b.context.newPage();
  await page.goto(server.url('/trouble'));
  const tabId = await waitForContentScript(b.context, page);
  const worker = await serviceWorker(b.context);
  // Storage starts failing (as when the disk is full) for writes made by the background.
  await worker.evaluate(() => {
    globalThis.__realSet = chrome.storage.local.set;
    globalThis.__attempts = 0;
    chrome.storage.local.set = async () => {
      globalThis.__attempts++;
      throw new Error('QUOTA_BYTES quota exceeded (simulated)');
    };
  });

  const popup = await openPopup(b.context, b.extensionId, tabId);
  await popup.getByRole('textbox', { name: 'Reflection on Only section' }).fill('Will this be saved?');
  const alert = popup.getByRole('alert').first();
  await alert.waitFor({ timeout: 10000 });
  assert.match(await alert.textContent(), /Not saved yet: Could not save your reflection: .*QUOTA_BYTES quota exceeded \(simulated\).*Your text stays here/);
  assert.ok((await worker.evaluate(() => globalThis.__attempts)) >= 3, 'the write was retried before giving up');

  // On the page: a highlight that cannot be saved says so and is not left painted.
  await selectText(page, 'A sentence about keeping things safe', 'article');
  await ui(page).getByRole('button', { name: 'Highlight', exact: true }).click();
  const toast = ui(page).getByRole('alert');
  await toast.waitFor({ timeout: 10000 });
  assert.match(await toast.textContent(), /Gloss could not save the highlight/);
  assert.equal(await paintedTotal(page), 0);

  // Storage recovers: the next keystroke saves the whole text.
  await worker.evaluate(() => {
    chrome.storage.local.set = globalThis.__realSet;
  });
  await popup.getByRole('textbox', { name: 'Reflection on Only section' }).fill('Will this be saved? Yes.');
  const storedText = () =>
    worker.evaluate(async () => {
      const all = await chrome.storage.local.get(null);
      const p = Object.entries(all).find(([k]) => k.startsWith('page:'))?.[1];
      return p ? (Object.values(p.reflections)[0]?.text ?? null) : null;
    });
  // The retry of the older text may land first once storage works again; the newer text
  // must follow it and stay (an older write never overwrites a newer one).
  await until(async () => (await storedText()) === 'Will this be saved? Yes.', 'the newest text saved after recovery', 15000);
  await popup.getByRole('alert').first().waitFor({ state: 'detached', timeout: 10000 });
  assert.equal(await storedText(), 'Will this be saved? Yes.', 'the newest text stays once every retry has settled');
});

test('a failing migration keeps the old data untouched and tells the reader', async (t) => {
  const { server, b } = await glossSession(t, { '/trouble': { body: PAGE } });
  const page = await b.context.newPage();
  await page.goto(server.url('/trouble'));
  const tabId = await waitForContentScript(b.context, page);
  const ext = await b.context.newPage();
  await ext.goto(`chrome-extension://${b.extensionId}/popup.html?tabId=0`);
  // Data written by a future Gloss (or damaged) that this version cannot read.
  const future = {
    schemaVersion: 99,
    [`page:${server.url('/trouble')}`]: { url: server.url('/trouble'), shape: 'from the future', highlights: 'not an array' },
  };
  await ext.evaluate((items) => chrome.storage.local.set(items), future);
  const before = await ext.evaluate(() => chrome.storage.local.get(null));
  assert.equal(before.schemaVersion, 99);
  // Restart the service worker so it checks the stored data again.
  const cdp = await b.context.newCDPSession(ext);
  const running = [];
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => running.push(...e.versions.filter((v) => v.runningStatus === 'running')));
  await cdp.send('ServiceWorker.enable');
  await until(() => running.length > 0, 'a running worker');
  await cdp.send('ServiceWorker.stopWorker', { versionId: running[0].versionId });

  const popup = await openPopup(b.context, b.extensionId, tabId);
  const alert = popup.getByRole('alert').first();
  await alert.waitFor({ timeout: 10000 });
  assert.match(await alert.textContent(), /newer Gloss/);
  // Writing is refused rather than mixing formats, and the stored data is untouched.
  await popup.getByRole('textbox', { name: 'Reflection on Only section' }).fill('Not now.');
  await popup.waitForTimeout(500);
  const all = await ext.evaluate(() => chrome.storage.local.get(null));
  assert.deepEqual(all, before);
});
