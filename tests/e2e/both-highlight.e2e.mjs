// Highlighting journeys run in real Chromium AND real Firefox (one body each, see
// tests/support/driver.mjs): the selection toolbar, the keyboard shortcut and the context
// menu (the browser's own in Firefox; in Chromium, which cannot be driven so, the message
// they send), restore after reload, and the note card.
import assert from 'node:assert/strict';
import { journey } from '../support/driver.mjs';

// Text written for these tests.
const PARAS = [
  'Lanterns were lit along the quay an hour before the ferry was due.',
  'The ferryman counted passengers twice, once by faces and once by coins.',
  'Fog rolled in from the east and made every bell sound closer than it was.',
  'On the far shore a dog waited, as it did every evening, for nobody in particular.',
];
const ESSAY = `<!doctype html><html><head><meta charset="utf-8"><title>The Evening Ferry</title></head><body>
<article><h1>The Evening Ferry</h1>
<h2>Departure</h2><p>${PARAS[0]}</p><p>${PARAS[1]}</p>
<h2>Crossing</h2><p>${PARAS[2]}</p><p>${PARAS[3]}</p></article></body></html>`;
const routes = { '/ferry': { body: ESSAY } };

async function openEssay(d) {
  const tab = await d.openPage(d.server.url('/ferry'));
  const tabId = await d.waitForContentScript(tab);
  return { tab, tabId };
}

journey('toolbar highlight is painted, stored in its section, and restored after a reload', { routes }, async (d) => {
  const { tab } = await openEssay(d);
  await tab.select('counted passengers twice', 'article');
  await tab.click({ role: 'button', name: 'Highlight' });
  await tab.select('made every bell sound closer', 'article');
  await tab.click({ role: 'button', name: 'Highlight Blue' });
  await d.until(async () => (await tab.paintedTotal()) === 2, 'two painted highlights');
  const [page] = await d.until(async () => {
    const pages = await d.storedPages();
    return pages[0]?.highlights?.length === 2 && pages;
  }, 'two stored highlights');
  const byText = Object.fromEntries(page.highlights.map((h) => [h.text, h]));
  assert.equal(byText['counted passengers twice'].sectionHeading, 'Departure');
  assert.equal(byText['made every bell sound closer'].sectionHeading, 'Crossing');
  assert.equal(byText['made every bell sound closer'].color, 'blue');

  await tab.reload();
  await d.waitForContentScript(tab);
  await d.until(async () => (await tab.paintedTotal()) === 2, 'both highlights painted again after the reload');
  const p = await tab.painted();
  assert.equal(p['gloss-blue'], 1);
});

journey('the keyboard shortcut and the context menu highlight the selection', { routes }, async (d) => {
  const { tab, tabId } = await openEssay(d);
  const stored = async () => (await d.storedPages())[0]?.highlights?.length ?? 0;
  await tab.select('a dog waited', 'article');
  if (d.shortcut) await d.shortcut('Alt+Shift+H');
  else {
    // Chromium: what onHighlightCommand sends to the tab (its handler is unit-tested).
    const reply = await d.sendToTab(tabId, 'highlightSelection', { color: null });
    assert.equal(reply.ok, true, JSON.stringify(reply));
    assert.equal(reply.value.text, 'a dog waited');
  }
  await d.until(async () => (await tab.paintedTotal()) === 1, 'painted by the shortcut');
  await d.until(async () => (await stored()) === 1, 'stored');

  await tab.select('Fog rolled in from the east', 'article');
  if (d.contextMenu) await d.contextMenu(tab, 'Highlight with Gloss');
  else {
    // Chromium: what onContextMenuClick sends to the tab (its handler is unit-tested).
    const reply = await d.sendToTab(tabId, 'highlightSelection', { color: null });
    assert.equal(reply.ok, true, JSON.stringify(reply));
  }
  await d.until(async () => (await tab.paintedTotal()) === 2, 'painted by the context menu');
  const [page] = await d.until(async () => (await stored()) === 2 && d.storedPages(), 'both stored');
  assert.deepEqual(page.highlights.map((h) => h.text).sort(), ['Fog rolled in from the east', 'a dog waited']);
});

journey('note card: a note is saved as it is typed, the colour changes, delete and undo', { routes }, async (d) => {
  const { tab } = await openEssay(d);
  await tab.select('Lanterns were lit along the quay', 'article');
  await tab.click({ role: 'button', name: 'Add note' });
  await tab.fill({ role: 'textbox', name: 'Note' }, 'Light before the boat: waiting made visible.');
  await d.until(
    async () => (await d.storedPages())[0]?.highlights?.[0]?.note === 'Light before the boat: waiting made visible.',
    'note saved',
  );
  await tab.click({ role: 'button', name: 'Green', within: '[role="dialog"]' });
  await d.until(async () => (await tab.painted())['gloss-green'] === 1, 'colour changed to green');
  await tab.click({ role: 'button', name: 'Delete' });
  await d.until(async () => (await tab.paintedTotal()) === 0, 'unpainted');
  await d.until(async () => !(await d.storedPages())[0]?.highlights?.length, 'deleted in storage');
  await tab.click({ role: 'button', name: 'Undo' });
  await d.until(async () => (await tab.paintedTotal()) === 1, 'painted again');
  const [page] = await d.until(async () => {
    const pages = await d.storedPages();
    return pages[0]?.highlights?.length === 1 && pages;
  }, 'restored in storage');
  assert.equal(page.highlights[0].note, 'Light before the boat: waiting made visible.');
  assert.equal(page.highlights[0].color, 'green');
});
