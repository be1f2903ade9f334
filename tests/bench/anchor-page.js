// In-page half of the anchoring benchmark (injected as a classic script into a real
// page after the bundled module, which sits on window.GlossAnchoring).
// window.AnchorBench.robustness(kind, seed) restores the page, picks quotes, describes
// them, changes the page the way `kind` says, re-anchors and grades every quote.
// window.AnchorBench.speed(...) times anchorAll against a plain text walk.
(() => {
  const A = window.GlossAnchoring;
  const savedBody = document.body.innerHTML;

  function rng(seed) {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const pick = (r, arr) => arr[Math.floor(r() * arr.length)];

  // Made-up words for inserted and edited text (ours, not from any page).
  const WORDS = ('lorem quix vantor meld ossify pranter glim brusk tolven quarrel siltwise ' +
    'amber hollow figment cadence tundral wisp marrow gossamer plinth rivet sable ochre ' +
    'lantern thimble cobble frond mizzle parapet quill tallow vesper wicket yarrow zephyr').split(' ');
  const sentence = (r, n) => Array.from({ length: n }, () => pick(r, WORDS)).join(' ');

  const norm = (s) => s.replace(/\s+/g, ' ').trim();
  const SKIP = 'nav, header, footer, aside, form, script, style, noscript, template, [hidden], [aria-hidden="true"]';
  const BLOCKS = 'p, div, li, ul, ol, blockquote, h1, h2, h3, h4, h5, h6, table, tr, td, th, pre, figure, section, article, dl, dd, dt';

  /** Paragraph-like elements holding article text: enough words, no nested blocks, visible. */
  /** A dozen paragraphs inserted at random places (the speed benchmark's changed page). */
  function insertParagraphs(seed) {
    const r = rng(seed + 1);
    const paras = candidates();
    for (let i = 0; i < 12; i++) {
      const p = document.createElement('p');
      p.textContent = sentence(r, 20) + '.';
      pick(r, paras).before(p);
    }
  }

  function candidates() {
    return [...document.body.querySelectorAll('p, li, blockquote, dd')].filter((el) => {
      if (el.closest(SKIP)) return false;
      if (el.querySelector(BLOCKS)) return false;
      if (el.checkVisibility && !el.checkVisibility()) return false;
      const t = norm(el.textContent);
      return t.length >= 60 && t.split(' ').length >= 8;
    });
  }

  function wordsOf(text) {
    const out = [];
    const re = /\S+/g;
    let m;
    while ((m = re.exec(text))) out.push([m.index, m.index + m[0].length]);
    return out;
  }

  /** Up to `n` non-overlapping quotes (with a word of margin) inside candidate paragraphs. */
  function pickQuotes(r, n, minWords = 3, maxWords = 40) {
    const paras = candidates();
    const used = new Map();
    const quotes = [];
    for (let tries = 0; quotes.length < n && tries < n * 40 && paras.length; tries++) {
      const el = pick(r, paras);
      const local = A.buildTextIndex(el);
      const words = wordsOf(local.text);
      if (words.length < minWords) continue;
      const len = Math.min(words.length, minWords + Math.floor(r() * (maxWords - minWords + 1)));
      const w0 = Math.floor(r() * (words.length - len + 1));
      const w1 = w0 + len - 1;
      const spans = used.get(el) ?? [];
      if (spans.some(([a, b]) => w0 - 1 <= b && a <= w1 + 1)) continue;
      spans.push([w0, w1]);
      used.set(el, spans);
      const start = words[w0][0];
      const end = words[w1][1];
      quotes.push({ el, words, w0, w1, start, end, text: local.text.slice(start, end) });
    }
    return quotes;
  }

  function cmpPoint(nodeA, offA, nodeB, offB) {
    const r = document.createRange();
    r.setStart(nodeB, offB);
    return r.comparePoint(nodeA, offA); // -1: A before B, 0 same, 1 after
  }
  function overlaps(a, b) {
    return (
      cmpPoint(a.startContainer, a.startOffset, b.endContainer, b.endOffset) < 0 &&
      cmpPoint(b.startContainer, b.startOffset, a.endContainer, a.endOffset) < 0
    );
  }

  /** Wraps each word range (all computed before any change) with an inline element. */
  function liveWordRange(q, wi) {
    const local = A.buildTextIndex(q.el);
    return local.toRange(q.words[wi][0], q.words[wi][1]);
  }
  function replaceRange(range, text) {
    range.deleteContents();
    range.insertNode(document.createTextNode(text));
  }
  function otherWord(r, old) {
    let w = pick(r, WORDS);
    while (w === old.toLowerCase()) w = pick(r, WORDS);
    return w;
  }

  const KINDS = ['none', 'insert', 'reflow', 'markup', 'edit-around', 'edit-inside', 'duplicate', 'duplicate-all', 'remove', 'reorder'];

  /** Restores the page, picks the seed's quotes and describes them from one index. */
  function setup(seed, perPage) {
    document.body.innerHTML = savedBody;
    const r = rng(seed);
    const quotes = pickQuotes(r, perPage);
    const index = A.buildTextIndex(document.body);
    let describeMismatch = 0;
    for (const q of quotes) {
      const range = A.buildTextIndex(q.el).toRange(q.start, q.end);
      q.sel = JSON.parse(JSON.stringify(A.describe(range, document.body, { index })));
      if (q.sel.quote.exact !== q.text) describeMismatch++;
      q.expectText = q.text;
      q.live = null; // live Range tracking the expected place, for edits
      q.gone = false;
    }
    return { quotes, describeMismatch };
  }

  function duplicateBelow(el, cr) {
    const copy = el.cloneNode(true);
    let after = el;
    const hops = 1 + Math.floor(cr() * 3);
    for (let i = 0; i < hops && after.nextElementSibling; i++) after = after.nextElementSibling;
    after.after(copy);
  }

  function robustness(kind, seed, perPage = 30) {
    if (kind === 'duplicate') {
      // One paragraph duplicated per trial; the quotes inside it are graded.
      const first = setup(seed, perPage);
      const paraCount = new Set(first.quotes.map((q) => q.el)).size;
      let total = null;
      for (let t = 0; t < Math.min(paraCount, 12); t++) {
        const { quotes, describeMismatch } = setup(seed, perPage);
        const paras = [...new Set(quotes.map((q) => q.el))];
        const target = paras[t];
        duplicateBelow(target, rng(seed + t));
        const res = anchorAndGrade(kind, quotes, describeMismatch, (q) => q.el === target);
        total = total ? mergeResults(total, res) : res;
      }
      return total;
    }
    const { quotes, describeMismatch } = setup(seed, perPage);
    const cr = rng(seed ^ 0x9e3779b9);
    const quoteParas = [...new Set(quotes.map((q) => q.el))];
    if (kind === 'insert') {
      const paras = candidates();
      for (let i = 0; i < 12; i++) {
        const p = document.createElement('p');
        p.textContent = sentence(cr, 10 + Math.floor(cr() * 30)) + '.';
        pick(cr, paras).before(p);
      }
    } else if (kind === 'reflow') {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const nodes = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
      const variants = [' ', '\n', '\n      ', '  ', '\t', ' \n\n '];
      for (const n of nodes) {
        if (n.parentElement && n.parentElement.closest('script, style, pre, textarea')) continue;
        n.data = n.data.replace(/\s+/g, () => pick(cr, variants));
      }
    } else if (kind === 'markup') {
      const ranges = [];
      for (const q of quotes) {
        if (q.w1 - q.w0 < 1) continue;
        const wi = q.w0 + Math.floor(cr() * (q.w1 - q.w0 + 1));
        ranges.push(liveWordRange(q, wi));
      }
      const tags = ['em', 'strong', 'a', 'span', 'mark'];
      for (const range of ranges) {
        if (range.startContainer !== range.endContainer) continue;
        const el = document.createElement(pick(cr, tags));
        if (el.tagName === 'A') el.href = '#x';
        range.surroundContents(el);
      }
    } else if (kind === 'edit-around' || kind === 'edit-inside') {
      const edits = [];
      for (const q of quotes) {
        const local = A.buildTextIndex(q.el);
        q.live = local.toRange(q.start, q.end);
        if (kind === 'edit-around') {
          for (const wi of [q.w0 - 1, q.w1 + 1]) {
            if (wi < 0 || wi >= q.words.length) continue;
            const old = local.text.slice(q.words[wi][0], q.words[wi][1]);
            edits.push([liveWordRange(q, wi), otherWord(cr, old)]);
          }
        } else if (q.w1 - q.w0 + 1 >= 8) {
          const wi = q.w0 + 1 + Math.floor(cr() * (q.w1 - q.w0 - 1));
          const old = local.text.slice(q.words[wi][0], q.words[wi][1]);
          const neu = otherWord(cr, old);
          edits.push([liveWordRange(q, wi), neu]);
          q.edited = true;
          q.expectText =
            q.text.slice(0, q.words[wi][0] - q.start) + neu + q.text.slice(q.words[wi][1] - q.start);
        }
      }
      for (const [range, word] of edits) replaceRange(range, word);
    } else if (kind === 'duplicate-all') {
      for (const el of quoteParas) duplicateBelow(el, cr);
    } else if (kind === 'remove') {
      const gone = new Set(quoteParas.filter(() => cr() < 0.35));
      for (const el of candidates()) if (!quoteParas.includes(el) && cr() < 0.1) gone.add(el);
      for (const el of gone) el.remove();
      for (const q of quotes) q.gone = gone.has(q.el);
    } else if (kind === 'reorder') {
      const parents = new Set(quoteParas.map((el) => el.parentElement));
      for (const parent of parents) {
        const kids = [...parent.children];
        if (kids.length < 2) continue;
        for (let i = kids.length - 1; i > 0; i--) {
          const j = Math.floor(cr() * (i + 1));
          [kids[i], kids[j]] = [kids[j], kids[i]];
        }
        for (const k of kids) parent.appendChild(k);
      }
    }

    return anchorAndGrade(kind, quotes, describeMismatch, () => true);
  }

  function mergeResults(a, b) {
    for (const part of ['tally', 'removed', 'insideEdited', 'methods']) {
      for (const [k, v] of Object.entries(b[part])) a[part][k] = (a[part][k] ?? 0) + v;
    }
    a.failures.push(...b.failures);
    return a;
  }

  function anchorAndGrade(kind, quotes, describeMismatch, graded) {
    const results = A.anchorAllDetailed(quotes.map((q) => q.sel), document.body);
    const tally = { quotes: quotes.filter((q) => !q.gone && graded(q)).length, correct: 0, partly: 0, wrong: 0, orphan: 0, describeMismatch };
    const removed = { quotes: 0, orphan: 0, foundElsewhere: 0 };
    const insideEdited = { quotes: 0, correct: 0, partly: 0, wrong: 0, orphan: 0 };
    const methods = {};
    const failures = [];
    quotes.forEach((q, i) => {
      const res = results[i];
      if (!graded(q)) return;
      if (q.gone) {
        removed.quotes++;
        if (res.range) {
          removed.foundElsewhere++;
          failures.push({ grade: 'removed-found', exact: q.sel.quote.exact.slice(0, 80), got: norm(res.range.toString()).slice(0, 80), method: res.method });
        } else removed.orphan++;
        return;
      }
      let expected = q.live;
      if (!expected) expected = A.buildTextIndex(q.el).toRange(q.start, q.end);
      let grade;
      if (!res.range) grade = 'orphan';
      else if (!overlaps(res.range, expected)) grade = 'wrong';
      else if (norm(res.range.toString()) === norm(q.expectText)) grade = 'correct';
      else grade = 'partly';
      tally[grade]++;
      if (q.edited) insideEdited.quotes++, insideEdited[grade]++;
      methods[res.method ?? 'orphan'] = (methods[res.method ?? 'orphan'] ?? 0) + 1;
      if (grade !== 'correct') {
        failures.push({
          grade,
          method: res.method,
          score: res.score,
          exact: q.sel.quote.exact.slice(0, 80),
          expected: norm(q.expectText).slice(0, 80),
          got: res.range ? norm(res.range.toString()).slice(0, 80) : null,
        });
      }
    });
    return { kind, tally, removed, insideEdited, methods, failures };
  }

  function median(xs) {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
  }

  /** Times (ms, medians) a plain walk, anchorAll before/after 12 inserted paragraphs, and dom-anchor-text-quote. */
  function speed({ seed, highlights = 500, runs = 15, dtqSample = 10 }) {
    document.body.innerHTML = savedBody;
    const r = rng(seed);
    const quotes = pickQuotes(r, highlights);
    const sels = quotes.map((q) => A.describe(A.buildTextIndex(q.el).toRange(q.start, q.end), document.body));
    const time = (fn) => {
      const t0 = performance.now();
      const out = fn();
      return [performance.now() - t0, out];
    };
    // Warm the JIT for both sides before timing.
    for (let i = 0; i < 2; i++) {
      A.plainTextWalk(document.body);
      A.anchorAll(sels, document.body);
    }
    const walk = [];
    const ours = [];
    let found = 0;
    for (let i = 0; i < runs; i++) {
      walk.push(time(() => A.plainTextWalk(document.body))[0]);
      const [t, res] = time(() => A.anchorAll(sels, document.body));
      ours.push(t);
      found = res.filter(Boolean).length;
    }
    const walkMs = median(walk);
    const oursMs = median(ours);
    // Paired ratios (each anchorAll against the walk run just before it) are
    // steadier than a ratio of medians on a loaded machine.
    const ratio1 = median(ours.map((t, i) => t / walk[i]));
    const indexMs = median(Array.from({ length: runs }, () => time(() => A.buildTextIndex(document.body))[0]));
    const indexNoStyleMs = median(
      Array.from({ length: runs }, () => time(() => A.buildTextIndex(document.body, { computedVisibility: false }))[0]),
    );
    const hiddenQueryMs = median(
      Array.from({ length: runs }, () =>
        time(() => document.body.querySelectorAll('[class], [id]').length)[0],
      ),
    );

    insertParagraphs(seed);
    const walk2 = [];
    const ours2 = [];
    let found2 = 0;
    let correct2 = 0;
    for (let i = 0; i < runs; i++) {
      walk2.push(time(() => A.plainTextWalk(document.body))[0]);
      const [t, res] = time(() => A.anchorAll(sels, document.body));
      ours2.push(t);
      found2 = res.filter(Boolean).length;
      correct2 = res.filter((r, j) => r && norm(r.toString()) === sels[j].quote.exact).length;
    }
    const walk2Ms = median(walk2);
    const ours2Ms = median(ours2);
    const ratio2 = median(ours2.map((t, i) => t / walk2[i]));

    // dom-anchor-text-quote takes seconds per quote on a page this size: time an
    // even sample of the same quotes and scale to all of them.
    let dtqMs = null;
    let dtqFound = 0;
    const sample = sels.filter((_, i) => i % Math.ceil(sels.length / dtqSample) === 0);
    if (window.DTQ) {
      const [ms, res] = time(() =>
        sample.map((s) => window.DTQ.toRange(document.body, { exact: s.quote.exact, prefix: s.quote.prefix, suffix: s.quote.suffix })),
      );
      dtqMs = (ms / sample.length) * sels.length;
      dtqFound = res.filter(Boolean).length;
    }
    return {
      htmlBytes: savedBody.length,
      textChars: A.buildTextIndex(document.body).text.length,
      highlights: sels.length,
      walkMs,
      indexMs,
      indexNoStyleMs,
      hiddenQueryMs,
      oursMs,
      found,
      walk2Ms,
      ours2Ms,
      ratio1,
      ratio2,
      found2,
      correct2,
      dtqMs,
      dtqFound,
      dtqSample: sample.length,
    };
  }

  /** Picks the speed benchmark's quotes (and inserts its paragraphs) for tests/bench/anchor-profile.mjs. */
  function prepareSpeed({ seed, highlights = 500, inserted = false }) {
    document.body.innerHTML = savedBody;
    const r = rng(seed);
    const quotes = pickQuotes(r, highlights);
    const sels = quotes.map((q) => A.describe(A.buildTextIndex(q.el).toRange(q.start, q.end), document.body));
    if (inserted) insertParagraphs(seed);
    window.AnchorBench.prepared = sels;
    return sels.length;
  }

  window.AnchorBench = { KINDS, robustness, speed, prepareSpeed };
})();
