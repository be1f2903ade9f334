// CPU profile of detectOutline (time per function, inclusive and self, and the hottest
// source lines of the bundle):
//   node tests/bench/outline-profile.mjs [--cold] [--iterations=100] <page or .html path> [page ...]
// "big" is the generated 1.5 MB page. With --cold every detection follows a Readability
// parse() of the page, as in the benchmark (caches and the heap are then in the state the
// benchmark measures); only samples inside detectOutline are counted.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launch, SHARED_DIR, ROOT } from '../support/browser.mjs';
import { startServer } from '../support/server.mjs';
import { bundleForPage } from '../support/bundle.mjs';
import { bigArticlePage } from './outline-bigpage.mjs';

const args = process.argv.slice(2);
const COLD = args.includes('--cold');
const iterations = Number((args.find((a) => a.startsWith('--iterations=')) ?? '--iterations=100').split('=')[1]);
const names = args.filter((a) => !a.startsWith('--'));
if (!names.length) names.push('big');

const htmlOf = (name) => {
  if (name === 'big') return bigArticlePage().html;
  const file = name.endsWith('.html') ? name : path.join(SHARED_DIR, 'corpus/readability', name, 'source.html');
  return readFileSync(file, 'utf8').replace(/<script\b(?![^>]*ld\+json)[\s\S]*?<\/script\s*>/gi, '');
};
const src = await bundleForPage('utils/outline/index.ts', 'GlossOutline');
const readabilitySrc = readFileSync(path.join(ROOT, 'node_modules/@mozilla/readability/Readability.js'), 'utf8');
const routes = {};
names.forEach((n, i) => (routes[`/${i}.html`] = { body: htmlOf(n), type: 'text/html; charset=utf-8' }));
const server = await startServer({ routes });
const b = await launch();
await b.context.route('**/*', (r) => (new URL(r.request().url()).hostname === '127.0.0.1' ? r.continue() : r.abort()));
const page = b.context.pages()[0] ?? (await b.context.newPage());
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 50 });

const self = new Map();
const inclusive = new Map();
const lines = new Map();
let total = 0;
let runs = 0;
try {
  for (let i = 0; i < names.length; i++) {
    await page.goto(server.url(`/${i}.html`));
    // Two scripts, so that profile line numbers are the bundle's own.
    await page.evaluate(`${readabilitySrc};window.Readability=Readability;`);
    await page.evaluate(`${src};window.GlossOutline=GlossOutline;`);
    await cdp.send('Profiler.start');
    const t = await page.evaluate(
      ({ n, cold }) => {
        const ts = [];
        for (let k = 0; k < n; k++) {
          if (cold) new window.Readability(document.cloneNode(true)).parse();
          const t0 = performance.now();
          window.GlossOutline.detectOutline(document);
          ts.push(performance.now() - t0);
        }
        ts.sort((a, b) => a - b);
        return { min: ts[0], median: ts[ts.length >> 1] };
      },
      { n: iterations, cold: COLD },
    );
    const { profile } = await cdp.send('Profiler.stop');
    console.log(`${names[i]}: detectOutline min ${t.min.toFixed(2)} ms, median ${t.median.toFixed(2)} ms over ${iterations} runs`);
    runs += iterations;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const insideMemo = new Map();
    const inside = (id) => {
      if (insideMemo.has(id)) return insideMemo.get(id);
      const r = byId.get(id).callFrame.functionName === 'detectOutline' || (parent.has(id) && inside(parent.get(id)));
      insideMemo.set(id, r);
      return r;
    };
    profile.samples.forEach((id, k) => {
      if (!inside(id)) return;
      const dt = profile.timeDeltas[k + 1] ?? 50;
      total += dt;
      const key = (n) => `${n.callFrame.functionName || '(anonymous)'}:${n.callFrame.lineNumber + 1}`;
      self.set(key(byId.get(id)), (self.get(key(byId.get(id))) ?? 0) + dt);
      const seen = new Set();
      for (let x = id; x !== undefined; x = parent.get(x)) {
        const k2 = key(byId.get(x));
        if (!seen.has(k2)) inclusive.set(k2, (inclusive.get(k2) ?? 0) + dt);
        seen.add(k2);
        if (byId.get(x).callFrame.functionName === 'detectOutline') break;
      }
    });
    for (const n of profile.nodes) {
      if (!inside(n.id)) continue;
      for (const pt of n.positionTicks ?? []) lines.set(pt.line, (lines.get(pt.line) ?? 0) + pt.ticks);
    }
  }
} finally {
  await b.close();
  await server.close();
}

const ms = (us) => `${(us / 1000 / runs).toFixed(3)} ms/run ${((100 * us) / total).toFixed(1).padStart(5)}%`;
console.log(`\ninside detectOutline (sampled, profiler overhead included): ${(total / 1000 / runs).toFixed(3)} ms/run`);
console.log('-- inclusive');
for (const [k, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${ms(us)}  ${k}`);
console.log('-- self');
for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${ms(us)}  ${k}`);
console.log('-- hottest lines of the bundle');
const srcLines = src.split('\n');
const ticks = [...lines.values()].reduce((a, b) => a + b, 0);
for (const [l, n] of [...lines].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
  console.log(`${((100 * n) / ticks).toFixed(1).padStart(5)}%  L${l}  ${(srcLines[l - 1] ?? '').trim().slice(0, 100)}`);
}
