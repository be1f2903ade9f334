// The library page in real Chromium with the built extension: seeded storage, live
// updates, search with context, delete + undo, JSON export, and import of that export
// into a fresh profile giving the same library.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launch } from '../support/browser.mjs';

const T0 = Date.UTC(2026, 9, 1, 9, 0, 0);

let nextId = 0;
function highlight(text, opts = {}) {
  return {
    id: `hl-${++nextId}`,
    text,
    color: opts.color ?? 'yellow',
    note: opts.note ?? '',
    selectors: {
      quote: { type: 'TextQuoteSelector', exact: text, prefix: opts.prefix ?? 'and then ', suffix: opts.suffix ?? ' as before' },
      position: { type: 'TextPositionSelector', start: opts.start ?? 10, end: (opts.start ?? 10) + text.length },
      sectionId: opts.section ?? null,
    },
    sectionId: opts.section ?? null,
    sectionHeading: opts.heading ?? null,
    createdAt: T0,
    updatedAt: T0,
  };
}

function reflection(sectionId, text, heading = null) {
  return { sectionId, heading, text, sectionHash: null, sectionText: null, createdAt: T0, updatedAt: T0 + 1000 };
}

// Text written for this test.
const PAGES = [
  {
    url: 'https://essays.example/tide-tables',
    title: 'Reading the Tide Tables',
    site: 'essays.example',
    outline: [
      { id: 'intro', level: 1, heading: '' },
      { id: 'moon', level: 1, heading: 'The moon keeps the ledger' },
    ],
    highlights: [
      highlight('The harbour empties twice a day whether we watch or not.', {
        section: 'moon',
        heading: 'The moon keeps the ledger',
        note: 'Ask the ferryman about spring tides',
      }),
    ],
    reflections: { moon: reflection('moon', 'Tides as **patience** made visible.', 'The moon keeps the ledger') },
    tags: [],
    firstVisitAt: T0 - 5 * 86400000,
    lastVisitAt: T0 - 86400000,
    updatedAt: T0 - 86400000,
  },
  {
    url: 'https://longreads.example/workshop',
    title: 'Notes From a <b>Workshop</b>',
    site: 'longreads.example',
    outline: null,
    highlights: [
      highlight('A sharp chisel is safer than a dull one.', { color: 'green' }),
      highlight('Measure twice, then measure the measuring.', { color: 'pink', note: 'Good rule for editing too.' }),
    ],
    reflections: {},
    tags: ['craft'],
    firstVisitAt: T0 - 20 * 86400000,
    lastVisitAt: T0 - 2 * 86400000,
    updatedAt: T0 - 2 * 86400000,
  },
  {
    url: 'https://quarterly.example/winter-orchard',
    title: 'The Winter Orchard',
    site: 'quarterly.example',
    outline: [{ id: 'intro', level: 1, heading: '' }],
    highlights: [highlight('Pruning is a conversation with next year.', { color: 'blue' })],
    reflections: { __page__: reflection('__page__', 'Reread before pruning season.') },
    tags: [],
    firstVisitAt: T0 - 3 * 86400000,
    lastVisitAt: T0,
    updatedAt: T0,
  },
];

const LATE = {
  url: 'https://essays.example/late-arrival',
  title: 'A Late Arrival',
  site: 'essays.example',
  outline: null,
  highlights: [highlight('Arriving late is its own kind of map.', { color: 'purple' })],
  reflections: {},
  tags: [],
  firstVisitAt: T0 + 1000,
  lastVisitAt: T0 + 1000,
  updatedAt: T0 + 1000,
};

function items(pages) {
  return Object.fromEntries([['schemaVersion', 2], ...pages.map((p) => [`page:${p.url}`, p])]);
}

async function storedPages(page) {
  return page.evaluate(async () => {
    const all = await chrome.storage.local.get(null);
    return Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith('page:')));
  });
}

/**
 * A browser with Gloss whose library holds `pages`, and its library page open. Uncaught
 * errors in any library page of the browser fail the test at its end.
 */
async function seededLibrary(t, pages) {
  const b = await launch({ extension: true });
  const pageErrors = [];
  t.after(async () => {
    await b.close();
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the library page');
  });
  const open = async () => {
    const page = await b.context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.stack ?? String(err)));
    await page.goto(`chrome-extension://${b.extensionId}/library.html`);
    // Ready = first render (possibly from the summary cache); loaded = every record read.
    await page.waitForSelector('html[data-gloss-ready="1"][data-gloss-loaded="1"]');
    return page;
  };
  const library = await open();
  if (pages.length) {
    await library.evaluate((data) => chrome.storage.local.set(data), items(pages));
    await library.reload();
    await library.waitForSelector('html[data-gloss-ready="1"][data-gloss-loaded="1"]');
  }
  return { b, library, open };
}

const rowTitles = (page) => page.locator('.page-row .page-title').allTextContents();

test('library lists every page, newest visit first, page text as text; sorts and filters', async (t) => {
  const { library } = await seededLibrary(t, PAGES);
  assert.deepEqual(await rowTitles(library), ['The Winter Orchard', 'Reading the Tide Tables', 'Notes From a <b>Workshop</b>']);
  assert.equal(await library.locator('.page-row b').count(), 0, 'a title must not become markup');
  assert.match(await library.locator('.totals').textContent(), /3 pages · 4 highlights · 2 reflections · Storage used: \d/);

  await library.selectOption('#library-sort', 'highlights');
  assert.equal((await rowTitles(library))[0], 'Notes From a <b>Workshop</b>');
  await library.selectOption('#library-sort', 'title');
  assert.deepEqual(await rowTitles(library), ['Notes From a <b>Workshop</b>', 'Reading the Tide Tables', 'The Winter Orchard']);
  await library.check('#library-has-reflections');
  assert.deepEqual(await rowTitles(library), ['Reading the Tide Tables', 'The Winter Orchard']);
  await library.selectOption('#library-color', 'blue');
  assert.deepEqual(await rowTitles(library), ['The Winter Orchard']);
  await library.getByRole('button', { name: 'Clear filters' }).click();
  await library.selectOption('#library-sort', 'lastVisit');
  assert.equal((await rowTitles(library)).length, 3);
});

test('library updates live when storage changes', async (t) => {
  const { library } = await seededLibrary(t, PAGES);
  await library.evaluate((p) => chrome.storage.local.set({ [`page:${p.url}`]: p }), LATE);
  await library.waitForFunction(() => document.querySelectorAll('.page-row').length === 4);
  assert.equal((await rowTitles(library))[0], 'A Late Arrival');
});

test('library search finds a note, shown in context with <mark>, and a reflection', async (t) => {
  const { library } = await seededLibrary(t, PAGES);
  await library.fill('#library-search', 'FERRYMAN about');
  await library.waitForSelector('.search-results[data-query="FERRYMAN about"]');
  const matches = library.locator('.search-results .match');
  assert.equal(await matches.count(), 1);
  const match = matches.first();
  assert.match(await match.locator('.match-kind').textContent(), /^Note · The moon keeps the ledger/);
  assert.equal(await match.locator('mark').textContent(), 'ferryman about');
  assert.equal(await match.locator('.snippet').textContent(), 'Ask the ferryman about spring tides');
  const href = await match.locator('a.open-link').getAttribute('href');
  assert.ok(href.startsWith('https://essays.example/tide-tables#:~:text='), href);
  assert.equal(await match.locator('a.open-link').getAttribute('target'), '_blank');
  // A reflection is found too, and the page title result links to the page.
  await library.fill('#library-search', 'pruning');
  await library.waitForSelector('.search-results[data-query="pruning"]');
  const kinds = await library.locator('.search-results .match-kind').allTextContents();
  assert.deepEqual(kinds.map((k) => k.split(' · ')[0]), ['Highlight', 'Reflection']);
  await library.fill('#library-search', '');
  await library.waitForSelector('.page-list');
});

test('library deletes a page and undoes it', async (t) => {
  const { library } = await seededLibrary(t, [...PAGES, LATE]);
  const before = await storedPages(library);
  await library.getByRole('button', { name: 'Delete notes for Reading the Tide Tables' }).click();
  await library.waitForSelector('.toast');
  await library.waitForFunction(() => document.querySelectorAll('.page-row').length === 3);
  // A deleted page is written as null in the same storage call as its index change.
  assert.equal((await storedPages(library))['page:https://essays.example/tide-tables'] ?? null, null);
  // Focus is on Undo: a keyboard user presses Enter.
  assert.equal(await library.evaluate(() => document.activeElement?.textContent), 'Undo');
  await library.keyboard.press('Enter');
  await library.waitForFunction(() => document.querySelectorAll('.page-row').length === 4);
  assert.deepEqual(await storedPages(library), before);
  assert.match(await library.locator('.list-status').textContent(), /Restored the notes for “Reading the Tide Tables”/);
});

test('library exports JSON that parses, and a fresh profile imports it into the same library', async (t) => {
  const { library } = await seededLibrary(t, [...PAGES, LATE]);
  const { open: openFresh } = await seededLibrary(t, []);
  let exported;
  const [download] = await Promise.all([
    library.waitForEvent('download'),
    library.locator('button[data-format="json"]').click(),
  ]);
  assert.match(download.suggestedFilename(), /^gloss-library-\d{4}-\d{2}-\d{2}\.json$/);
  exported = await readFile(await download.path(), 'utf8');
  const data = JSON.parse(exported);
  assert.equal(data.format, 'gloss-export');
  assert.equal(data.pages.length, 4);
  assert.match(await library.locator('.library-side .status').textContent(), /Saved gloss-library-.*\.json \(4 pages\)/);

  const dir = await mkdtemp(path.join(tmpdir(), 'gloss-lib-e2e-'));
  const file = path.join(dir, 'export.json');
  await writeFile(file, exported);
  const bad = path.join(dir, 'bad.json');
  await writeFile(bad, '{"format": "something-else", "pages": []}');

  const fresh = await openFresh();
  assert.equal(await fresh.locator('.page-row').count(), 0);
  assert.match(await fresh.locator('.list-status').textContent(), /No annotated pages yet/);

  // An invalid file: a clear message, nothing written.
  await fresh.setInputFiles('#import-file', bad);
  const alert = fresh.locator('.library-side [role="alert"]');
  await alert.waitFor();
  assert.match(await alert.textContent(), /^bad\.json cannot be imported: .+ Nothing was changed\.$/);
  assert.deepEqual(await storedPages(fresh), {});

  await fresh.setInputFiles('#import-file', file);
  const preview = fresh.locator('#import-preview-text');
  await preview.waitFor();
  assert.match(await preview.textContent(), /4 pages in the file\. Importing would give: 4 pages added, 0 merged, 5 highlights added, 0 skipped duplicates, 2 reflections added/);
  assert.deepEqual(await storedPages(fresh), {}, 'a preview writes nothing');
  await fresh.getByRole('button', { name: 'Import', exact: true }).click();
  await fresh.waitForFunction(() => document.querySelectorAll('.page-row').length === 4);
  assert.match(await fresh.locator('.library-side .status').textContent(), /^Imported: 4 pages added/);
  assert.deepEqual(await storedPages(fresh), await storedPages(library));
  assert.deepEqual(await rowTitles(fresh), await rowTitles(library));

  // Importing the same file again only finds duplicates.
  await fresh.setInputFiles('#import-file', file);
  await preview.waitFor();
  assert.match(await preview.textContent(), /0 pages added, 4 merged, 0 highlights added, 5 skipped duplicates/);
});

test('library is usable from the keyboard', async (t) => {
  const { open } = await seededLibrary(t, PAGES);
  const page = await open();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'library-search');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.equal(outline, 'solid', 'focus is visible');
  await page.keyboard.type('chisel');
  await page.waitForSelector('.search-results[data-query="chisel"]');
  assert.equal(await page.locator('.search-results mark').first().textContent(), 'chisel');
});
