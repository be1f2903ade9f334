// The popup's first render with data holds only what can be on screen (see
// components/journal/first-screen.ts) and the rest follows after that frame is painted.
// With real layout: what the first render holds reaches below the fold where the popup
// opens (scrolled to the section being read), at a real popup's size and at a tall
// view, and the whole journal is there once data-gloss-ready is set.
import test from 'node:test';
import assert from 'node:assert/strict';
import { waitForContentScript, glossSession } from '../support/gloss.mjs';
import { articleHtml, generateLibrary, seedLibrary } from '../bench/library-data.mjs';

// Layout at the moment the first render with data has been scrolled to the section
// being read: the popup marks 'gloss-scrolled' in that commit, before anything is painted.
function recordFirstRender() {
  const mark = performance.mark.bind(performance);
  performance.mark = (name, options) => {
    if (name === 'gloss-scrolled') {
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

/** A Gloss session whose library holds one generated page, served at /article/0. */
async function onePageSession(t, shape) {
  const { server, b } = await glossSession(t, {});
  const opts = { ...shape, origin: server.origin };
  const [record] = generateLibrary(opts);
  server.setRoute('/article/0', { body: articleHtml(record), type: 'text/html; charset=utf-8' });
  const seeder = await b.context.newPage();
  await seeder.goto(`chrome-extension://${b.extensionId}/popup.html?tabId=-1`);
  await seedLibrary(seeder, opts);
  await seeder.close();
  return { b, server, record };
}

test('the first render reaches below the fold, and the whole journal follows', async (t) => {
  // One page holding every highlight: 160 passages of mixed lengths, some with notes.
  const { b, server, record } = await onePageSession(t, { seed: 3, pages: 1, highlights: 160, reflections: 4 });

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

// At the moment the popup has scrolled to the section being read: how its reflection is
// shown (the Markdown renderer comes after the first paint). Then, frame by frame, where
// the section is: in the last frame its reflection was text and the first it was rendered.
function recordScrolled() {
  const mark = performance.mark.bind(performance);
  const section = () => document.querySelector('.section[aria-current="location"]');
  performance.mark = (name, options) => {
    if (name === 'gloss-scrolled') {
      const s = section();
      window.__glossScrolled = {
        scrollY,
        plain: s?.querySelectorAll('.gloss-markdown.plain').length ?? 0,
        html: s?.querySelectorAll('.gloss-markdown strong, .gloss-markdown li').length ?? 0,
      };
      const frame = () => {
        const s = section();
        const top = s?.getBoundingClientRect().top ?? null;
        if (s?.querySelector('.gloss-markdown.plain')) {
          window.__glossLastPlainTop = top;
          requestAnimationFrame(frame);
        } else window.__glossFirstRenderedTop = top;
      };
      requestAnimationFrame(frame);
    }
    return mark(name, options);
  };
}

test('a reflection shown as text at first is replaced by its render without moving the section being read', async (t) => {
  const { b, server, record } = await onePageSession(t, { seed: 5, pages: 1, highlights: 120, reflections: 0 });
  const tab = await b.context.newPage();
  // A short view, so the page can scroll any section to the top.
  await tab.setViewportSize({ width: 1000, height: 360 });
  await tab.goto(server.url('/article/0'));
  const tabId = await waitForContentScript(b.context, tab);
  // The reader is near the essay's end (the sections above are collapsed).
  const here = record.outline.filter((s) => s.heading).at(-1);
  await tab.evaluate((text) => [...document.querySelectorAll('h1,h2,h3,h4')].find((h) => h.textContent.trim() === text)?.scrollIntoView(), here.heading);
  const popupUrl = `chrome-extension://${b.extensionId}/popup.html?tabId=${tabId}`;

  // The reader writes a reflection with Markdown on that section.
  const writer = await b.context.newPage();
  await writer.setViewportSize({ width: 420, height: 600 });
  await writer.goto(popupUrl);
  await writer.waitForSelector('html[data-gloss-ready="1"]');
  const written = await writer.locator('.section[aria-current="location"] .heading-text').textContent();
  await writer.locator('.section[aria-current="location"] textarea').fill('A **bold** thought that runs on for a while, as reflections do.\n\n- one point\n- another point');
  await writer.waitForFunction(
    () => chrome.storage.local.get(null).then((all) => Object.values(all).some((p) => Object.values(p?.reflections ?? {}).some((r) => r.text?.includes('**bold**')))),
    null,
    { timeout: 15000, polling: 100 },
  );
  await writer.close();

  const popup = await b.context.newPage();
  await popup.setViewportSize({ width: 420, height: 600 });
  await popup.addInitScript(recordScrolled);
  await popup.goto(popupUrl);
  await popup.waitForSelector('html[data-gloss-ready="1"]');
  const first = await popup.evaluate(() => window.__glossScrolled);
  assert.ok(first, 'the popup scrolled to the section being read');
  assert.ok(first.scrollY > 0, `the popup scrolled down to the section (scrollY ${first.scrollY})`);
  assert.equal(first.html, 0, 'no HTML render before the first paint');
  assert.equal(first.plain, 1, "the section's reflection is shown as text at first");
  // The render follows (popup-markdown.js), in place of the text.
  await popup.waitForFunction(() => !!document.querySelector('.section[aria-current="location"] .gloss-markdown strong'), null, { timeout: 15000 });
  await popup.waitForFunction(() => window.__glossFirstRenderedTop !== undefined, null, { timeout: 15000 });
  const after = await popup.evaluate(() => ({
    lastPlainTop: window.__glossLastPlainTop,
    renderedTop: window.__glossFirstRenderedTop,
    plain: document.querySelectorAll('.gloss-markdown.plain').length,
    items: document.querySelectorAll('.section[aria-current="location"] .gloss-markdown li').length,
    label: document.querySelector('.section[aria-current="location"] .heading-text')?.textContent ?? null,
  }));
  assert.equal(after.label, written, 'the section being read is the one written on');
  assert.equal(after.plain, 0, 'every reflection rendered');
  assert.equal(after.items, 2, 'the list rendered');
  assert.ok(typeof after.lastPlainTop === 'number', 'a frame was drawn with the reflection as text');
  assert.ok(
    Math.abs(after.renderedTop - after.lastPlainTop) <= 1,
    `the section being read stayed in place when the render replaced the text (top ${after.lastPlainTop} → ${after.renderedTop} px)`,
  );
  await popup.close();
});

// From the first paint on, frame by frame until the whole journal is there and a little
// after: where the section being read is (its top, in px from the top of the view).
function trackSectionBeingRead() {
  const mark = performance.mark.bind(performance);
  performance.mark = (name, options) => {
    if (name === 'gloss-scrolled') {
      window.__glossTops = [];
      let after = 0;
      const frame = () => {
        const top = document.querySelector('.section[aria-current="location"]')?.getBoundingClientRect().top ?? null;
        window.__glossTops.push(top);
        // Thirty frames after everything is rendered, sections drawn late have been drawn.
        if (document.documentElement.dataset.glossReady === '1') after++;
        if (after < 30 && window.__glossTops.length < 600) requestAnimationFrame(frame);
        else window.__glossTracked = true;
      };
      requestAnimationFrame(frame);
    }
    return mark(name, options);
  };
}

test('on a 40-section essay read at part 31, the popup shows that section and it stays put from the first paint on', async (t) => {
  const para = (i, k) => `<p>${`Paragraph ${k} of part ${i} carries the argument on, one sentence after another, as long essays do. `.repeat(5)}</p>`;
  const body =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Forty parts</title></head><body><article><h1>Forty parts</h1>' +
    para(0, 0) +
    Array.from({ length: 40 }, (_, i) => `<h2>Part ${i + 1}: on keeping still</h2>${para(i + 1, 1)}${para(i + 1, 2)}`).join('') +
    '</article></body></html>';
  const { server, b } = await glossSession(t, { '/forty': { body, type: 'text/html; charset=utf-8' } });
  const tab = await b.context.newPage();
  await tab.goto(server.url('/forty'));
  const tabId = await waitForContentScript(b.context, tab);
  await tab.evaluate(() => [...document.querySelectorAll('h2')].find((h) => h.textContent.startsWith('Part 31:'))?.scrollIntoView());
  // A page without notes and one with (the same essay after a reflection on part 31).
  for (const round of ['without notes', 'with a reflection']) {
    const popup = await b.context.newPage();
    await popup.setViewportSize({ width: 420, height: 600 });
    await popup.addInitScript(trackSectionBeingRead);
    await popup.goto(`chrome-extension://${b.extensionId}/popup.html?tabId=${tabId}`);
    await popup.waitForFunction(() => window.__glossTracked === true, null, { timeout: 20000 });
    const seen = await popup.evaluate(() => ({
      tops: window.__glossTops,
      heading: document.querySelector('.section[aria-current="location"] .heading-text')?.textContent ?? null,
      viewHeight: innerHeight,
    }));
    assert.equal(seen.heading, 'Part 31: on keeping still', `${round}: the section being read is marked`);
    const [first, ...later] = seen.tops;
    assert.ok(typeof first === 'number' && first >= -1 && first < seen.viewHeight / 2, `${round}: the section being read is at the top of the view at the first paint (top ${first} px)`);
    const moved = Math.max(...later.map((top) => Math.abs(top - first)));
    assert.ok(moved <= 1, `${round}: the section being read stayed put from the first paint on (moved up to ${moved.toFixed(1)} px over ${seen.tops.length} frames: ${[...new Set(seen.tops.map((x) => Math.round(x)))].join(' → ')})`);
    if (round === 'without notes') {
      await popup.locator('.section[aria-current="location"] textarea').fill('A thought on keeping still.');
      await popup.waitForFunction(
        () => chrome.storage.local.get(null).then((all) => Object.values(all).some((p) => Object.values(p?.reflections ?? {}).some((r) => r.text === 'A thought on keeping still.'))),
        null,
        { timeout: 15000, polling: 100 },
      );
    }
    await popup.close();
  }
});
