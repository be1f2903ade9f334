// Key shield cost (issue 13) on a page with no notes, in headless Chromium with the built
// extension, against the same page without Gloss and against Gloss at a git revision
// without the shield (default: 7c9bbcd, the commit before it), all measured in the same
// run, page loads alternating:
//   script time   CDP Performance.getMetrics ScriptDuration of the whole tab once Gloss's
//                 content script answers (the page's, Gloss's and the shield's scripts)
//   install       the shield's own installation time (it times itself; after only)
//   DOMContentLoaded, load   the page's own navigation timing (what a reader could notice)
//   CPU to DCL    the tab's main-thread CPU time to DOMContentLoaded, from a trace (far
//                 less inflated by a loaded machine than wall time); shield script CPU:
//                 evaluating the shield's document_start script
//   events        20,000 input + keydown events dispatched by the page on its own element,
//                 per event: what every page pays for the shield's window listeners
// A third build, this tree without the document_start script (the shield then installed
// late by the main content script, as in a tab Gloss is started in by the popup),
// separates the document_start script's own cost from the listeners'.
// Figures are noisy on a shared machine: the load average is printed with them.
// A fourth, Gloss at --shield-rev (default df40fc6), has the shield as a WXT content script.
//   node tests/bench/shield.bench.mjs [--rev=7c9bbcd] [--shield-rev=df40fc6] [--runs=15]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, ROOT, EXTENSION_DIR } from '../support/browser.mjs';
import { startServer } from '../support/server.mjs';
import { diagnostics, waitForContentScript } from '../support/gloss.mjs';
import { benchFlags } from '../support/bench-flags.mjs';

const flags = benchFlags();
// The last commit before the key shield (39e56b4 added it).
const REV = String(flags.get('rev') ?? '7c9bbcd');
// The last commit with the shield as a WXT content script (content-scripts/shield.js).
const SHIELD_REV = String(flags.get('shield-rev') ?? 'df40fc6');
const RUNS = Number(flags.get('runs') ?? 15);
const EVENTS = 20000;
const median = (xs) => {
  const s = [...xs].filter((x) => x != null).sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null;
};
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const build = (cwd, env = {}) => {
  const r = spawnSync('npx', ['wxt', 'build'], { cwd, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`build failed in ${cwd}`);
};

console.log(`load at start: ${loadavg()}`);
if (!process.env.GLOSS_SKIP_BUILD) {
  console.log('Building this tree (npx wxt build)…');
  build(ROOT);
}
// Gloss at a revision, built from a scratch copy of its files (node_modules shared).
const oldRoot = path.join(os.tmpdir(), `shield-bench-${process.pid}`);
function buildRevision(rev) {
  const dir = path.join(oldRoot, rev.replace(/[^\w.-]/g, '_'));
  mkdirSync(dir, { recursive: true });
  execFileSync('sh', ['-c', `git archive ${JSON.stringify(rev)} | tar -x -C ${JSON.stringify(dir)}`], { cwd: ROOT });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  build(dir);
  const out = path.join(dir, '.output/chrome-mv3');
  if (!existsSync(path.join(out, 'manifest.json'))) throw new Error(`no build of ${rev}`);
  return out;
}
console.log(`Building ${REV} (no key shield)…`);
const OLD_DIR = buildRevision(REV);
console.log(`Building ${SHIELD_REV} (the shield as a WXT content script)…`);
const WXT_SHIELD_DIR = buildRevision(SHIELD_REV);
console.log('Building this tree without the document_start script…');
const LATE_OUT = path.join(oldRoot, 'late');
build(ROOT, { GLOSS_ENTRYPOINTS: 'background,content', GLOSS_OUT_DIR: LATE_OUT });
const LATE_DIR = path.join(LATE_OUT, 'chrome-mv3');

const PAGE = `<!doctype html><html><head><title>Plain page</title></head><body>
<article><h1>A page nobody annotated</h1><h2>First part</h2><p>${'Some ordinary text for the reader. '.repeat(60)}</p>
<h2>Second part</h2><p>${'More ordinary text follows here. '.repeat(60)}</p><input id="field"></article></body></html>`;
const server = await startServer({ routes: { '/plain': { body: PAGE } } });

const variants = [
  { name: 'no Gloss', dir: null, rows: [] },
  { name: `before (${REV})`, dir: OLD_DIR, rows: [] },
  { name: `WXT-bundled shield (${SHIELD_REV})`, dir: WXT_SHIELD_DIR, rows: [] },
  { name: 'after, shield installed late', dir: LATE_DIR, rows: [] },
  { name: 'after (this tree)', dir: EXTENSION_DIR, rows: [] },
];
for (const v of variants) v.b = await launch(v.dir ? { extension: true, extensionDir: v.dir } : {});

/**
 * From a trace of one load: the tab's main-thread CPU time (trace thread durations,
 * top-level events only) from navigation start to the end of DOMContentLoaded, and the
 * CPU time of evaluating the shield's script. Nulls when the trace lacks the marks.
 */
function cpuToDomContentLoaded(events) {
  const nav = events.find((e) => e.name === 'navigationStart' && /\/plain/.test(e.args?.data?.documentLoaderURL ?? ''));
  const dcl = nav && events.filter((e) => e.name === 'domContentLoadedEventEnd' && e.pid === nav.pid && e.ts >= nav.ts).sort((a, b) => a.ts - b.ts)[0];
  if (!dcl || !nav) return { cpuToDclMs: null, shieldEvalCpuMs: null };
  let end = 0;
  let cpu = 0;
  let shield = null;
  const main = events.filter((e) => e.pid === dcl.pid && e.tid === dcl.tid && e.ph === 'X' && e.ts >= nav.ts && e.ts <= dcl.ts).sort((a, b) => a.ts - b.ts);
  for (const e of main) {
    if (e.ts >= end) {
      cpu += e.tdur ?? e.dur;
      end = e.ts + e.dur;
    }
    if (e.name === 'EvaluateScript' && /shield/.test(e.args?.data?.url ?? '')) shield = (shield ?? 0) + (e.tdur ?? e.dur);
  }
  // The shield's evaluation shows in a browser-wide trace; a trace taken through the tab's
  // own session may leave it out (n/a then, never a made-up 0).
  return { cpuToDclMs: cpu / 1000, shieldEvalCpuMs: shield == null ? null : shield / 1000 };
}

/** One load of the plain page in `v`'s browser: its figures. */
async function measure(v) {
  const page = await v.b.context.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  // A trace of the load: thread (CPU) time, which a loaded machine inflates far less
  // than wall time.
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const traced = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: ['devtools.timeline', 'toplevel', 'blink.user_timing', 'loading', 'navigation', 'v8'] } });
  await page.goto(server.url('/plain'));
  const d = v.dir ? await diagnostics(v.b.context, await waitForContentScript(v.b.context, page)) : {};
  await page.waitForTimeout(200);
  await cdp.send('Tracing.end');
  await traced;
  const cpu = cpuToDomContentLoaded(events);
  const { metrics } = await cdp.send('Performance.getMetrics');
  const scriptMs = metrics.find((m) => m.name === 'ScriptDuration').value * 1000;
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0];
    return { dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd };
  });
  const perEventNs = await page.evaluate((n) => {
    const field = document.getElementById('field');
    const t0 = performance.now();
    for (let i = 0; i < n / 2; i++) {
      field.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true, composed: true }));
      field.dispatchEvent(new InputEvent('input', { data: 'a', bubbles: true, composed: true }));
    }
    return ((performance.now() - t0) * 1e6) / n;
  }, EVENTS);
  await cdp.detach().catch(() => {});
  await page.close();
  return { ...cpu, scriptMs, dcl: nav.dcl, load: nav.load, installMs: d.keyShield?.installMs ?? null, early: d.keyShield?.early ?? null, startupMs: d.startupMs, perEventNs };
}

try {
  for (let i = 0; i < RUNS; i++) {
    // A different order each round, so no variant always goes first.
    const order = variants.map((_, k) => variants[(k + i) % variants.length]);
    for (const v of order) v.rows.push(await measure(v));
  }
} finally {
  for (const v of variants) await v.b.close().catch(() => {});
  await server.close();
  rmSync(oldRoot, { recursive: true, force: true });
}

const fmt = (x, d = 2) => (x == null ? 'n/a' : x.toFixed(d));
console.log(`\nKey shield on a page with no notes, Chromium, ${RUNS} loads each, medians (load at end: ${loadavg()})`);
console.log('variant                        | tab script ms | DOMContentLoaded ms | CPU to DCL ms | shield script CPU ms | load ms | content script start-up ms | shield install ms | per page event ns');
for (const v of variants) {
  const m = (k) => median(v.rows.map((r) => r[k]));
  console.log(
    `${v.name.padEnd(30)} | ${fmt(m('scriptMs')).padStart(13)} | ${fmt(m('dcl')).padStart(19)} | ${fmt(m('cpuToDclMs')).padStart(13)} | ${fmt(m('shieldEvalCpuMs')).padStart(20)} | ${fmt(m('load')).padStart(7)} | ${fmt(m('startupMs')).padStart(26)} | ${fmt(m('installMs'), 3).padStart(17)} | ${fmt(m('perEventNs'), 0).padStart(17)}`,
  );
}
const [none, before, wxtShield, late, after] = variants.map((v) => ({
  script: median(v.rows.map((r) => r.scriptMs)),
  dcl: median(v.rows.map((r) => r.dcl)),
  event: median(v.rows.map((r) => r.perEventNs)),
  cpu: median(v.rows.map((r) => r.cpuToDclMs)),
}));
console.log(`after − no Gloss: tab script ${fmt(after.script - none.script)} ms, DOMContentLoaded ${fmt(after.dcl - none.dcl)} ms; before − no Gloss: DOMContentLoaded ${fmt(before.dcl - none.dcl)} ms`);
console.log(`CPU to DOMContentLoaded: after − no Gloss ${fmt(after.cpu - none.cpu)} ms, after − before ${fmt(after.cpu - before.cpu)} ms, after − ${SHIELD_REV} ${fmt(after.cpu - wxtShield.cpu)} ms, after − late ${fmt(after.cpu - late.cpu)} ms`);
console.log(`after − before: tab script ${fmt(after.script - before.script)} ms, DOMContentLoaded ${fmt(after.dcl - before.dcl)} ms; per page event after ÷ before ${fmt(after.event / before.event)}`);
console.log(`after − ${SHIELD_REV}'s WXT-bundled shield: tab script ${fmt(after.script - wxtShield.script)} ms, DOMContentLoaded ${fmt(after.dcl - wxtShield.dcl)} ms; ${SHIELD_REV} − no Gloss: DOMContentLoaded ${fmt(wxtShield.dcl - none.dcl)} ms`);
console.log(`after − late (the document_start script alone): tab script ${fmt(after.script - late.script)} ms, DOMContentLoaded ${fmt(after.dcl - late.dcl)} ms`);
console.log(`shield installed at document start in ${variants[4].rows.filter((r) => r.early === true).length}/${RUNS} loads; late build: ${variants[3].rows.filter((r) => r.early === false).length}/${RUNS} late`);
