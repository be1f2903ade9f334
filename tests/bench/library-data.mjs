// Synthetic Gloss library for the library benchmark and e2e tests. All text is made of
// a small vocabulary written for this file. `generateLibrary` is self-contained (no
// closures over module scope) so it can be sent into a browser page as source text and
// run there, which avoids shipping tens of megabytes through the test driver.

/**
 * Deterministic library: `pages` PageRecords (schema v2) holding `highlights` highlights
 * and `reflections` reflections in total. Page 0 lives at `${origin}/article/0` (when
 * `origin` is given) so a served article can match it; others are spread over 40 sites.
 */
export function generateLibrary({ seed = 1, pages = 1000, highlights = 20000, reflections = 5000, origin = null, now = 1767225600000 } = {}) {
  let state = seed >>> 0 || 1;
  const rand = () => {
    // xorshift32: fast, deterministic, good enough for test data.
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = (arr) => arr[Math.floor(rand() * arr.length)];
  const WORDS = (
    'the a of and to in is it that was for on with as by at from this be are or an which not but had ' +
    'river lantern harbour quiet meadow stone ledger orchard garden bridge winter summer morning evening ' +
    'reader letter memory promise silence attention habit practice patience craft tool workshop window ' +
    'city village road map compass journey return distance season weather rain wind light shadow ' +
    'argument question answer reason doubt belief evidence claim example story history future past ' +
    'small large old new slow quick careful strange simple difficult honest gentle patient bright ' +
    'writes reads remembers forgets builds mends keeps loses finds gives takes learns teaches waits ' +
    'notebook margin sentence paragraph chapter essay draft revision editor library shelf index page ' +
    'science model theory measure error signal noise pattern system network language grammar meaning ' +
    'music rhythm melody colour paint canvas sketch clay wood iron glass paper ink thread needle'
  ).split(' ');
  const SITES = Array.from({ length: 40 }, (_, i) => `${['essays', 'longreads', 'notebook', 'quarterly', 'review'][i % 5]}-${i}.example`);
  const words = (n) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const title = (n) =>
    words(n)
      .split(' ')
      .map((w) => w[0].toUpperCase() + w.slice(1))
      .join(' ');
  const sentence = (n) => {
    const s = words(n);
    return s[0].toUpperCase() + s.slice(1) + '.';
  };
  const paragraph = (n) => Array.from({ length: n }, () => sentence(int(6, 16))).join(' ');
  const COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'];

  // Section counts first: a page holds at most one reflection per section (plus the page's own).
  const nSections = Array.from({ length: pages }, () => int(4, 12));
  // Every page gets one highlight, the rest are spread unevenly (some pages are heavily
  // annotated); reflections likewise, within each page's capacity. Totals are exact.
  const skewed = () => Math.floor(Math.pow(rand(), 1.3) * pages);
  const hCounts = new Array(pages).fill(pages <= highlights ? 1 : 0);
  for (let i = hCounts.reduce((a, b) => a + b, 0); i < highlights; i++) hCounts[skewed()]++;
  const rCounts = new Array(pages).fill(0);
  const capacity = nSections.reduce((a, n) => a + n + 1, 0);
  if (reflections > capacity) throw new Error(`${pages} pages can hold at most ${capacity} reflections`);
  for (let i = 0; i < reflections; ) {
    const p = skewed();
    if (rCounts[p] < nSections[p] + 1) {
      rCounts[p]++;
      i++;
    }
  }

  const out = [];
  let hid = 0;
  for (let p = 0; p < pages; p++) {
    const site = p === 0 && origin ? new URL(origin).hostname : SITES[p % SITES.length];
    const url = p === 0 && origin ? `${origin}/article/0` : `https://${site}/essays/${p}-${words(2).replace(/ /g, '-')}`;
    const outline = [{ id: 'intro', level: 1, heading: '' }];
    for (let s = 1; s < nSections[p]; s++) outline.push({ id: `s${s}-${int(1000, 9999)}`, level: s % 4 === 0 ? 2 : 1, heading: title(int(2, 6)) });
    // Section paragraphs: highlights quote from them, reflections store their text.
    const bodies = outline.map(() => Array.from({ length: int(2, 4) }, () => paragraph(int(3, 6))));
    const firstVisitAt = now - int(1, 700) * 86400000 - int(0, 86399999);
    const lastVisitAt = Math.min(now, firstVisitAt + int(0, 200) * 86400000);
    const hl = [];
    for (let i = 0; i < hCounts[p]; i++) {
      const s = int(0, outline.length - 1);
      const para = pick(bodies[s]);
      const ws = para.split(' ');
      const start = int(0, Math.max(0, ws.length - 10));
      const exact = ws.slice(start, start + int(6, 30)).join(' ');
      const at = para.indexOf(exact);
      hl.push({
        id: `h-${p}-${hid++}`,
        text: exact,
        color: pick(COLORS),
        note: rand() < 0.3 ? sentence(int(5, 25)) : '',
        selectors: {
          quote: { type: 'TextQuoteSelector', exact, prefix: para.slice(Math.max(0, at - 32), at), suffix: para.slice(at + exact.length, at + exact.length + 32) },
          position: { type: 'TextPositionSelector', start: at + s * 5000, end: at + s * 5000 + exact.length },
          sectionId: outline[s].id,
        },
        sectionId: outline[s].id,
        sectionHeading: outline[s].heading || null,
        createdAt: firstVisitAt + i * 60000,
        updatedAt: firstVisitAt + i * 60000,
      });
    }
    const refl = {};
    const ids = ['__page__', ...outline.map((s) => s.id)];
    for (let i = 0; i < rCounts[p]; i++) {
      const id = ids[i];
      const s = outline.find((o) => o.id === id);
      const text = `${paragraph(int(2, 5))}\n\n- ${sentence(int(4, 10))}\n- **${words(2)}** ${sentence(int(4, 12))}`;
      refl[id] = {
        sectionId: id,
        heading: s ? s.heading || null : null,
        text,
        sectionHash: s ? `hash-${p}-${i}` : null,
        sectionText: s ? bodies[outline.indexOf(s)].join('\n\n').slice(0, 4000) : null,
        createdAt: lastVisitAt - 3600000,
        updatedAt: lastVisitAt,
      };
    }
    out.push({
      url,
      title: title(int(3, 8)),
      site,
      outline,
      highlights: hl,
      reflections: refl,
      tags: rand() < 0.2 ? [pick(WORDS)] : [],
      firstVisitAt,
      lastVisitAt,
      updatedAt: lastVisitAt,
      // Not stored: the article text, for serving page 0 as a real page.
      _bodies: p === 0 ? bodies : undefined,
    });
  }
  for (const page of out) if (page._bodies === undefined) delete page._bodies;
  return out;
}

/** Storage items for `pages` (schema v2), ready for chrome.storage.local.set. */
export function toStorageItems(pages) {
  const items = { schemaVersion: 2 };
  for (const p of pages) {
    const { _bodies, ...record } = p;
    items[`page:${record.url}`] = record;
  }
  return items;
}

/** An HTML article for a generated page that kept its `_bodies` (page 0). */
export function articleHtml(page) {
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const parts = page.outline.map((s, i) => {
    const head = s.heading ? `<h${s.level + 1}>${esc(s.heading)}</h${s.level + 1}>\n` : '';
    return head + page._bodies[i].map((b) => `<p>${esc(b)}</p>`).join('\n');
  });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(page.title)}</title></head>
<body><article><h1>${esc(page.title)}</h1>
${parts.join('\n')}
</article></body></html>`;
}

/**
 * Seeds chrome.storage.local from an extension page: the generator runs inside the page
 * (its source is sent as text) and writes everything in one set() call. With `keep`,
 * only the first `keep` generated pages are stored (the same records as in the full
 * library). Resolves with { pages, highlights, reflections, bytes } as counted in the browser.
 */
export async function seedLibrary(page, opts, keep = Infinity) {
  // Sent as one expression: extension pages forbid eval/new Function, but an evaluated
  // expression is run by the debugger protocol itself.
  const expression = `(async () => {
    const generate = (${generateLibrary.toString()});
    const pages = generate(${JSON.stringify(opts)}).slice(0, ${Number.isFinite(keep) ? keep : 'undefined'});
    const items = { schemaVersion: 2 };
    let highlights = 0;
    let reflections = 0;
    for (const p of pages) {
      delete p._bodies;
      items['page:' + p.url] = p;
      highlights += p.highlights.length;
      reflections += Object.keys(p.reflections).length;
    }
    await chrome.storage.local.clear();
    await chrome.storage.local.set(items);
    const bytes = await chrome.storage.local.getBytesInUse(null);
    return { pages: pages.length, highlights, reflections, bytes };
  })()`;
  return page.evaluate(expression);
}

/**
 * Data seeded straight into storage has no library index (the writer keeps one for data
 * it writes). As after an update from an older Gloss, the service worker builds it when
 * it starts: stop the worker, wake it, and wait until it is ready. Resolves with the ms taken.
 */
export async function restartWorkerAndIndex(context, extensionId) {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/popup.html?tabId=-1`);
  const cdp = await context.newCDPSession(page);
  const running = new Set();
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
    for (const v of e.versions) if (v.runningStatus === 'running') running.add(v.versionId);
  });
  await cdp.send('ServiceWorker.enable');
  await new Promise((r) => setTimeout(r, 300));
  for (const versionId of running) await cdp.send('ServiceWorker.stopWorker', { versionId }).catch(() => {});
  const t0 = Date.now();
  const reply = await page.evaluate(() => chrome.runtime.sendMessage({ gloss: 1, type: 'getStatus', data: {} }));
  const ms = Date.now() - t0;
  const hasIndex = await page.evaluate(async () => Array.isArray((await chrome.storage.local.get('pageIndex')).pageIndex));
  await page.close();
  if (!reply?.ok || !hasIndex) throw new Error(`the library index was not built: ${JSON.stringify(reply)}`);
  return ms;
}
