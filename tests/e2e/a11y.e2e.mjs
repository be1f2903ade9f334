// Accessibility scan (axe-core, in real Chromium) of the side panel (its tab form), the
// popup, the library with a page's details open, and the welcome page, in light and dark:
// no serious or critical violation.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ROOT, launch } from '../support/browser.mjs';
import { glossSession, openAndHighlight, until } from '../support/gloss.mjs';

const SAMPLE = readFileSync(path.join(ROOT, 'tests/demo/sample-essay.html'), 'utf8');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe in `page` (injected through the debugger protocol, which the extension's CSP does not block). */
async function scan(page) {
  await page.evaluate(`${AXE};0`);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) }));
  });
  return result;
}

test('axe: panel, popup, library and welcome page have no serious or critical violation, light and dark', async (t) => {
  const { server, b } = await glossSession(t, { '/essay': { body: SAMPLE } });
  const { page, tabId } = await openAndHighlight(b.context, server.url('/essay'), 'These notes are not decoration.', 'article');
  // The highlight's section is the one being read, so the panel shows it expanded.
  await page.evaluate(() => [...document.querySelectorAll('h2')].find((h) => h.textContent.startsWith('The margin')).scrollIntoView());

  // The scan can fail: a nameless button added to a page is reported.
  const probe = await b.context.newPage();
  await probe.goto(`chrome-extension://${b.extensionId}/welcome.html`);
  await probe.waitForSelector('html[data-gloss-ready="1"]');
  await probe.evaluate(() => document.body.append(document.createElement('button')));
  assert.ok((await scan(probe)).some((v) => v.id === 'button-name' && v.impact === 'critical'), 'axe reports a nameless button');
  await probe.close();

  const report = [];
  for (const scheme of ['light', 'dark']) {
    const targets = [
      ['side panel', `sidepanel.html?tabId=${tabId}`],
      ['popup', `popup.html?tabId=${tabId}`],
      ['library', 'library.html'],
      ['welcome page', 'welcome.html'],
    ];
    for (const [name, url] of targets) {
      const p = await b.context.newPage();
      await p.emulateMedia({ colorScheme: scheme });
      await p.goto(`chrome-extension://${b.extensionId}/${url}`);
      await p.waitForSelector('html[data-gloss-ready="1"]');
      if (name === 'library') {
        await p.getByRole('button', { name: /Show notes/ }).first().click();
        await p.waitForSelector('.page-details');
      }
      if (name === 'side panel') await p.getByRole('button', { name: 'Export' }).click();
      const violations = await scan(p);
      const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      report.push(`${name} (${scheme}): ${violations.length} violations, ${bad.length} serious or critical${violations.length ? ' — ' + violations.map((v) => `${v.id}/${v.impact}`).join(', ') : ''}`);
      assert.deepEqual(bad, [], `${name} in ${scheme}`);
      await p.close();
    }
  }
  console.log(report.map((r) => `# axe ${r}`).join('\n'));
});

test('on install, Gloss opens its welcome page', async () => {
  const b = await launch({ extension: true, keepWelcome: true });
  try {
    const welcome = await until(() => b.context.pages().find((p) => p.url().endsWith('/welcome.html')), 'the welcome tab', 10000);
    await welcome.waitForSelector('html[data-gloss-ready="1"]');
    assert.match(await welcome.textContent('body'), /Gloss/);
  } finally {
    await b.close();
  }
});

test('the welcome page teaches by doing: highlight → reflect → export on the sample essay, with the real shortcuts', async (t) => {
  const { b } = await glossSession(t, {});
  const welcome = await b.context.newPage();
  await welcome.goto(`chrome-extension://${b.extensionId}/welcome.html`);
  await welcome.waitForSelector('html[data-gloss-ready="1"]');
  // The shortcuts as the browser has them bound (commands.getAll).
  const bound = await welcome.evaluate(async () => (await chrome.commands.getAll()).filter((c) => c.shortcut).map((c) => c.shortcut));
  const keys = await welcome.locator('.shortcuts kbd').allTextContents();
  for (const k of bound) assert.ok(keys.includes(k), `shortcut ${k} shown (shown: ${keys.join(', ')})`);
  // Highlight: select words of the sample with a real drag, then the button.
  const box = await welcome.evaluate(() => {
    const p = [...document.querySelectorAll('.sample article p')].find((x) => x.textContent.includes('a question answers back'));
    const text = p.firstChild;
    const at = text.data.indexOf('a question answers back');
    const r = document.createRange();
    r.setStart(text, at);
    r.setEnd(text, at + 'a question answers back'.length);
    r.startContainer.parentElement.scrollIntoView({ block: 'center' });
    const rects = r.getClientRects();
    const first = rects[0];
    const last = rects[rects.length - 1];
    return { x0: first.left + 1, y0: first.top + first.height / 2, x1: last.right - 1, y1: last.top + last.height / 2 };
  });
  await welcome.mouse.move(box.x0, box.y0);
  await welcome.mouse.down();
  await welcome.mouse.move(box.x1, box.y1, { steps: 5 });
  await welcome.mouse.up();
  await welcome.getByRole('button', { name: 'Highlight the selection' }).click();
  await until(async () => (await welcome.evaluate(() => CSS.highlights.get('gloss-yellow')?.size ?? 0)) === 1, 'the highlight painted on the sample');
  const stored = () => welcome.evaluate(async (url) => (await chrome.storage.local.get(`page:${url}`))[`page:${url}`] ?? null, `chrome-extension://${b.extensionId}/welcome.html`);
  await until(async () => (await stored())?.highlights?.[0]?.sectionId === 'sample-questions', 'the highlight stored in its section');
  assert.match((await stored()).highlights[0].text, /question answers back/);
  // Reflect: the section's reflection box saves what is typed.
  await welcome.getByRole('textbox', { name: 'Reflection on Questions, not summaries' }).fill('What did it assume?');
  await until(async () => (await stored())?.reflections?.['sample-questions']?.text === 'What did it assume?', 'the reflection stored');
  // Export: a Markdown file with the highlight under its section and the reflection.
  const [download] = await Promise.all([welcome.waitForEvent('download'), welcome.getByRole('button', { name: 'Export as Markdown' }).click()]);
  const md = readFileSync(await download.path(), 'utf8');
  assert.match(md, /## Questions, not summaries\n\n> .*question answers back/);
  assert.match(md, /What did it assume\?/);
});
