// Outline benchmark: detection quality and speed in headless Chromium over the shared
// fixtures and the Readability corpus, beside Mozilla Readability's parse() on the
// same pages in the same run, plus a generated ~1.5 MB article.
//
//   npm run bench:outline                 full run
//   node tests/bench/outline.bench.mjs --quick          quality only (no timing)
//   node tests/bench/outline.bench.mjs --only=medium-1,wikipedia --verbose
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { launch, ROOT, SHARED_DIR } from '../support/browser.mjs';
import { startServer } from '../support/server.mjs';
import { bundleForPage } from '../support/bundle.mjs';
import { loadCorpus, loadFixtures, score, titleMatches, headingCompareKey, median } from './outline-corpus.mjs';
import { bigArticlePage } from './outline-bigpage.mjs';

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? true];
  }),
);
const QUICK = args.has('quick');
const VERBOSE = args.has('verbose');
const ONLY = typeof args.get('only') === 'string' ? new Set(args.get('only').split(',')) : null;
const RUNS = Number(args.get('runs') ?? 15);

const fmt = (n, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

async function main() {
  const fixtures = loadFixtures(SHARED_DIR);
  const corpus = loadCorpus(SHARED_DIR);
  if (!fixtures) console.log(`No shared fixtures at ${path.join(SHARED_DIR, 'fixtures')}: skipping them.`);
  if (!corpus) console.log(`No corpus at ${path.join(SHARED_DIR, 'corpus/readability')}: skipping the corpus.`);
  let pages = [...(fixtures ?? []), ...(corpus ?? [])];
  if (ONLY) pages = pages.filter((p) => ONLY.has(p.name) || ONLY.has(p.name.replace(/^fixture:/, '')));

  const detector = await bundleForPage('utils/outline/index.ts', 'GlossOutline');
  const readabilitySrc = readFileSync(path.join(ROOT, 'node_modules/@mozilla/readability/Readability.js'), 'utf8');
  const big = bigArticlePage();

  // Cross-origin isolation gives the pages a 5 µs performance.now() instead of a 100 µs
  // one: detectOutline takes ~1.5 ms on the median page, where 0.1 ms steps would move
  // its median (and the speed-up) in 7% jumps.
  const headers = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
  const routes = {};
  pages.forEach((p, i) => {
    // Scripts are stripped (the saved pages need none, and none may phone home), except
    // JSON-LD metadata, which is data the detector reads for the title.
    const html = readFileSync(p.file, 'utf8').replace(/<script\b(?![^>]*ld\+json)[\s\S]*?<\/script\s*>/gi, '');
    routes[`/page/${i}.html`] = { body: html, type: 'text/html; charset=utf-8', headers };
  });
  routes['/big.html'] = { body: big.html, type: 'text/html; charset=utf-8', headers };
  const server = await startServer({ routes });
  const browser = await launch();
  const context = browser.context;
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === '127.0.0.1') return route.continue();
    return route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());

  const results = [];
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let exact = 0;
  let titlesRight = 0;
  const detectTimes = [];
  const readTimes = [];
  const ratios = [];
  let isolatedPages = 0;
  try {
    for (let i = 0; i < pages.length; i++) {
      const p = pages[i];
      await page.goto(server.url(`/page/${i}.html`), { waitUntil: 'load', timeout: 30000 }).catch(() => {});
      await page.evaluate(detector + ';window.GlossOutline = GlossOutline;');
      const out = await page.evaluate(() => {
        const o = window.GlossOutline.detectOutline(document);
        return {
          title: o.title,
          sections: o.sections.map((s) => ({ heading: s.heading, level: s.level, id: s.id, tag: s.headingElement?.localName ?? null })),
        };
      });
      const detected = out.sections.filter((s) => s.tag !== null).map((s) => headingCompareKey(s.heading));
      const r = score(p.expected, detected);
      const forbiddenHit = (p.forbidden ?? []).filter((f) => detected.includes(f) || headingCompareKey(out.title) === f);
      tp += r.tp;
      fp += r.extras.length;
      fn += r.misses.length;
      const isExact = r.misses.length === 0 && r.extras.length === 0 && forbiddenHit.length === 0;
      if (isExact) exact++;
      const titleOk = titleMatches(out.title, p.title);
      if (titleOk) titlesRight++;

      let t = NaN;
      let tr = NaN;
      if (!QUICK) {
        // Both are timed in the same loop, alternating, so that load from other
        // processes on the machine falls on both alike.
        await page.evaluate(readabilitySrc + ';window.Readability = Readability;');
        let isolated;
        [t, tr, isolated] = await page.evaluate(
          ({ runs }) => {
            const G = window.GlossOutline;
            const R = window.Readability;
            for (let k = 0; k < 3; k++) G.detectOutline(document);
            new R(document.cloneNode(true)).parse();
            const td = [];
            const trd = [];
            for (let k = 0; k < runs; k++) {
              let t0 = performance.now();
              G.detectOutline(document);
              td.push(performance.now() - t0);
              t0 = performance.now();
              new R(document.cloneNode(true)).parse();
              trd.push(performance.now() - t0);
            }
            const med = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
            return [med(td), med(trd), window.crossOriginIsolated];
          },
          { runs: RUNS },
        );
        if (isolated) isolatedPages++;
        detectTimes.push(t);
        readTimes.push(tr);
        ratios.push(tr / t);
      }
      results.push({ p, r, out, titleOk, t, tr });
      const bad = !isExact || !titleOk;
      if (bad || VERBOSE) {
        const lines = [`${isExact ? 'ok  ' : 'MISS'} ${p.name}  (expected ${p.expected.length}, found ${detected.length})`];
        for (const m of r.misses) lines.push(`     - missing: ${JSON.stringify(m)}`);
        for (const x of r.extras) lines.push(`     + extra:   ${JSON.stringify(x)}`);
        for (const f of forbiddenHit) lines.push(`     ! not-a-heading found: ${JSON.stringify(f)}`);
        if (!titleOk) lines.push(`     ~ title: ${JSON.stringify(out.title)}  expected ${JSON.stringify(p.title)}`);
        if (VERBOSE) for (const s of out.sections) lines.push(`       ${'  '.repeat(s.level - 1)}[${s.level}] ${s.heading || '(intro)'}  #${s.id}`);
        console.log(lines.join('\n'));
      }
    }

    // The generated big page.
    let bigTime = NaN;
    let bigMin = NaN;
    let bigOk = false;
    if (!ONLY || ONLY.has('big')) {
      await page.goto(server.url('/big.html'), { waitUntil: 'load' });
      await page.evaluate(detector + ';window.GlossOutline = GlossOutline;');
      const res = await page.evaluate(
        ({ runs }) => {
          const G = window.GlossOutline;
          const first = G.detectOutline(document);
          const times = [];
          for (let k = 0; k < runs; k++) {
            const t0 = performance.now();
            G.detectOutline(document);
            times.push(performance.now() - t0);
          }
          times.sort((a, b) => a - b);
          return {
            t: times[times.length >> 1],
            min: times[0],
            headings: first.sections.filter((s) => s.headingElement).map((s) => s.heading),
            title: first.title,
            bytes: document.documentElement.outerHTML.length,
            elements: document.getElementsByTagName('*').length,
          };
        },
        { runs: QUICK ? 3 : Math.max(RUNS, 15) },
      );
      bigTime = res.t;
      bigMin = res.min;
      bigOk = JSON.stringify(res.headings) === JSON.stringify(big.sections) && res.title === big.title;
      console.log(
        `\nbig page: ${(res.bytes / 1e6).toFixed(2)} MB, ${res.elements} elements, ${big.sections.length} sections: ` +
          `detect median ${fmt(res.t)} ms (fastest run ${fmt(res.min)} ms), outline ${bigOk ? 'exact' : 'WRONG'}`,
      );
    }

    const precision = tp / Math.max(1, tp + fp);
    const recall = tp / Math.max(1, tp + fn);
    const f1 = (2 * precision * recall) / Math.max(1e-9, precision + recall);
    const fixtureRes = results.filter((x) => x.p.kind === 'fixture');
    const corpusRes = results.filter((x) => x.p.kind === 'corpus');
    const sub = (rs) => {
      let a = 0;
      let b = 0;
      let c = 0;
      for (const x of rs) {
        a += x.r.tp;
        b += x.r.extras.length;
        c += x.r.misses.length;
      }
      const P = a / Math.max(1, a + b);
      const R = a / Math.max(1, a + c);
      return { P, R, F: (2 * P * R) / Math.max(1e-9, P + R) };
    };
    console.log('\n=== outline benchmark ===');
    if (fixtureRes.length) {
      const ex = fixtureRes.filter((x) => x.r.misses.length === 0 && x.r.extras.length === 0).length;
      console.log(`fixtures: ${ex}/${fixtureRes.length} exact, titles ${fixtureRes.filter((x) => x.titleOk).length}/${fixtureRes.length}`);
    }
    if (corpusRes.length) {
      const s = sub(corpusRes);
      const ex = corpusRes.filter((x) => x.r.misses.length === 0 && x.r.extras.length === 0).length;
      console.log(
        `corpus (${corpusRes.length} pages): precision ${fmt(s.P, 3)}  recall ${fmt(s.R, 3)}  F1 ${fmt(s.F, 3)}  ` +
          `pages exact ${ex}/${corpusRes.length}  titles ${corpusRes.filter((x) => x.titleOk).length}/${corpusRes.length} ` +
          `(${fmt((100 * corpusRes.filter((x) => x.titleOk).length) / corpusRes.length, 1)}%)`,
      );
    }
    console.log(
      `all (${results.length} pages): precision ${fmt(precision, 3)}  recall ${fmt(recall, 3)}  F1 ${fmt(f1, 3)}  ` +
        `pages exact ${exact}/${results.length}  titles ${titlesRight}/${results.length}`,
    );
    if (!QUICK && detectTimes.length) {
      console.log(
        `time per page: detectOutline median ${fmt(median(detectTimes))} ms, max ${fmt(Math.max(...detectTimes))} ms | ` +
          `Readability parse() median ${fmt(median(readTimes))} ms, max ${fmt(Math.max(...readTimes))} ms ` +
          `(timer: ${isolatedPages}/${detectTimes.length} pages cross-origin isolated, 5 µs steps; others 100 µs)`,
      );
      console.log(
        `speed-up: median page ${fmt(median(readTimes) / median(detectTimes), 1)}x ` +
          `(median of per-page ratios ${fmt(median(ratios), 1)}x, worst page ${fmt(Math.min(...ratios), 1)}x)`,
      );
    }
    if (!QUICK && detectTimes.length) {
      const slow = results
        .filter((x) => Number.isFinite(x.t))
        .sort((a, b) => a.tr / a.t - b.tr / b.t)
        .slice(0, 3)
        .map((x) => `${x.p.name} ${fmt(x.t)} ms vs ${fmt(x.tr)} ms`);
      console.log(`lowest speed-ups: ${slow.join('; ')}`);
    }
    if (Number.isFinite(bigTime)) console.log(`1.5 MB page: detectOutline median ${fmt(bigTime)} ms, fastest ${fmt(bigMin)} ms (target <= 50 ms)`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
