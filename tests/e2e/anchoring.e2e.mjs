// Anchoring in real Chromium (no extension): computed-style hiding, a describe →
// change → anchor round trip on a saved page, and orphaning of a removed quote.
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch } from '../support/browser.mjs';
import { boldHeadingEssays } from '../support/fixtures.mjs';
import { startServer } from '../support/server.mjs';
import { bundleForPage } from '../support/bundle.mjs';

// Text written for this test.
const PAGE = `<!doctype html><html><head><meta charset="utf-8">
<style>.menu { display: none }</style></head><body>
<div class="menu"><p>Menu entry one</p></div>
<article>
  <h1>Lanterns</h1>
  <p>The lantern maker kept   three
     lamps lit at all hours.</p>
  <p>Nobody asked why.</p>
  <p>The third lamp was brighter than the other two, and nobody asked about that either.</p>
</article></body></html>`;

const ESSAYS = boldHeadingEssays();

let browser;
let server;
let page;
let anchoringJs;

test.before(async () => {
  anchoringJs = await bundleForPage('utils/anchoring/index.ts', 'GlossAnchoring');
  server = await startServer({
    routes: { '/own.html': { body: PAGE }, ...Object.fromEntries(ESSAYS.map((e, i) => [`/essay-${i}.html`, { file: e.file }])) },
  });
  browser = await launch();
  await browser.context.route('**/*', (route) =>
    route.request().url().startsWith(server.origin) ? route.continue() : route.abort(),
  );
  page = await browser.context.newPage();
});

test.after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(p) {
  await page.goto(server.url(p), { waitUntil: 'load' }).catch(() => {});
  await page.addScriptTag({ content: anchoringJs });
}

test('text hidden by a stylesheet is left out, blocks are separated', async () => {
  await open('/own.html');
  const text = await page.evaluate(() => window.GlossAnchoring.buildTextIndex(document.body).text);
  assert.ok(!text.includes('Menu entry'), 'display:none block skipped');
  assert.ok(text.includes('Lanterns The lantern maker kept three lamps lit at all hours.'), text);
  assert.ok(text.includes('hours. Nobody asked why. The third'), text);
});

test('describe → reflow and inline markup → anchor gives the same text', async () => {
  await open('/own.html');
  const out = await page.evaluate(() => {
    const A = window.GlossAnchoring;
    const idx = A.buildTextIndex(document.body);
    const at = idx.text.indexOf('three lamps lit');
    const sel = A.describe(idx.toRange(at, at + 'three lamps lit at all hours'.length), document.body);
    const p = document.querySelector('article p');
    p.innerHTML = 'The lantern maker kept <em>three</em>\n\n lamps lit at   all hours.';
    const r = A.anchor(sel, document.body);
    return { exact: sel.quote.exact, got: r && r.toString().replace(/\s+/g, ' ') };
  });
  assert.equal(out.exact, 'three lamps lit at all hours');
  assert.equal(out.got, 'three lamps lit at all hours');
});

for (const [i, { label, skip }] of ESSAYS.entries()) test(`on a saved essay: unchanged, inserted text, a removed paragraph [${label}]`, { skip }, async () => {
  await open(`/essay-${i}.html`);
  const out = await page.evaluate(() => {
    const A = window.GlossAnchoring;
    const paras = [...document.querySelectorAll('article p, .entry-content p, p')].filter(
      (p) => p.textContent.trim().split(/\s+/).length > 20,
    );
    const pick = [paras[1], paras[3], paras[5]];
    const sels = pick.map((p) => {
      const local = A.buildTextIndex(p);
      const words = local.text.split(' ');
      const start = local.text.indexOf(words[4]);
      const quote = words.slice(4, 14).join(' ');
      return A.describe(local.toRange(start, start + quote.length), document.body);
    });
    const before = A.anchorAll(sels, document.body).map((r) => r && r.toString().replace(/\s+/g, ' '));
    const extra = document.createElement('p');
    extra.textContent = 'A new first paragraph that moves every offset further down the page.';
    pick[0].before(extra);
    pick[1].remove();
    const after = A.anchorAllDetailed(sels, document.body);
    return {
      exact: sels.map((s) => s.quote.exact),
      before,
      after: after.map((r) => ({ text: r.range && r.range.toString().replace(/\s+/g, ' '), method: r.method })),
    };
  });
  assert.deepEqual(out.before, out.exact);
  assert.equal(out.after[0].text, out.exact[0]);
  assert.equal(out.after[1].text, null, 'removed paragraph: orphan');
  assert.equal(out.after[2].text, out.exact[2]);
});

test('a passage found by its raw-text hint is placed without the index, unless a stylesheet now hides it', async () => {
  await open('/own.html');
  const out = await page.evaluate(() => {
    const A = window.GlossAnchoring;
    const idx = A.buildTextIndex(document.body);
    const quote = 'brighter than the other two';
    const at = idx.text.indexOf(quote);
    const sel = A.describe(idx.toRange(at, at + quote.length), document.body);
    const before = A.anchorAllDetailed([sel], document.body)[0];
    // Same raw text, but the paragraph is now hidden by the page's stylesheet.
    document.querySelectorAll('article p')[2].className = 'menu';
    const after = A.anchorAllDetailed([sel], document.body)[0];
    return {
      hint: typeof sel.rawStart,
      before: { method: before.method, start: before.start, text: before.range && before.range.toString() },
      after: { method: after.method, range: after.range && after.range.toString() },
    };
  });
  assert.equal(out.hint, 'number');
  assert.deepEqual(out.before, { method: 'position', start: -1, text: 'brighter than the other two' });
  assert.equal(out.after.range, null, 'hidden text is not a place');
});
