/**
 * The text-fragment links Gloss writes, followed in real Chromium: the browser must
 * scroll to the right passage (happy-dom knows nothing of text fragments).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { textFragmentUrl } from '../../utils/export/text-fragment';

async function support<T>(file: string): Promise<T> {
  return import(/* @vite-ignore */ pathToFileURL(resolve(process.cwd(), 'tests/support', file)).href) as Promise<T>;
}

const filler = (n: number) =>
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
  let browser: { context: any; close(): Promise<void> };
  let server: { url(p: string): string; close(): Promise<void> };
  let page: any;

  beforeAll(async () => {
    const { launch } = await support<{ launch: (o?: object) => Promise<typeof browser> }>('browser.mjs');
    const { startServer } = await support<{ startServer: (o: object) => Promise<typeof server> }>('server.mjs');
    server = await startServer({ routes: { '/essay': { body: PAGE, type: 'text/html; charset=utf-8' } } });
    browser = await launch({ viewport: { width: 800, height: 600 } });
    page = await browser.context.newPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Id of the paragraph nearest the middle of the viewport after following the link. */
  async function landing(quote: { exact: string; prefix?: string; suffix?: string }): Promise<string> {
    await page.goto('about:blank');
    await page.goto(textFragmentUrl(server.url('/essay'), quote));
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
    expect(await landing({ exact: 'the point' })).toBe('early');
    expect(await landing({ exact: 'the point', prefix: 'uch care, this is ', suffix: ' of it all, and noth' })).toBe('late');
  });

  it('reaches a long passage with the start,end form', async () => {
    const exact =
      'A long passage starts here and goes on, for several clauses, well past the dozen words that make Gloss switch to the start-and-end form of a text fragment, before it ends right here.';
    expect(textFragmentUrl('https://e.org/', { exact })).toMatch(/text=[^,]+,[^,]+$/);
    expect(await landing({ exact })).toBe('long');
  });

  it('encodes hyphens, commas, ampersands and parentheses so they match literally', async () => {
    expect(await landing({ exact: 'well-fed cats, dogs & birds (mostly) agree.' })).toBe('syntax');
  });
});
