// The two-device sync journey with one device in real Firefox (Debian's firefox-esr,
// MV2 build, driven through WebDriver BiDi by tests/support/firefox-bidi.mjs) and the
// other in Chromium, through pouchdb-server: A→B and B→A highlights, offline edits of the
// same reflection on both kept with a conflict copy, a deletion that stays deleted, and a
// server that stores no plaintext.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);

if (typeof WebSocket === 'undefined') {
  // Node 20: the BiDi driver needs the global WebSocket behind a flag; run this file again with it.
  test('sync journey with Firefox (re-run with --experimental-websocket)', () => {
    const env = { ...process.env };
    delete env.NODE_TEST_CONTEXT; // a child of the test runner would skip its tests
    const r = spawnSync(process.execPath, ['--experimental-websocket', SELF], { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
    process.stdout.write(r.stdout.replace(/^/gm, '# '));
    process.stderr.write(r.stderr);
    assert.equal(r.status, 0, 'the Firefox sync journey failed (see above)');
    assert.match(r.stdout, /^# pass 1$/m, 'the journey ran and passed');
  });
} else {
  const { startCouch } = await import('../support/couch.mjs');
  const { launchFirefox } = await import('../support/firefox-bidi.mjs');
  const { until } = await import('../support/gloss.mjs');
  const { ROOT } = await import('../support/browser.mjs');
  const sync = await import('../support/sync.mjs');

  const buildFirefox = () => {
    const dir = path.join(ROOT, sync.SYNC_OUT_DIR, 'firefox-mv2');
    if (process.env.GLOSS_SKIP_BUILD && spawnSync('test', ['-f', path.join(dir, 'manifest.json')]).status === 0) return dir;
    const r = spawnSync('npx', ['wxt', 'build', '-b', 'firefox'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, GLOSS_OUT_DIR: sync.SYNC_OUT_DIR, GLOSS_TEST_SYNC_HOST: 'http://127.0.0.1/*' },
    });
    if (r.status !== 0) throw new Error('building the Firefox sync test variant failed');
    return dir;
  };

  test('Firefox and Chromium as two devices: highlights both ways, offline conflict copy, delete stays deleted, no plaintext on the server', async (t) => {
    sync.buildSyncVariant();
    const ffDir = buildFirefox();
    const { launch } = await sync.syncLauncher();
    const couch = await startCouch({ persist: true });
    t.after(() => couch.close());
    const URL_ = 'https://essays.example.org/firefox-journey';
    const TITLE = 'Walking in the Rain, Firefox Edition';
    const cfg = { url: couch.url, database: 'journey', passphrase: 'firefox-and-chromium-7' };

    const A = await launch({ extension: true, allowExtensionRequests: true });
    t.after(() => A.close());
    const optA = await sync.openOptions(A);
    await sync.turnOnSync(optA, cfg);
    await sync.waitSynced(optA);
    await sync.sendToBackground(optA, 'mutatePage', { url: URL_, op: { type: 'addHighlight', meta: sync.meta(URL_, TITLE), highlight: sync.makeHighlight('from-chromium', 'puddles remember the sky', 'a note from Chromium') } });

    const ff = await launchFirefox({ extensionDir: ffDir, addonId: 'gloss@gloss.example' });
    t.after(() => ff.close());
    const ctx = await ff.open(`${ff.baseUrl}/options.html`);
    await ff.evaluate(
      ctx,
      (a) => {
        const set = (label, v) => {
          const l = [...document.querySelectorAll('label')].find((x) => x.textContent.trim() === label);
          const input = document.getElementById(l.htmlFor);
          input.value = v;
          input.dispatchEvent(new Event('input', { bubbles: true }));
        };
        set('Server URL', a.url);
        set('Database', a.database);
        set('Passphrase', a.passphrase);
      },
      cfg,
    );
    await ff.click(ctx, 'button', 'Turn on sync');
    const status = () => ff.evaluate(ctx, () => [document.querySelector('[role=status]')?.textContent ?? '', document.querySelector('[role=alert]')?.textContent ?? null]);
    await until(async () => {
      const [s, alert] = await status();
      if (alert) throw new Error(`Firefox sync error: ${alert}`);
      return /Synced/.test(s);
    }, 'Firefox synced', 60000);
    const ffPage = () => ff.evaluate(ctx, async (url) => (await browser.storage.local.get(`page:${url}`))[`page:${url}`] ?? null, URL_);
    const ffSend = (type, data) =>
      ff.evaluate(ctx, async ([type, data]) => {
        const r = await browser.runtime.sendMessage({ gloss: 1, type, data });
        if (!r?.ok) throw new Error(r?.error);
        return r.value;
      }, [type, data]);

    // A → Firefox.
    const got = await until(async () => (await ffPage())?.highlights?.length === 1 && ffPage(), 'Firefox has Chromium’s highlight', 20000);
    assert.equal(got.highlights[0].note, 'a note from Chromium');
    assert.equal(got.title, TITLE);
    // Firefox → A.
    await ffSend('mutatePage', { url: URL_, op: { type: 'addHighlight', meta: sync.meta(URL_, TITLE), highlight: sync.makeHighlight('from-firefox', 'umbrellas bloom at corners', 'a note from Firefox') } });
    await until(async () => (await sync.storedPage(optA, URL_))?.highlights?.length === 2, 'Chromium has Firefox’s highlight', 20000);

    // Both offline, both write the same reflection; back online: newer text + conflict copy on both.
    await couch.stop();
    const reflect = (text) => ({ type: 'setReflection', meta: sync.meta(URL_, TITLE), sectionId: 'rain', heading: 'Rain on the river', text, sectionHash: null, sectionText: null });
    await sync.sendToBackground(optA, 'mutatePage', { url: URL_, op: reflect('Chromium wrote this first') });
    await new Promise((r) => setTimeout(r, 50));
    await ffSend('mutatePage', { url: URL_, op: reflect('Firefox wrote this later') });
    await new Promise((r) => setTimeout(r, 1000));
    await couch.start();
    await until(async () => (await sync.storedPage(optA, URL_))?.reflections?.rain?.text === 'Firefox wrote this later', 'Chromium has the newer reflection', 45000);
    await until(async () => (await ffPage())?.reflections?.rain?.text === 'Firefox wrote this later', 'Firefox keeps the newer reflection', 45000);
    const copyA = await until(async () => (await sync.storage(optA))[`syncConflicts:${URL_}`], 'Chromium conflict copy', 20000);
    assert.deepEqual(copyA.reflections.rain.map((c) => c.text), ['Chromium wrote this first']);
    const copyF = await until(async () => ff.evaluate(ctx, async (k) => (await browser.storage.local.get(k))[k] ?? null, `syncConflicts:${URL_}`), 'Firefox conflict copy', 20000);
    assert.deepEqual(copyF.reflections.rain.map((c) => c.text), ['Chromium wrote this first']);

    // Delete on Firefox stays deleted on Chromium.
    await ffSend('mutatePage', { url: URL_, op: { type: 'deleteHighlight', id: 'from-chromium' } });
    await until(async () => !(await sync.storedPage(optA, URL_)).highlights.some((h) => h.id === 'from-chromium'), 'deletion reached Chromium', 20000);
    await sync.sendToBackground(optA, 'mutatePage', { url: URL_, op: { type: 'updateHighlight', id: 'from-firefox', patch: { note: 'edited on Chromium' } } });
    await until(async () => (await ffPage()).highlights.find((h) => h.id === 'from-firefox')?.note === 'edited on Chromium', 'edit reached Firefox', 20000);
    assert.ok(!(await ffPage()).highlights.some((h) => h.id === 'from-chromium'), 'the deleted highlight did not come back');

    const dump = await couch.dump('journey');
    assert.ok(dump.length > 2000);
    for (const s of [TITLE, 'essays.example.org', 'puddles', 'umbrellas', 'a note from', 'wrote this', 'Rain on the river', 'edited on Chromium']) {
      assert.ok(!dump.includes(s), `server data contains "${s}" in clear`);
    }
  });
}
