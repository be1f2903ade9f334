/**
 * The sanitiser is tested in real Chromium: DOMPurify does not work on happy-dom (its
 * maintainers say so, and here it returns <script> untouched), so a happy-dom test would
 * prove nothing. The module is bundled, injected into a blank page, and run there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

type Sanitize = { sanitizeHtml: (html: string) => string; markdownToSafeHtml: (md: string) => string };
interface Harness {
  run(fn: 'sanitizeHtml' | 'markdownToSafeHtml', inputs: string[]): Promise<string[]>;
  /** Inserts the HTML into the live page; returns the flag payloads would set if they ran. */
  renderAll(htmls: string[]): Promise<number>;
  close(): Promise<void>;
}

/** tests/support is plain JS (no types): loaded by URL so TypeScript does not need declarations. */
async function support<T>(file: string): Promise<T> {
  return import(/* @vite-ignore */ pathToFileURL(resolve(process.cwd(), 'tests/support', file)).href) as Promise<T>;
}

async function startHarness(): Promise<Harness> {
  const { launch } = await support<{ launch: () => Promise<{ context: any; close(): Promise<void> }> }>('browser.mjs');
  const { bundleForPage } = await support<{ bundleForPage: (entry: string, name: string) => Promise<string> }>('bundle.mjs');
  const browser = await launch();
  const page = await browser.context.newPage();
  await page.setContent('<!doctype html><html><head></head><body></body></html>');
  await page.addScriptTag({ content: await bundleForPage('utils/sanitize.ts', 'GlossSanitize') });
  // A payload that executes would set this flag.
  await page.evaluate(() => ((window as any).__pwned = 0));
  return {
    async renderAll(htmls) {
      await page.evaluate((list: string[]) => {
        for (const html of list) {
          const div = document.createElement('div');
          div.innerHTML = html;
          document.body.append(div);
        }
      }, htmls);
      await page.waitForTimeout(300);
      return page.evaluate(() => (window as any).__pwned as number);
    },
    run: (fn, inputs) =>
      page.evaluate(
        ([name, list]: [keyof Sanitize, string[]]) => list.map((s) => (window as any).GlossSanitize[name](s)),
        [fn, inputs] as [keyof Sanitize, string[]],
      ),
    async close() {
      await browser.close();
    },
  };
}

/** Parses sanitised HTML in Node without a DOM: tag names and attribute names only. */
function tags(html: string): Array<{ name: string; attrs: string[] }> {
  return [...html.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)].map((m) => ({
    name: m[1].toLowerCase(),
    attrs: [...m[2].matchAll(/([^\s"'=/]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?/g)].map((a) => a[1].toLowerCase()),
  }));
}

const ALLOWED = new Set(['p', 'br', 'em', 'strong', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'hr']);

const PAYLOADS = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '<svg onload="window.__pwned=1"><circle r=1></circle></svg>',
  '<a href="javascript:window.__pwned=1">js</a>',
  '<a href="JaVaScRiPt&colon;alert(1)">entity js</a>',
  '<a href=" javascript:alert(1)">space js</a>',
  '<a href="data:text/html,<script>alert(1)</script>">data</a>',
  '<a href="vbscript:msgbox(1)">vb</a>',
  '<a href="https://example.org/" onclick="window.__pwned=1" style="color:red" class="x" id="y" target="_top">ok</a>',
  '<p style="background:url(https://evil.example/)" class="c" data-x="1" aria-label="a">styled</p>',
  '<iframe src="https://evil.example"></iframe><object data="x"></object><embed src="x">',
  '<form action="https://evil.example"><input name=q><button>go</button></form>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<details open ontoggle="window.__pwned=1">x</details>',
  '<style>body{background:url(https://evil.example)}</style>',
  '<base href="https://evil.example/"><link rel=stylesheet href="https://evil.example/x.css"><meta http-equiv=refresh content="0;url=https://evil.example">',
  '<p>fine <em>em</em> <strong>strong</strong> <code>c</code></p><ul><li>li</li></ul><h2>h</h2><hr><blockquote>q</blockquote><pre>p</pre>',
  '<a href="mailto:me@example.org">mail</a><a href="http://example.org">http</a>',
  '<img src="data:image/png;base64,AAAA">',
];

describe('sanitizeHtml (real Chromium)', () => {
  let harness: Harness;
  let out: string[];
  beforeAll(async () => {
    harness = await startHarness();
    out = await harness.run('sanitizeHtml', PAYLOADS);
  }, 60_000);
  afterAll(async () => harness?.close());

  // Runs last: it sets the flag (a meta refresh would navigate the page, so it is left out).
  afterAll(async () => {
    expect(await harness.renderAll(PAYLOADS.filter((p) => !p.includes('http-equiv')))).toBeGreaterThan(0);
  });

  it('keeps only allow-listed tags, and no attribute but href (plus the rel/target it sets)', () => {
    for (const [i, html] of out.entries()) {
      for (const t of tags(html)) {
        expect(ALLOWED.has(t.name), `${t.name} from payload ${i}`).toBe(true);
        const allowedAttrs = t.name === 'a' ? ['href', 'target', 'rel'] : [];
        for (const a of t.attrs) expect(allowedAttrs, `${t.name}[${a}] from payload ${i}`).toContain(a);
      }
      expect(html).not.toMatch(/<script|<img|<svg|<iframe|<style|<form|<input|<base|<link|<meta/i);
      expect(html).not.toMatch(/javascript:|vbscript:|data:/i);
    }
  });

  it('nothing runs when the output is put into a live page', async () => {
    expect(await harness.renderAll(out)).toBe(0);
  });

  it('keeps safe markup and http/https/mailto links', () => {
    expect(out[17]).toBe('<p>fine <em>em</em> <strong>strong</strong> <code>c</code></p><ul><li>li</li></ul><h2>h</h2><hr><blockquote>q</blockquote><pre>p</pre>');
    expect(out[18]).toBe(
      '<a href="mailto:me@example.org" target="_blank" rel="noopener noreferrer">mail</a><a href="http://example.org" target="_blank" rel="noopener noreferrer">http</a>',
    );
    expect(out[8]).toBe('<a href="https://example.org/" target="_blank" rel="noopener noreferrer">ok</a>');
    expect(out[3]).toBe('<a>js</a>');
    expect(out[9]).toBe('<p>styled</p>');
  });

  it('markdownToSafeHtml renders and escapes', async () => {
    const [md] = await harness.run('markdownToSafeHtml', ['**b** <img src=x onerror=alert(1)> [x](javascript:alert(1)) [y](https://example.org)']);
    expect(md).toBe(
      '<p><strong>b</strong> &lt;img src=x onerror=alert(1)&gt; x <a href="https://example.org/" target="_blank" rel="noopener noreferrer">y</a></p>',
    );
  });
});
