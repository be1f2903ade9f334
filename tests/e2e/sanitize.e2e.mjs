// The sanitiser in real Chromium: DOMPurify does not work on happy-dom (its maintainers
// say so, and there it returns <script> untouched), so a happy-dom test would prove
// nothing. The module is bundled, injected into a blank page, and run there.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from '../support/browser.mjs';
import { bundleForPage } from '../support/bundle.mjs';

async function startHarness() {
  const browser = await launch();
  const page = await browser.context.newPage();
  await page.setContent('<!doctype html><html><head></head><body></body></html>');
  await page.addScriptTag({ content: await bundleForPage('utils/sanitize.ts', 'GlossSanitize') });
  // The renderer and MarkdownView's chunked writer, as the popup and panel use them.
  await page.addScriptTag({ content: await bundleForPage('tests/bench/markdown-view-entry.ts', 'GlossMd') });
  // A payload that executes would set this flag.
  await page.evaluate(() => (window.__pwned = 0));
  return {
    /** Inserts the HTML into the live page; returns the flag payloads would set if they ran. */
    async renderAll(htmls) {
      await page.evaluate((list) => {
        for (const html of list) {
          const div = document.createElement('div');
          div.innerHTML = html;
          document.body.append(div);
        }
      }, htmls);
      await page.waitForTimeout(300);
      return page.evaluate(() => window.__pwned);
    },
    run: (fn, inputs) => page.evaluate(([name, list]) => list.map((s) => window.GlossSanitize[name](s)), [fn, inputs]),
    page,
    close: () => browser.close(),
  };
}

/** Parses sanitised HTML in Node without a DOM: tag names and attribute names only. */
function tags(html) {
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
  let harness;
  let out;
  before(async () => {
    harness = await startHarness();
    out = await harness.run('sanitizeHtml', PAYLOADS);
  });
  after(async () => {
    // Runs last: it sets the flag (a meta refresh would navigate the page, so it is left out).
    try {
      assert.ok((await harness.renderAll(PAYLOADS.filter((p) => !p.includes('http-equiv')))) > 0, 'the raw payloads do run (the check can fail)');
    } finally {
      await harness?.close();
    }
  });

  it('keeps only allow-listed tags, and no attribute but href (plus the rel/target it sets)', () => {
    for (const [i, html] of out.entries()) {
      for (const t of tags(html)) {
        assert.equal(ALLOWED.has(t.name), true, `${t.name} from payload ${i}`);
        const allowedAttrs = t.name === 'a' ? ['href', 'target', 'rel'] : [];
        for (const a of t.attrs) assert.ok(allowedAttrs.includes(a), `${t.name}[${a}] from payload ${i}`);
      }
      assert.doesNotMatch(html, /<script|<img|<svg|<iframe|<style|<form|<input|<base|<link|<meta/i);
      assert.doesNotMatch(html, /javascript:|vbscript:|data:/i);
    }
  });

  it('nothing runs when the output is put into a live page', async () => {
    assert.equal(await harness.renderAll(out), 0);
  });

  it('keeps safe markup and http/https/mailto links', () => {
    assert.equal(out[17], '<p>fine <em>em</em> <strong>strong</strong> <code>c</code></p><ul><li>li</li></ul><h2>h</h2><hr><blockquote>q</blockquote><pre>p</pre>');
    assert.equal(
      out[18],
      '<a href="mailto:me@example.org" target="_blank" rel="noopener noreferrer">mail</a><a href="http://example.org" target="_blank" rel="noopener noreferrer">http</a>',
    );
    assert.equal(out[8], '<a href="https://example.org/" target="_blank" rel="noopener noreferrer">ok</a>');
    assert.equal(out[3], '<a>js</a>');
    assert.equal(out[9], '<p>styled</p>');
  });

  it('sanitizeToDom (DOM, as the views insert it) cleans exactly as sanitizeHtml does, and nothing runs', async () => {
    const out = await harness.page.evaluate((list) => list.map((s) => {
      const box = document.createElement('div');
      const frag = window.GlossSanitize.sanitizeToDom(s);
      const isFragment = frag instanceof DocumentFragment;
      box.append(frag);
      document.body.append(box);
      return { isFragment, html: box.innerHTML, string: window.GlossSanitize.sanitizeHtml(s) };
    }), PAYLOADS);
    for (const [i, r] of out.entries()) {
      assert.equal(r.isFragment, true);
      assert.equal(r.html, r.string, PAYLOADS[i]);
      for (const t of tags(r.html)) assert.ok(ALLOWED.has(t.name), `${t.name} in ${r.html}`);
    }
    await harness.page.waitForTimeout(300);
    assert.equal(await harness.page.evaluate(() => window.__pwned), 0);
  });

  it('markdownToSafeHtml renders and escapes', async () => {
    const [md] = await harness.run('markdownToSafeHtml', ['**b** <img src=x onerror=alert(1)> [x](javascript:alert(1)) [y](https://example.org)']);
    assert.equal(
      md,
      '<p><strong>b</strong> &lt;img src=x onerror=alert(1)&gt; x <a href="https://example.org/" target="_blank" rel="noopener noreferrer">y</a></p>',
    );
  });
});

// MarkdownView's chunked writer with the real DOMPurify: a long reflection is sanitised
// and inserted in chunks (the first at once, the rest in later tasks), and the DOM it ends
// with is exactly the one-shot `innerHTML = sanitizeHtml(renderMarkdown(md))`.
const LONG = {
  'a long tight list with nested lists': Array.from({ length: 3000 }, (_, i) => `- item ${i} *em*\n  - nested [link](https://example.org/${i})`).join('\n'),
  'a long paragraph, emphasis across lines': Array.from({ length: 3000 }, (_, i) => (i % 5 ? `line ${i} \`code\` <https://example.org/${i}>` : `*start ${i}\nend*`)).join('\n'),
  'quotes, code, headings, a loose list': Array.from({ length: 800 }, (_, i) => `# h ${i}\n\n> q ${i}\n> > qq\n\n\`\`\`\n<b>${i}</b>\n\`\`\`\n\n1. a\n\n2. b`).join('\n\n'),
  // One element spanning everything: the writer must cut inside it and merge the rest in.
  "one paragraph of '**a*'": '**a*'.repeat(40_000),
  'one huge code block': '```\n' + Array.from({ length: 6000 }, (_, i) => `<b>${i}</b> & "q" 😀 line`).join('\n') + '\n```',
  'one huge list item': '- ' + Array.from({ length: 6000 }, (_, i) => `word ${i} & <x> 😀 *e* \`c\``).join(' '),
  'one huge link text': '[' + Array.from({ length: 6000 }, (_, i) => `label ${i} *em* < & 😀`).join(' ') + '](https://example.org/a)',
  'hostile text': Array.from({ length: 2000 }, (_, i) => `<img src=x onerror="window.__pwned=${i + 1}"> [x](javascript:window.__pwned=1) <script>window.__pwned=2</script> *${i}*`).join('\n'),
};

describe('MarkdownView in chunks (real Chromium, real DOMPurify)', () => {
  let harness;
  before(async () => {
    harness = await startHarness();
  });
  after(async () => harness?.close());

  for (const [name, md] of Object.entries(LONG)) {
    it(`ends with the DOM of one sanitised render: ${name}`, async () => {
      const r = await harness.page.evaluate(async (md) => {
        const G = window.GlossMd;
        const one = document.createElement('div');
        one.innerHTML = G.sanitizeHtml(G.renderMarkdown(md), window);
        document.body.append(one);
        const view = document.createElement('div');
        document.body.append(view);
        let pending = 0;
        let done;
        const finished = new Promise((resolve) => (done = resolve));
        const schedule = (run) => {
          pending++;
          const id = setTimeout(() => {
            pending--;
            run();
            if (pending === 0) done();
          }, 0);
          return () => clearTimeout(id);
        };
        let chunks = 0;
        G.writeMarkdown(view, md, (h) => (chunks++, G.sanitizeToDom(h, window)), schedule, 16 * 1024);
        const firstElements = view.getElementsByTagName('*').length;
        const firstText = view.textContent.length;
        if (pending) await finished;
        const result = {
          same: view.isEqualNode(one),
          chunks,
          firstElements,
          elements: one.getElementsByTagName('*').length,
          firstText,
          text: one.textContent.length,
          foreign: [...view.querySelectorAll('*')].map((e) => e.localName).filter((n) => !['p', 'br', 'em', 'strong', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'h1', 'a'].includes(n)),
        };
        one.remove();
        view.remove();
        return result;
      }, md);
      assert.equal(r.same, true, 'final DOM equals the one-shot render');
      assert.ok(r.chunks > 3, `sanitised in chunks (${r.chunks})`);
      assert.ok(r.firstElements > 0 && r.firstText > 0 && r.firstText < r.text, `the first paint holds part of it (${r.firstText} of ${r.text} characters, ${r.firstElements} of ${r.elements} elements)`);
      assert.deepEqual(r.foreign, []);
    });
  }

  it('no payload of the hostile reflection ran', async () => {
    assert.equal(await harness.renderAll([]), 0);
  });
});
