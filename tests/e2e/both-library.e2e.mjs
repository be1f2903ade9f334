// The library page in real Chromium AND real Firefox (one body each, see
// tests/support/driver.mjs): the list, search, a JSON export downloaded, and its import
// (through the file picker, preview first) into a fresh profile giving the same library.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { journey } from '../support/driver.mjs';

const T0 = Date.UTC(2026, 2, 3, 8, 0, 0);

// Text written for this test.
function record(url, title, highlights, reflections = {}, at = T0) {
  return {
    url,
    title,
    site: new URL(url).hostname,
    outline: [{ id: 'intro', level: 1, heading: '' }],
    highlights: highlights.map(([text, note], i) => ({
      id: `${url}#${i}`,
      text,
      color: 'yellow',
      note: note ?? '',
      selectors: {
        quote: { type: 'TextQuoteSelector', exact: text, prefix: 'before ', suffix: ' after' },
        position: { type: 'TextPositionSelector', start: 7, end: 7 + text.length },
        sectionId: null,
      },
      sectionId: null,
      sectionHeading: null,
      createdAt: at,
      updatedAt: at,
    })),
    reflections,
    tags: [],
    firstVisitAt: at,
    lastVisitAt: at,
    updatedAt: at,
  };
}
const PAGES = [
  record('https://almanac.example/frost', 'Notes on First Frost', [['The first frost arrives in the night, unannounced.', 'Check the rain barrel']]),
  record('https://almanac.example/swallows', 'When the Swallows Leave', [['They gather on the wires for a week, as if voting.']], {
    __page__: { sectionId: '__page__', heading: null, text: 'Departure as a group decision.', sectionHash: null, sectionText: null, createdAt: T0, updatedAt: T0 },
  }, T0 + 1000),
];

async function openLibrary(d) {
  const lib = await d.openExtensionPage('library.html');
  await lib.waitFor(() => document.documentElement.dataset.glossReady === '1' && document.documentElement.dataset.glossLoaded === '1', null, 'the library loaded');
  return lib;
}
const titles = async (lib) => (await lib.texts('.page-row .page-title')).map((s) => s.trim());

journey('library: list, search, JSON export, import into a fresh profile', {}, async (d) => {
  await d.ext((api, items) => api.storage.local.set(items), Object.fromEntries([['schemaVersion', 2], ...PAGES.map((p) => [`page:${p.url}`, p])]));
  let lib = await openLibrary(d);
  await lib.waitFor(() => document.querySelectorAll('.page-row').length === 2, null, 'two rows');
  assert.deepEqual(await titles(lib), ['When the Swallows Leave', 'Notes on First Frost']);

  await lib.fill('#library-search', 'rain BARREL');
  await lib.waitFor(() => !!document.querySelector('.search-results[data-query="rain BARREL"] .match'), null, 'search results');
  assert.equal(await lib.count('.search-results .match'), 1);
  assert.equal((await lib.text('.search-results .match mark'))?.toLowerCase(), 'rain barrel');
  await lib.fill('#library-search', '');
  await lib.waitFor(() => !!document.querySelector('.page-list'), null, 'the list back');

  const exported = await lib.download(() => lib.click('button[data-format="json"]'));
  assert.match(exported.name, /^gloss-library-\d{4}-\d{2}-\d{2}\.json$/);
  const data = JSON.parse(exported.text);
  assert.equal(data.format, 'gloss-export');
  assert.equal(data.pages.length, 2);
  const before = await d.storedPages();

  // A fresh profile imports the file through the page's file picker.
  const dir = await mkdtemp(path.join(tmpdir(), 'gloss-both-lib-'));
  try {
    const file = path.join(dir, exported.name);
    await writeFile(file, exported.text);
    await d.restart();
    lib = await openLibrary(d);
    assert.equal(await lib.count('.page-row'), 0);
    await lib.setFiles('#import-file', [file]);
    await lib.waitFor(() => /2 pages added/.test(document.querySelector('#import-preview-text')?.textContent ?? ''), null, 'the import preview');
    assert.deepEqual(await d.storedPages(), [], 'a preview writes nothing');
    await lib.click({ role: 'button', name: 'Import' });
    await lib.waitFor(() => document.querySelectorAll('.page-row').length === 2, null, 'two rows after the import');
    const sort = (pages) => [...pages].sort((a, b) => (a.url < b.url ? -1 : 1));
    assert.deepEqual(sort(await d.storedPages()), sort(before));
    assert.deepEqual(await titles(lib), ['When the Swallows Leave', 'Notes on First Frost']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
