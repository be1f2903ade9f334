// CPU profile of detectOutline on one page (self time per function):
//   node tests/bench/outline-profile.mjs <corpus page or .html path> [iterations]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launch, SHARED_DIR } from '../support/browser.mjs';
import { startServer } from '../support/server.mjs';
import { bundleForPage } from '../support/bundle.mjs';
import { bigArticlePage } from './outline-bigpage.mjs';

const arg = process.argv[2] ?? 'big';
const iterations = Number(process.argv[3] ?? 100);
const file = arg.endsWith('.html') ? arg : path.join(SHARED_DIR, 'corpus/readability', arg, 'source.html');
const html =
  arg === 'big'
    ? bigArticlePage().html
    : readFileSync(file, 'utf8').replace(/<script\b(?![^>]*ld\+json)[\s\S]*?<\/script\s*>/gi, '');
const src = await bundleForPage('utils/outline/index.ts', 'GlossOutline');
const server = await startServer({ routes: { '/p.html': { body: html } } });
const b = await launch();
await b.context.route('**/*', (r) => (new URL(r.request().url()).hostname === '127.0.0.1' ? r.continue() : r.abort()));
const page = b.context.pages()[0] ?? (await b.context.newPage());
await page.goto(server.url('/p.html'));
await page.evaluate(src + ';window.GlossOutline=GlossOutline;');
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
await cdp.send('Profiler.start');
const t = await page.evaluate((n) => {
  const ts = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    window.GlossOutline.detectOutline(document);
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  return { min: ts[0], median: ts[ts.length >> 1] };
}, iterations);
const { profile } = await cdp.send('Profiler.stop');
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
profile.samples.forEach((id, i) => {
  const n = byId.get(id);
  const k = `${n.callFrame.functionName || '(anon)'}:${n.callFrame.lineNumber}`;
  self.set(k, (self.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
console.log(`min ${t.min.toFixed(2)} ms, median ${t.median.toFixed(2)} ms over ${iterations} runs`);
for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${(us / 1000 / iterations).toFixed(3)} ms/run  ${k}`);
await b.close();
await server.close();
