// Where anchorAll's time goes on the generated ~1.5 MB page (real Chromium):
//   node tests/bench/anchor-profile.mjs [iterations] [--kind=<change kind>] [--long] [--profile]
// Prints medians of the plain walk, buildTextIndex, and anchorAll with a prebuilt
// index, and with --profile the self time per function over all runs.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launch } from '../support/browser.mjs';
import { startServer } from '../support/server.mjs';
import { bundleForPage } from '../support/bundle.mjs';
import { generatePage } from './anchor-gen.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const iterations = Number(args.find((a) => /^\d+$/.test(a)) ?? 30);
const kind = (args.find((a) => a.startsWith('--kind=')) ?? '--kind=none').slice(7);
const profiling = args.includes('--profile');
const shape = args.includes('--long') ? 'long' : 'markup';

const anchoringJs = await bundleForPage('utils/anchoring/index.ts', 'GlossAnchoring');
const baselinesJs = await bundleForPage('tests/bench/anchor-baselines.ts', 'Baselines');
const harnessJs = readFileSync(path.join(HERE, 'anchor-page.js'), 'utf8');
const gen = generatePage({ seed: 7, targetBytes: 1_500_000, shape });
const server = await startServer({ routes: { '/g.html': { body: gen.html, type: 'text/html; charset=utf-8' } } });
const b = await launch();
await b.context.route('**/*', (r) => (r.request().url().startsWith(server.origin) ? r.continue() : r.abort()));
const page = await b.context.newPage();
await page.goto(server.url('/g.html'), { waitUntil: 'load' });
await page.addScriptTag({ content: anchoringJs });
await page.addScriptTag({ content: baselinesJs });
await page.addScriptTag({ content: harnessJs });
await page.evaluate((kind) => window.AnchorBench.prepareSpeed({ seed: 11, highlights: 500, kind }), kind);

const cdp = await page.context().newCDPSession(page);
if (profiling) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
}
const t = await page.evaluate((n) => {
  const A = window.GlossAnchoring;
  const sels = window.AnchorBench.prepared;
  const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const time = (fn) => {
    const t0 = performance.now();
    fn();
    return performance.now() - t0;
  };
  for (let i = 0; i < 3; i++) A.anchorAll(sels, document.body), window.Baselines.plainTextWalk(document.body);
  const walk = [], index = [], match = [], all = [], ratio = [];
  for (let i = 0; i < n; i++) {
    const w = time(() => window.Baselines.plainTextWalk(document.body));
    walk.push(w);
    let idx;
    index.push(time(() => (idx = A.buildTextIndex(document.body))));
    match.push(time(() => A.anchorAll(sels, document.body, { index: idx })));
    const a = time(() => A.anchorAll(sels, document.body));
    all.push(a);
    ratio.push(a / w);
  }
  return { walk: med(walk), index: med(index), match: med(match), all: med(all), ratio: med(ratio) };
}, iterations);
console.log(
  `${kind}: walk ${t.walk.toFixed(2)} ms, buildTextIndex ${t.index.toFixed(2)} ms, ` +
    `matching+ranges ${t.match.toFixed(2)} ms, anchorAll ${t.all.toFixed(2)} ms = ${t.ratio.toFixed(2)}× walk (paired)`,
);
if (profiling) {
  const { profile } = await cdp.send('Profiler.stop');
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const k = `${n.callFrame.functionName || '(anon)'}:${n.callFrame.lineNumber}`;
    self.set(k, (self.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${(us / 1000 / iterations).toFixed(3)} ms/run  ${k}`);
}
await b.close();
await server.close();
