// The UI language switch of the e2e launchers, in real Chromium AND real Firefox: started
// with lang 'de', Gloss's strings come from the German catalogue (Chromium: --lang and
// LANGUAGE; Firefox: intl.locale.requested with the firefox-esr-l10n-de langpack), and in
// Firefox the real context menu shows the German item and highlights with it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../support/browser.mjs';
import { journey } from '../support/driver.mjs';
import { journalReady, messages, openSection, reflectionBox, storedReflection } from '../support/journal-ui.mjs';

const de = JSON.parse(readFileSync(path.join(ROOT, 'public/_locales/de/messages.json'), 'utf8'));
const en = JSON.parse(readFileSync(path.join(ROOT, 'public/_locales/en/messages.json'), 'utf8'));

// Text written for this test.
const PAGE = `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Der Leuchtturm</title></head><body>
<article><h1>Der Leuchtturm</h1><h2>Die Nacht</h2>
<p>Der Wärter zählt die Schiffe, die er nie sehen wird, und trägt sie trotzdem ins Buch ein.</p></article></body></html>`;

journey('German UI language: strings from the German catalogue', { lang: 'de', routes: { '/turm': { body: PAGE } } }, async (d) => {
  assert.notEqual(de.contextMenuHighlight.message, en.contextMenuHighlight.message, 'the two catalogues differ here');
  // (Chromium's i18n.getUILanguage() still says en-US in a headless run; the catalogue
  // it picks is what users see.)
  const [menu, name] = await d.ext((api) => [api.i18n.getMessage('contextMenuHighlight'), api.i18n.getMessage('extName')]);
  assert.equal(menu, de.contextMenuHighlight.message);
  assert.equal(name, de.extName.message);
  if (d.contextMenu) {
    const tab = await d.openPage(d.server.url('/turm'));
    await d.waitForContentScript(tab);
    await tab.select('zählt die Schiffe', 'article');
    await d.contextMenu(tab, de.contextMenuHighlight.message);
    await d.until(async () => (await tab.paintedTotal()) === 1, 'highlighted from the German context menu');
  }
});

// ——— A German essay journaled end to end with the German UI ———
// Our own German essay (tests/fixtures/essay/de-blog-fettgedruckt.html: umlauts, ß,
// bold-paragraph section headings, German blog furniture). The UI language is German
// (Chromium: --lang=de + LANGUAGE; Firefox: intl.locale.requested=de with Debian's
// firefox-esr-l10n-de langpack, whose use is checked through Firefox's own locale).
const GERMAN = readFileSync(path.join(ROOT, 'tests/fixtures/essay/de-blog-fettgedruckt.html'), 'utf8');
const GERMAN_TRUTH = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/essay/de-blog-fettgedruckt.truth.json'), 'utf8'));
const deMsg = messages('de');
const enMsg = messages('en');
/** English texts a German UI must not show: every catalogue text that differs in German. */
const ENGLISH_ONLY = new Set(
  Object.keys(en)
    .filter((k) => !en[k].placeholders && en[k].message !== de[k].message)
    .map((k) => en[k].message.trim()),
);

/** Every UI text a reader sees or hears in `tab`: controls, labels, headings, hints. */
const uiTexts = () =>
  [...document.querySelectorAll('button, label, summary, h2, legend, option, .hint, [role="status"], [aria-label], [placeholder], [title]')].flatMap((e) =>
    [e.matches('button, label, summary, h2, legend, option, .hint, [role="status"]') ? e.textContent : null, e.getAttribute('aria-label'), e.getAttribute('placeholder'), e.getAttribute('title')]
      .filter((s) => s && s.trim())
      .map((s) => s.trim()),
  );

function assertGerman(texts, where) {
  const english = texts.filter((s) => ENGLISH_ONLY.has(s));
  assert.deepEqual(english, [], `English UI text in the ${where}`);
}

journey('a German essay journaled end to end with the German UI', { lang: 'de', routes: { '/fluss': { body: GERMAN } }, timeout: 180000 }, async (d) => {
  // The browser runs in German: Firefox's app locale is German (the langpack is used, not
  // only the extension's catalogue); Chromium reports its UI language to extensions.
  if (d.browser === 'firefox') {
    const appLocale = await d.firefox().chromeEval('Services.locale.appLocaleAsBCP47');
    assert.match(appLocale, /^de\b/, `Firefox runs in German (the firefox-esr-l10n-de langpack), not ${appLocale}`);
    assert.match(await d.ext((api) => api.i18n.getUILanguage()), /^de\b/);
  }
  const uiLanguage = await d.ext((api) => api.i18n.getUILanguage());
  console.log(`# ${d.browser}: i18n.getUILanguage() = ${uiLanguage}`);
  assert.equal(await d.ext((api) => api.i18n.getMessage('journalExport')), deMsg('journalExport'), 'German catalogue');

  // Outline detected, a highlight made from the German toolbar, stored in its section.
  const tab = await d.openPage(d.server.url('/fluss'));
  const tabId = await d.waitForContentScript(tab);
  const [first, second] = GERMAN_TRUTH.headings;
  await tab.select('wie ungeduldig ich bin', 'article');
  await tab.click({ role: 'button', name: deMsg('overlayHighlight') });
  await d.until(async () => (await tab.paintedTotal()) === 1, 'painted');
  await d.until(async () => (await d.storedPages())[0]?.highlights?.[0]?.sectionHeading === first, 'stored in its German section');
  const [stored] = await d.storedPages();
  assert.equal(stored.title, GERMAN_TRUTH.title);
  assert.deepEqual(stored.outline?.map((s) => s.heading).filter(Boolean), GERMAN_TRUTH.headings, 'the German outline');

  // Restored after a reload.
  await tab.reload();
  await d.waitForContentScript(tab);
  await d.until(async () => (await tab.paintedTotal()) === 1, 'restored after reload');

  // The journal: German sections and UI; a reflection (umlauts, ß) saved and shown again.
  let popup = await d.openExtensionPage(`popup.html?tabId=${tabId}`);
  await journalReady(popup);
  const headings = (await popup.texts('.section .heading-text')).map((s) => s.trim());
  assert.deepEqual(headings, [deMsg('journalIntroduction'), ...GERMAN_TRUTH.headings]);
  assertGerman(await popup.evaluate(uiTexts), 'journal');
  const reflection = 'Geduld übt man täglich, größer wird sie kaum – aber die Brücke trägt.';
  await popup.click(await reflectionBox(popup, second, deMsg));
  await popup.type(reflection);
  await popup.click('h1');
  await d.until(async () => (await storedReflection(d)) === reflection, 'the German reflection stored');
  await popup.close();
  popup = await d.openExtensionPage(`popup.html?tabId=${tabId}`);
  await journalReady(popup);
  await openSection(popup, second);
  await popup.waitFor((r) => document.querySelector('.rendered')?.textContent.includes(r), reflection, 'the reflection shown again');
  assertGerman(await popup.evaluate(uiTexts), 'journal with a reflection');

  // Markdown export: the German headings, the highlight and the reflection.
  await popup.click({ role: 'button', name: deMsg('journalExport') });
  const md = await popup.download(() => popup.click({ role: 'button', name: deMsg('journalExportMarkdown') }));
  assert.match(md.name, /\.md$/);
  for (const h of [first, second]) assert.match(md.text, new RegExp(`^#+ ${h.replace(/[.?]/g, '\\$&')}$`, 'm'), `heading ${h}`);
  assert.ok(md.text.includes('> wie ungeduldig ich bin'), 'the highlight quoted');
  assert.ok(md.text.includes(reflection), 'the reflection');
  assert.ok(md.text.includes(`title: "${GERMAN_TRUTH.title}"`) || md.text.includes(`title: ${GERMAN_TRUTH.title}`), 'the German title');
  await popup.close();

  // The library in German, dates and counts through Intl in German.
  const library = await d.openExtensionPage('library.html');
  await library.waitFor(() => document.documentElement.dataset.glossLoaded === '1', null, 'the library loaded');
  assert.equal((await library.text('h1')).trim(), deMsg('libraryTitle'));
  assert.equal(await library.evaluate(() => document.title), deMsg('libraryTitle'));
  const meta = await library.text('.page-meta');
  const today = new Intl.DateTimeFormat('de', { dateStyle: 'medium' }).format(new Date());
  assert.ok(meta.includes(deMsg('libraryFirstVisit', today)), `a German date (${today}): ${meta}`);
  assert.ok((await library.text('.page-counts')).includes(deMsg('libraryHighlightsOne', 1)));
  assertGerman(await library.evaluate(uiTexts), 'library');
  assert.notEqual(deMsg('libraryTitle'), enMsg('libraryTitle'));
});
