// Real-Chromium harness shared by e2e tests, benchmarks and the demo.
// Debian's Chromium, driven by playwright-core; never a downloaded browser.
import { chromium } from 'playwright-core';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const OUTPUT_DIR = path.resolve(ROOT, process.env.GLOSS_OUT_DIR || '.output');
export const EXTENSION_DIR = path.join(OUTPUT_DIR, 'chrome-mv3');
export const SHARED_DIR = path.resolve(ROOT, '../shared');

/** Path of the Chromium binary, or throws with how to install it. */
export function chromiumPath() {
  const p = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(p)) {
    throw new Error(
      `Chromium not found at ${p}. Install it with: sudo apt-get install -y chromium ` +
        '(or set CHROMIUM_PATH to a Chromium binary).',
    );
  }
  return p;
}

const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/**
 * Launches headless Chromium with a fresh (or given) profile.
 * With `extension: true` the built extension (.output/chrome-mv3) is loaded; `lang`
 * ('de', …) sets the UI language the extension sees; `extensionDir` loads another unpacked
 * copy (say, an unzipped store package); `extraArgs` are more Chromium switches.
 * Returns { context, userDataDir, extensionId (when loaded), close() }.
 */
export async function launch({ extension = false, userDataDir, headless = true, viewport, allowExtensionRequests = false, lang, extensionDir = EXTENSION_DIR, keepWelcome = false, extraArgs = [] } = {}) {
  const ownsDir = !userDataDir;
  const dir = userDataDir ?? mkdtempSync(path.join(tmpdir(), 'gloss-profile-'));
  const args = [...BASE_ARGS];
  if (extension) {
    if (!existsSync(path.join(extensionDir, 'manifest.json'))) {
      throw new Error(`No built extension in ${extensionDir}: run "npm run build" first.`);
    }
    args.push(`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`);
  }
  // UI language (browser.i18n): Chromium takes it from --lang and, on Linux, LANGUAGE.
  if (lang) args.push(`--lang=${lang}`);
  args.push(...extraArgs);
  // Lets Playwright report requests made by the extension's service worker too.
  process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: chromiumPath(),
    headless,
    args,
    viewport: viewport ?? { width: 1280, height: 900 },
    ...(lang ? { locale: lang, env: { ...process.env, LANGUAGE: lang, LANG: `${lang}_${lang.toUpperCase()}.UTF-8` } } : {}),
    // Playwright's default flags include --disable-extensions; drop it.
    ignoreDefaultArgs: extension ? ['--disable-extensions'] : undefined,
  });
  // Every request made by an extension context (service worker, popup, library) to
  // anything but the extension's own files. Gloss must make none.
  const extensionRequests = [];
  context.on('request', (request) => {
    const url = request.url();
    if (/^(chrome-extension|moz-extension|data|blob):/.test(url)) return;
    let from = null;
    if (request.serviceWorker()) from = request.serviceWorker().url();
    else {
      try {
        from = request.frame().url();
      } catch {
        from = null;
      }
    }
    if (from && /^(chrome-extension|moz-extension):/.test(from)) extensionRequests.push({ url, from });
  });
  let extensionId = null;
  if (extension) {
    let [worker] = context.serviceWorkers();
    if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 15000 });
    extensionId = new URL(worker.url()).host;
    // A fresh profile is an install: Gloss opens its welcome tab, which would take the
    // focus from the page a test opens next. Tests open the welcome page themselves.
    if (ownsDir && !keepWelcome) {
      const end = Date.now() + 3000;
      while (Date.now() < end) {
        const welcome = context.pages().find((p) => p.url().endsWith('/welcome.html'));
        if (welcome) {
          await welcome.close().catch(() => {});
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }
  return {
    context,
    userDataDir: dir,
    extensionId,
    extensionRequests,
    /**
     * Closes the browser. Throws if any extension context made a network request
     * during the run, so every e2e test checks Gloss's "no network" promise.
     */
    async close({ keepProfile = false } = {}) {
      await context.close().catch(() => {});
      if (ownsDir && !keepProfile) rmSync(dir, { recursive: true, force: true });
      if (extensionRequests.length && !allowExtensionRequests) {
        throw new Error(`Gloss made network requests: ${JSON.stringify(extensionRequests.slice(0, 5))}`);
      }
    },
  };
}

/** Extension service worker of a launched context. */
export async function serviceWorker(context) {
  let [worker] = context.serviceWorkers();
  if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 15000 });
  return worker;
}
