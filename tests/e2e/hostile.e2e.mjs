// Hostile pages: titles, headings, quotes, notes and reflections carrying HTML or script
// payloads, bidi controls, zero-width characters and very long text are shown as text in
// the popup, the library and every export; a canary proves no script runs anywhere.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openPopup, paintedTotal, selectText, until, waitForContentScript, glossSession } from '../support/gloss.mjs';
import { ui } from '../support/overlay.mjs';

const CANARY = `<img src=x onerror="window.__pwned=(window.__pwned||0)+1">`;
const SCRIPT = `<script>window.__pwned=(window.__pwned||0)+1</script>`;
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const BIDI = '\u202Egnp.exe\u202C';
const ZW = 'zero\u200Bwidth\u200Djoin';
const LONG = 'A very long heading with many words '.repeat(7).trim();
const LONG_NOTE = 'A note that goes on and on. '.repeat(400);

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>${esc(CANARY)} Title ${BIDI}</title></head><body>
<article><h1>${esc(CANARY)} Hostile essay ${BIDI}</h1>
<p>Opening words of an essay that a reader trusts with private notes and nothing else at all.</p>
<h2>${esc(SCRIPT)} Section one</h2>
<p>The passage ${esc(CANARY)} sits inside ordinary prose, with ${ZW} characters and ${BIDI} controls around it for good measure.</p>
<h2>${LONG}</h2>
<p>Another paragraph in the long section so that it has some body text to read and to highlight here.</p>
</article></body></html>`;

const pwned = (p) => p.evaluate(() => window.__pwned ?? 0);

test('payloads from pages and from the reader are shown as text everywhere, and never run', async (t) => {
  const { server, b } = await glossSession(t, { '/hostile': { body: PAGE } });
  const page = await b.context.newPage();
  await page.goto(server.url('/hostile?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E'));
  const tabId = await waitForContentScript(b.context, page);
  await selectText(page, `The passage ${CANARY} sits inside`, 'article');
  await ui(page).getByRole('button', { name: 'Add note' }).click();
  await ui(page).getByRole('textbox', { name: 'Note' }).fill(`${CANARY} ${SCRIPT} [click](javascript:window.__pwned=1) ${LONG_NOTE}`);
  await ui(page).getByRole('button', { name: 'Done' }).click();
  await until(async () => (await paintedTotal(page)) === 1, 'painted');

  const popup = await openPopup(b.context, b.extensionId, tabId);
  const box = popup.getByRole('textbox', { name: `Reflection on ${SCRIPT} Section one` });
  await box.click();
  await popup.keyboard.type(`**bold** ${CANARY} ${SCRIPT} [x](javascript:window.__pwned=1) <a href="javascript:1">y</a>`);
  await popup.locator('h1').click();
  await popup.waitForTimeout(300);

  // Popup: everything as text; the rendered reflection has no dangerous markup.
  const text = await popup.textContent('main');
  assert.ok(text.includes(CANARY), 'title/quote shown as text');
  assert.ok(text.includes(`${SCRIPT} Section one`), 'heading shown as text');
  assert.ok(text.includes(LONG), 'long heading shown whole');
  assert.ok(text.includes(LONG_NOTE.trim()), 'very long note shown whole');
  assert.ok(text.includes('Hostile essay'), 'title with bidi controls shown');
  const isolation = await popup.evaluate(() =>
    ['.page-title', '.heading-text', '.highlight q', '.note'].map((s) => getComputedStyle(document.querySelector(s)).unicodeBidi),
  );
  assert.deepEqual(isolation, ['isolate', 'isolate', 'isolate', 'isolate'], 'page text cannot reorder the UI around it');
  const dangerous = await popup.evaluate(() => ({
    imgs: document.querySelectorAll('main img').length,
    scripts: document.querySelectorAll('main script').length,
    handlers: [...document.querySelectorAll('main *')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
    jsLinks: [...document.querySelectorAll('main a')].filter((a) => /^\s*javascript:/i.test(a.getAttribute('href') ?? '')).length,
  }));
  assert.deepEqual(dangerous, { imgs: 0, scripts: 0, handlers: 0, jsLinks: 0 });
  assert.equal(await popup.locator('.rendered strong').first().textContent(), 'bold', 'safe Markdown still renders');

  // Library: the page, its search, all as text.
  const library = await b.context.newPage();
  await library.goto(`chrome-extension://${b.extensionId}/library.html`);
  await library.waitForSelector('html[data-gloss-ready="1"]');
  assert.ok((await library.textContent('body')).includes(CANARY));
  const search = library.getByRole('searchbox').first();
  // What the search shows, read from the results list only (never the search box or a
  // status line that repeats the query): each match's kind, its <mark>, its text, and
  // any element inside it that is not Gloss's own markup.
  const shown = () =>
    library.evaluate(() =>
      [...document.querySelectorAll('.search-results .result')].map((r) => ({
        title: r.querySelector('.result-title a')?.textContent ?? '',
        matches: [...r.querySelectorAll('.match')].map((m) => ({
          kind: [...m.classList].find((c) => c.startsWith('match-')) ?? '',
          marks: [...m.querySelectorAll('mark')].map((k) => k.textContent),
          snippet: m.querySelector('.snippet')?.textContent ?? '',
          // Gloss's own markup: spans, <mark>, links, and <bdi dir=auto> around page text.
          foreign: [...m.querySelectorAll('*')].map((e) => e.localName).filter((n) => !['span', 'mark', 'a', 'bdi'].includes(n)),
        })),
      })),
    );
  const searchFor = async (q) => {
    await search.fill(q);
    await until(async () => (await library.locator('.search-results').getAttribute('data-query').catch(() => null)) === q, `search for ${q} shown`);
    return shown();
  };
  // The payload is found in the title, a heading, the highlight and the note, each shown
  // as text with the query marked; had the page's text been parsed as HTML, the <img>
  // would be an element and its source would be missing from the text.
  const found = await searchFor('onerror');
  assert.equal(found.length, 1, 'exactly the hostile page is found');
  assert.ok(found[0].title.includes(CANARY), 'the result title is the page title, as text');
  const kinds = found[0].matches.map((m) => m.kind);
  for (const kind of ['match-title', 'match-highlight', 'match-note']) assert.ok(kinds.includes(kind), `a ${kind} match (got ${kinds})`);
  for (const m of found[0].matches) {
    assert.deepEqual(m.marks, ['onerror'], 'the match marks the query');
    assert.ok(m.snippet.includes('onerror="window.__pwned'), `payload shown as text: ${m.snippet}`);
    assert.deepEqual(m.foreign, [], 'no element from the text inside a match');
  }
  // The search really searches: the reflection is found by its own words, and a word on
  // no page finds nothing.
  const reflection = await searchFor('bold');
  assert.ok(reflection[0]?.matches.some((m) => m.kind === 'match-reflection' && m.snippet.includes('bold <img src=x onerror=')), `the reflection is found: ${JSON.stringify(reflection)}`);
  assert.deepEqual(await searchFor('qqzzx-nowhere'), [], 'a word on no page finds nothing');
  assert.equal(await library.locator('main img, main script').count(), 0);

  // Every export: the HTML journal runs nothing when opened; the others keep the text.
  const exports = {};
  for (const name of ['Markdown', 'JSON (Gloss)', 'Web Annotation (JSON-LD)', 'Printable HTML']) {
    await popup.getByRole('button', { name: 'Export' }).click();
    const [d] = await Promise.all([popup.waitForEvent('download'), popup.getByRole('button', { name }).click()]);
    exports[name] = readFileSync(await d.path(), 'utf8');
  }
  const json = JSON.parse(exports['JSON (Gloss)']);
  assert.ok(json.pages[0].highlights[0].text.includes(CANARY), 'JSON keeps the exact text');
  assert.ok(JSON.stringify(JSON.parse(exports['Web Annotation (JSON-LD)'])).includes('onerror'));
  assert.ok(!/^<img|^<script/m.test(exports.Markdown), 'no raw HTML starts a Markdown line');
  assert.ok(!exports.Markdown.includes(`\n${CANARY}`), 'page text cannot inject raw HTML blocks');
  const viewer = await b.context.newPage();
  await viewer.goto(server.url('/hostile') + '-viewer');
  await viewer.setContent(exports['Printable HTML']);
  await viewer.waitForTimeout(300);
  assert.equal(await pwned(viewer), 0, 'HTML journal runs no script');
  assert.equal(await viewer.locator('img, script').count(), 0);
  assert.ok((await viewer.textContent('body')).includes(CANARY));

  for (const p of [page, popup, library]) assert.equal(await pwned(p), 0, `no script ran in ${p.url()}`);
});
