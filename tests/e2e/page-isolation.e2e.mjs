// A hostile page against Gloss (issue 13): page scripts (run here in the page's own
// world, exactly where a site's scripts run) try twelve routes to read, change, create
// or delete notes, or to shut Gloss down. After each route the test checks the REAL
// stored data (read from the service worker) and everything the page can read (its DOM,
// every open shadow root, what a MutationObserver and message listener it installed
// before Gloss started have seen). Each assertion fails if Gloss is vulnerable: an open
// shadow root, a listener that obeys synthetic events, WXT's postMessage, a replayed
// WXT event that stops Gloss.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { serviceWorker, EXTENSION_DIR } from '../support/browser.mjs';
import { glossSession, paintedTotal, selectText, until, waitForContentScript, diagnostics } from '../support/gloss.mjs';
import { ui } from '../support/overlay.mjs';
import { journey } from '../support/driver.mjs';

const NOTE = 'PRIVATE-NOTE-7f3a: my doctor said the results were fine';
const QUOTE = 'the quiet season when the ice holds the boats';
const PAGE = `<!doctype html><html><head><title>Hostile river</title></head><body><article>
<h1>Hostile river</h1><h2>Seasons</h2>
<p>Winter is ${QUOTE} still and the children walk to school across it every morning.</p>
<p>Spring is loud: the water climbs the stone steps one by one, as if it were counting them.</p>
<p>Summer forgets the steps entirely and the river lies flat and green under the old bridge.</p>
</article></body></html>`;

// Installed before any other script (as a site's first inline script would be): it
// watches everything Gloss might expose to the page.
const SPY = () => {
  window.__seen = { messages: [], nodes: '', events: [] };
  addEventListener('message', (e) => window.__seen.messages.push(JSON.stringify(e.data)), true);
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) window.__seen.nodes += ' ' + (n.outerHTML ?? n.textContent ?? '');
  }).observe(document, { childList: true, subtree: true, characterData: true });
  for (const type of ['keydown', 'input', 'focusin', 'click'])
    addEventListener(type, (e) => window.__seen.events.push(type + ':' + (e.key ?? '') + ':' + (e.target?.value ?? '')), true);
  // A page may try to force every shadow root open; Gloss's world does not see this.
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    return attach.call(this, { ...init, mode: 'open' });
  };
};

/** Everything the page can read: its DOM, every open shadow root, its spies. */
async function pageCanRead(page) {
  return page.evaluate(() => {
    let text = document.documentElement.outerHTML + ' ' + document.body.innerText + ' ' + String(getSelection());
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.shadowRoot) {
          text += ' ' + el.shadowRoot.innerHTML;
          walk(el.shadowRoot);
        }
        if ('value' in el && typeof el.value === 'string') text += ' ' + el.value;
      }
    };
    walk(document);
    const host = document.querySelector('gloss-overlay');
    // Messages the page posted itself (route 8's forgeries) are not Gloss's.
    const theirs = window.__seen.messages.filter((m) => !m.includes('forged'));
    return {
      text: text + ' ' + window.__seen.nodes + ' ' + theirs.join(' '),
      hostShadowRoot: host ? String(host.shadowRoot) : 'no host',
      messages: window.__seen.messages,
    };
  });
}

async function stored(b) {
  const worker = await serviceWorker(b.context);
  return worker.evaluate(() => chrome.storage.local.get(null));
}

const rectOf = (page, text) =>
  page.evaluate((text) => {
    const p = [...document.querySelectorAll('p')].find((x) => x.textContent.includes(text));
    const node = p.firstChild;
    const at = node.data.indexOf(text);
    const r = document.createRange();
    r.setStart(node, at + 5);
    r.setEnd(node, at + 10);
    const b = r.getBoundingClientRect();
    return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
  }, text);

test('a hostile page cannot read, change, create or delete notes, nor stop Gloss', async (t) => {
  const { server, b } = await glossSession(t, { '/river': { body: PAGE } });
  const manifest = JSON.parse(readFileSync(path.join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
  assert.equal(manifest.incognito, 'not_allowed', 'private windows: Gloss does not run there');

  const page = await b.context.newPage();
  await page.addInitScript(SPY);
  await page.goto(server.url('/river'));
  const tabId = await waitForContentScript(b.context, page);
  const id = b.extensionId;

  // The reader (real, trusted input) makes a highlight with a private note.
  await selectText(page, QUOTE, 'article');
  await ui(page).getByRole('button', { name: 'Add note' }).click();
  await ui(page).getByRole('textbox', { name: 'Note' }).fill(NOTE);
  await until(async () => JSON.stringify(await stored(b)).includes(NOTE), 'note stored');
  await page.keyboard.press('Escape');
  await until(async () => (await ui(page).getByRole('dialog').count()) === 0, 'card closed');
  const baseline = await stored(b);
  const key = Object.keys(baseline).find((k) => k.startsWith('page:'));
  assert.equal(baseline[key].highlights.length, 1);

  const unchanged = async (route) => {
    await page.waitForTimeout(400); // let anything Gloss would do happen
    assert.deepEqual(await stored(b), baseline, `${route}: stored notes unchanged`);
    const seen = await pageCanRead(page);
    assert.ok(!seen.text.includes('PRIVATE-NOTE-7f3a'), `${route}: the note is not readable by the page`);
    assert.ok(!seen.text.includes(id), `${route}: the page never sees the extension id`);
    assert.equal(seen.hostShadowRoot, 'null', `${route}: Gloss's shadow root is closed to the page`);
  };

  // Route 1: the reader opens the card with a real click; the page then reads its DOM and
  // every shadow root while the note is on screen.
  const spot = await rectOf(page, QUOTE);
  await page.mouse.click(spot.x, spot.y);
  await ui(page).getByRole('dialog').waitFor();
  assert.equal(await ui(page).getByRole('textbox', { name: 'Note' }).inputValue(), NOTE, 'the reader sees the note');
  await unchanged('1 reading the DOM and shadow roots while the card is open');

  // Route 2: events typed into the card do not reach the page's listeners as text.
  await ui(page).getByRole('textbox', { name: 'Note' }).click();
  await page.keyboard.type(' ok');
  const events = await page.evaluate(() => window.__seen.events.join('\n'));
  assert.ok(!events.includes('PRIVATE-NOTE'), '2 the note never reaches the page through event targets');
  await until(async () => JSON.stringify(await stored(b)).includes(`${NOTE} ok`), 'the reader’s own typing is stored');
  await page.keyboard.press('Escape');
  const afterTyping = await stored(b);
  Object.assign(baseline, afterTyping);

  // Route 3: synthetic clicks on the highlight's rectangle (and on the host) open no card.
  await page.evaluate(({ x, y }) => {
    for (const target of [document.elementFromPoint(x, y), document.querySelector('gloss-overlay'), document]) {
      target?.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, clientX: x, clientY: y }));
    }
  }, spot);
  await page.waitForTimeout(300);
  assert.equal(await ui(page).getByRole('dialog').count(), 0, '3 a synthetic click opens no card');
  await unchanged('3 synthetic clicks');

  // Route 4: synthetic focus into the highlight opens no card.
  await page.evaluate(() => {
    const p = document.querySelector('p');
    p.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
  });
  assert.equal(await ui(page).getByRole('dialog').count(), 0, '4 a synthetic focusin opens no card');
  await unchanged('4 synthetic focus');

  // Route 5: keyboard events into the card and the host: Delete, Escape, typing.
  await page.mouse.click(spot.x, spot.y); // the reader opens the card again
  await ui(page).getByRole('dialog').waitFor();
  await page.evaluate(() => {
    const host = document.querySelector('gloss-overlay');
    for (const target of [host, document, document.activeElement]) {
      for (const key of ['Delete', 'Backspace', 'x', 'Enter', 'Escape'])
        for (const type of ['keydown', 'keypress', 'keyup'])
          target?.dispatchEvent(new KeyboardEvent(type, { key, bubbles: true, composed: true }));
      target?.dispatchEvent(new InputEvent('input', { data: 'HACKED', bubbles: true, composed: true }));
    }
  });
  await unchanged('5 synthetic keys into the card');
  assert.equal(await ui(page).getByRole('textbox', { name: 'Note' }).inputValue(), `${NOTE} ok`, '5 the card text is untouched');
  await page.keyboard.press('Escape');

  // Route 6: a faked selection + synthetic mouseup / Shift keyup shows no toolbar.
  await page.evaluate(() => {
    const p = document.querySelectorAll('p')[1];
    const r = document.createRange();
    r.selectNodeContents(p);
    getSelection().removeAllRanges();
    getSelection().addRange(r);
    document.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    document.dispatchEvent(new KeyboardEvent('keyup', { key: 'Shift', shiftKey: true, bubbles: true }));
  });
  await page.waitForTimeout(300);
  assert.equal(await ui(page).getByRole('toolbar').count(), 0, '6 no toolbar for a faked selection');
  await unchanged('6 faked selection');

  // Route 7: flooding: 200 rounds of select + mouseup + clicks on the host and where the
  // toolbar's Highlight button would be.
  await page.evaluate(() => {
    const ps = document.querySelectorAll('p');
    for (let i = 0; i < 200; i++) {
      const r = document.createRange();
      r.selectNodeContents(ps[i % ps.length]);
      getSelection().removeAllRanges();
      getSelection().addRange(r);
      document.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
      const host = document.querySelector('gloss-overlay');
      host?.click();
      const box = r.getBoundingClientRect();
      document.elementFromPoint(box.right - 5, box.bottom + 20)?.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    }
  });
  await unchanged('7 flooding highlights');
  assert.equal(await paintedTotal(page), 1, '7 nothing new painted');

  // Route 8: WXT's "content script started" replayed by postMessage and as a DOM event
  // (the page knows the id here: Chrome Web Store listings show it).
  await page.evaluate((id) => {
    const type = `${id}:content:wxt:content-script-started`;
    window.postMessage({ type, contentScriptName: 'content', messageId: 'forged' }, '*');
    document.dispatchEvent(new CustomEvent(type, { detail: { contentScriptName: 'content', messageId: 'forged' } }));
    window.dispatchEvent(new CustomEvent(type, { detail: { contentScriptName: 'content', messageId: 'forged' } }));
  }, id);
  await page.waitForTimeout(300);
  const d = await diagnostics(b.context, tabId);
  assert.equal(d.painted, 1, '8 Gloss still runs after the replay');
  await unchanged('8 replayed WXT events');
  // ...and still serves the reader: a real selection shows the toolbar.
  await selectText(page, 'Spring is loud', 'article');
  await ui(page).getByRole('toolbar').waitFor();
  await page.keyboard.press('Escape');
  await page.evaluate(() => getSelection().removeAllRanges());

  // Route 9: postMessage spoofing Gloss's own message envelope.
  await page.evaluate((url) => {
    const ops = [{ type: 'deletePage' }, { type: 'updateHighlight', id: 'x', patch: { note: 'HACKED' } }];
    for (const op of ops) {
      window.postMessage({ gloss: 1, type: 'mutatePage', data: { url, op } }, '*');
      window.postMessage({ type: 'mutatePage', url, op }, '*');
    }
  }, baseline[key].url);
  await unchanged('9 postMessage spoofing');

  // Route 10: the runtime messaging API from the page's world.
  const runtime = await page.evaluate(async (id) => {
    try {
      if (!globalThis.chrome?.runtime?.sendMessage) return 'no runtime';
      await chrome.runtime.sendMessage(id, { gloss: 1, type: 'mutatePage', data: { op: { type: 'deletePage' } } });
      return 'sent';
    } catch (err) {
      return 'refused: ' + err.message;
    }
  }, id);
  assert.notEqual(runtime, 'sent', '10 the page cannot message Gloss');
  await unchanged('10 runtime messaging');

  // Route 11: extension resources probed by URL reveal nothing (none is web-accessible).
  const probe = await page.evaluate(async (id) => {
    try {
      await fetch(`chrome-extension://${id}/manifest.json`);
      return 'readable';
    } catch {
      return 'blocked';
    }
  }, id);
  assert.equal(probe, 'blocked', '11 no Gloss file can be fetched by the page');
  await unchanged('11 probing extension files');

  // Route 12: nothing Gloss ever posted or inserted into the page named the extension.
  const seen = await pageCanRead(page);
  assert.ok(!seen.messages.some((m) => m.includes('content-script-started') && !m.includes('forged')), '12 no WXT postMessage reached the page');
  assert.deepEqual(await stored(b), baseline, 'after every route, stored notes are exactly the reader’s');
});

// Keys typed into the note card (issue 13, the key-logging gap). Keyboard, input,
// composition and clipboard events are composed: the browser dispatches them from
// `window` down to Gloss's shadow host, so before the key shield a page's capture
// listener on `window` read every key of a note ("Shiftsecret"). The page below listens
// for every kind of such event, on window and document, capture and bubble, from an
// inline <head> script (as early as a page's own script can run), and records what a
// key logger would keep. Gloss's shield (a document_start content script) must run
// before it, in Chromium and in Firefox.
const SPIED_KINDS = [
  'keydown', 'keypress', 'keyup', 'beforeinput', 'input', 'textInput', 'change',
  'compositionstart', 'compositionupdate', 'compositionend', 'paste', 'copy', 'cut',
  'select', 'selectstart', 'selectionchange', 'focus', 'blur', 'focusin', 'focusout',
  'dragstart', 'drop',
];
const KEYLOGGER = `<script>
window.__logged = [];
for (const type of ${JSON.stringify(SPIED_KINDS)})
  for (const target of [window, document])
    for (const capture of [true, false])
      target.addEventListener(type, (e) => {
        let clip = '';
        try { clip = (e.clipboardData || e.dataTransfer)?.getData('text/plain') ?? ''; } catch {}
        window.__logged.push({
          type,
          on: e.target === window ? 'window' : e.target === document ? 'document' : String(e.target?.localName),
          key: e.key ?? '',
          data: (e.data ?? '') + clip + (typeof e.target?.value === 'string' ? e.target.value : ''),
        });
      }, capture);
</script>`;
const LOGGED_PAGE = PAGE.replace('<title>', KEYLOGGER + '<title>');

journey('a page logging every key, input, composition and clipboard event learns nothing of a note typed in the card', { routes: { '/river': { body: LOGGED_PAGE } } }, async (d) => {
  const tab = await d.openPage(d.server.url('/river'));
  const tabId = await d.waitForContentScript(tab);
  const note = async () => (await d.storedPages())[0]?.highlights?.[0]?.note;
  const waitNote = (text, what) => d.until(async () => (await note()) === text, `${what}: the note stored is ${JSON.stringify(text)}`);

  // Typed: the card opens with the caret in the note.
  await tab.select(QUOTE, 'article');
  await tab.click({ role: 'button', name: 'Add note' });
  await d.until(() => tab.evaluate(() => document.activeElement?.localName === 'gloss-overlay'), 'the note box focused');
  const mark = await tab.evaluate(() => window.__logged.length);
  await tab.type('secret');
  await waitNote('secret', 'typed');
  // Edited: Backspace, more typing, Enter (a new line in the note).
  await tab.press('Backspace');
  await tab.press('Backspace');
  await tab.type('et plan');
  await tab.press('Enter');
  await tab.type('line two');
  await waitNote('secret plan\nline two', 'edited');
  // Pasted: the note's text copied and pasted back, with the keyboard.
  await tab.press('Control+a');
  await tab.press('Control+c');
  await tab.press('End');
  await tab.press('Control+v');
  await waitNote('secret plan\nline twosecret plan\nline two', 'pasted');
  if (d.browser === 'chromium') {
    // IME composition (Chromium: the DevTools protocol's IME, the way an input method types).
    const cdp = await tab.page.context().newCDPSession(tab.page);
    await cdp.send('Input.imeSetComposition', { text: 'ひみ', selectionStart: 2, selectionEnd: 2 });
    await cdp.send('Input.imeSetComposition', { text: '秘密', selectionStart: 2, selectionEnd: 2 });
    await cdp.send('Input.insertText', { text: '秘密' });
    await waitNote('secret plan\nline twosecret plan\nline two秘密', 'composed');
  }
  const typed = await note();

  // The card's other controls by keyboard: Tab to the second colour, Enter changes it.
  // (The card's order: the note, the colours, Delete, Done.)
  await tab.press('Tab');
  await tab.press('Tab');
  await tab.press('Enter');
  await d.until(async () => (await d.storedPages())[0]?.highlights?.[0]?.color === 'green', 'Enter on the second colour made it green');
  // While the reader worked in the card, the page logged nothing but focus changes (not
  // even Chromium's selectionchange as the caret moved).
  const during = (await tab.evaluate(() => window.__logged)).slice(mark).filter((e) => !/^(focus|blur|focusin|focusout)$/.test(e.type));
  assert.deepEqual(during.map((e) => `${e.type}@${e.on}:${e.key}`), [], 'the page logged events while the card was in use');
  // Escape closes the card; the next key goes to the page, not into the note.
  await tab.press('Escape');
  await tab.type('q');
  await d.until(() => tab.evaluate(() => window.__logged.some((e) => e.type === 'keydown' && e.key === 'q' && e.on === 'body')), 'after Escape, a key reaches the page (the card is closed)');
  assert.equal(await note(), typed, 'nothing typed after Escape went into the note');
  if (d.browser === 'chromium') assert.equal(await ui(tab.page).getByRole('dialog').count(), 0, 'Escape closed the card');
  // Delete by keyboard: the reader opens the card on the highlight, Tabs from the note
  // past the five colours to Delete and presses Enter.
  const spot = await tab.evaluate(({ text }) => {
    const p = [...document.querySelectorAll('p')].find((x) => x.textContent.includes(text));
    const r = document.createRange();
    const at = p.firstChild.data.indexOf(text);
    r.setStart(p.firstChild, at + 5);
    r.setEnd(p.firstChild, at + 10);
    const b = r.getBoundingClientRect();
    return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
  }, { text: QUOTE });
  await tab.page.mouse.click(spot.x, spot.y);
  await tab.click({ role: 'textbox', name: 'Note' });
  for (let i = 0; i < 6; i++) await tab.press('Tab');
  await tab.press('Enter');
  await d.until(async () => !(await d.storedPages())[0]?.highlights?.length, 'Enter on Delete deleted the highlight');

  const logged = await tab.evaluate(() => window.__logged);
  // Nothing the page logged was aimed at Gloss's UI, and no key or text of the note shows.
  const atGloss = logged.filter((e) => e.on === 'gloss-overlay');
  assert.deepEqual(atGloss.map((e) => `${e.type}:${e.key}`), [], 'no event aimed at Gloss reached the page');
  const keys = logged.filter((e) => e.type === 'keydown').map((e) => e.key).join('');
  for (const word of ['secret', 'plan', 'line', 'two', '秘密', 'ひみ'])
    assert.ok(!keys.includes(word) && !logged.some((e) => e.data.includes(word)), `the page learnt "${word}" (keys: ${JSON.stringify(keys)})`);
  for (const k of ['Escape', 'Enter', 'Backspace'])
    assert.ok(!logged.some((e) => e.key === k), `the page saw ${k} pressed in the card`);
  // The control: the logger works (it saw the key typed into the page itself).
  assert.ok(keys.includes('q'), 'the logger records keys typed outside Gloss');
  const diag = await d.sendToTab(tabId, 'getDiagnostics');
  assert.equal(diag.value?.keyShield?.early, true, `the key shield was installed at document start: ${JSON.stringify(diag.value?.keyShield)}`);
});
