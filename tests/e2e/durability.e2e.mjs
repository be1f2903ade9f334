// Nothing lost: 1,000+ interleaved edits from three tabs, the popup and the library end
// in exactly the expected stored state; closing the popup mid-typing, closing a tab right
// after highlighting and stopping the service worker in the middle of writes lose nothing
// and corrupt nothing.
import test from 'node:test';
import assert from 'node:assert/strict';
import { serviceWorker } from '../support/browser.mjs';
import { openPopup, selectText, until, waitForContentScript, glossSession, openSection, reflectionBox } from '../support/gloss.mjs';
import { ui } from '../support/overlay.mjs';

const N_PARAS = 30;
const para = (i) => `Paragraph ${i}: the ${['heron', 'willow', 'lantern', 'compass', 'meadow', 'harbour'][i % 6]} number ${i} keeps its own quiet counsel here.`;
const ESSAY = `<!doctype html><html><head><title>Concurrency essay</title></head><body><article><h1>Concurrency essay</h1>
${Array.from({ length: 10 }, (_, s) => `<h2>Section ${s}</h2>` + [0, 1, 2].map((k) => `<p>${para(s * 3 + k)}</p>`).join('')).join('\n')}
</article></body></html>`;

/** Stored page records, read through an extension page (survives worker restarts). */
const readers = new WeakMap();
async function storedPages(context) {
  let reader = readers.get(context);
  if (!reader || reader.isClosed()) {
    const worker = await serviceWorker(context);
    reader = await context.newPage();
    await reader.goto(new URL('/popup.html?tabId=0', worker.url()).href);
    readers.set(context, reader);
  }
  return reader.evaluate(async () => {
    const all = await chrome.storage.local.get(null);
    return Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith('page:')));
  });
}

/** Structural check of a stored page record: nothing half-written. */
function assertWellFormed(p) {
  assert.equal(typeof p.url, 'string');
  assert.ok(Array.isArray(p.highlights));
  for (const h of p.highlights) {
    assert.equal(typeof h.id, 'string');
    assert.equal(typeof h.text, 'string');
    assert.equal(typeof h.note, 'string');
    assert.equal(h.selectors.quote.type, 'TextQuoteSelector');
  }
  for (const [id, r] of Object.entries(p.reflections)) {
    assert.equal(r.sectionId, id);
    assert.equal(typeof r.text, 'string');
  }
  assert.equal(new Set(p.highlights.map((h) => h.id)).size, p.highlights.length, 'no duplicate highlight ids');
}

/** Runs `ops` (PageOp list) in an extension page through runtime messages, one after another. */
function runOps(extPage, url, ops) {
  return extPage.evaluate(
    async ({ url, ops }) => {
      let failures = 0;
      for (const op of ops) {
        const r = await chrome.runtime.sendMessage({ gloss: 1, type: 'mutatePage', data: { url, op } });
        if (!r?.ok) failures++;
      }
      return failures;
    },
    { url, ops },
  );
}

test('1,000 interleaved edits from three tabs, the popup and the library end in the expected state', async (t) => {
  const { server, b } = await glossSession(t, { '/essay': { body: ESSAY } });
  const url = server.url('/essay');
  const tabs = [];
  for (let i = 0; i < 3; i++) {
    const page = await b.context.newPage();
    await page.goto(url);
    tabs.push({ page, tabId: await waitForContentScript(b.context, page) });
  }
  const popup = await openPopup(b.context, b.extensionId, tabs[0].tabId);
  const library = await b.context.newPage();
  await library.goto(`chrome-extension://${b.extensionId}/library.html`);

  const meta = { url, title: 'Concurrency essay', site: '127.0.0.1', outline: null };
  const synthetic = (id, n) => ({
    id,
    text: `synthetic ${n}`,
    color: 'blue',
    note: '',
    selectors: {
      quote: { type: 'TextQuoteSelector', exact: `synthetic ${n}`, prefix: '', suffix: '' },
      position: { type: 'TextPositionSelector', start: n, end: n + 5 },
      sectionId: null,
    },
    sectionId: null,
    sectionHeading: null,
    createdAt: n,
    updatedAt: n,
  });

  // Popup: 490 reflection edits over 8 sections (each section's last text wins).
  const popupOps = [];
  const expectedReflections = {};
  for (let i = 0; i < 490; i++) {
    const sectionId = `sec-${i % 8}`;
    const text = `reflection ${sectionId} revision ${i}`;
    popupOps.push({ type: 'setReflection', meta, sectionId, heading: null, text, sectionHash: null, sectionText: null });
    expectedReflections[sectionId] = text;
  }
  // Library: 480 highlight edits: add 200, note 200, delete every 5th (40).
  const libraryOps = [];
  const expectedSynthetic = {};
  for (let n = 0; n < 200; n++) {
    libraryOps.push({ type: 'addHighlight', meta, highlight: synthetic(`lib-${n}`, n) });
    expectedSynthetic[`lib-${n}`] = '';
  }
  for (let n = 0; n < 200; n++) {
    libraryOps.push({ type: 'updateHighlight', id: `lib-${n}`, patch: { note: `note ${n}` } });
    expectedSynthetic[`lib-${n}`] = `note ${n}`;
  }
  for (let n = 0; n < 200; n += 5) {
    libraryOps.push({ type: 'deleteHighlight', id: `lib-${n}` });
    delete expectedSynthetic[`lib-${n}`];
  }
  // Interleave the library's adds/notes/deletes so they run alongside everything else.
  assert.equal(libraryOps.length, 440);
  for (let n = 0; n < 40; n++) libraryOps.push({ type: 'updateHighlight', id: `lib-${n * 5 + 1}`, patch: { color: 'pink' } });

  // Tabs: each makes 10 real highlights with the toolbar, at the same time as the rest.
  // Gloss obeys only real input, which a background tab does not receive: each tab comes
  // to the front for its select-and-click (one tab at a time), while the popup's and the
  // library's edits keep flowing.
  let front = Promise.resolve();
  const inFront = (page, fn) => {
    const run = front.then(async () => {
      await page.bringToFront();
      await fn();
    });
    front = run.catch(() => {});
    return run;
  };
  const tabWork = tabs.map(async ({ page }, ti) => {
    for (let k = 0; k < 10; k++) {
      const i = ti * 10 + k;
      await inFront(page, async () => {
        await selectText(page, `the ${para(i).split('the ')[1].split(' keeps')[0]}`, 'article');
        await ui(page).getByRole('button', { name: 'Highlight', exact: true }).click();
      });
    }
    return 10;
  });

  const [popupFailures, libraryFailures, ...tabCounts] = await Promise.all([
    runOps(popup, url, popupOps),
    runOps(library, url, libraryOps),
    ...tabWork,
  ]);
  assert.equal(popupFailures, 0);
  assert.equal(libraryFailures, 0);
  const edits = popupOps.length + libraryOps.length + tabCounts.reduce((a, n) => a + n, 0);
  assert.ok(edits >= 1000, `at least 1,000 edits (${edits})`);

  const key = Object.keys(await storedPages(b.context)).find((k) => k.includes('/essay'));
  const stored = await until(async () => {
    const p = (await storedPages(b.context))[key];
    return p.highlights.length === 160 + 30 && p;
  }, 'all highlights stored', 10000);
  assertWellFormed(stored);
  const reflections = Object.fromEntries(Object.entries(stored.reflections).map(([k, r]) => [k, r.text]));
  assert.deepEqual(reflections, expectedReflections);
  const synth = Object.fromEntries(stored.highlights.filter((h) => h.id.startsWith('lib-')).map((h) => [h.id, h.note]));
  assert.deepEqual(synth, expectedSynthetic);
  for (let n = 0; n < 40; n++) {
    const h = stored.highlights.find((x) => x.id === `lib-${n * 5 + 1}`);
    assert.equal(h.color, 'pink');
  }
  const fromTabs = stored.highlights.filter((h) => !h.id.startsWith('lib-')).map((h) => h.text).sort();
  const expectedTexts = [0, 1, 2].flatMap((ti) =>
    Array.from({ length: 10 }, (_, k) => `the ${para(ti * 10 + k).split('the ')[1].split(' keeps')[0]}`),
  );
  assert.deepEqual(fromTabs, expectedTexts.sort());
});

test('closing the popup mid-typing and a tab right after highlighting lose nothing', async (t) => {
  const { server, b } = await glossSession(t, { '/essay': { body: ESSAY } });
  const page = await b.context.newPage();
  await page.goto(server.url('/essay'));
  const tabId = await waitForContentScript(b.context, page);

  let popup = await openPopup(b.context, b.extensionId, tabId);
  const text = 'Typed quickly and the popup vanished at once.';
  await (await reflectionBox(popup, 'Section 2')).click();
  await popup.keyboard.type(text, { delay: 15 });
  await popup.close(); // no pause at all
  const stored = await until(async () => {
    const p = Object.values(await storedPages(b.context))[0];
    return p && Object.values(p.reflections)[0]?.text;
  }, 'reflection stored');
  assert.equal(stored, text);
  popup = await openPopup(b.context, b.extensionId, tabId);
  assert.ok((await (await openSection(popup, 'Section 2')).textContent()).includes(text));
  await popup.close();

  // A highlight, then the tab is closed immediately.
  await selectText(page, para(7), 'article');
  await ui(page).getByRole('button', { name: 'Highlight', exact: true }).click();
  await page.close();
  const kept = await until(async () => Object.values(await storedPages(b.context))[0]?.highlights.length === 1, 'highlight stored');
  assert.ok(kept);
});

test('stopping the service worker in the middle of writes loses no typing and corrupts nothing', async (t) => {
  const { server, b } = await glossSession(t, { '/essay': { body: ESSAY } });
  const page = await b.context.newPage();
  await page.goto(server.url('/essay'));
  const tabId = await waitForContentScript(b.context, page);
  const popup = await openPopup(b.context, b.extensionId, tabId);
  const cdp = await b.context.newCDPSession(popup);
  const versions = new Map();
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
    for (const v of e.versions) versions.set(v.versionId, v.runningStatus);
  });
  await cdp.send('ServiceWorker.enable');
  const stopWorker = async () => {
    for (const [versionId, status] of versions) if (status === 'running') await cdp.send('ServiceWorker.stopWorker', { versionId });
  };

  const box = await reflectionBox(popup, 'Section 4');
  await box.click();
  const parts = ['The first clause arrives, ', 'then the worker is stopped, ', 'and typing simply goes on; ', 'nothing may be lost.'];
  let typed = '';
  for (const part of parts) {
    await popup.keyboard.type(part, { delay: 8 });
    typed += part;
    await stopWorker(); // mid-writes: keystroke messages are in flight
  }
  // A burst of writes from another context while the worker restarts.
  const failures = await popup.evaluate(async (url) => {
    let failed = 0;
    const sends = [];
    for (let i = 0; i < 50; i++) {
      sends.push(
        chrome.runtime
          .sendMessage({
            gloss: 1,
            type: 'mutatePage',
            data: { url, op: { type: 'setTags', meta: null, tags: ['burst', `n${i}`] } },
          })
          .then((r) => (r?.ok ? 0 : 1), () => 1),
      );
    }
    for (const f of await Promise.all(sends)) failed += f;
    return failed;
  }, Object.keys(await storedPages(b.context))[0]?.slice(5) ?? server.url('/essay'));
  await stopWorker();
  await popup.waitForTimeout(300); // the last 300 ms of typing may still be in flight
  const pages = await until(async () => {
    const all = await storedPages(b.context);
    const p = Object.values(all)[0];
    return p && Object.values(p.reflections)[0]?.text === typed && all;
  }, 'every keystroke stored despite worker stops', 10000);
  for (const p of Object.values(pages)) assertWellFormed(p);
  console.log(`# burst writes that failed while the worker was stopped (reported to the sender): ${failures}`);
});
