// The popup's reading journal in real Chromium AND real Firefox (one body each, see
// tests/support/driver.mjs): a reflection typed in a section persists across popup opens,
// and the page's exports (Markdown, Web Annotation JSON-LD) are downloaded and parsed.
import assert from 'node:assert/strict';
import { journey } from '../support/driver.mjs';
import { journalReady, openSection, reflectionBox, storedReflection } from '../support/journal-ui.mjs';

// Text written for this test.
const ESSAY = `<!doctype html><html><head><meta charset="utf-8"><title>Mending Nets</title></head><body>
<article><h1>Mending Nets</h1>
<p>Every winter the harbour turns into a workshop, and the nets come indoors to be mended.</p>
<h2>The knot</h2>
<p>A mended knot is stronger than the first one, because someone looked at it twice.</p>
<p>The old hands tie it without looking; the young ones count under their breath.</p>
<h2>The season</h2>
<p>By spring the nets go back to the boats, and nobody can tell which holes were there.</p>
</article></body></html>`;

async function openJournal(d, tabId) {
  const popup = await d.openExtensionPage(`popup.html?tabId=${tabId}`);
  await journalReady(popup);
  return popup;
}

journey('popup journal: a reflection persists, the page exports as Markdown and JSON-LD', { routes: { '/nets': { body: ESSAY } } }, async (d) => {
  const tab = await d.openPage(d.server.url('/nets'));
  const tabId = await d.waitForContentScript(tab);
  await tab.select('stronger than the first one', 'article');
  await tab.click({ role: 'button', name: 'Highlight' });
  await d.until(async () => (await tab.paintedTotal()) === 1, 'painted');

  let popup = await openJournal(d, tabId);
  const headings = (await popup.texts('.section .heading-text')).map((s) => s.trim());
  assert.deepEqual(headings, ['Introduction', 'The knot', 'The season']);
  await popup.click(await reflectionBox(popup, 'The knot'));
  await popup.type('Repair as **attention** paid twice.');
  await popup.click('h1'); // leave the editor
  await d.until(async () => (await storedReflection(d)) === 'Repair as **attention** paid twice.', 'the whole reflection stored');
  await popup.close();

  // A new popup shows it, rendered.
  popup = await openJournal(d, tabId);
  await openSection(popup, 'The knot');
  await popup.waitFor(() => document.querySelector('.rendered strong')?.textContent === 'attention', null, 'the reflection rendered');

  await popup.click({ role: 'button', name: 'Export' });
  const md = await popup.download(() => popup.click({ role: 'button', name: 'Markdown' }));
  assert.match(md.name, /\.md$/);
  assert.match(md.text, /^---\ntitle: /);
  assert.ok(md.text.includes('# The knot'));
  assert.ok(md.text.includes('> stronger than the first one'));
  assert.ok(md.text.includes('Repair as **attention** paid twice.'));

  await popup.click({ role: 'button', name: 'Export' });
  const ld = await popup.download(() => popup.click({ role: 'button', name: 'Web Annotation (JSON-LD)' }));
  const doc = JSON.parse(ld.text);
  const items = doc.first?.items ?? doc.items ?? [];
  assert.ok(items.some((a) => [].concat(a.target?.selector ?? []).some((s) => s.exact === 'stronger than the first one')));
  assert.ok(items.some((a) => JSON.stringify(a.body ?? '').includes('attention')));
});
