// Bounded work (issue 13): the import merge of 100k highlights (target ≤ 2 s) and the
// reflection Markdown renderer on 1 MB pathological inputs (target ≤ 100 ms each, and
// linear growth: size exponent ≤ 1.3 over 128 KB … 1 MB), run in Node's V8 (the engine of Chromium's service worker
// and popup) and again in a real Chromium page, there with the one-shot view (parse + the
// one DOMPurify sink + insert) and MarkdownView's chunked writer (first paint, total, and
// whether its final DOM is the one-shot's). Also prints what the renderer costs in the
// bundle (minified, gzipped) against the renderer it replaced.
// `--node-only` skips Chromium.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';
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

/** Minified and gzipped size of a bundle of `entryPoint` (a path). */
async function size(entryPoint) {
  const r = await build({ entryPoints: [entryPoint], bundle: true, minify: true, format: 'esm', write: false, logLevel: 'error', alias: { '@': ROOT } });
  const code = r.outputFiles[0].contents;
  return { min: code.length, gz: gzipSync(code).length };
}
const rendererSize = await size(path.join(ROOT, 'utils/markdown/render.ts'));
const chunksSize = await size(path.join(ROOT, 'utils/markdown/chunks.ts'));
// The renderer this one replaced (one file, utils/markdown/render.ts at df40fc6), from git
// when the history is there; otherwise the figure this bench printed for it.
let oldSize = { min: 7786, gz: 3245, from: 'recorded' };
try {
  const oldSrc = execFileSync('git', ['show', 'df40fc6:utils/markdown/render.ts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const oldFile = path.join(dir, 'old-render.ts');
  writeFileSync(oldFile, oldSrc.replace("'../html-escape'", JSON.stringify(path.join(ROOT, 'utils/html-escape.ts'))));
  oldSize = { ...(await size(oldFile)), from: 'git df40fc6' };
} catch {
  /* no history (a tarball): the recorded figure is printed */
}
rmSync(dir, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// Times are CPU time of this process (process.cpuUsage: user + system, so GC helper
// threads count too), median of 3; under a shared load that is far steadier than wall
// time, which is printed beside it.
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const timeCpu = (fn, runs) => {
  const cpu = [];
  const wall = [];
  for (let i = 0; i < runs; i++) {
    const c = cpuNow();
    const t = performance.now();
    fn();
    cpu.push(cpuNow() - c);
    wall.push(performance.now() - t);
  }
  return { cpu: median(cpu), wall: median(wall) };
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
  const ms = timeCpu(() => {
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
  return timeCpu(() => {
    const set = new Set(keys.slice(0, N));
    let hits = 0;
    for (const k of keys.slice(N)) if (set.has(k)) hits++;
    return hits;
  }, 5);
}
const small = mergeTime(25_000);
const merge = mergeTime(100_000);
const peer = peerTime(100_000);
console.log(`load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (1/5/15 min) on ${os.cpus().length} cores`);
console.log(`import merge, 100000 stored + 100000 incoming highlights: median cpu ${merge.cpu.toFixed(0)} ms, wall ${merge.wall.toFixed(0)} ms (target ≤ 2000 ms, judged on cpu time: wall time measures the machine's load) ${merge.cpu <= 2000 ? 'PASS' : 'FAIL'}`);
console.log(`import merge growth 25k -> 100k: x${(merge.cpu / small.cpu).toFixed(1)} (linear x4, quadratic x16); vs Set peer in this run: x${(merge.cpu / peer.cpu).toFixed(1)}`);

// ---- Markdown
const { MB, markdownInputs } = await import('./markdown-inputs.mjs');
const inputs = markdownInputs();
// Linear or not is judged by the size exponent: each input is timed at 8 sizes (128 KB,
// 256 KB, …, 1 MB), and the least-squares slope of log(time) over log(size) is taken over
// all 8: 1 is linear, 2 quadratic. A ratio of two sizes hangs on one small figure of a few
// milliseconds, which the CPU caches and the load move by half (a 256 KB render read 1.9 ms
// in one run, 4.4 in another); a fit through 8 sizes is moved less by any one of them.
// Inputs below ~384 KB can render up to 4x faster per character (input and output in the
// CPU caches), a step a fit reads as some growth. All 8 times are printed.
const SIZES = Array.from({ length: 8 }, (_, k) => ((k + 1) * MB) / 8);
const sizeSets = SIZES.map((n) => (n === MB ? inputs : markdownInputs(n)));
/** Least-squares slope of log(y) over log(x). */
const sizeExponent = (xs, ys) => {
  const lx = xs.map(Math.log);
  const ly = ys.map((y) => Math.log(Math.max(y, 0.05)));
  const mx = lx.reduce((a, b) => a + b) / lx.length;
  const my = ly.reduce((a, b) => a + b) / ly.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < lx.length; i++) [num, den] = [num + (lx[i] - mx) * (ly[i] - my), den + (lx[i] - mx) ** 2];
  return num / den;
};
const EXPONENT_MAX = 1.3;
const exponentOf = (times) => sizeExponent(SIZES, times);
// Steady state: the renderer first runs on the first 64 KB of every input (5 times), so
// V8 has compiled its code before anything is timed. The compile itself runs once per
// page (a popup that opens pays it once), on V8's compiler thread; it is printed apart.
let c0 = cpuNow();
for (const md of Object.values(inputs)) renderMarkdown(md.slice(0, 65536));
const firstPass = cpuNow() - c0;
c0 = cpuNow();
for (let r = 0; r < 4; r++) for (const md of Object.values(inputs)) renderMarkdown(md.slice(0, 65536));
const warmPass = (cpuNow() - c0) / 4;
console.log(`markdown warm-up: every input's first 64 KB rendered 5 times; the first pass cost ${firstPass.toFixed(0)} ms cpu, a warm pass ${warmPass.toFixed(0)} ms (the difference is about what compiling the renderer costs, once)`);
// Peer in the same run: escaping the same 1 MB of `<` the fastest way V8 has (one native
// split/join), the least any renderer must do with such text.
const lt = '<'.repeat(MB);
const peerMd = timeCpu(() => lt.split('<').join('&#60;'), 5);
console.log(`markdown peer (escape 1 MB of '<' with one split/join): cpu ${peerMd.cpu.toFixed(1)} ms, wall ${peerMd.wall.toFixed(1)} ms`);
let worst = 0;
let worstName = '';
let worstGrowth = 0;
let failures = 0;
// Each input is rendered once at every size before timing (warm at the sizes timed), the
// heap is collected between inputs, and the sizes alternate within each of 7 rounds (a load
// change hits all of them). Medians of 7 per size.
const gc = (() => {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc');
})();
for (const [name, md] of Object.entries(inputs)) {
  const bySize = sizeSets.map((set) => set[name]);
  gc();
  for (const x of bySize) renderMarkdown(x);
  const cpu = SIZES.map(() => []);
  const fullWall = [];
  for (let r = 0; r < 7; r++) {
    bySize.forEach((x, k) => {
      const f = timeCpu(() => renderMarkdown(x), 1);
      cpu[k].push(f.cpu);
      if (k === SIZES.length - 1) fullWall.push(f.wall);
    });
  }
  const times = cpu.map(median);
  const full = { cpu: times[times.length - 1], wall: median(fullWall) };
  const exponent = exponentOf(times);
  const growth = full.cpu / Math.max(times[1], 0.05);
  if (full.cpu > worst) [worst, worstName] = [full.cpu, name];
  worstGrowth = Math.max(worstGrowth, exponent);
  const ok = full.cpu <= 100 && exponent <= EXPONENT_MAX;
  if (!ok) failures++;
  console.log(
    `markdown ${name.padEnd(26)} median cpu ${full.cpu.toFixed(1).padStart(6)} ms  wall ${full.wall.toFixed(1).padStart(6)} ms  (x${(full.cpu / peerMd.cpu).toFixed(1)} peer; size exponent ${exponent.toFixed(2)}; 128 KB … 1 MB: ${times.map((t) => t.toFixed(1)).join(' ')} ms; 256 KB -> 1 MB x${growth.toFixed(1)}) ${ok ? 'PASS' : 'FAIL'}`,
  );
}
console.log(`markdown worst size exponent: ${worstGrowth.toFixed(2)} (target ≤ ${EXPONENT_MAX}; linear 1, quadratic 2; the slope of log time over log size, 8 sizes from 128 KB to 1 MB)`);
console.log(`markdown worst of ${Object.keys(inputs).length} 1 MB inputs in Node: ${worst.toFixed(1)} ms cpu (${worstName}) (target ≤ 100 ms) ${worst <= 100 ? 'PASS' : 'FAIL'}; ${failures} input(s) FAIL`);
console.log(`load after the Node part ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(
  `markdown renderer in the bundle: ${rendererSize.min} B minified, ${rendererSize.gz} B gzipped (no dependency); the renderer it replaced: ${oldSize.min} B, ${oldSize.gz} B gzipped (${oldSize.from}); the view's chunker: ${chunksSize.min} B, ${chunksSize.gz} B gzipped`,
);

// ---- The same in real Chromium: the parse alone; the one-shot view (parse, the whole HTML
// through the one DOMPurify sink, inserted, laid out); and MarkdownView's chunked writer
// (first chunk sanitised, inserted and laid out at once; the rest in idle slices), whose
// final DOM must equal the one-shot's (isEqualNode).
if (!process.argv.includes('--node-only')) {
  const { launch } = await import('../support/browser.mjs');
  const { bundleForPage } = await import('../support/bundle.mjs');
  const b = await launch({ extraArgs: ['--js-flags=--expose-gc'] });
  try {
    const page = await b.context.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: await bundleForPage('tests/bench/markdown-view-entry.ts', 'GlossMd') });
    // The same inputs, made in the page by the same (self-contained) function; the same warm-up.
    await page.evaluate(`window.__inputs = (${markdownInputs.toString()})(); window.__sizeSets = ${JSON.stringify(SIZES)}.map((n) => (n === ${MB} ? window.__inputs : (${markdownInputs.toString()})(n))); for (let r = 0; r < 5; r++) for (const md of Object.values(window.__inputs)) window.GlossMd.renderMarkdown(md.slice(0, 65536)); 0`);
    let worstPage = 0;
    let worstPageName = '';
    let worstFirst = 0;
    let pageFailures = 0;
    let different = 0;
    let worstExponent = 0;
    console.log(`chromium load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    for (const name of Object.keys(inputs)) {
      const r = await page.evaluate(async (name) => {
        const md = window.__inputs[name];
        const G = window.GlossMd;
        const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
        // As in Node: warm at every size, heap collected, the sizes alternating within
        // each of 7 rounds; medians of 7 per size (the last size is the 1 MB input).
        const bySize = window.__sizeSets.map((set) => set[name]);
        window.gc?.();
        for (const x of bySize) G.renderMarkdown(x);
        const samples = bySize.map(() => []);
        for (let i = 0; i < 7; i++) {
          bySize.forEach((x, k) => {
            const t = performance.now();
            G.renderMarkdown(x);
            samples[k].push(performance.now() - t);
          });
        }
        const times = samples.map(med);
        window.gc?.();
        // One shot: parse, the whole HTML through the sink, inserted, laid out.
        const one = document.createElement('div');
        document.body.append(one);
        let t = performance.now();
        const html = G.renderMarkdown(md);
        const tParse = performance.now() - t;
        const safe = G.sanitizeHtml(html, window);
        const tSink = performance.now() - t - tParse;
        one.innerHTML = safe;
        void one.offsetHeight;
        const tOne = performance.now() - t;
        // The view: first chunk sanitised, inserted and laid out at once, the rest on idle.
        const view = document.createElement('div');
        document.body.append(view);
        let scheduled = 0;
        let done;
        const finished = new Promise((resolve) => (done = resolve));
        const schedule = (run) => {
          scheduled++;
          const id = requestIdleCallback(
            () => {
              scheduled--;
              run();
              if (scheduled === 0) done(performance.now());
            },
            { timeout: 50 },
          );
          return () => cancelIdleCallback(id);
        };
        t = performance.now();
        G.writeMarkdown(view, md, (h) => G.sanitizeToDom(h, window), schedule);
        void view.offsetHeight;
        const first = performance.now() - t;
        const end = scheduled === 0 ? performance.now() : await finished;
        void view.offsetHeight;
        const total = Math.max(end, performance.now()) - t;
        const same = view.isEqualNode(one);
        const elements = one.getElementsByTagName('*').length;
        one.remove();
        view.remove();
        return { parse: times[times.length - 1], times, sink: tSink, one: tOne, first, total, same, elements };
      }, name);
      const exponent = exponentOf(r.times);
      worstExponent = Math.max(worstExponent, exponent);
      if (r.parse > worstPage) [worstPage, worstPageName] = [r.parse, name];
      worstFirst = Math.max(worstFirst, r.first);
      const ok = r.parse <= 100 && exponent <= EXPONENT_MAX && r.same;
      if (!ok) pageFailures++;
      if (!r.same) different++;
      console.log(
        `chromium ${name.padEnd(26)} parse median ${r.parse.toFixed(1).padStart(6)} ms (size exponent ${exponent.toFixed(2)}; 128 KB … 1 MB: ${r.times.map((t) => t.toFixed(1)).join(' ')} ms) | one shot: parse+DOMPurify+insert ${r.one.toFixed(0).padStart(6)} ms (DOMPurify ${r.sink.toFixed(0)} ms, ${r.elements} elements) | chunked view: first paint ${r.first.toFixed(1).padStart(6)} ms, total ${r.total.toFixed(0).padStart(6)} ms, same DOM ${r.same ? 'yes' : 'NO'} ${ok ? 'PASS' : 'FAIL'}`,
      );
    }
    console.log(`chromium worst parse of ${Object.keys(inputs).length} 1 MB inputs: ${worstPage.toFixed(1)} ms wall (${worstPageName}) (target ≤ 100 ms) ${worstPage <= 100 ? 'PASS' : 'FAIL'}; ${pageFailures} input(s) FAIL`);
    console.log(`chromium worst size exponent of the parse: ${worstExponent.toFixed(2)} (target ≤ ${EXPONENT_MAX}; linear 1, quadratic 2)`);
    console.log(`chromium chunked view: worst first paint ${worstFirst.toFixed(1)} ms; final DOM equal to the one-shot render for ${Object.keys(inputs).length - different} of ${Object.keys(inputs).length} inputs ${different ? 'FAIL' : 'PASS'}`);
  } finally {
    await b.close();
  }
}
console.log(`load at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
