// Privacy and cost: on a page without notes the content script makes one storage
// lookup and nothing else (no outline detection, no UI, no painting); no extension
// context makes a network request (the harness checks that on every close).
import test from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics, waitForContentScript, glossSession } from '../support/gloss.mjs';

const PAGE = `<!doctype html><html><head><title>Plain page</title></head><body>
<article><h1>A page nobody annotated</h1><h2>First part</h2><p>${'Some ordinary text for the reader. '.repeat(40)}</p>
<h2>Second part</h2><p>${'More ordinary text follows here. '.repeat(40)}</p></article></body></html>`;

test('a page without notes costs one storage lookup and nothing more', async (t) => {
  const { server, b } = await glossSession(t, { '/plain': { body: PAGE } });
  const page = await b.context.newPage();
  await page.goto(server.url('/plain'));
  const tabId = await waitForContentScript(b.context, page);
  await page.mouse.wheel(0, 600); // reading: scrolling, clicking
  await page.mouse.click(200, 200);
  await page.waitForTimeout(500);
  const d = await diagnostics(b.context, tabId);
  console.log(`# content script on a page without notes: ${d.storageReads} storage lookup(s), start-up ${d.startupMs.toFixed(2)} ms`);
  assert.equal(d.storageReads, 1, 'exactly one storage lookup');
  assert.equal(d.outlineDetections, 0, 'no outline detection');
  assert.equal(d.uiMounted, false, 'no on-page UI created');
  assert.equal(d.painted, 0);
  // No side panel: no section tracking (no scroll listener, no reads, no messages).
  await page.mouse.wheel(0, 600);
  await page.waitForTimeout(200);
  const after = await diagnostics(b.context, tabId);
  assert.deepEqual(after.sectionTracking, { active: false, frames: 0, medianMs: null, maxMs: null }, 'no section tracking while no panel is open');
  const traces = await page.evaluate(() => ({
    hosts: document.querySelectorAll('gloss-overlay').length,
    sheets: document.adoptedStyleSheets.length,
    highlights: CSS.highlights.size,
  }));
  assert.deepEqual(traces, { hosts: 0, sheets: 0, highlights: 0 }, 'the page carries no trace of Gloss');
});
