// The popup's first render with data holds only what can be on screen (see
// components/journal/first-screen.ts) and the rest follows after that frame is painted.
// With real layout: what the first render holds reaches below the fold, at a real
// popup's size and at a tall view, and the whole journal is there once
// data-gloss-ready is set.
import test from 'node:test';
import assert from 'node:assert/strict';
import { waitForContentScript, glossSession } from '../support/gloss.mjs';
import { articleHtml, generateLibrary, seedLibrary } from '../bench/library-data.mjs';

// Layout at the moment of the first render with data: the popup marks 'gloss-ready'
// right after that commit, before anything is painted.
function recordFirstRender() {
  const mark = performance.mark.bind(performance);
  performance.mark = (name, options) => {
    if (name === 'gloss-ready') {
      const items = [...document.querySelectorAll('.highlight')];
      window.__glossFirst = {
        highlights: items.length,
        lastBottom: items.length ? items[items.length - 1].getBoundingClientRect().bottom : 0,
        sections: document.querySelectorAll('.section').length,
        viewHeight: innerHeight,
      };
    }
    return mark(name, options);
  };
}

test('the first render reaches below the fold, and the whole journal follows', async (t) => {
  const { server, b } = await glossSession(t, {});
  // One page holding every highlight: 160 passages of mixed lengths, some with notes.
  const opts = { seed: 3, pages: 1, highlights: 160, reflections: 4, origin: server.origin };
  const [record] = generateLibrary(opts);
  server.setRoute('/article/0', { body: articleHtml(record), type: 'text/html; charset=utf-8' });
  const seeder = await b.context.newPage();
  await seeder.goto(`chrome-extension://${b.extensionId}/popup.html?tabId=-1`);
  await seedLibrary(seeder, opts);
  await seeder.close();

  const tab = await b.context.newPage();
  await tab.goto(server.url('/article/0'));
  const tabId = await waitForContentScript(b.context, tab);
  // The popup opens at the section being read: the tab is scrolled to the section that
  // holds the most highlights, so the first render has more than a screenful to cut.
  const counts = new Map();
  for (const h of record.highlights) counts.set(h.sectionId, (counts.get(h.sectionId) ?? 0) + 1);
  const busiest = [...counts].sort((a, b) => b[1] - a[1])[0][0];
  const heading = record.outline.find((s) => s.id === busiest)?.heading;
  await tab.evaluate((text) => [...document.querySelectorAll('h1,h2,h3,h4')].find((h) => h.textContent.trim() === text)?.scrollIntoView(), heading);

  for (const viewport of [
    { width: 420, height: 600 },
    { width: 1280, height: 900 },
  ]) {
    const popup = await b.context.newPage();
    await popup.setViewportSize(viewport);
    await popup.addInitScript(recordFirstRender);
    await popup.goto(`chrome-extension://${b.extensionId}/popup.html?tabId=${tabId}`);
    await popup.waitForSelector('html[data-gloss-ready="1"]');
    const first = await popup.evaluate(() => window.__glossFirst);
    const size = `${viewport.width}×${viewport.height}`;
    assert.ok(first, `${size}: no first render recorded`);
    // Only the section being read is expanded (the others are one line each): the whole
    // journal holds its highlights, and those not found or outside the article.
    const open = await popup.evaluate(() => ({
      expected: Number(document.querySelector('.section[aria-current] .badge')?.textContent.match(/\d+/)?.[0] ?? 0),
      inSection: document.querySelectorAll('.section[aria-current] .highlight').length,
      outside: document.querySelectorAll('.orphans .highlight, .elsewhere .highlight').length,
      all: document.querySelectorAll('.highlight').length,
    }));
    assert.ok(open.expected > 20, `${size}: the section being read holds many highlights (${open.expected})`);
    assert.equal(open.inSection, open.expected, `${size}: every highlight of the section being read after the first paint`);
    assert.equal(open.all, open.inSection + open.outside, `${size}: collapsed sections draw no highlight`);
    assert.ok(first.highlights < open.all, `${size}: the first render held every highlight (${first.highlights})`);
    assert.ok(first.lastBottom >= first.viewHeight, `${size}: the first render ends at ${first.lastBottom}px, above the fold at ${first.viewHeight}px`);
    assert.equal(await popup.locator('.section').count(), record.outline.length, `${size}: sections after the first paint`);
    await popup.close();
  }
});
