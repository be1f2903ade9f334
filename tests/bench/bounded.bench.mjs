// Bounded work (issue 13): the import merge of 100k highlights (target ≤ 2 s) and the
// reflection Markdown renderer on 1 MB pathological inputs (target ≤ 100 ms each), run
// in Node's V8 (the engine of Chromium's service worker and popup). Also prints what
// the renderer costs in the popup bundle (minified, gzipped).
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../support/browser.mjs';

const dir = mkdtempSync(path.join(os.tmpdir(), 'gloss-bounded-'));
const entry = path.join(dir, 'entry.ts');
writeFileSync(
  entry,
  `export { renderMarkdown } from ${JSON.stringify(path.join(ROOT, 'utils/markdown/render.ts'))};
export { mergePage, emptySummary } from ${JSON.stringify(path.join(ROOT, 'utils/store/library.ts'))};`,
);
const out = path.join(dir, 'bundle.mjs');
await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'neutral', outfile: out, logLevel: 'error' });
const { renderMarkdown, mergePage, emptySummary } = await import(pathToFileURL(out).href);
const min = await build({
  entryPoints: [path.join(ROOT, 'utils/markdown/render.ts')],
  bundle: true,
  minify: true,
  format: 'esm',
  write: false,
  logLevel: 'error',
});
const code = min.outputFiles[0].contents;
rmSync(dir, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (fn, runs) => {
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
  }
  return median(ms);
};

// ---- import merge
function highlight(i, tag) {
  return {
    id: `${tag}-${i}`,
    text: `passage ${i}`,
    color: 'yellow',
    note: '',
    selectors: { quote: { exact: `passage ${i}`, prefix: 'a ', suffix: ' b' }, position: { start: i * 20, end: i * 20 + 10 } },
    sectionId: null,
    sectionHeading: null,
    createdAt: 1,
    updatedAt: 1,
  };
}
const page = (highlights) => ({
  url: 'https://example.com/a',
  title: 'A',
  site: 'example.com',
  outline: null,
  highlights,
  reflections: {},
  tags: [],
  firstVisitAt: 1,
  lastVisitAt: 1,
  updatedAt: 1,
});
// Stored: N. Incoming: N, half already stored under another id (an export of an
// export), half new. Timed at 25k and 100k: linear work grows ×4, quadratic ×16.
function mergeTime(N) {
  const stored = page(Array.from({ length: N }, (_, i) => highlight(i, 's')));
  const incoming = page(Array.from({ length: N }, (_, i) => highlight(i + N / 2, 'x')));
  let summary;
  const ms = time(() => {
    summary = emptySummary();
    mergePage(stored, incoming, summary);
  }, 5);
  if (summary.highlightsAdded !== N / 2 || summary.highlightsSkipped !== N / 2) throw new Error(`merge summary wrong: ${JSON.stringify(summary)}`);
  return ms;
}
// A peer measured in the same run: building and probing a Set of the same keys, the
// least any merge by passage must do. Under load, the ratio is the steadier figure.
function peerTime(N) {
  const keys = Array.from({ length: 2 * N }, (_, i) => JSON.stringify([`passage ${i}`, 'a ', ' b', i * 20, i * 20 + 10]));
  return time(() => {
    const set = new Set(keys.slice(0, N));
    let hits = 0;
    for (const k of keys.slice(N)) if (set.has(k)) hits++;
    return hits;
  }, 5);
}
const small = mergeTime(25_000);
const mergeMs = mergeTime(100_000);
const peer = peerTime(100_000);
console.log(`import merge, 100000 stored + 100000 incoming highlights: median ${mergeMs.toFixed(0)} ms (target ≤ 2000 ms) ${mergeMs <= 2000 ? 'OK' : 'OVER'}`);
console.log(`import merge growth 25k -> 100k: x${(mergeMs / small).toFixed(1)} (linear x4, quadratic x16); vs Set peer in this run: x${(mergeMs / peer).toFixed(1)}`);

// ---- Markdown
const MB = 1 << 20;
const fill = (unit) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
const inputs = {
  "'[' x 1 MB": fill('['),
  "'[](' x 1 MB": fill(']('),
  "'[' then ']' nested": '['.repeat(MB / 2) + ']'.repeat(MB / 2 - 3) + '(x)',
  "'<' x 1 MB": fill('<'),
  "'<a:' x 1 MB": fill('<a:'),
  'code fences `a``': fill('`a``'),
  "'*a ' x 1 MB": fill('*a '),
  "'_a ' x 1 MB": fill('_a '),
  "'**a*' x 1 MB": fill('**a*'),
  "'>' x 1 MB": fill('>'),
  "'- ' x 1 MB": fill('- '),
  'mixed Markdown': fill('[a](http://b) *c* `d` <http://e> **f** _g_\n'),
  'lines of "- a"': fill('- a\n'),
};
// Peer in the same run: one regex pass escaping the same 1 MB (the least any renderer does).
const peerMd = time(() => fill('<a&"').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`), 3);
console.log(`markdown peer (escape 1 MB with one regex pass): median ${peerMd.toFixed(1)} ms`);
let worst = 0;
let worstGrowth = 0;
for (const [name, md] of Object.entries(inputs)) {
  const ms = time(() => renderMarkdown(md), 3);
  // The same input at a quarter of the size: linear work grows x4, quadratic x16.
  const quarter = time(() => renderMarkdown(md.slice(0, md.length / 4)), 3);
  worst = Math.max(worst, ms);
  worstGrowth = Math.max(worstGrowth, ms / quarter);
  console.log(
    `markdown ${name.padEnd(24)} median ${ms.toFixed(1).padStart(6)} ms  (x${(ms / peerMd).toFixed(1)} peer; 256 KB -> 1 MB x${(ms / quarter).toFixed(1)})`,
  );
}
console.log(`markdown worst growth 256 KB -> 1 MB: x${worstGrowth.toFixed(1)} (linear x4, quadratic x16)`);
console.log(`markdown worst of ${Object.keys(inputs).length} 1 MB inputs: ${worst.toFixed(1)} ms (target ≤ 100 ms) ${worst <= 100 ? 'OK' : 'OVER'}`);
console.log(`markdown renderer in the bundle: ${code.length} B minified, ${gzipSync(code).length} B gzipped (no dependency)`);
