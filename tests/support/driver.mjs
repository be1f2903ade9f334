// One journey, two browsers: a browser-neutral driver over Playwright + Chromium
// (./browser.mjs) and puppeteer-core + Firefox over WebDriver BiDi (./firefox.mjs).
//
// How a test file opts into both browsers:
//
//   import { journey } from '../support/driver.mjs';
//   journey('highlight from the toolbar', { routes: { '/essay': { body: HTML } } }, async (d) => {
//     const tab = await d.openPage(d.server.url('/essay'));
//     await d.waitForContentScript(tab);
//     await tab.select('some words', 'article');
//     await tab.click({ role: 'button', name: 'Highlight' });
//     await d.until(async () => (await d.storedPages()).length === 1, 'stored');
//   });
//
// `journey` registers one node:test test per browser ("… [chromium]", "… [firefox]").
// GLOSS_BROWSERS=chromium (or firefox) runs one leg only; `{ browsers: ['chromium'] }`
// restricts a journey that cannot run in a browser (say why next to it).
// The body only talks to `d` and the tabs it returns:
//   d.browser                         'chromium' | 'firefox'
//   d.server                          test server started from `routes` (url(p), setRoute)
//   d.openPage(url) → Tab             a web page in a new tab
//   d.openExtensionPage(path) → Tab   a Gloss page ('popup.html?tabId=…', 'library.html')
//   d.ext(fn, arg)                    runs `fn(api, arg)` in an extension context; `api`
//                                     is chrome.* / browser.*; returns its JSON result
//   d.tabIdOf(tab), d.waitForContentScript(tab) → tabId, d.sendToTab(tabId, type, data)
//   d.storage(), d.storedPages()      everything in storage.local / the page records
//   d.restart()                       same browser kind, fresh profile (for imports)
//   d.contextMenu(tab, label), d.shortcut('Alt+Shift+H')   the browser's own context menu
//                                     and shortcut; null where the browser cannot be driven
//                                     so (Chromium): fall back to d.sendToTab
//   d.until(fn, what, timeout)
// Tab: goto, reload, front, close, evaluate(fn, arg), waitFor(fn, arg, what), click(target),
//   exists(target), fill(target, text), type(text), press('Alt+Shift+H'), text(sel),
//   texts(sel), count(sel), select(text, within), painted(), paintedTotal(),
//   setFiles(sel, paths), download(action) → { name, text }, url().
// A target is a CSS selector string or { role, name, exact, within }; it is looked up
// through open shadow roots and clicked with the real mouse. On a web page a { role }
// target is first looked up in Gloss's own UI, which lives in a CLOSED shadow root and
// reacts only to real input (see "Gloss's on-page UI" below); select() ends with a real
// Shift press, which is what shows Gloss's toolbar.
// `lang` ('en' | 'de') starts the browser with that UI language.
import test from 'node:test';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { EXTENSION_DIR, launch, serviceWorker } from './browser.mjs';
import { FIREFOX_EXTENSION_DIR, launchFirefox, openFirefoxExtensionPage, waitForDownload } from './firefox.mjs';
import { startServer } from './server.mjs';
import { until } from './gloss.mjs';
import { selectInPage } from './page-fns.mjs';
import { ui } from './overlay.mjs';


/**
 * The id of `tab` (a web page) once it is the active tab. A tab Gloss opens itself (the
 * welcome page, on install) can take the focus meanwhile: an active tab showing one of
 * Gloss's own pages is not the one asked for, so the page is brought to the front again.
 */
async function activeWebTabId(tab, self) {
  const started = Date.now();
  return until(async () => {
    await tab.front();
    const t = await self.ext((api) =>
      api.tabs.query({ active: true, lastFocusedWindow: true }).then(([t]) => (t ? { id: t.id, url: t.url || t.pendingUrl || '' } : null)),
    );
    if (!t) return null;
    // After 5 s, whatever is active (an extension page asked for by a test).
    if (/^(chrome|moz)-extension:/.test(t.url) && Date.now() - started < 5000) return null;
    return t.id;
  }, 'the tab id', 15000);
}

export const ALL_BROWSERS = ['chromium', 'firefox'];

/** Browsers this run covers: GLOSS_BROWSERS (comma-separated) or both. */
export function selectedBrowsers() {
  const env = process.env.GLOSS_BROWSERS;
  return env ? env.split(',').map((s) => s.trim()).filter((b) => ALL_BROWSERS.includes(b)) : ALL_BROWSERS;
}

/**
 * Registers `body(driver, t)` as one test per browser. Options: `routes` for the test
 * server, `browsers` to restrict, `lang`, `timeout` (ms).
 */
export function journey(name, opts, body) {
  const browsers = (opts.browsers ?? ALL_BROWSERS).filter((b) => selectedBrowsers().includes(b));
  for (const browser of browsers) {
    test(`${name} [${browser}]`, { timeout: opts.timeout ?? 120000 }, async (t) => {
      const d = await createDriver(browser, { routes: opts.routes ?? {}, lang: opts.lang ?? 'en' });
      t.after(() => d.close());
      await body(d, t);
      await d.assertNoErrors();
    });
  }
}

/** Starts `browser` ('chromium' | 'firefox') with Gloss and a test server. */
export async function createDriver(browser, { routes = {}, lang = 'en' } = {}) {
  const server = await startServer({ routes });
  const impl = browser === 'firefox' ? await firefoxImpl(lang) : await chromiumImpl(lang);
  const d = {
    browser,
    server,
    until,
    lang,
    ...impl,
    async waitForContentScript(tab) {
      const tabId = await d.tabIdOf(tab);
      await until(
        () => d.ext((api, id) => api.tabs.sendMessage(id, { gloss: 1, type: 'getDiagnostics', data: {} }).then((r) => !!r?.ok, () => false), tabId),
        'Gloss content script answering',
        30000,
      );
      return tabId;
    },
    async sendToTab(tabId, type, data = {}) {
      return d.ext((api, [id, type, data]) => api.tabs.sendMessage(id, { gloss: 1, type, data }), [tabId, type, data]);
    },
    storage: () => d.ext((api) => api.storage.local.get(null)),
    async storedPages() {
      const all = await d.storage();
      return Object.entries(all)
        .filter(([k]) => k.startsWith('page:'))
        .map(([, v]) => v);
    },
    async close() {
      await impl.closeBrowser();
      await server.close();
    },
  };
  return d;
}

// ——— Chromium (Playwright) ———

async function chromiumImpl(lang) {
  if (!existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) throw new Error(`No Chrome build in ${EXTENSION_DIR}: run "npm run build".`);
  let b = await launch({ extension: true, lang });
  const pageErrors = [];
  const wrap = (page) => {
    page.on('pageerror', (err) => {
      if (/^chrome-extension:/.test(page.url())) pageErrors.push(String(err.stack ?? err));
    });
    return chromiumTab(page);
  };
  const self = {
    get extensionOrigin() {
      return `chrome-extension://${b.extensionId}`;
    },
    async openPage(url) {
      const page = await b.context.newPage();
      await page.goto(url);
      return wrap(page);
    },
    async openExtensionPage(p) {
      const page = await b.context.newPage();
      await page.goto(`chrome-extension://${b.extensionId}/${p}`);
      return wrap(page);
    },
    async ext(fn, arg) {
      const worker = await serviceWorker(b.context);
      return worker.evaluate(`(${fn})(chrome, ${JSON.stringify(arg ?? null)})`);
    },
    async tabIdOf(tab) {
      return activeWebTabId(tab, self);
    },
    // Chromium's context menus and extension shortcuts cannot be driven from a test
    // (native menus; CDP key events go to the page, not to the browser's accelerators).
    contextMenu: null,
    shortcut: null,
    async restart() {
      await b.close();
      b = await launch({ extension: true, lang });
    },
    assertNoErrors() {
      if (pageErrors.length) throw new Error(`Uncaught errors in Gloss pages: ${pageErrors.join('\n')}`);
    },
    closeBrowser: () => b.close(),
  };
  return self;
}

function chromiumTab(page) {
  return {
    page,
    ...commonTab(page, chromiumOverlay(page)),
    reload: () => page.reload(),
    front: () => page.bringToFront(),
    close: () => page.close(),
    async setFiles(selector, files) {
      await page.setInputFiles(selector, files);
    },
    async download(action) {
      const [dl] = await Promise.all([page.waitForEvent('download'), action()]);
      const { readFileSync } = await import('node:fs');
      return { name: dl.suggestedFilename(), text: readFileSync(await dl.path(), 'utf8') };
    },
  };
}

// ——— Firefox (puppeteer-core, WebDriver BiDi) ———

async function firefoxImpl(lang) {
  if (!existsSync(path.join(FIREFOX_EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No Firefox build in ${FIREFOX_EXTENSION_DIR}: run "npm run build:firefox".`);
  }
  let ff = await launchFirefox({ lang });
  let bridge = null;
  const wrap = (page) => firefoxTab(page, () => ff);
  const self = {
    get extensionOrigin() {
      return ff.extensionOrigin;
    },
    firefox: () => ff,
    async openPage(url) {
      const page = await ff.browser.newPage();
      await page.goto(url);
      return wrap(page);
    },
    async openExtensionPage(p) {
      return wrap(await openFirefoxExtensionPage(ff, `${ff.extensionOrigin}/${p}`));
    },
    async ext(fn, arg) {
      // An extension page kept open as the tests' window into the extension's API.
      // Opened in the background: it must not become the active tab tabIdOf asks for.
      if (!bridge || bridge.isClosed()) {
        bridge = await openFirefoxExtensionPage(ff, `${ff.extensionOrigin}/library.html#e2e-bridge`, { select: false });
      }
      const json = await bridge.evaluate(`Promise.resolve((${fn})(browser, ${JSON.stringify(arg ?? null)})).then((v) => JSON.stringify(v ?? null))`);
      return JSON.parse(json);
    },
    async tabIdOf(tab) {
      return activeWebTabId(tab, self);
    },
    /**
     * Right-clicks the selection in `tab` (so the menu opens in the "selection" context)
     * and picks the context-menu item `label` in Firefox's real menu (its chrome window is
     * reachable; Chromium's menus are not). With more than one item, Firefox puts an
     * extension's items in a submenu named after it: that submenu is opened first, and the
     * item is activated from its own popup.
     */
    async contextMenu(tab, label) {
      const box = await tab.evaluate(() => {
        const sel = getSelection();
        if (!sel.rangeCount || sel.isCollapsed) return null;
        const r = sel.getRangeAt(0).getClientRects()[0] ?? sel.getRangeAt(0).getBoundingClientRect();
        return { x: r.left + Math.min(r.width / 2, 20), y: r.top + r.height / 2 };
      });
      if (!box) throw new Error('contextMenu: nothing is selected in the page');
      await tab.page.mouse.click(box.x, box.y, { button: 'right' });
      const clicked = await until(
        () =>
          ff.chromeEval(`(() => {
            const menu = Services.wm.getMostRecentWindow('navigator:browser').document.getElementById('contentAreaContextMenu');
            if (menu.state !== 'open') return false;
            const item = [...menu.querySelectorAll('menuitem')].find((i) => i.label === ${JSON.stringify(label)} && !i.hidden && !i.disabled);
            if (!item) return 'no item: ' + [...menu.querySelectorAll('menuitem')].filter((i) => !i.hidden && /gloss/i.test(i.id + i.className + i.label)).map((i) => i.label).join(' | ');
            const popup = item.parentElement;
            if (popup !== menu && popup.state !== 'open') {
              // The extension's submenu: open it and come back once it is shown.
              popup.parentElement.openMenu(true);
              return false;
            }
            popup.activateItem(item);
            return true;
          })()`).then((r) => r === true),
        `the context menu item "${label}"`,
        15000,
      );
      return clicked;
    },
    /**
     * Presses an extension keyboard shortcut (e.g. 'Alt+Shift+H') through the key element
     * Firefox registers for it in the browser window (BiDi key events go to the page and
     * never reach the browser's shortcuts).
     */
    async shortcut(combo) {
      const parts = combo.toLowerCase().split('+');
      const key = parts.pop();
      const mods = parts.sort().join(',');
      const ok = await ff.chromeEval(`(() => {
        const doc = Services.wm.getMostRecentWindow('navigator:browser').document;
        const k = [...doc.querySelectorAll('keyset[id^="ext-keyset"] key')].find((k) =>
          (k.getAttribute('key') ?? '').toLowerCase() === ${JSON.stringify(key)} &&
          (k.getAttribute('modifiers') ?? '').split(',').map((m) => m.trim()).sort().join(',') === ${JSON.stringify(mods)});
        if (!k) return false;
        k.doCommand();
        return true;
      })()`);
      if (!ok) throw new Error(`Firefox has no extension shortcut ${combo}`);
    },
    async restart() {
      await ff.close();
      bridge = null;
      ff = await launchFirefox({ lang });
    },
    async assertNoErrors() {
      const errors = await ff.errors();
      if (errors.length) throw new Error(`Firefox reported errors in Gloss's scripts:\n${errors.join('\n')}`);
    },
    closeBrowser: () => ff.close(),
  };
  return self;
}

function firefoxTab(page, ff) {
  const isExtension = () => /^moz-extension:/.test(page.url()) || page.url() === 'about:blank';
  return {
    page,
    ...commonTab(page, firefoxOverlay(page, ff)),
    async reload() {
      // BiDi may not reload a moz-extension:// page; the page reloads itself.
      if (!isExtension()) return page.reload();
      await page.evaluate(() => {
        window.__glossReloading = true;
        location.reload();
      });
      await until(() => page.evaluate(() => !window.__glossReloading && document.readyState === 'complete').catch(() => false), 'reload', 10000);
    },
    front: () => page.bringToFront(),
    close: () => page.close(),
    async setFiles(selector, files) {
      const input = await page.$(selector);
      if (!input) throw new Error(`No file input ${selector}`);
      await input.uploadFile(...files);
    },
    async download(action) {
      const dir = ff().downloadDir;
      const before = new Set(readdirSync(dir));
      await action();
      return waitForDownload(dir, before);
    },
  };
}

// ——— Gloss's on-page UI (toolbar, note card, toasts): a CLOSED shadow root ———
//
// Page scripts cannot see into it and Gloss ignores events they make, so each browser
// reaches it the way a debugger would and acts on it only with real input:
// Chromium through CDP (./overlay.mjs), Firefox through a privileged frame script that
// reads `openOrClosedShadowRoot` for the element's client rect, then the real mouse and
// keyboard (BiDi input.performActions). Each returns { click(spec), fill(spec, text) },
// false when the overlay has no such element (yet).

function chromiumOverlay(page) {
  const locate = (spec) => {
    if (!spec.role) return null;
    const m = spec.within ? /^\[role="(\w+)"\]$/.exec(spec.within) : null;
    if (spec.within && !m) return null;
    try {
      const scope = m ? ui(page).getByRole(m[1]) : ui(page);
      return scope.getByRole(spec.role, { name: spec.name, exact: spec.exact !== false });
    } catch {
      return null; // a role the overlay has no element for
    }
  };
  return {
    async click(spec) {
      const l = locate(spec);
      if (!l || !(await l.count().catch(() => 0))) return false;
      await l.click();
      return true;
    },
    async fill(spec, text) {
      const l = locate(spec);
      if (!l || !(await l.count().catch(() => 0))) return false;
      await l.fill(text);
      return true;
    },
  };
}

function firefoxOverlay(page, ff) {
  let seq = 0;
  /** Runs `overlayBox(content, spec)` in the tab's content process with chrome privileges. */
  const box = async (spec) => {
    if (!spec.role) return null;
    const id = `gloss-e2e:overlay:${process.pid}:${++seq}`;
    const script = `try { sendAsyncMessage(${JSON.stringify(id)}, { box: (${overlayBox})(content, ${JSON.stringify(spec)}) }); } catch (e) { sendAsyncMessage(${JSON.stringify(id)}, { error: String(e) }); }`;
    const json = await ff().chromeEval(`new Promise((resolve) => {
      const w = Services.wm.getMostRecentWindow('navigator:browser');
      const b = w.gBrowser.browsers.find((b) => b.currentURI?.spec === ${JSON.stringify(page.url())}) ?? w.gBrowser.selectedBrowser;
      const mm = b.messageManager;
      const id = ${JSON.stringify(id)};
      const done = (v) => { w.clearTimeout(timer); mm.removeMessageListener(id, on); resolve(v); };
      const on = (m) => done(JSON.stringify(m.data));
      const timer = w.setTimeout(() => done(JSON.stringify({ error: 'no answer from the frame script' })), 5000);
      mm.addMessageListener(id, on);
      mm.loadFrameScript('data:,' + encodeURIComponent(${JSON.stringify(script)}), false);
    })`);
    const r = JSON.parse(json);
    if (r.error) throw new Error(`Gloss overlay query in Firefox failed: ${r.error}`);
    return r.box;
  };
  return {
    async click(spec) {
      const b = await box(spec);
      if (!b) return false;
      await page.mouse.click(b.x, b.y);
      return true;
    },
    async fill(spec, text) {
      const b = await box(spec);
      if (!b) return false;
      await page.mouse.click(b.x, b.y);
      await page.keyboard.down('Control');
      await page.keyboard.press('a');
      await page.keyboard.up('Control');
      if (text) await page.keyboard.type(text);
      else await page.keyboard.press('Delete');
      return true;
    },
  };
}

/**
 * Runs privileged in the content process (a frame script, `win` the content window):
 * the client-rect centre of the visible element of Gloss's closed overlay matching
 * `spec` ({ role, name, exact, within }), or null. No closures.
 */
function overlayBox(win, spec) {
  const host = win.document.querySelector('gloss-overlay');
  const root = host && host.openOrClosedShadowRoot;
  if (!root) return null;
  const ROLE_SELECTORS = {
    button: 'button',
    textbox: 'textarea, input:not([type]), input[type="text"]',
    dialog: '[role="dialog"]',
    alert: '[role="alert"]',
    status: '[role="status"]',
    toolbar: '[role="toolbar"]',
  };
  const selector = ROLE_SELECTORS[spec.role];
  if (!selector) return null;
  const nameOf = (el) => (el.getAttribute('aria-label') ?? el.textContent ?? '').replace(/\s+/g, ' ').trim();
  const scopes = spec.within ? [...root.querySelectorAll(spec.within)] : [root];
  for (const scope of scopes) {
    for (const el of scope.querySelectorAll(selector)) {
      if (spec.name != null) {
        const n = nameOf(el);
        if (spec.exact === false ? !n.toLowerCase().includes(spec.name.toLowerCase()) : n !== spec.name) continue;
      }
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    }
  }
  return null;
}

// ——— What both tabs share: everything done through evaluate, mouse and keyboard ———

/**
 * The tab methods built on what a Playwright page and a puppeteer page have alike:
 * evaluate(fn, arg), mouse.click(x, y), keyboard.type/down/up, url(), goto(url).
 */
function commonTab(page, overlay) {
  const isWebPage = () => /^https?:/.test(page.url());
  const io = {
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    mouseClick: (x, y) => page.mouse.click(x, y),
    type: (text) => page.keyboard.type(text),
    keyDown: (k) => page.keyboard.down(k),
    keyUp: (k) => page.keyboard.up(k),
  };
  const locate = async (target) => {
    const spec = typeof target === 'string' ? { selector: target } : target;
    const box = await io.evaluate(findInPage, spec);
    if (!box) throw new Error(`Nothing to click for ${JSON.stringify(spec)}`);
    return box;
  };
  const tab = {
    url: () => page.url(),
    goto: (url) => page.goto(url),
    evaluate: io.evaluate,
    async waitFor(fn, arg, what = 'a condition in the page', timeout = 10000) {
      return until(() => io.evaluate(fn, arg).catch(() => null), what, timeout);
    },
    async click(target) {
      const end = Date.now() + 5000;
      let box = null;
      while (!box) {
        // Gloss's own UI on a web page first (its closed shadow root, see above).
        if (typeof target !== 'string' && isWebPage() && (await overlay.click(target))) return;
        box = await io.evaluate(findInPage, typeof target === 'string' ? { selector: target } : target).catch(() => null);
        if (!box && Date.now() > end) await locate(target); // throws with the target
        if (!box) await new Promise((r) => setTimeout(r, 100));
      }
      await io.mouseClick(box.x, box.y);
    },
    /** Whether `target` is visible now in the page or its open shadow roots (not Gloss's overlay). */
    async exists(target) {
      return !!(await io.evaluate(findInPage, typeof target === 'string' ? { selector: target } : target).catch(() => null));
    },
    async fill(target, text) {
      if (typeof target !== 'string' && isWebPage()) {
        // Gloss's overlay takes only real typing: click, select all, type.
        const end = Date.now() + 5000;
        for (;;) {
          if (await overlay.fill(target, text)) return;
          if (Date.now() > end) break;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      await tab.click(target);
      const ok = await io.evaluate((value) => {
        let el = document.activeElement;
        while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        if (!el || !('value' in el)) return false;
        const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
        Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, value);
        el.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
        el.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
        return true;
      }, text);
      if (!ok) throw new Error(`No text box focused after clicking ${JSON.stringify(target)}`);
    },
    type: (text) => io.type(text),
    async press(combo) {
      const keys = combo.split('+');
      for (const k of keys) await io.keyDown(k);
      for (const k of keys.reverse()) await io.keyUp(k);
    },
    text: (selector) => io.evaluate(queryDeep, { selector, op: 'text' }),
    texts: (selector) => io.evaluate(queryDeep, { selector, op: 'texts' }),
    count: (selector) => io.evaluate(queryDeep, { selector, op: 'count' }),
    async select(text, within = 'body') {
      const found = await io.evaluate(selectInPage, { text, within });
      if (!found) throw new Error(`Text not found on the page: ${text}`);
      // Gloss ignores events a page script makes; a real Shift press and release (as
      // after a Shift+arrow selection) tells it the selection is done.
      await io.keyDown('Shift');
      await io.keyUp('Shift');
    },
    painted: () =>
      io.evaluate(() => {
        const out = {};
        CSS.highlights.forEach((h, name) => {
          if (name.startsWith('gloss-')) out[name] = h.size;
        });
        return out;
      }),
    async paintedTotal() {
      const p = await tab.painted();
      return Object.entries(p)
        .filter(([k]) => k !== 'gloss-flash')
        .reduce((a, [, v]) => a + v, 0);
    },
  };
  return tab;
}

// The functions below run in the page (serialised by the drivers): no closures.

function findInPage(spec) {
  const all = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      all.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  const implicitRole = (el) => {
    const tag = el.localName;
    if (tag === 'button') return 'button';
    if (tag === 'a' && el.hasAttribute('href')) return 'link';
    if (tag === 'textarea') return 'textbox';
    if (tag === 'input') return ['text', 'search', ''].includes(el.getAttribute('type') ?? '') ? (el.type === 'search' ? 'searchbox' : 'textbox') : el.type;
    if (tag === 'select') return 'combobox';
    if (el.isContentEditable && el.getAttribute('contenteditable') != null) return 'textbox';
    return null;
  };
  const nameOf = (el) => {
    const label = el.getAttribute('aria-label');
    if (label) return label.trim();
    const by = el.getAttribute('aria-labelledby');
    if (by) {
      const root = el.getRootNode();
      return by
        .split(/\s+/)
        .map((id) => root.getElementById?.(id)?.textContent ?? '')
        .join(' ')
        .trim();
    }
    if (el.id) {
      const lab = el.getRootNode().querySelector?.(`label[for="${CSS.escape(el.id)}"]`);
      if (lab) return lab.textContent.trim();
    }
    return (el.textContent ?? '').replace(/\s+/g, ' ').trim() || (el.getAttribute('title') ?? '').trim();
  };
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  };
  let candidates;
  if (spec.selector) candidates = all.filter((el) => el.matches(spec.selector));
  else {
    candidates = all.filter((el) => (el.getAttribute('role') ?? implicitRole(el)) === spec.role);
    if (spec.name != null) {
      candidates = candidates.filter((el) => {
        const n = nameOf(el);
        return spec.exact === false ? n.toLowerCase().includes(spec.name.toLowerCase()) : n === spec.name;
      });
    }
  }
  if (spec.within) {
    const scopes = all.filter((el) => el.matches(spec.within));
    candidates = candidates.filter((el) => scopes.some((s) => s.contains(el) || s.shadowRoot?.contains(el)));
  }
  const el = candidates.find(visible);
  if (!el) return null;
  el.scrollIntoView({ block: 'center', inline: 'center' });
  const r = el.getBoundingClientRect();
  return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
}

/** Elements matching `selector` in the document and every open shadow root. */
function queryDeep({ selector, op }) {
  const out = [];
  const walk = (root) => {
    out.push(...root.querySelectorAll(selector));
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
  };
  walk(document);
  if (op === 'count') return out.length;
  if (op === 'texts') return out.map((e) => e.textContent);
  return out[0]?.textContent ?? null;
}
