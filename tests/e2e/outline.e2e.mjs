// Outline detection where layout and computed style matter, in real Chromium:
// CSS-hidden headings, CSS-bold paragraphs, iframes and shadow roots, and
// observeOutline on pages that render late or navigate with pushState.
import test from 'node:test';
import assert from 'node:assert/strict';
import { launch } from '../support/browser.mjs';
import { startServer } from '../support/server.mjs';
import { bundleForPage } from '../support/bundle.mjs';

const P = (s) =>
  `<p>${s} This sentence is here so that the paragraph reads as ordinary prose, long enough to count as text.</p>`;

const HIDDEN_PAGE = `<!doctype html><html><head><title>Hidden things</title><style>
  .quiet-label { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  .gone { display: none; } .ghost { visibility: hidden; } .far { position: absolute; left: -10000px; }
</style></head><body><article><h1>Hidden things</h1>
${P('Opening.')}
<h2>Visible one</h2>${P('First.')}
<h2 class="quiet-label">Clipped heading for screen readers</h2>${P('Still first.')}
<h2 class="gone">Display none heading</h2>${P('Still first, again.')}
<h2 class="ghost">Invisible heading</h2>${P('More of the first.')}
<h2 class="far">Far away heading</h2>${P('Even more of the first.')}
<h2>Visible two</h2>${P('Second.')}
<iframe srcdoc="<h2>Heading in a widget iframe</h2><p>Widget text that is long enough to be a paragraph of prose.</p>"></iframe>
<div id="host"></div>
${P('Closing.')}
</article>
<script>
  const root = document.getElementById('host').attachShadow({ mode: 'open' });
  root.innerHTML = '<h2>Heading in a shadow root</h2><p>Shadow text that is long enough to be a paragraph of prose.</p>';
</script></body></html>`;

const BOLD_PAGE = `<!doctype html><html><head><title>Styled bold</title><style>
  .subhead { font-weight: 700; } strong.plain { font-weight: normal; }
</style></head><body><div class="entry"><h1>Styled bold</h1>
${P('Opening.')}
<p class="subhead">A heading made bold by a stylesheet</p>${P('First.')}
<p><strong class="plain">Strong text that the site styles as normal weight</strong></p>${P('Still first.')}
<p><b>A plain bold heading</b></p>${P('Second.')}
</div></body></html>`;

const LATE_PAGE = `<!doctype html><html><head><title>Late</title></head><body><div id="app">Loading…</div>
<script>
  const para = (s) => '<p>' + s + ' This sentence is here so that the paragraph reads as ordinary prose, long enough.</p>';
  setTimeout(() => {
    document.getElementById('app').innerHTML = '<article><h1>First article</h1>' + para('Intro.') +
      '<h2>Alpha</h2>' + para('A.') + '<h2>Beta</h2>' + para('B.') + '</article>';
  }, 400);
  window.goNext = () => {
    history.pushState({}, '', '/next');
    document.getElementById('app').innerHTML = '<article><h1>Second article</h1>' + para('Intro.') +
      '<h2>Gamma</h2>' + para('G.') + '</article>';
    window.dispatchEvent(new Event('wxt:locationchange'));
  };
</script></body></html>`;

let browser;
let server;
let detector;

test.before(async () => {
  detector = await bundleForPage('utils/outline/index.ts', 'GlossOutline');
  server = await startServer({
    routes: {
      '/hidden.html': { body: HIDDEN_PAGE },
      '/bold.html': { body: BOLD_PAGE },
      '/late.html': { body: LATE_PAGE },
    },
  });
  browser = await launch();
  await browser.context.route('**/*', (route) =>
    new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort(),
  );
});

test.after(async () => {
  await browser?.close();
  await server?.close();
});

async function outlineOf(path) {
  const page = await browser.context.newPage();
  await page.goto(server.url(path));
  await page.addScriptTag({ content: detector });
  const out = await page.evaluate(() => {
    const o = window.GlossOutline.detectOutline(document);
    return { title: o.title, headings: o.sections.filter((s) => s.headingElement).map((s) => s.heading) };
  });
  await page.close();
  return out;
}

test('CSS-hidden headings, iframes and shadow roots are not sections', async () => {
  const out = await outlineOf('/hidden.html');
  assert.equal(out.title, 'Hidden things');
  assert.deepEqual(out.headings, ['Visible one', 'Visible two']);
});

test('boldness comes from computed style: a stylesheet can make or unmake a heading', async () => {
  const out = await outlineOf('/bold.html');
  assert.deepEqual(out.headings, ['A heading made bold by a stylesheet', 'A plain bold heading']);
});

test('observeOutline follows a late render and a pushState navigation', async () => {
  const page = await browser.context.newPage();
  await page.goto(server.url('/late.html'));
  await page.addScriptTag({ content: detector });
  await page.evaluate(() => {
    window.changes = [];
    const obs = window.GlossOutline.observeOutline(
      document,
      (o) => window.changes.push({ title: o.title, sections: o.sections.map((s) => [s.id, s.heading]) }),
      { debounceMs: 100 },
    );
    window.initialHeadings = obs.outline.sections.filter((s) => s.headingElement).length;
  });
  assert.equal(await page.evaluate(() => window.initialHeadings), 0);
  await page.waitForFunction(() => window.changes.length === 1, null, { timeout: 5000 });
  const first = await page.evaluate(() => window.changes[0]);
  assert.equal(first.title, 'First article');
  assert.deepEqual(first.sections.filter(([, h]) => h).map(([, h]) => h), ['Alpha', 'Beta']);

  await page.evaluate(() => window.goNext());
  await page.waitForFunction(() => window.changes.length === 2, null, { timeout: 5000 });
  const second = await page.evaluate(() => window.changes[1]);
  assert.equal(second.title, 'Second article');
  assert.deepEqual(second.sections.filter(([, h]) => h).map(([, h]) => h), ['Gamma']);
  // Another article: its sections do not inherit the previous article's ids.
  const oldIds = new Set(first.sections.map(([id]) => id).filter((id) => id !== 'intro'));
  assert.ok(second.sections.every(([id]) => !oldIds.has(id)));
  await page.close();
});
