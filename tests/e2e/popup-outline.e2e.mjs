// The popup's outline on dynamic pages: an article rendered a second after load, an
// article swapped through history.pushState (SPA navigation), and a page that stays
// still (its outline is not detected again at each popup open).
import test from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics, openPopup, popupHeadings, until, waitForContentScript, glossSession } from '../support/gloss.mjs';

const article = (title, headings) =>
  `<article><h1>${title}</h1><p>${'An opening paragraph that sets the scene for the reader. '.repeat(3)}</p>` +
  headings.map((h, i) => `<h2>${h}</h2><p>${`Paragraph ${i} explains ${h.toLowerCase()} in some detail for the reader. `.repeat(4)}</p>`).join('') +
  '</article>';

const LATE = `<!doctype html><html><head><title>Late essay</title></head><body>
<nav><h2>Site menu</h2><a href="/">Home</a></nav><main id="root"><p>Loading…</p></main>
<script>
setTimeout(() => {
  document.getElementById('root').innerHTML = ${JSON.stringify(article('Notes on Walking', ['Leaving the house', 'The middle distance', 'Coming home']))};
}, 1000);
</script></body></html>`;

const SPA = `<!doctype html><html><head><title>Reader app</title></head><body>
<header><h2>Reader app</h2></header><main id="root">${article('First Story', ['Alpha section', 'Beta section'])}</main>
<script>
window.go = () => {
  history.pushState({}, '', '/spa/second');
  document.title = 'Second Story';
  document.getElementById('root').innerHTML = ${JSON.stringify(article('Second Story', ['Gamma section', 'Delta section', 'Epsilon section']))};
};
</script></body></html>`;

/** Serves `body` at `path`, opens it in a tab of a fresh Gloss browser, waits for the content script. */
async function openArticle(t, path, body) {
  const { server, b } = await glossSession(t, { [path]: { body } });
  const page = await b.context.newPage();
  await page.goto(server.url(path));
  const tabId = await waitForContentScript(b.context, page);
  return { b, page, tabId };
}

test('popup shows the outline of an article rendered one second after load', async (t) => {
  const { b, page, tabId } = await openArticle(t, '/late', LATE);
  await page.waitForSelector('article');
  const popup = await openPopup(b.context, b.extensionId, tabId);
  assert.deepEqual(await popupHeadings(popup), ['Leaving the house', 'The middle distance', 'Coming home']);
  assert.equal((await popup.locator('.page-title').textContent()).trim(), 'Notes on Walking');
});

test('popup follows an article swapped through history.pushState', async (t) => {
  const { b, page, tabId } = await openArticle(t, '/spa/first', SPA);
  let popup = await openPopup(b.context, b.extensionId, tabId);
  assert.deepEqual(await popupHeadings(popup), ['Alpha section', 'Beta section']);
  await popup.close();

  await page.evaluate(() => window.go());
  await page.waitForURL('**/spa/second');
  await until(async () => {
    popup = await openPopup(b.context, b.extensionId, tabId);
    const h = await popupHeadings(popup);
    const ok = JSON.stringify(h) === JSON.stringify(['Gamma section', 'Delta section', 'Epsilon section']);
    if (!ok) await popup.close();
    return ok;
  }, 'the new article’s outline', 8000);
  assert.equal((await popup.locator('.page-title').textContent()).trim(), 'Second Story');
});

test('a page that stays still is not detected again at each popup open; a changed one is', async (t) => {
  const STILL = `<!doctype html><html><head><title>Still essay</title></head><body>${article('A Still Essay', ['One', 'Two'])}</body></html>`;
  const { b, page, tabId } = await openArticle(t, '/still', STILL);
  let popup = await openPopup(b.context, b.extensionId, tabId);
  assert.deepEqual(await popupHeadings(popup), ['One', 'Two']);
  await popup.close();
  const first = (await diagnostics(b.context, tabId)).outlineDetections;
  // The outline observer disconnects after 10 s without a change: wait until it has.
  await until(async () => (await diagnostics(b.context, tabId)).outlineWatching === false, 'the outline observer to go quiet', 30_000);
  for (let i = 0; i < 2; i++) {
    popup = await openPopup(b.context, b.extensionId, tabId);
    assert.deepEqual(await popupHeadings(popup), ['One', 'Two']);
    await popup.close();
  }
  assert.equal((await diagnostics(b.context, tabId)).outlineDetections, first, 'no detection for a page that has not changed');
  await page.evaluate(() => document.querySelector('article').insertAdjacentHTML('beforeend', '<h2>Three</h2><p>' + 'A late section. '.repeat(20) + '</p>'));
  popup = await openPopup(b.context, b.extensionId, tabId);
  assert.deepEqual(await popupHeadings(popup), ['One', 'Two', 'Three']);
});
