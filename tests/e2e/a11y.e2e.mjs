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
