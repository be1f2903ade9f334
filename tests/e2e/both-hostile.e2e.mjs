// A hostile page in real Chromium AND real Firefox (one body each, see
// tests/support/driver.mjs): markup and script payloads in the title, a heading, the
// highlighted passage and the reader's own note are shown as text in the popup and the
// library, and a canary proves none of them runs in any Gloss page.
import assert from 'node:assert/strict';
import { journey } from '../support/driver.mjs';

const CANARY = `<img src=x onerror="window.__pwned=(window.__pwned||0)+1">`;
const SCRIPT = `<script>window.__pwned=(window.__pwned||0)+1</script>`;
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const BIDI = '\u202Eevil\u202C';

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>${esc(CANARY)} Title ${BIDI}</title></head><body>
<article><h1>${esc(CANARY)} Hostile essay</h1>
<p>Opening words of an essay that a reader trusts with private notes and nothing else.</p>
<h2>${esc(SCRIPT)} Section one</h2>
<p>The passage ${esc(CANARY)} sits inside ordinary prose that a reader wants to keep.</p>
</article></body></html>`;
const pwned = (tab) => tab.evaluate(() => window.__pwned ?? 0);

journey('hostile page: payloads are shown as text in the popup and the library, and never run', { routes: { '/hostile': { body: PAGE } } }, async (d) => {
  const tab = await d.openPage(d.server.url('/hostile'));
  const tabId = await d.waitForContentScript(tab);
  await tab.select(`The passage ${CANARY} sits inside`, 'article');
  await tab.click({ role: 'button', name: 'Add note' });
  await tab.fill({ role: 'textbox', name: 'Note' }, `${CANARY} ${SCRIPT} [x](javascript:window.__pwned=1)`);
  await d.until(async () => (await d.storedPages())[0]?.highlights?.[0]?.note?.includes('javascript:'), 'the note stored');

  const popup = await d.openExtensionPage(`popup.html?tabId=${tabId}`);
  await popup.waitFor(() => document.documentElement.dataset.glossReady === '1', null, 'the popup');
  // Sections other than the one being read are one line: open the highlighted one.
  const sectionOpen = () =>
    popup.evaluate(() => [...document.querySelectorAll('.section-toggle')].find((b) => b.textContent.includes('Section one'))?.getAttribute('aria-expanded'));
  if ((await sectionOpen()) !== 'true') await popup.click({ role: 'button', name: 'Section one', exact: false, within: '.section-heading' });
  await popup.waitFor(() => [...document.querySelectorAll('.section-toggle')].find((b) => b.textContent.includes('Section one'))?.getAttribute('aria-expanded') === 'true', null, 'the section open');
  await popup.waitFor(() => !!document.querySelector('main .note'), null, 'the note shown');
  const text = await popup.text('main');
  assert.ok(text.includes(`${CANARY} Hostile essay`) || text.includes(`${CANARY} Title`), 'title shown as text');
  assert.ok(text.includes(`${SCRIPT} Section one`), 'heading shown as text');
  assert.ok(text.includes(`The passage ${CANARY} sits inside`), 'quote shown as text');
  assert.ok(text.includes('[x](javascript:window.__pwned=1)'), 'note shown as text');
  const markup = await popup.evaluate(() => ({
    imgs: document.querySelectorAll('main img').length,
    scripts: document.querySelectorAll('main script').length,
    handlers: [...document.querySelectorAll('main *')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
    jsLinks: [...document.querySelectorAll('main a')].filter((a) => /^\s*javascript:/i.test(a.getAttribute('href') ?? '')).length,
  }));
  assert.deepEqual(markup, { imgs: 0, scripts: 0, handlers: 0, jsLinks: 0 });

  const lib = await d.openExtensionPage('library.html');
  await lib.waitFor(() => document.documentElement.dataset.glossLoaded === '1' && !!document.querySelector('.page-row'), null, 'the library');
  assert.ok((await lib.text('body')).includes(CANARY), 'library shows the title as text');
  assert.equal(await lib.count('main img, main script'), 0);

  await new Promise((r) => setTimeout(r, 300));
  for (const t of [tab, popup, lib]) assert.equal(await pwned(t), 0, `no payload ran in ${t.url()}`);
});
