// Sync benchmarks (printed figures, not timed tests), against a real CouchDB-protocol
// server (pouchdb-server, in memory, started here) and two Chromium profiles:
//  1. first sync of a 1,000-page library (20,000 highlights) to an empty server (target ≤ 30 s);
//  2. live mode: a highlight made on A, until it is in B's stored data and in B's open
//     side panel (the panel page for B's tab; median of 20; target ≤ 2 s);
//  3. bytes sent to the server per autosaved keystroke, of a reflection and of a
//     highlight's note (the note's page document holds all its highlights).
// Usage: node tests/bench/sync.bench.mjs [pages=1000] [highlightsPerPage=20]
import { readFileSync } from 'node:fs';
import { startCouch } from '../support/couch.mjs';
import { startServer } from '../support/server.mjs';
import { buildSyncVariant, importBenchLibrary, makeHighlight, meta, openOptions, sendToBackground, syncLauncher, turnOnSync, waitSynced } from '../support/sync.mjs';

const PAGES = Number(process.argv[2] ?? 1000);
const PER_PAGE = Number(process.argv[3] ?? 20);
const median = (xs) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

buildSyncVariant();
const { launch, serviceWorker } = await syncLauncher();
const couch = await startCouch();
const web = await startServer({
  routes: { '/live': { body: '<!doctype html><html><head><title>Live</title></head><body><article><h1>Live</h1><h2>One</h2><p>Some words to read here.</p></article></body></html>' } },
});
const cfg = { url: couch.url, database: 'bench', passphrase: 'bench-passphrase-123' };
const A = await launch({ extension: true, allowExtensionRequests: true });
const B = await launch({ extension: true, allowExtensionRequests: true });
try {
  console.log(`# load before: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  const optA = await openOptions(A);
  // The library, imported with sync off.
  await importBenchLibrary(optA, PAGES, PER_PAGE);
  console.error('# library imported; turning on sync on A');
  const t0 = Date.now();
  await turnOnSync(optA, cfg);
  await waitSynced(optA, 300000);
  const expected = PAGES * 2 + 1; // per page one document (facts and highlights) and one per reflection, + key check
  for (;;) {
    const info = await (await fetch(`${couch.url}/bench`)).json();
    if (info.doc_count >= expected) break;
    if (process.env.TRACE) console.error(`# server ${info.doc_count} docs at ${Date.now() - t0} ms`);
    await new Promise((r) => setTimeout(r, process.env.TRACE ? 1000 : 50));
  }
  const first = (Date.now() - t0) / 1000;
  console.log(`first sync: ${PAGES} pages / ${PAGES * PER_PAGE} highlights (${expected} documents) on the server in ${first.toFixed(1)} s (target ≤ 30 s): ${first <= 30 ? 'PASS' : 'FAIL'}`);

  // B joins (pulls the whole library), then live mode.
  console.error('# B joins');
  const optB = await openOptions(B);
  const t1 = Date.now();
  await turnOnSync(optB, cfg);
  await waitSynced(optB, 300000);
  const join = (Date.now() - t1) / 1000;
  console.log(`second device joins (pull and apply ${expected} documents): ${join.toFixed(1)} s (held to the first sync's ≤ 30 s): ${join <= 30 ? 'PASS' : 'FAIL'}`);

  const liveUrl = web.url('/live');
  const tabPage = await B.context.newPage();
  await tabPage.goto(liveUrl);
  const worker = await serviceWorker(B.context);
  await tabPage.bringToFront();
  const tabId = await worker.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0].id);
  await sendToBackground(optA, 'mutatePage', { url: liveUrl, op: { type: 'addHighlight', meta: meta(liveUrl, 'Live'), highlight: makeHighlight('warm', 'warm-up passage') } });
  const panel = await B.context.newPage();
  await panel.goto(`chrome-extension://${B.extensionId}/sidepanel.html?tabId=${tabId}`);
  await panel.waitForFunction(() => document.body.textContent.includes('warm-up passage'), null, { timeout: 30000 });
  console.error('# live mode');
  const toStore = [];
  const toPanel = [];
  for (let i = 0; i < 20; i++) {
    const text = `live passage number ${i}`;
    const storedOnB = optB.evaluate(
      (key) =>
        new Promise((resolve) => {
          const l = (changes) => {
            if (changes[key]?.newValue?.highlights?.length > 0 && JSON.stringify(changes[key].newValue).includes(`live-${window.__n}`)) {
              chrome.storage.onChanged.removeListener(l);
              resolve(performance.timeOrigin + performance.now());
            }
          };
          chrome.storage.onChanged.addListener(l);
        }),
      `page:${liveUrl}`,
    );
    await optB.evaluate((n) => (window.__n = n), i);
    const start = Date.now();
    await sendToBackground(optA, 'mutatePage', { url: liveUrl, op: { type: 'addHighlight', meta: meta(liveUrl, 'Live'), highlight: makeHighlight(`live-${i}`, text) } });
    await panel.waitForFunction((t) => document.body.textContent.includes(t), text, { timeout: 30000, polling: 'raf' });
    toPanel.push(Date.now() - start);
    toStore.push((await storedOnB) - start);
    await new Promise((r) => setTimeout(r, 200));
  }
  console.log(`live A→B, B's stored data: median ${median(toStore).toFixed(0)} ms, max ${Math.max(...toStore).toFixed(0)} ms (20 highlights)`);
  console.log(`live A→B, B's open side panel shows it: median ${median(toPanel).toFixed(0)} ms, max ${Math.max(...toPanel).toFixed(0)} ms (target ≤ 2000 ms): ${median(toPanel) <= 2000 ? 'PASS' : 'FAIL'}`);

  // Bytes per autosaved keystroke: A types a reflection, then a highlight's note, one
  // character at a time (about 5 keys a second), each keystroke stored as the UI does.
  const words = 'A reflection typed one key at a time.';
  const typed = async (label, opFor) => {
    await waitSynced(optA, 30000);
    const sent = [];
    const onRequest = (req) => {
      if (req.url().startsWith(couch.url)) sent.push(req);
    };
    A.context.on('request', onRequest);
    for (let i = 1; i <= words.length; i++) {
      await sendToBackground(optA, 'mutatePage', { url: liveUrl, op: opFor(words.slice(0, i)) });
      await new Promise((r) => setTimeout(r, 180));
    }
    // Keystrokes wait for typing to pause (1.5 s) before they are sent: the window covers
    // that send and the replication that follows it.
    await new Promise((r) => setTimeout(r, 2500));
    await waitSynced(optA, 30000);
    await new Promise((r) => setTimeout(r, 1000));
    A.context.off('request', onRequest);
    let body = 0;
    let headers = 0;
    for (const r of sent) {
      body += r.postDataBuffer()?.length ?? 0;
      headers += Object.entries(r.headers()).reduce((n, [k, v]) => n + k.length + v.length + 4, 0) + r.method().length + r.url().length + 12;
    }
    const keys = words.length;
    const saves = sent.filter((r) => r.method() === 'POST' && r.url().includes('/_bulk_docs')).length;
    console.log(`bytes sent per autosaved keystroke, ${label}: ${(body / keys).toFixed(0)} B of request bodies, ${((body + headers) / keys).toFixed(0)} B with request lines and (provisional) headers (${sent.length} requests for ${keys} keystrokes); per saved change sent (${saves} _bulk_docs): ${saves ? (body / saves).toFixed(0) : '–'} B of bodies`);
  };
  await typed('reflection', (text) => ({ type: 'setReflection', meta: meta(liveUrl, 'Live'), sectionId: 'one', heading: 'One', text, sectionHash: null, sectionText: null }));
  await typed('highlight note (page of 21 highlights)', (note) => ({ type: 'updateHighlight', id: 'warm', patch: { note } }));
  console.log(`# load after: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
} finally {
  await A.close().catch(() => {});
  await B.close().catch(() => {});
  await couch.close();
  await web.close();
}
