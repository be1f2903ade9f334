// A/B timing of detectOutline: the version at a git revision against the working tree,
// on the corpus pages, in the same page and run. Each timed call follows a Readability
// parse() of the page, as in the benchmark, so both run in the same (cold) conditions.
// Also checks that both give the same outline on every page.
//
//   node tests/bench/outline-ab.mjs [--rev=HEAD] [--runs=15] [--each] [page ...]
import { readFileSync, readdirSync, existsSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { launch, SHARED_DIR, ROOT } from '../support/browser.mjs';
import { startServer } from '../support/server.mjs';
import { median } from './outline-corpus.mjs';
import { benchFlags } from '../support/bench-flags.mjs';

const flags = benchFlags();
const REV = String(flags.get('rev') ?? 'HEAD');
const RUNS = Number(flags.get('runs') ?? 15);
const dir = path.join(SHARED_DIR, 'corpus/readability');
let names = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (!names.length) names = readdirSync(dir).filter((n) => existsSync(path.join(dir, n, 'source.html')));

// utils/ at REV (the outline module and what it imports from beside it), written out to a
// scratch folder.
const oldRoot = path.join(os.tmpdir(), `outline-ab-${process.pid}`);
const git = (...args) => execFileSync('git', args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
for (const f of git('ls-tree', '-r', '--name-only', REV, 'utils/').toString().trim().split('\n')) {
  mkdirSync(path.dirname(path.join(oldRoot, f)), { recursive: true });
  writeFileSync(path.join(oldRoot, f), git('show', `${REV}:${f}`));
}
const bundle = async (root, name) =>
  (
    await build({
      entryPoints: [path.join(root, 'utils/outline/index.ts')],
      bundle: true,
      format: 'iife',
      globalName: name,
      write: false,
      target: 'es2022',
      logLevel: 'silent',
    })
  ).outputFiles[0].text;
const oldSrc = await bundle(oldRoot, 'OutlineOld');
const newSrc = await bundle(ROOT, 'OutlineNew');
rmSync(oldRoot, { recursive: true, force: true });
const readabilitySrc = readFileSync(path.join(ROOT, 'node_modules/@mozilla/readability/Readability.js'), 'utf8');

const routes = {};
names.forEach((n, i) => {
  const html = readFileSync(path.join(dir, n, 'source.html'), 'utf8');
  routes[`/${i}.html`] = {
    body: html.replace(/<script\b(?![^>]*ld\+json)[\s\S]*?<\/script\s*>/gi, ''),
    type: 'text/html; charset=utf-8',
    // Cross-origin isolated: a 5 µs timer instead of 100 µs steps (see outline.bench.mjs).
    headers: { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' },
  };
});
const server = await startServer({ routes });
const browser = await launch();
await browser.context.route('**/*', (r) => (new URL(r.request().url()).hostname === '127.0.0.1' ? r.continue() : r.abort()));
const page = browser.context.pages()[0] ?? (await browser.context.newPage());
const rows = [];
let diffs = 0;
try {
  for (let i = 0; i < names.length; i++) {
    await page.goto(server.url(`/${i}.html`)).catch(() => {});
    await page.evaluate(`${oldSrc};window.OutlineOld=OutlineOld;${newSrc};window.OutlineNew=OutlineNew;${readabilitySrc};window.Readability=Readability;`);
    const r = await page.evaluate((runs) => {
      const { OutlineOld, OutlineNew, Readability } = window;
      const show = (o) =>
        JSON.stringify({ title: o.title, sections: o.sections.map((s) => [s.id, s.level, s.heading, s.headingElement?.localName ?? null]) });
      const before = show(OutlineOld.detectOutline(document));
      const after = show(OutlineNew.detectOutline(document));
      const tOld = [];
      const tNew = [];
      for (let k = 0; k < runs; k++) {
        // Alternate which goes first, each after a Readability run.
        for (const which of k % 2 ? ['new', 'old'] : ['old', 'new']) {
          new Readability(document.cloneNode(true)).parse();
          const t0 = performance.now();
          (which === 'old' ? OutlineOld : OutlineNew).detectOutline(document);
          (which === 'old' ? tOld : tNew).push(performance.now() - t0);
        }
      }
      const q25 = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 2];
      const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
      return { before, after, oldQ: q25(tOld), newQ: q25(tNew), oldMean: mean(tOld), newMean: mean(tNew) };
    }, RUNS);
    if (r.before !== r.after) {
      diffs++;
      console.log(`DIFF ${names[i]}\n  ${REV}: ${r.before}\n  now: ${r.after}`);
    }
    if (flags.has('each')) console.log(`${names[i].padEnd(32)} ${REV} ${r.oldMean.toFixed(2)} ms, now ${r.newMean.toFixed(2)} ms (means)`);
    rows.push(r);
  }
} finally {
  await browser.close();
  await server.close();
}
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
console.log(`${rows.length} pages, ${diffs} with a different outline`);
console.log(
  `time now / at ${REV}, median over pages: ${median(rows.map((r) => r.newQ / r.oldQ)).toFixed(3)} (lower quartiles), ` +
    `${median(rows.map((r) => r.newMean / r.oldMean)).toFixed(3)} (means); ` +
    `sum of lower quartiles ${sum(rows.map((r) => r.oldQ)).toFixed(1)} -> ${sum(rows.map((r) => r.newQ)).toFixed(1)} ms`,
);
