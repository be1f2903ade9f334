// Renders Gloss's toolbar and store icons (public/icon/{16,32,48,128}.png) from
// tests/demo/icon-source.svg with Chromium, transparent around the tile. Run by hand
// after changing the drawing: node tests/demo/make-icons.mjs
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { launch, ROOT } from '../support/browser.mjs';

const svg = readFileSync(path.join(ROOT, 'tests/demo/icon-source.svg'), 'utf8');
const b = await launch();
try {
  const page = await b.context.newPage();
  mkdirSync(path.join(ROOT, 'public/icon'), { recursive: true });
  for (const size of [16, 32, 48, 128]) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
    const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    writeFileSync(path.join(ROOT, `public/icon/${size}.png`), png);
  }
} finally {
  await b.close();
}
