// The UI language switch of the e2e launchers, in real Chromium AND real Firefox: started
// with lang 'de', Gloss's strings come from the German catalogue (Chromium: --lang and
// LANGUAGE; Firefox: intl.locale.requested with the firefox-esr-l10n-de langpack), and in
// Firefox the real context menu shows the German item and highlights with it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../support/browser.mjs';
import { journey } from '../support/driver.mjs';

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
