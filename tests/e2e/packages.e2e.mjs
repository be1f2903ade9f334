// The store packages install and work: `wxt zip` (Chrome) and `wxt zip -b firefox` (with
// the sources archive AMO asks for) are built into a temporary folder; the Firefox .zip is
// installed as it is into real Firefox, the Chrome .zip is unzipped and loaded into real
// Chromium, and in each a highlight is made and stored. Set GLOSS_SKIP_PACKAGES=1 to skip.
import { ui } from '../support/overlay.mjs';
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launch, ROOT } from '../support/browser.mjs';
import { selectedBrowsers } from '../support/driver.mjs';
import { launchFirefox, openFirefoxExtensionPage } from '../support/firefox.mjs';
import { startServer } from '../support/server.mjs';
import { paintedTotal, selectText, until, waitForContentScript } from '../support/gloss.mjs';

const skip = process.env.GLOSS_SKIP_PACKAGES ? 'GLOSS_SKIP_PACKAGES is set' : false;
const ESSAY = `<!doctype html><html><head><meta charset="utf-8"><title>Packed</title></head><body><article>
<h1>Packed and Shipped</h1><h2>One</h2><p>The parcel left the depot on a Tuesday and arrived, somehow, on the Monday before.</p>
</article></body></html>`;

let out;
const zips = () => readdirSync(out).filter((f) => f.endsWith('.zip'));
const zip = (re) => {
  const f = zips().find((z) => re.test(z));
  assert.ok(f, `a package matching ${re} among ${zips().join(', ')}`);
  return path.join(out, f);
};
/** Entries of a zip file: { name: bytes }. */
const entries = (file) => unzipSync(new Uint8Array(readFileSync(file)));
function unzip(file, dir) {
  for (const [name, bytes] of Object.entries(entries(file))) {
    if (name.endsWith('/')) continue;
    const to = path.join(dir, name);
    if (!to.startsWith(dir + path.sep)) throw new Error(`zip entry outside the folder: ${name}`);
    mkdirSync(path.dirname(to), { recursive: true });
    writeFileSync(to, bytes);
  }
}

test.before(() => {
  if (skip) return;
  out = mkdtempSync(path.join(tmpdir(), 'gloss-zips-'));
  for (const args of [['zip'], ['zip', '-b', 'firefox']]) {
    const r = spawnSync('npx', ['wxt', ...args], { cwd: ROOT, env: { ...process.env, GLOSS_OUT_DIR: out }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`wxt ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  }
});
test.after(() => out && rmSync(out, { recursive: true, force: true }));

test('zip:firefox makes the add-on and the sources archive AMO asks for', { skip }, () => {
  zip(/-firefox\.zip$/);
  const sources = zip(/-sources\.zip$/);
  const list = Object.keys(entries(sources));
  for (const f of ['package.json', 'package-lock.json', 'wxt.config.ts', 'README.md', 'entrypoints/background.ts']) assert.ok(list.includes(f), `sources have ${f}`);
  assert.ok(!list.some((f) => f.startsWith('node_modules/') || f.startsWith('.output/')), 'no node_modules or build output in the sources');
});

test('the Firefox package installs as it is and highlights', { skip: skip || (!selectedBrowsers().includes('firefox') && 'Firefox leg not selected') }, async () => {
  const server = await startServer({ routes: { '/packed': { body: ESSAY } } });
  const ff = await launchFirefox({ extensionPath: zip(/-firefox\.zip$/) });
  try {
    assert.equal(ff.installed, 'gloss@gloss.example');
    const page = await ff.browser.newPage();
    await page.goto(server.url('/packed'));
    const bridge = await openFirefoxExtensionPage(ff, `${ff.extensionOrigin}/library.html`, { select: false });
    await page.bringToFront();
    const tabId = await bridge.evaluate(async () => (await browser.tabs.query({ active: true, lastFocusedWindow: true }))[0].id);
    await until(() => bridge.evaluate((id) => browser.tabs.sendMessage(id, { gloss: 1, type: 'getDiagnostics', data: {} }).then((r) => !!r?.ok, () => false), tabId), 'content script');
    await page.evaluate(() => {
      const p = document.querySelector('article p').firstChild;
      const r = document.createRange();
      r.setStart(p, 4);
      r.setEnd(p, 20);
      getSelection().addRange(r);
    });
    const reply = await bridge.evaluate((id) => browser.tabs.sendMessage(id, { gloss: 1, type: 'highlightSelection', data: { color: null } }), tabId);
    assert.equal(reply.value.text, 'parcel left the');
    await until(() => bridge.evaluate(async () => Object.keys(await browser.storage.local.get(null)).some((k) => k.startsWith('page:'))), 'stored');
    assert.deepEqual(await ff.errors(), []);
  } finally {
    await ff.close();
    await server.close();
  }
});

test('the Chrome package, unzipped, loads in Chromium and highlights', { skip }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gloss-chrome-pkg-'));
  unzip(zip(/-chrome\.zip$/), dir);
  const server = await startServer({ routes: { '/packed': { body: ESSAY } } });
  const b = await launch({ extension: true, extensionDir: dir });
  try {
    const page = await b.context.newPage();
    await page.goto(server.url('/packed'));
    await waitForContentScript(b.context, page);
    await selectText(page, 'arrived, somehow', 'article');
    await ui(page).getByRole('button', { name: 'Highlight', exact: true }).click();
    await until(async () => (await paintedTotal(page)) === 1, 'painted');
  } finally {
    await b.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
