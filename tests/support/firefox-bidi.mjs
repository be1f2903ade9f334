// A minimal Firefox driver for the sync journey: Debian's firefox-esr, headless, driven
// through WebDriver BiDi (built into Firefox; no geckodriver, no downloaded browser).
// Only what the sync test needs: install the built extension, open its pages, evaluate
// script there (with user activation, for permissions.request), close. Node 20 needs
// --experimental-websocket for the global WebSocket (the test re-runs itself with it).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

export function firefoxPath() {
  const p = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
  if (!existsSync(p)) throw new Error(`Firefox not found at ${p}. Install it with: sudo apt-get install -y firefox-esr (or set FIREFOX_PATH).`);
  return p;
}

/**
 * Starts Firefox with a fresh profile and `extensionDir` (an unpacked MV2 build) installed
 * as a temporary add-on whose id is `addonId`. Returns
 * { baseUrl, open(path), evaluate(ctx, fn, arg), close() }.
 */
export async function launchFirefox({ extensionDir, addonId }) {
  if (typeof WebSocket === 'undefined') throw new Error('run node with --experimental-websocket');
  const profile = mkdtempSync(path.join(tmpdir(), 'gloss-ff-'));
  const uuid = randomUUID();
  const prefs = {
    'extensions.webextensions.uuids': JSON.stringify({ [addonId]: uuid }),
    // Optional permissions are granted without a prompt (headless cannot show one).
    'extensions.webextOptionalPermissionPrompts': false,
    'xpinstall.signatures.required': false,
    'browser.shell.checkDefaultBrowser': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.reportingpolicy.firstRun': false,
    'browser.aboutwelcome.enabled': false,
    'app.update.disabledForTesting': true,
    'remote.active-protocols': 1,
  };
  writeFileSync(path.join(profile, 'user.js'), Object.entries(prefs).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`).join('\n'));
  const child = spawn(firefoxPath(), ['--headless', '--no-remote', '--profile', profile, '--remote-debugging-port', '0', '--remote-allow-system-access', 'about:blank'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const wsUrl = await new Promise((resolve, reject) => {
    let out = '';
    const onData = (d) => {
      out += d;
      const m = /WebDriver BiDi listening on (ws:\/\/[^\s]+)/.exec(out);
      if (m) resolve(m[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`Firefox exited (${code}): ${out.slice(-800)}`)));
    setTimeout(() => reject(new Error(`Firefox did not start BiDi: ${out.slice(-800)}`)), 60000);
  });
  const ws = new WebSocket(`${wsUrl.replace(/\/$/, '')}/session`);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let nextId = 1;
  const pending = new Map();
  ws.onmessage = (ev) => {
    const msg = JSON.parse(String(ev.data));
    if (msg.id && pending.has(msg.id)) {
      const { resolve, reject } = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.type === 'error') reject(new Error(`${msg.error}: ${msg.message}`));
      else resolve(msg.result);
    }
  };
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });
  await send('session.new', { capabilities: {} });
  await send('webExtension.install', { extensionData: { type: 'path', path: extensionDir } });
  const baseUrl = `moz-extension://${uuid}`;

  /** BiDi remote value → plain JS value. */
  const plain = (v) => {
    if (!v) return undefined;
    switch (v.type) {
      case 'undefined':
      case 'null':
        return v.type === 'null' ? null : undefined;
      case 'string':
      case 'number':
      case 'boolean':
        return v.value;
      default:
        return v.value;
    }
  };

  return {
    baseUrl,
    /** Opens `url` in a new tab; returns its context id once loaded. */
    async open(url) {
      const { context } = await send('browsingContext.create', { type: 'tab' });
      await send('browsingContext.navigate', { context, url, wait: 'complete' });
      return context;
    },
    /**
     * Runs `fn(arg)` in the page (as a user action: it may call permissions.request).
     * Values cross as JSON: the function's result is JSON-encoded in the page.
     */
    async evaluate(context, fn, arg = null) {
      const expression = `(async () => JSON.stringify(await (${fn.toString()})(${JSON.stringify(arg)})))()`;
      const r = await send('script.evaluate', { expression, target: { context }, awaitPromise: true, userActivation: true });
      if (r.type === 'exception') throw new Error(`in Firefox: ${r.exceptionDetails?.text}`);
      const s = plain(r.result);
      return s === undefined ? undefined : JSON.parse(s);
    },
    /** A real mouse click (user input: permissions.request accepts it) on the first element matching `selector`. */
    async click(context, selector, text = null) {
      const find = `[...document.querySelectorAll(${JSON.stringify(selector)})].find((e) => ${JSON.stringify(text)} === null || e.textContent.trim() === ${JSON.stringify(text)})`;
      const expression = `((e) => (e && e.scrollIntoView({ block: 'center' }), e))(${find})`;
      const r = await send('script.evaluate', { expression, target: { context }, awaitPromise: false, resultOwnership: 'root' });
      if (r.type === 'exception' || !r.result?.sharedId) throw new Error(`no element ${selector} ${text ?? ''}`);
      await send('input.performActions', {
        context,
        actions: [
          {
            type: 'pointer',
            id: 'mouse',
            parameters: { pointerType: 'mouse' },
            actions: [
              { type: 'pointerMove', x: 0, y: 0, origin: { type: 'element', element: { sharedId: r.result.sharedId } } },
              { type: 'pointerDown', button: 0 },
              { type: 'pointerUp', button: 0 },
            ],
          },
        ],
      });
    },
    async close() {
      try {
        await send('browser.close');
      } catch {
        // already gone
      }
      ws.close();
      if (child.exitCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        setTimeout(() => child.kill('SIGKILL'), 5000);
        await gone;
      }
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
