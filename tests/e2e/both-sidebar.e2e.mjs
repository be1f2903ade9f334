// The journal beside the page, in real Chromium AND real Firefox (one body, see
// tests/support/driver.mjs): the side panel's page for a tab (sidepanel.html?tabId=N,
// opened as a tab: in Firefox from the pinned moz-extension:// UUID, since BiDi may not
// navigate there) shows the essay's sections, a reflection typed there is stored and is
// shown again when the panel is opened anew.
// Firefox also opens its REAL sidebar (sidebar_action) the way a reader does: a real click
// on "Open beside the page" (sidebarAction.open() works only in answer to user input); the
// sidebar follows the essay's tab, shows the stored reflection, and a reflection written in
// it is stored. (Chromium's real side panel is driven in side-panel.e2e.mjs, through CDP.)
import assert from 'node:assert/strict';
import { journey } from '../support/driver.mjs';
import { journalReady, messages, openSection, reflectionBox, storedReflection } from '../support/journal-ui.mjs';

// Text written for this test.
const ESSAY = `<!doctype html><html><head><meta charset="utf-8"><title>Tide Tables</title></head><body>
<article><h1>Tide Tables</h1>
<p>The harbour master pins a new table to the door every month, and nobody reads it twice.</p>
<h2>Low water</h2>
<p>At low water the mud shows every rope that was ever dropped, coiled where it fell.</p>
<h2>High water</h2>
<p>At high water the same ropes lift and sway, and the boats forget they were ever stuck.</p>
</article></body></html>`;

const msg = messages('en');

journey('side panel / sidebar journal with a reflection that persists', { routes: { '/tides': { body: ESSAY } } }, async (d) => {
  const tab = await d.openPage(d.server.url('/tides'));
  const tabId = await d.waitForContentScript(tab);
  await tab.select('every rope that was ever dropped', 'article');
  await tab.click({ role: 'button', name: msg('overlayHighlight') });
  await d.until(async () => (await tab.paintedTotal()) === 1, 'painted');

  let panel = await d.openExtensionPage(`sidepanel.html?tabId=${tabId}`);
  await journalReady(panel);
  assert.equal((await panel.text('.page-title')).trim(), 'Tide Tables');
  assert.equal(await panel.evaluate(() => document.title), msg('sidebarTitle'));
  const headings = (await panel.texts('.section .heading-text')).map((s) => s.trim());
  assert.deepEqual(headings, [msg('journalIntroduction'), 'Low water', 'High water']);
  await panel.click(await reflectionBox(panel, 'Low water', msg));
  await panel.type('Everything *dropped* stays somewhere.');
  await panel.click('h1'); // leave the editor
  await d.until(async () => (await storedReflection(d)) === 'Everything *dropped* stays somewhere.', 'the reflection stored');
  await panel.close();

  panel = await d.openExtensionPage(`sidepanel.html?tabId=${tabId}`);
  await journalReady(panel);
  await openSection(panel, 'Low water');
  await panel.waitFor(() => document.querySelector('.rendered em')?.textContent === 'dropped', null, 'the reflection shown again, rendered');
  await panel.close();

  if (d.browser !== 'firefox') return;

  // Firefox's real sidebar, opened by a real click in the journal (its tab form here).
  const popup = await d.openExtensionPage(`popup.html?tabId=${tabId}`);
  await journalReady(popup);
  await popup.click({ role: 'button', name: msg('journalOpenBeside') });
  await tab.front();
  // The sidebar is an extension view: read from Gloss's own extension context.
  const sidebar = () =>
    d.ext((api) => {
      const [v] = api.extension.getViews({ type: 'sidebar' });
      if (!v || v.document.documentElement.dataset.glossReady !== '1') return null;
      return {
        path: v.location.pathname,
        title: v.document.querySelector('.page-title')?.textContent ?? null,
        text: v.document.body.textContent,
      };
    });
  await d.until(async () => (await sidebar())?.title === 'Tide Tables', 'the real sidebar open, showing the essay', 30000);
  assert.equal((await sidebar()).path, '/sidepanel.html');
  const manifest = await d.ext((api) => api.runtime.getManifest().sidebar_action);
  assert.match(manifest.default_panel, /\/sidepanel\.html$/);
  assert.ok(manifest.default_icon, 'the sidebar has an icon');
  // Its title comes from the catalogue (__MSG_sidebarTitle__), as Firefox shows it.
  assert.equal(manifest.default_title, msg('sidebarTitle'));
  // The stored reflection is there (its section opened), and one written in the sidebar is stored.
  await d.ext((api) => {
    const [v] = api.extension.getViews({ type: 'sidebar' });
    for (const b of v.document.querySelectorAll('.section-toggle[aria-expanded="false"]')) b.click();
    return true;
  });
  await d.until(async () => (await sidebar())?.text.includes('dropped'), 'the stored reflection in the sidebar');
  await d.ext((api, label) => {
    const [v] = api.extension.getViews({ type: 'sidebar' });
    const open = [...v.document.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === label || b.textContent.trim() === label);
    open?.click();
    return !!open;
  }, msg('journalReflectOn', 'High water'));
  await d.until(
    () =>
      d.ext((api, label) => {
        const [v] = api.extension.getViews({ type: 'sidebar' });
        const box = [...v.document.querySelectorAll('textarea')].find((t) => t.getAttribute('aria-label') === label);
        if (!box) return false;
        box.value = 'The boats forget.';
        box.dispatchEvent(new v.Event('input', { bubbles: true }));
        return true;
      }, msg('journalReflectionOn', 'High water')),
    'the sidebar reflection box',
  );
  await d.until(async () => {
    const [page] = await d.storedPages();
    return Object.values(page?.reflections ?? {}).some((r) => r.text === 'The boats forget.');
  }, 'the reflection written in the sidebar stored');
});
