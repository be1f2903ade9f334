// Sync resumes on its own (issue 16, "visible and resilient"): after the service worker
// is stopped (CDP ServiceWorker.stopWorker), with a change that was stored but never sent
// when it stopped (the durable outbox), after the browser is closed and relaunched on
// the same profile, and after the server restarts without its data. Device B, syncing live, must receive each change made on A.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startCouch } from '../support/couch.mjs';
import { until } from '../support/gloss.mjs';
import { buildSyncVariant, makeHighlight, meta, openOptions, sendToBackground, storedPage, syncLauncher, turnOnSync, waitSynced } from '../support/sync.mjs';

buildSyncVariant();
const { launch } = await syncLauncher();

const URL_ = 'https://essays.example.org/resume';
const TITLE = 'An essay that outlives its worker';

async function stopWorker(b, somePage) {
  const cdp = await b.context.newCDPSession(somePage);
  const running = [];
  const stopped = [];
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
    running.push(...e.versions.filter((v) => v.runningStatus === 'running'));
    stopped.push(...e.versions.filter((v) => v.runningStatus === 'stopped'));
  });
  await cdp.send('ServiceWorker.enable');
  await until(() => running.length > 0, 'a running worker');
  const { versionId } = running.at(-1);
  await cdp.send('ServiceWorker.stopWorker', { versionId });
  await until(() => stopped.some((v) => v.versionId === versionId), 'the worker stopped', 10000);
  await cdp.detach();
}

const hasHighlight = (options, id) => async () => (await storedPage(options, URL_))?.highlights?.some((h) => h.id === id);

test('sync resumes after a stopped service worker, sends a change stored but never sent, resumes after a browser restart and after the server lost its data', async (t) => {
  const couch = await startCouch();
  t.after(() => couch.close());
  const cfg = { url: couch.url, database: 'resume', passphrase: 'resume-passphrase-77' };
  let A = await launch({ extension: true, allowExtensionRequests: true });
  const profileA = A.userDataDir;
  const B = await launch({ extension: true, allowExtensionRequests: true });
  t.after(async () => {
    await A.close();
    await B.close();
  });
  let optA = await openOptions(A);
  const optB = await openOptions(B);
  await sendToBackground(optA, 'mutatePage', { url: URL_, op: { type: 'addHighlight', meta: meta(URL_, TITLE), highlight: makeHighlight('first', 'the first passage') } });
  await turnOnSync(optA, cfg);
  await waitSynced(optA);
  // The keys are non-extractable CryptoKeys in IndexedDB, not bytes in storage.local.
  const keyState = await optA.evaluate(async () => {
    const db = await new Promise((res, rej) => {
      const r = indexedDB.open('gloss-sync-keys');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const rec = await new Promise((res, rej) => {
      const r = db.transaction('keys').objectStore('keys').get('current');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    db.close();
    const { syncConfig } = await chrome.storage.local.get('syncConfig');
    return { enc: rec?.enc?.extractable, mac: rec?.mac?.extractable, type: rec?.enc?.type, configKeys: syncConfig.keys };
  });
  assert.deepEqual(keyState, { enc: false, mac: false, type: 'secret', configKeys: null });
  await turnOnSync(optB, cfg);
  await waitSynced(optB);
  await until(hasHighlight(optB, 'first'), 'B has A’s first highlight', 20000);

  // 1. The worker is stopped; the next change wakes a new one, which resumes sync.
  await stopWorker(A, optA);
  await sendToBackground(optA, 'mutatePage', { url: URL_, op: { type: 'addHighlight', meta: meta(URL_, TITLE), highlight: makeHighlight('after-stop', 'made after the worker stopped') } });
  await until(hasHighlight(optB, 'after-stop'), 'B has the change made after the worker restarted', 30000);

  // 2. A change stored but never sent: the storage exactly as the writer leaves it when the
  //    worker dies right after storing (the page and its outbox entry, one call), written
  //    while the worker is stopped. The next worker must send it.
  await stopWorker(A, optA);
  await optA.evaluate(
    async ([url, h]) => {
      const key = `page:${url}`;
      const before = (await chrome.storage.local.get(key))[key];
      const after = { ...before, highlights: [...before.highlights, h], updatedAt: h.updatedAt };
      await chrome.storage.local.set({ [key]: after, syncOutbox: { [url]: before } });
    },
    [URL_, makeHighlight('unsent', 'stored but not yet sent when the worker died')],
  );
  // Anything that wakes the worker (here the options page asking for the status).
  await optA.reload();
  await optA.getByRole('status').waitFor();
  await until(hasHighlight(optB, 'unsent'), 'B has the change the stopped worker never sent', 30000);
  await until(async () => !(await optA.evaluate(() => chrome.storage.local.get('syncOutbox'))).syncOutbox, 'A’s outbox is empty once sent', 15000);

  // 3. The browser is closed and relaunched on the same profile.
  await A.close({ keepProfile: true });
  A = await launch({ extension: true, allowExtensionRequests: true, userDataDir: profileA });
  optA = await openOptions(A);
  await waitSynced(optA, 30000);
  await sendToBackground(optA, 'mutatePage', { url: URL_, op: { type: 'addHighlight', meta: meta(URL_, TITLE), highlight: makeHighlight('after-relaunch', 'made after the browser restarted') } });
  await until(hasHighlight(optB, 'after-relaunch'), 'B has the change made after the browser restart', 30000);
  const onB = await storedPage(optB, URL_);
  assert.deepEqual(onB.highlights.map((h) => h.id).sort(), ['after-relaunch', 'after-stop', 'first', 'unsent']);

  // 4. The server restarts without its data (in memory): the devices' copies are the
  //    truth; the database and key check are put back and filled again, and sync goes on.
  await couch.stop();
  await couch.start();
  await until(async () => (await (await fetch(`${couch.url}/resume`)).json()).doc_count >= 2, 'the server is filled again (key check and the page)', 60000);
  await sendToBackground(optA, 'mutatePage', { url: URL_, op: { type: 'addHighlight', meta: meta(URL_, TITLE), highlight: makeHighlight('after-wipe', 'made after the server lost its data') } });
  await until(hasHighlight(optB, 'after-wipe'), 'B has the change made after the server was recreated', 45000);
  await waitSynced(optA, 30000);
  // A third device joins the recreated server with the same passphrase and gets everything.
  const C = await launch({ extension: true, allowExtensionRequests: true });
  t.after(() => C.close());
  const optC = await openOptions(C);
  await turnOnSync(optC, cfg);
  await waitSynced(optC, 30000);
  await until(hasHighlight(optC, 'after-wipe'), 'C has the notes from the recreated server', 30000);
  assert.equal((await storedPage(optC, URL_)).highlights.length, 5);
});
