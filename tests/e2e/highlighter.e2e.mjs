// The highlighter in real Chromium: every toolbar colour, the card (note, colour,
// delete with undo), overlapping highlights, orphans that are kept, highlights restored
// on a page whose article arrives late, and the shortcut / context-menu path.
import test from 'node:test';
import assert from 'node:assert/strict';
import { serviceWorker } from '../support/browser.mjs';
import { glossSession, openPopup, painted, paintedTotal, selectText, until, waitForContentScript } from '../support/gloss.mjs';
import { ui } from '../support/overlay.mjs';

const PARAS = [
  'The river keeps its own calendar, and the town has learned to read it.',
  'In spring the water climbs the stone steps one by one, as if counting them.',
  'By midsummer it has forgotten the steps entirely and lies flat and green under the bridge.',
  'Autumn brings the leaves, which travel faster than any boat the town has ever built.',
  'Winter is the quiet season, when the ice holds the boats still and the children walk to school across it.',
  'Nobody in the town remembers who first wrote the river calendar down, but everyone keeps a copy.',
];

function essay({ title = 'A River Calendar', paras = PARAS, late = false } = {}) {
  const body = `<article><h1>${title}</h1>
    <h2>Spring and summer</h2><p>${paras[0]}</p><p>${paras[1]}</p><p>${paras[2]}</p>
    <h2>Autumn and winter</h2><p>${paras[3]}</p><p>${paras[4]}</p><p>${paras[5]}</p></article>`;
  if (!late) return `<!doctype html><html><head><title>${title}</title></head><body>${body}</body></html>`;
  // The article arrives one second after load, as on script-rendered sites.
  return `<!doctype html><html><head><title>${title}</title></head><body><div id="app">Loading…</div>
    <script>setTimeout(() => { document.getElementById('app').innerHTML = ${JSON.stringify(body)}; }, 1000);</script></body></html>`;
}


async function storedPage(b) {
  const worker = await serviceWorker(b.context);
  return worker.evaluate(async () => {
    const all = await chrome.storage.local.get(null);
    return Object.entries(all).find(([k]) => k.startsWith('page:'))?.[1] ?? null;
  });
}

test('toolbar highlights in each of the five colours', async (t) => {
  const { server, b } = await glossSession(t, { '/river': { body: essay() } });
  const page = await b.context.newPage();
  await page.goto(server.url('/river'));
  await waitForContentScript(b.context, page);
  const colours = ['Yellow', 'Green', 'Blue', 'Pink', 'Purple'];
  for (let i = 0; i < colours.length; i++) {
    await selectText(page, PARAS[i].split(',')[0].slice(0, 30), 'article');
    await ui(page).getByRole('button', { name: `Highlight ${colours[i]}` }).click();
  }
  await until(async () => (await paintedTotal(page)) === 5, 'five painted highlights');
  const p = await painted(page);
  for (const c of colours) assert.equal(p[`gloss-${c.toLowerCase()}`], 1, `${c} painted once`);
  const stored = await until(async () => (await storedPage(b))?.highlights?.length === 5 && (await storedPage(b)), 'five stored');
  assert.deepEqual(stored.highlights.map((h) => h.color).sort(), ['blue', 'green', 'pink', 'purple', 'yellow']);
  assert.equal(stored.highlights[4].sectionHeading, 'Autumn and winter', 'section of a highlight is where it starts');
});

test('card: note saved as you type, colour change, delete with undo; overlaps stay visible', async (t) => {
  const { server, b } = await glossSession(t, { '/river': { body: essay() } });
  const page = await b.context.newPage();
  await page.goto(server.url('/river'));
  await waitForContentScript(b.context, page);

  await selectText(page, 'the water climbs the stone steps', 'article');
  await ui(page).getByRole('button', { name: 'Highlight', exact: true }).click();
  // Overlapping: a second highlight sharing "stone steps".
  await selectText(page, 'stone steps one by one', 'article');
  await ui(page).getByRole('button', { name: 'Highlight Blue' }).click();
  await until(async () => (await paintedTotal(page)) === 2, 'two overlapping highlights painted');

  // Click the first highlight (on a word only it covers) to open its card.
  const box = await page.evaluate(() => {
    const p = [...document.querySelectorAll('p')].find((x) => x.textContent.includes('the water climbs'));
    const text = p.firstChild;
    const r = document.createRange();
    const at = text.data.indexOf('water');
    r.setStart(text, at);
    r.setEnd(text, at + 5);
    const b = r.getBoundingClientRect();
    return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
  });
  await page.mouse.click(box.x, box.y);
  const note = ui(page).getByRole('textbox', { name: 'Note' });
  await note.fill('Counting steps — a lovely image.');
  await until(async () => (await storedPage(b))?.highlights.find((h) => h.note)?.note === 'Counting steps — a lovely image.', 'note saved');
  await ui(page).getByRole('dialog', { name: 'Highlight' }).getByRole('button', { name: 'Green' }).click();
  await until(async () => (await painted(page))['gloss-green'] === 1, 'colour changed to green');

  await ui(page).getByRole('button', { name: 'Delete' }).click();
  await until(async () => (await paintedTotal(page)) === 1, 'deleted highlight unpainted');
  await until(async () => (await storedPage(b))?.highlights.length === 1, 'deleted in storage');
  await ui(page).getByRole('button', { name: 'Undo' }).click();
  await until(async () => (await paintedTotal(page)) === 2, 'undo paints it again');
  const restored = await until(async () => (await storedPage(b))?.highlights.length === 2 && (await storedPage(b)), 'undo restored it');
  assert.ok(restored.highlights.some((h) => h.note === 'Counting steps — a lovely image.' && h.color === 'green'));
});

test('a highlight that no longer matches is listed under "Not found on this page" and survives reloads', async (t) => {
  const { server, b } = await glossSession(t, { '/river': { body: essay() } });
  const page = await b.context.newPage();
  await page.goto(server.url('/river'));
  const tabId = await waitForContentScript(b.context, page);
  await selectText(page, 'Autumn brings the leaves', 'article');
  await ui(page).getByRole('button', { name: 'Highlight', exact: true }).click();
  await until(async () => (await storedPage(b))?.highlights.length === 1, 'stored');

  // The page changes: that paragraph is gone.
  server.setRoute('/river', { body: essay({ paras: PARAS.map((p, i) => (i === 3 ? 'A different paragraph entirely now.' : p)) }) });
  for (let round = 0; round < 2; round++) {
    await page.reload();
    await waitForContentScript(b.context, page);
    assert.equal(await paintedTotal(page), 0, 'nothing painted in the wrong place');
    const popup = await openPopup(b.context, b.extensionId, tabId);
    const orphans = popup.locator('.orphans');
    await orphans.waitFor();
    assert.ok((await orphans.textContent()).includes('Not found on this page'));
    assert.ok((await orphans.textContent()).includes('Autumn brings the leaves'));
    await popup.close();
  }
  assert.equal((await storedPage(b)).highlights.length, 1, 'the orphan is kept');
});

test('highlights come back on a page whose article arrives after load', async (t) => {
  const { server, b } = await glossSession(t, { '/late': { body: essay({ late: true }) } });
  const page = await b.context.newPage();
  await page.goto(server.url('/late'));
  await page.waitForSelector('article');
  await waitForContentScript(b.context, page);
  await selectText(page, 'By midsummer it has forgotten the steps', 'article');
  await ui(page).getByRole('button', { name: 'Highlight', exact: true }).click();
  await until(async () => (await storedPage(b))?.highlights.length === 1, 'stored');
  await page.reload();
  await waitForContentScript(b.context, page);
  await until(async () => (await paintedTotal(page)) === 1, 'painted once the article arrived', 8000);
});

test('keyboard shortcut / context menu path: the background asks the tab to highlight the selection', async (t) => {
  const { server, b } = await glossSession(t, { '/river': { body: essay() } });
  const page = await b.context.newPage();
  await page.goto(server.url('/river'));
  const tabId = await waitForContentScript(b.context, page);
  await selectText(page, 'the ice holds the boats still', 'article');
  const worker = await serviceWorker(b.context);
  // The same message onHighlightCommand / onContextMenuClick send (unit-tested separately).
  const reply = await worker.evaluate(
    (id) => chrome.tabs.sendMessage(id, { gloss: 1, type: 'highlightSelection', data: { color: null } }),
    tabId,
  );
  assert.equal(reply.ok, true);
  assert.equal(reply.value.text, 'the ice holds the boats still');
  await until(async () => (await paintedTotal(page)) === 1, 'painted');
});

test('clicking a highlight in the popup scrolls to it and flashes it', async (t) => {
  const filler = Array.from({ length: 40 }, (_, i) => `<p>Filler paragraph number ${i} about nothing much at all.</p>`).join('');
  const html = essay().replace('<h2>Autumn and winter</h2>', filler + '<h2>Autumn and winter</h2>');
  const { server, b } = await glossSession(t, { '/long': { body: html } });
  const page = await b.context.newPage();
  await page.goto(server.url('/long'));
  const tabId = await waitForContentScript(b.context, page);
  await selectText(page, 'Nobody in the town remembers', 'article');
  await ui(page).getByRole('button', { name: 'Highlight', exact: true }).click();
  await page.evaluate(() => window.scrollTo(0, 0));
  const popup = await openPopup(b.context, b.extensionId, tabId);
  // Its section is not the one being read: opened first (which scrolls the page to it).
  await popup.locator('.section', { hasText: '1 highlight' }).locator('.section-toggle').click();
  await page.evaluate(() => window.scrollTo(0, 0));
  await popup.locator('.highlight .quote').first().click();
  await until(async () => (await painted(page))['gloss-flash'] === 1, 'flash painted');
  await until(async () => (await page.evaluate(() => window.scrollY)) > 200, 'page scrolled');
});

test('colours can be renamed; the toolbar and the popup use the new names', async (t) => {
  const { server, b } = await glossSession(t, { '/river': { body: essay() } });
  const page = await b.context.newPage();
  await page.goto(server.url('/river'));
  const tabId = await waitForContentScript(b.context, page);
  const popup = await openPopup(b.context, b.extensionId, tabId);
  await popup.getByText('Colour names').click();
  await popup.getByRole('textbox', { name: 'Name for the yellow colour' }).fill('Key idea');
  await popup.getByRole('textbox', { name: 'Name for the yellow colour' }).press('Enter');
  await popup.getByRole('textbox', { name: 'Name for the pink colour' }).fill('Disagree');
  await popup.getByRole('textbox', { name: 'Name for the pink colour' }).press('Tab');
  await until(
    () => popup.evaluate(async () => (await chrome.storage.local.get('settings')).settings?.colorLabels?.pink === 'Disagree'),
    'names stored',
  );
  await selectText(page, 'the water climbs the stone steps', 'article');
  await ui(page).getByRole('button', { name: 'Highlight Disagree' }).click();
  await until(async () => (await painted(page))['gloss-pink'] === 1, 'painted pink');
  await selectText(page, 'Winter is the quiet season', 'article');
  await ui(page).getByRole('toolbar').waitFor();
  assert.equal(await ui(page).getByRole('button', { name: 'Highlight Key idea' }).count(), 1, 'yellow is now "Key idea"');
  await popup.reload();
  await popup.waitForSelector('html[data-gloss-ready="1"]');
  await until(async () => (await popup.locator('.highlight .dot[aria-label="Disagree"]').count()) === 1, 'popup shows the new name');
});

test('a selection across paragraphs and a section boundary makes one highlight, in the section where it starts', async (t) => {
  const { server, b } = await glossSession(t, { '/river': { body: essay() } });
  const page = await b.context.newPage();
  await page.goto(server.url('/river'));
  await waitForContentScript(b.context, page);
  // From the last paragraph of "Spring and summer" into the first of "Autumn and winter".
  await page.evaluate(() => {
    const ps = [...document.querySelectorAll('article p')];
    const from = ps[2].firstChild;
    const to = ps[3].firstChild;
    const r = document.createRange();
    r.setStart(from, from.data.indexOf('lies flat'));
    r.setEnd(to, to.data.indexOf(', which'));
    getSelection().removeAllRanges();
    getSelection().addRange(r);
  });
  await page.keyboard.press('Shift');
  await ui(page).getByRole('button', { name: 'Highlight', exact: true }).click();
  await until(async () => (await paintedTotal(page)) === 1, 'one highlight painted');
  const stored = await until(async () => (await storedPage(b))?.highlights?.[0], 'stored');
  assert.equal(stored.sectionHeading, 'Spring and summer');
  assert.match(stored.text, /^lies flat and green under the bridge\. Autumn and winter Autumn brings the leaves$/);
  await page.reload();
  await waitForContentScript(b.context, page);
  await until(async () => (await paintedTotal(page)) === 1, 'restored after reload');
});
