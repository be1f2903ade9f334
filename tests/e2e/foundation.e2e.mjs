// The foundation slice on the seed essay, in real Chromium with the built extension:
// outline in the popup, a toolbar highlight painted and restored (reload, browser
// restart), a reflection that survives closing the popup at once, the Markdown export,
// an untouched article DOM, and no network request from any extension context.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch } from '../support/browser.mjs';
import { boldHeadingEssays } from '../support/fixtures.mjs';
import { startServer } from '../support/server.mjs';
import { openPopup, openToolbarPopup, paintedTotal, popupHeadings, selectText, until, waitForContentScript } from '../support/gloss.mjs';
import { openSection } from '../support/gloss.mjs';
import { ui } from '../support/overlay.mjs';

const PAGE = '/2024/05/therapy-cannot-do/?utm_source=newsletter';

for (const { label, file: FIXTURE, truth, skip } of boldHeadingEssays()) test(`seed essay: outline, highlight, reflection, restart, export, no network [${label}]`, { skip }, async (t) => {
  const server = await startServer({ routes: { [PAGE.split('?')[0]]: { file: FIXTURE } } });
  let b = await launch({ extension: true });
  t.after(async () => {
    await b.close();
    await server.close();
  });
  const url = server.url(PAGE);

  let page = await b.context.newPage();
  await page.goto(url);
  let tabId = await waitForContentScript(b.context, page);

  // 1. Outline: exactly the seven headings, in order, and the title.
  let popup = await openPopup(b.context, b.extensionId, tabId);
  assert.deepEqual(await popupHeadings(popup), truth.headings);
  assert.equal((await popup.locator('.page-title').textContent()).trim(), truth.title);

  // 2. Highlight with the toolbar; painted; the article DOM unchanged.
  const articleHtml = () => page.evaluate(() => (document.querySelector('article') ?? document.body).outerHTML);
  const before = await articleHtml();
  const passage = await page.evaluate(() => {
    // A sentence from the body of the essay (second paragraph after the first heading).
    const ps = [...document.querySelectorAll('article p')].filter((p) => p.textContent.trim().length > 120);
    return ps[2].textContent.trim().split(/(?<=[.!?])\s+/)[0];
  });
  await selectText(page, passage, 'article');
  await ui(page).getByRole('button', { name: 'Highlight', exact: true }).click();
  await until(async () => (await paintedTotal(page)) === 1, 'one painted highlight');
  assert.equal(await articleHtml(), before, 'the article DOM is not changed by highlighting');

  // The popup lists the highlight under its section (the section being read opens
  // expanded, so the passage is brought into view first).
  await page.evaluate((text) => [...document.querySelectorAll('article p')].find((p) => p.textContent.includes(text)).scrollIntoView(), passage);
  await popup.reload();
  await popup.waitForSelector('html[data-gloss-ready="1"]');
  // Whichever section the reader is in, the highlight's section can be opened to show it.
  const heading = await page.evaluate(
    ({ passage, headings }) => {
      const text = document.body.textContent;
      const at = text.indexOf(passage);
      return headings.filter((h) => text.indexOf(h) >= 0 && text.indexOf(h) < at).at(-1) ?? null;
    },
    { passage, headings: truth.headings },
  );
  if (heading) await openSection(popup, heading);
  await until(async () => (await popup.locator('.highlight q').allTextContents()).includes(passage), 'highlight in popup');

  // The real toolbar popup (opened as a click on Gloss's button does; it finds the active
  // tab itself) shows the same outline and highlight.
  const toolbar = await openToolbarPopup(b.context, page);
  const shown = await toolbar.waitFor(
    () =>
      document.documentElement.dataset.glossReady === '1' && {
        headings: [...document.querySelectorAll('.section .heading-text')].map((e) => e.textContent).filter((h) => h !== 'Introduction'),
        quotes: [...document.querySelectorAll('.highlight q')].map((e) => e.textContent),
      },
    'the journal',
  );
  assert.deepEqual(shown.headings, truth.headings);
  assert.deepEqual(shown.quotes, [passage]);
  await toolbar.close();

  // 3. Reflection typed, popup closed 100 ms after the last keystroke.
  const reflection = 'Sadness is part of the work, not a failure of it.';
  const box = popup.getByRole('textbox', { name: `Reflection on ${truth.headings[0]}` });
  await box.click();
  await popup.keyboard.type(reflection, { delay: 5 });
  await popup.waitForTimeout(100);
  await popup.close();
  popup = await openPopup(b.context, b.extensionId, tabId);
  await until(async () => (await popup.locator('.section').nth(1).textContent()).includes(reflection), 'reflection after reopen');
  await popup.close();

  // Painted again after a reload.
  await page.reload();
  tabId = await waitForContentScript(b.context, page);
  await until(async () => (await paintedTotal(page)) === 1, 'highlight painted after reload');

  // ...and after a browser restart with the same profile.
  const profile = b.userDataDir;
  const requestsBeforeRestart = [...b.extensionRequests];
  await b.close({ keepProfile: true });
  b = await launch({ extension: true, userDataDir: profile });
  page = await b.context.newPage();
  await page.goto(url);
  tabId = await waitForContentScript(b.context, page);
  await until(async () => (await paintedTotal(page)) === 1, 'highlight painted after restart');
  await page.evaluate((text) => [...document.querySelectorAll('article p')].find((p) => p.textContent.includes(text)).scrollIntoView(), passage);
  popup = await openPopup(b.context, b.extensionId, tabId);
  await openSection(popup, truth.headings[0]);
  assert.ok((await popup.textContent('main')).includes(reflection), 'reflection after restart');

  // 5. Markdown export: title, URL, seven headings, highlight, reflection.
  await popup.getByRole('button', { name: 'Export' }).click();
  const [download] = await Promise.all([
    popup.waitForEvent('download'),
    popup.getByRole('button', { name: 'Markdown' }).click(),
  ]);
  const md = readFileSync(await download.path(), 'utf8');
  if (process.env.GLOSS_DEBUG) console.log(md);
  assert.ok(md.includes(truth.title), 'export has the title');
  assert.ok(md.includes(server.url('/2024/05/therapy-cannot-do')), 'export has the (normalised) URL');
  for (const h of truth.headings) assert.ok(md.includes(h), `export has heading: ${h}`);
  assert.ok(md.includes(passage), 'export has the highlight');
  assert.ok(md.includes(reflection), 'export has the reflection');
  assert.ok(!md.includes('utm_source'), 'tracking parameters are dropped');

  // No network request from any extension context during the whole run.
  assert.deepEqual([...requestsBeforeRestart, ...b.extensionRequests], []);
});
