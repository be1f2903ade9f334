// Helpers for sync tests and benches: a Chrome build whose test server host is granted
// up front (headless Chromium cannot answer a permission prompt), profiles as devices,
// the options page driven by its contract (labels, button, role="status").
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './browser.mjs';

export const SYNC_OUT_DIR = '.output-sync';

/** Builds the sync test variant into .output-sync (skipped with GLOSS_SKIP_BUILD when present). */
export function buildSyncVariant() {
  const dir = path.join(ROOT, SYNC_OUT_DIR, 'chrome-mv3', 'manifest.json');
  if (process.env.GLOSS_SKIP_BUILD && existsSync(dir)) return;
  const r = spawnSync('npx', ['wxt', 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, GLOSS_OUT_DIR: SYNC_OUT_DIR, GLOSS_TEST_SYNC_HOST: 'http://127.0.0.1/*' },
  });
  if (r.status !== 0) throw new Error('building the sync test variant failed');
}

/**
 * Loads browser.mjs for the sync variant (its output folder is read at import time)
 * and returns its launch().
 */
export async function syncLauncher() {
  process.env.GLOSS_OUT_DIR = SYNC_OUT_DIR;
  const mod = await import('./browser.mjs?sync');
  return mod;
}

/** Opens options.html in a device's profile. */
export async function openOptions(device) {
  const page = await device.context.newPage();
  await page.goto(`chrome-extension://${device.extensionId}/options.html`);
  await page.getByRole('status').waitFor();
  return page;
}

/** Fills the options form and presses "Turn on sync". */
export async function turnOnSync(options, { url, database, username = '', password = '', passphrase }) {
  await options.getByRole('textbox', { name: 'Server URL' }).fill(url);
  await options.getByRole('textbox', { name: 'Database' }).fill(database);
  await options.getByRole('textbox', { name: 'User name' }).fill(username);
  await options.getByRole('textbox', { name: 'Password' }).fill(password);
  await options.getByRole('textbox', { name: 'Passphrase' }).fill(passphrase);
  await options.getByRole('button', { name: 'Turn on sync' }).click();
}

/** Waits until the options page's status says "Synced" (or throws with what it says). */
export async function waitSynced(options, timeout = 30000) {
  const end = Date.now() + timeout;
  let text = '';
  while (Date.now() < end) {
    text = (await options.getByRole('status').textContent()) ?? '';
    const alert = await options.locator('[role=alert]').allTextContents();
    if (alert.length) throw new Error(`sync error shown: ${alert.join(' ')}`);
    if (/Synced/.test(text)) return text;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not synced after ${timeout} ms; status: ${text}`);
}

/** Sends a typed message to the background from an extension page; returns its value or throws. */
export async function sendToBackground(extPage, type, data) {
  const reply = await extPage.evaluate(([type, data]) => chrome.runtime.sendMessage({ gloss: 1, type, data }), [type, data]);
  if (!reply?.ok) throw new Error(`${type} failed: ${reply?.error}`);
  return reply.value;
}

/** Everything in a device's extension storage. */
export async function storage(extPage) {
  return extPage.evaluate(() => chrome.storage.local.get(null));
}

/** A device's stored page for `url` (null when none). */
export async function storedPage(extPage, url) {
  return extPage.evaluate(async (url) => (await chrome.storage.local.get(`page:${url}`))[`page:${url}`] ?? null, url);
}

/** A highlight record as the content script makes it. */
export function makeHighlight(id, text, note = '', at = Date.now()) {
  return {
    id,
    text,
    color: 'yellow',
    note,
    selectors: {
      quote: { type: 'TextQuoteSelector', exact: text, prefix: '', suffix: '' },
      position: { type: 'TextPositionSelector', start: 0, end: text.length },
      sectionId: null,
    },
    sectionId: null,
    sectionHeading: null,
    createdAt: at,
    updatedAt: at,
  };
}

export function meta(url, title) {
  return { url, title, site: new URL(url).hostname, outline: null };
}

/**
 * Imports a generated library into a device (with sync off): `pages` pages of `perPage`
 * highlights (every third with a note) and one reflection each, as the sync benchmarks use.
 */
export async function importBenchLibrary(extPage, pages, perPage) {
  const list = Array.from({ length: pages }, (_, p) => ({
    url: `https://essays.example.org/${p}`,
    title: `Essay number ${p}`,
    highlights: Array.from({ length: perPage }, (_, h) => makeHighlight(`p${p}h${h}`, `A passage of some length from essay ${p}, number ${h}, as readers mark them.`, h % 3 ? '' : 'A short note.')),
    reflections: { intro: `Thoughts on essay ${p}.` },
    createdAt: 1748764800000,
    updatedAt: 1748764800000,
  }));
  await sendToBackground(extPage, 'importFile', {
    text: JSON.stringify({ format: 'gloss-export', formatVersion: 1, extensionVersion: '0.1.0', exportedAt: new Date().toISOString(), schemaVersion: 1, pages: list }),
  });
}
