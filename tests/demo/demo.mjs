// `npm run demo`: builds Gloss, serves a sample essay written for this project, and
// opens Chromium with Gloss loaded on it. With a display, the browser stays open for a
// person to use. Without one, it runs a scripted tour (sections, two highlights, a
// reflection, an export) and leaves the Markdown and screenshots in demo-output/.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, ROOT, chromiumPath } from '../support/browser.mjs';
import { startServer } from '../support/server.mjs';
import { openPopup, paintedTotal, selectText, until, waitForContentScript } from '../support/gloss.mjs';
import { ui } from '../support/overlay.mjs';
import { openSidePanelFromPopup } from '../support/panel.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.join(ROOT, 'demo-output');

try {
  chromiumPath();
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
if (!process.env.GLOSS_SKIP_BUILD) {
  const built = spawnSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const server = await startServer({ routes: { '/essays/slow-reader': { file: path.join(HERE, 'sample-essay.html') } } });
const url = server.url('/essays/slow-reader');
const interactive = !!process.env.DISPLAY && !process.env.CI && process.env.GLOSS_DEMO_HEADLESS !== '1';

if (interactive) {
  const b = await launch({ extension: true, headless: false });
  const page = await b.context.newPage();
  await page.goto(url);
  console.log(`Gloss is loaded. The sample essay is at ${url}`);
  console.log('Select text to highlight it; click the Gloss toolbar icon for the outline and journal.');
  console.log('Close the browser window (or press Ctrl+C) to end the demo.');
  await new Promise((resolve) => b.context.on('close', resolve));
  await server.close();
  process.exit(0);
}

mkdirSync(OUT, { recursive: true });
const b = await launch({ extension: true, viewport: { width: 1280, height: 860 } });
try {
  const page = await b.context.newPage();
  await page.goto(url);
  const tabId = await waitForContentScript(b.context, page);

  // Two highlights made with the selection toolbar.
  await selectText(page, 'A paragraph read twice, slowly, often leaves more behind than a chapter skimmed once.', 'article');
  await ui(page).getByRole('button', { name: 'Highlight', exact: true }).click();
  await selectText(page, 'A question, on the other hand, marks the place where your thinking and the author', 'article');
  await ui(page).getByRole('button', { name: /^Highlight Green$/ }).click();
  await until(async () => (await paintedTotal(page)) === 2, 'two highlights painted');
  const pageShot = path.join(OUT, 'page.png');
  await page.evaluate(() => document.querySelector('article h2').scrollIntoView());
  await page.screenshot({ path: pageShot });

  // The popup: sections detected, a reflection written.
  const popup = await openPopup(b.context, b.extensionId, tabId);
  await popup.setViewportSize({ width: 460, height: 860 });
  const sections = await popup.locator('.section .heading-text').allTextContents();
  const box = popup.getByRole('textbox', { name: 'Reflection on Why speed is the wrong measure' });
  await box.click();
  await popup.keyboard.type('**What struck me:** slowness is where the work happens. Try: reread one paragraph a day.');
  await popup.locator('h1').click(); // leave the editor: the reflection shows rendered
  await popup.waitForTimeout(200);
  const popupShot = path.join(OUT, 'popup.png');
  await popup.screenshot({ path: popupShot, fullPage: true });

  // Export the page as Markdown.
  await popup.getByRole('button', { name: 'Export' }).click();
  const [download] = await Promise.all([popup.waitForEvent('download'), popup.getByRole('button', { name: 'Markdown' }).click()]);
  const mdPath = path.join(OUT, download.suggestedFilename());
  await download.saveAs(mdPath);

  // The side panel beside the essay, light and dark. The real panel is opened from the
  // popup ("Open beside the page"); the picture is taken of the same page at a panel's
  // width (sidepanel.html?tabId=, which behaves as the panel does), since a headless
  // browser's own UI is not in a page screenshot, and set beside the page's screenshot.
  const panelShots = [];
  await popup.close();
  await page.evaluate(() => [...document.querySelectorAll('h2')].find((h) => h.textContent.startsWith('The margin')).scrollIntoView());
  const realPanel = await openSidePanelFromPopup(b.context, b.extensionId, page, tabId);
  await realPanel.detach();
  const side = await b.context.newPage();
  await side.setViewportSize({ width: 380, height: 860 });
  await side.goto(`chrome-extension://${b.extensionId}/sidepanel.html?tabId=${tabId}`);
  await side.waitForSelector('html[data-gloss-ready="1"]');
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await side.emulateMedia({ colorScheme: scheme });
    await side.waitForTimeout(200);
    const panelPng = await side.screenshot();
    const pagePng = await page.screenshot();
    const frame = await b.context.newPage();
    await frame.setViewportSize({ width: 1281 + 380, height: 860 });
    await frame.setContent(
      `<body style="margin:0;display:flex;background:${scheme === 'dark' ? '#202124' : '#dadce0'}"><img style="display:block" src="data:image/png;base64,${pagePng.toString('base64')}"><img style="display:block;border-left:1px solid #888" src="data:image/png;base64,${panelPng.toString('base64')}"></body>`,
    );
    const shot = path.join(OUT, `panel-${scheme}.png`);
    await frame.screenshot({ path: shot });
    await frame.close();
    panelShots.push(shot);
  }
  await side.close();

  if (process.env.GLOSS_DEMO_UPDATE_README_SHOTS === '1') {
    copyFileSync(popupShot, path.join(HERE, 'screenshots/popup.png'));
    copyFileSync(pageShot, path.join(HERE, 'screenshots/page.png'));
    for (const shot of panelShots) copyFileSync(shot, path.join(HERE, 'screenshots', path.basename(shot)));
  }
  writeFileSync(path.join(OUT, 'sections.txt'), sections.join('\n') + '\n');
  console.log(`Sections detected: ${sections.join(' | ')}`);
  console.log(`Exported Markdown: ${mdPath}`);
  console.log(`Screenshot of the page: ${pageShot}`);
  console.log(`Screenshot of the popup: ${popupShot}`);
  console.log(`Screenshots of the side panel beside the essay: ${panelShots.join(', ')}`);
} finally {
  await b.close();
  await server.close();
}
