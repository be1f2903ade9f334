// The text-fragment links Gloss writes, followed in real Chromium: the browser must
// scroll to the right passage (happy-dom knows nothing of text fragments). The link
// builder (utils/export/text-fragment.ts) is bundled and run in a page of its own.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from '../support/browser.mjs';
import { bundleForPage } from '../support/bundle.mjs';
import { startServer } from '../support/server.mjs';

const filler = (n) =>
  Array.from({ length: n }, (_, i) => `<p>Filler paragraph ${i} about nothing in particular, written to push the passages down.</p>`).join('\n');

// Our own text. "the point" occurs twice: only the prefix tells them apart.
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Fragments</title></head><body>
<p id="early">Early on, the point is only hinted at.</p>
${filler(60)}
<p id="late">After much care, this is the point of it all, and nothing else.</p>
${filler(60)}
<p id="long">A long passage starts here and goes on, for several clauses, well past the dozen words that make Gloss switch to the start-and-end form of a text fragment, before it ends right here.</p>
${filler(60)}
<p id="syntax">Punctuation test: well-fed cats, dogs &amp; birds (mostly) agree.</p>
${filler(20)}
</body></html>`;

describe('text fragments in Chromium', () => {
  let browser;
  let server;
  let page;
  let builder;

  before(async () => {
    server = await startServer({ routes: { '/essay': { body: PAGE, type: 'text/html; charset=utf-8' } } });
    browser = await launch({ viewport: { width: 800, height: 600 } });
    page = await browser.context.newPage();
    builder = await browser.context.newPage();
    await builder.setContent('<!doctype html><html><head></head><body></body></html>');
    await builder.addScriptTag({ content: await bundleForPage('utils/export/text-fragment.ts', 'GlossFragment') });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const textFragmentUrl = (url, quote) => builder.evaluate(([u, q]) => window.GlossFragment.textFragmentUrl(u, q), [url, quote]);

  /** Id of the paragraph nearest the middle of the viewport after following the link. */
  async function landing(quote) {
    await page.goto('about:blank');
    await page.goto(await textFragmentUrl(server.url('/essay'), quote));
    await page.waitForTimeout(400);
    return page.evaluate(() => {
      const mid = innerHeight / 2;
      let best = '';
      let bestDist = Infinity;
      for (const p of document.querySelectorAll('p[id]')) {
        const r = p.getBoundingClientRect();
        const d = Math.abs((r.top + r.bottom) / 2 - mid);
        if (d < bestDist) {
          bestDist = d;
          best = p.id;
        }
      }
      return bestDist < innerHeight / 2 ? best : `none (scrollY ${scrollY})`;
    });
  }

  it('uses the prefix to pick the second of two identical phrases', async () => {
    // Control: without context the browser stops at the first occurrence.
    assert.equal(await landing({ exact: 'the point' }), 'early');
    assert.equal(await landing({ exact: 'the point', prefix: 'uch care, this is ', suffix: ' of it all, and noth' }), 'late');
  });

  it('reaches a long passage with the start,end form', async () => {
    const exact =
      'A long passage starts here and goes on, for several clauses, well past the dozen words that make Gloss switch to the start-and-end form of a text fragment, before it ends right here.';
    assert.match(await textFragmentUrl('https://e.org/', { exact }), /text=[^,]+,[^,]+$/);
    assert.equal(await landing({ exact }), 'long');
  });

  it('encodes hyphens, commas, ampersands and parentheses so they match literally', async () => {
    assert.equal(await landing({ exact: 'well-fed cats, dogs & birds (mostly) agree.' }), 'syntax');
  });
});
