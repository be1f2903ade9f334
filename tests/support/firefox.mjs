// Real-Firefox harness: Debian's firefox-esr driven over WebDriver BiDi by puppeteer-core,
// with the built Firefox extension (.output/firefox-mv2) installed as a temporary add-on.
//
// Extension pages: BiDi refuses to navigate a tab to moz-extension://, so the add-on's
// internal UUID is pinned (pref extensions.webextensions.uuids) and its pages are opened
// from the browser's own chrome window (Firefox started with --remote-allow-system-access,
// the BiDi session reaching the "chrome" scope), as the toolbar button would open them.
// Once open, such a tab is an ordinary BiDi browsing context: scripts evaluated there see
// the extension's `browser.*` API, which is how tests reach storage and the content script.
import puppeteer from 'puppeteer-core';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OUTPUT_DIR } from './browser.mjs';

export const FIREFOX_EXTENSION_DIR = path.join(OUTPUT_DIR, 'firefox-mv2');
/** The add-on id set in wxt.config.ts (browser_specific_settings.gecko.id). */
export const GECKO_ID = 'gloss@gloss.example';
/** The moz-extension:// host the tests pin for Gloss (any fixed UUID would do). */
export const FIREFOX_UUID = '6c0d6f1e-9a57-4c3e-8d5b-1f2a3b4c5d6e';

/** Path of the Firefox binary, or throws with how to install it. */
export function firefoxPath() {
  const p = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
  if (!existsSync(p)) {
    throw new Error(
      `Firefox not found at ${p}. Install it with: sudo apt-get install -y firefox-esr ` +
        '(or set FIREFOX_PATH to a Firefox binary).',
    );
  }
  return p;
}

/**
 * Launches headless Firefox with a fresh profile and Gloss installed (unpacked from
 * `extensionPath`, or from a .zip/.xpi package when the path is a file). `lang` ('en',
 * 'de', …) is the UI language Firefox asks for (intl.locale.requested). Returns
 * { browser, downloadDir, errors(), installed, extensionOrigin, chromeEval(src), close() };
 * `errors()` gives the JavaScript errors Firefox reported for Gloss's scripts.
 */
export async function launchFirefox({ extensionPath = FIREFOX_EXTENSION_DIR, lang = 'en', install = true } = {}) {
  if (install && !existsSync(extensionPath)) {
    throw new Error(`No built Firefox extension at ${extensionPath}: run "npm run build:firefox" first.`);
  }
  const downloadDir = mkdtempSync(path.join(tmpdir(), 'gloss-ff-downloads-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    args: ['--remote-allow-system-access'],
    env: { ...process.env, LANG: lang === 'en' ? 'en_US.UTF-8' : `${lang}_${lang.toUpperCase()}.UTF-8`, LANGUAGE: lang },
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_UUID }),
      'intl.locale.requested': lang,
      'intl.accept_languages': lang,
      // Downloads land in a known folder without asking.
      'browser.download.folderList': 2,
      'browser.download.dir': downloadDir,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.start_downloads_in_tmp_dir': false,
      'browser.download.alwaysOpenPanel': false,
    },
  });
  const conn = browser.connection;
  let chromeContext = null;
  /** Evaluates `src` (an expression) with chrome privileges in the browser window. */
  async function chromeEval(src) {
    if (!chromeContext) {
      const tree = await conn.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
      chromeContext = tree.result.contexts.find((c) => /browser\.xhtml$/.test(c.url))?.context;
      if (!chromeContext) throw new Error('Firefox: no browser window reachable in the chrome scope');
    }
    const r = await conn.send('script.evaluate', { expression: src, target: { context: chromeContext }, awaitPromise: true });
    if (r.result.type === 'exception') throw new Error(`Firefox chrome script failed: ${JSON.stringify(r.result.exceptionDetails?.text)}`);
    return r.result.result?.value;
  }
  // Every error Firefox reports for Gloss's scripts (content scripts included, whose errors
  // never reach the page), and Xray access denials, which are the same kind of bug.
  await chromeEval(`(() => {
    const w = Services.wm.getMostRecentWindow('navigator:browser');
    w.__glossErrors = [];
    Services.console.registerListener({
      observe(m) {
        if (!(m instanceof Ci.nsIScriptError) || !/^moz-extension:/.test(m.sourceName ?? '')) return;
        const isError = !(m.flags & (Ci.nsIScriptError.warningFlag | Ci.nsIScriptError.infoFlag));
        if (isError || /XrayWrapper denied/.test(m.errorMessage)) w.__glossErrors.push(m.errorMessage + ' @ ' + m.sourceName + ':' + m.lineNumber);
      },
    });
    return true;
  })()`);
  let installed = null;
  if (install) {
    const isPackage = !readdirOrNull(extensionPath);
    const r = await conn.send('webExtension.install', {
      extensionData: isPackage ? { type: 'archivePath', path: extensionPath } : { type: 'path', path: extensionPath },
    });
    installed = r.result.extension;
  }
  return {
    browser,
    downloadDir,
    /** Errors (and Xray denials) Firefox reported for Gloss's scripts so far. */
    errors: async () => JSON.parse(await chromeEval(`JSON.stringify(Services.wm.getMostRecentWindow('navigator:browser').__glossErrors)`)),
    installed,
    extensionOrigin: `moz-extension://${FIREFOX_UUID}`,
    chromeEval,
    async close() {
      await browser.close().catch(() => {});
      rmSync(downloadDir, { recursive: true, force: true });
    },
  };
}

function readdirOrNull(p) {
  try {
    return readdirSync(p);
  } catch {
    return null;
  }
}

/**
 * Opens `url` (a moz-extension:// page of Gloss) in a new tab (in the foreground unless
 * `select` is false) from the browser window and returns its puppeteer Page once the
 * document has loaded.
 */
export async function openFirefoxExtensionPage(ff, url, { select = true } = {}) {
  const before = new Set(await ff.browser.pages());
  await ff.chromeEval(`(() => {
    const w = Services.wm.getMostRecentWindow('navigator:browser');
    const tab = w.gBrowser.addTab(${JSON.stringify(url)}, { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });
    if (${select}) w.gBrowser.selectedTab = tab;
    return true;
  })()`);
  // Generous: on a loaded machine a new tab can take many seconds to load.
  const end = Date.now() + 45000;
  while (Date.now() < end) {
    for (const p of await ff.browser.pages()) {
      if (before.has(p)) continue;
      const href = await p.evaluate(() => (document.readyState === 'complete' ? location.href : null)).catch(() => null);
      if (href === url) return p;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Firefox did not open ${url}`);
}

/** Waits for a file to appear complete in `dir` (Firefox writes .part files first). */
export async function waitForDownload(dir, before, timeout = 10000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    const files = readdirSync(dir).filter((f) => !before.has(f) && !f.endsWith('.part'));
    const parts = readdirSync(dir).filter((f) => f.endsWith('.part'));
    if (files.length && !parts.length) {
      const name = files[0];
      return { name, text: readFileSync(path.join(dir, name), 'utf8') };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`No download arrived in ${dir}`);
}
