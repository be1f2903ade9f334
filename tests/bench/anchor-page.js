// In-page half of the anchoring benchmark (injected as a classic script into a real
// page after the bundled module, which sits on window.GlossAnchoring).
// window.AnchorBench.robustness(kind, seed) restores the page, picks quotes, describes
// them, changes the page the way `kind` says, re-anchors and grades every quote.
// window.AnchorBench.speed(...) times anchorAll against a plain text walk and a
// Hypothesis-style anchoring (window.Baselines, tests/bench/anchor-baselines.ts)
// after each kind of change.
(() => {
  const A = window.GlossAnchoring;
  const B = window.Baselines;
  // Gloss's anchoring as of another commit (--before=<ref>), when injected:
  // timed and graded beside the current one on the same selectors.
  const P = window.GlossAnchoringBefore ?? null;
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
    // One word list per paragraph, shared by its quotes: a copy per quote of a
    // 50 KB paragraph's would fill the heap and slow every GC being measured.
    const wordLists = new Map();
    const quotes = [];
    for (let tries = 0; quotes.length < n && tries < n * 40 && paras.length; tries++) {
      const el = pick(r, paras);
      let local = wordLists.get(el);
      if (!local) wordLists.set(el, (local = { text: A.buildTextIndex(el).text, words: null }));
      const words = (local.words ??= wordsOf(local.text));
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

  const KINDS = [
    'none', 'insert', 'reflow', 'markup', 'edit-around', 'edit-inside', 'duplicate', 'duplicate-next',
    'duplicate-all', 'remove', 'reorder',
  ];

  /** Restores the page, picks the seed's quotes and describes them from one index. */
  function setup(seed, perPage) {
    document.body.innerHTML = savedBody;
    const r = rng(seed);
    const quotes = pickQuotes(r, perPage);
    const index = A.buildTextIndex(document.body);
    let describeMismatch = 0;
    const ranges = quotes.map((q) => A.buildTextIndex(q.el).toRange(q.start, q.end));
    const hypo = B.describeHypoAll(ranges, document.body);
    quotes.forEach((q, i) => (q.hypo = hypo[i]));
    for (const [i, q] of quotes.entries()) {
      const range = ranges[i];
      q.sel = JSON.parse(JSON.stringify(A.describe(range, document.body, { index })));
      if (q.sel.quote.exact !== q.text) describeMismatch++;
      q.expectText = q.text;
      q.live = null; // live Range tracking the expected place, for edits
      q.gone = false;
    }
    return { quotes, describeMismatch };
  }

  /** Puts a copy of `el` 1–3 blocks below it, or right after it with `adjacent`. */
  function duplicateBelow(el, cr, adjacent = false) {
    const copy = el.cloneNode(true);
    let after = el;
    const hops = adjacent ? 0 : 1 + Math.floor(cr() * 3);
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
        const target = applyChange(kind, quotes, seed, t);
        const res = anchorAndGrade(kind, quotes, describeMismatch, (q) => q.el === target);
        total = total ? mergeResults(total, res) : res;
      }
      return total;
    }
    const { quotes, describeMismatch } = setup(seed, perPage);
    applyChange(kind, quotes, seed, 0);
    return anchorAndGrade(kind, quotes, describeMismatch, () => true);
  }

  /**
   * Changes the page the way `kind` says, noting on `quotes` what becomes of
   * them (gone, edited, a live range where they are now). For 'duplicate',
   * `trial` picks the quoted paragraph that is copied; it is returned.
   */
  function applyChange(kind, quotes, seed, trial) {
    const cr = rng(seed ^ 0x9e3779b9);
    const quoteParas = [...new Set(quotes.map((q) => q.el))];
    if (kind === 'duplicate') {
      const target = quoteParas[trial];
      duplicateBelow(target, rng(seed + trial));
      return target;
    }
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
    } else if (kind === 'duplicate-next') {
      for (const el of quoteParas) duplicateBelow(el, cr, true);
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

    return null;
  }

  function mergeResults(a, b) {
    for (const part of ['tally', 'removed', 'insideEdited', 'methods', 'hypo', 'before']) {
      for (const [k, v] of Object.entries(b[part])) a[part][k] = (a[part][k] ?? 0) + v;
    }
    a.failures.push(...b.failures);
    return a;
  }

  /**
   * Anchors `quotes` with Gloss and grades where they went; the same for the
   * Hypothesis-style baseline, with `hypoRanges` when given (an entry left
   * undefined is not graded: the speed benchmark may run it on a sample).
   */
  function anchorAndGrade(kind, quotes, describeMismatch, graded, hypoRanges, beforeRanges) {
    hypoRanges ??= B.hypoAnchorAll(quotes.map((q) => q.hypo), document.body);
    const results = A.anchorAllDetailed(quotes.map((q) => q.sel), document.body);
    beforeRanges ??= P ? P.anchorAll(quotes.map((q) => q.sel), document.body) : null;
    const before = { correct: 0, partly: 0, wrong: 0, orphan: 0, removedFound: 0 };
    const tally = { quotes: quotes.filter((q) => !q.gone && graded(q)).length, correct: 0, partly: 0, wrong: 0, orphan: 0, describeMismatch };
    const removed = { quotes: 0, orphan: 0, foundElsewhere: 0 };
    const insideEdited = { quotes: 0, correct: 0, partly: 0, wrong: 0, orphan: 0 };
    const methods = {};
    const failures = [];
    const hypo = { graded: 0, correct: 0, partly: 0, wrong: 0, orphan: 0, removedFound: 0 };
    quotes.forEach((q, i) => {
      const res = results[i];
      if (!graded(q)) return;
      const h = hypoRanges[i];
      const hypoGraded = h !== undefined;
      const pr = beforeRanges ? beforeRanges[i] : undefined;
      if (q.gone) {
        if (pr) before.removedFound++;
        if (h) hypo.removedFound++;
        if (hypoGraded) hypo.graded++;
        removed.quotes++;
        if (res.range) {
          removed.foundElsewhere++;
          failures.push({ grade: 'removed-found', exact: q.sel.quote.exact.slice(0, 80), got: norm(res.range.toString()).slice(0, 80), method: res.method });
        } else removed.orphan++;
        return;
      }
      let expected = q.live;
      if (!expected) expected = A.buildTextIndex(q.el).toRange(q.start, q.end);
      const gradeOf = (range) => {
        if (!range) return 'orphan';
        if (!overlaps(range, expected)) return 'wrong';
        return norm(range.toString()) === norm(q.expectText) ? 'correct' : 'partly';
      };
      const grade = gradeOf(res.range);
      if (hypoGraded) hypo[gradeOf(h)]++, hypo.graded++;
      if (beforeRanges) before[gradeOf(pr)]++;
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
    return { kind, tally, removed, insideEdited, methods, failures, hypo, before };
  }

  function median(xs) {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
  }

  /** Change kinds timed by the speed benchmark. */
  const SPEED_KINDS = ['none', 'insert', 'reflow', 'markup', 'edit-around', 'edit-inside', 'duplicate-next', 'remove', 'reorder'];

  /**
   * After the `kind` change, times (ms, medians of interleaved runs) a plain
   * text walk, anchorAll and the Hypothesis-style baseline on the same
   * highlights, and grades both. The baseline is run while its runs stay
   * within `hypoBudgetMs` (at least once): on changed pages it searches the
   * whole text approximately, seconds per run on a big page.
   */
  function speed({ seed, kind = 'none', highlights = 500, runs = 15, hypoBudgetMs = 4000 }) {
    const { quotes } = setup(seed, highlights);
    if (kind !== 'none') applyChange(kind, quotes, seed, 0);
    const sels = quotes.map((q) => q.sel);
    const hsels = quotes.map((q) => q.hypo);
    const time = (fn) => {
      const t0 = performance.now();
      const out = fn();
      return [performance.now() - t0, out];
    };
    // The baseline searches the whole text approximately for every quote not
    // at its position: seconds on a big changed page. It is first run on an
    // even sample of 50; when that is slow, the sample's time is scaled up.
    const step = Math.max(1, Math.floor(hsels.length / 50));
    const sampleIdx = hsels.map((_, i) => i).filter((i) => i % step === 0);
    const [sampleMs, sampleRanges] = time(() => B.hypoAnchorAll(sampleIdx.map((i) => hsels[i]), document.body));
    const hypoScaled = sampleMs * (hsels.length / sampleIdx.length) > hypoBudgetMs;
    // Warm the JIT for both sides before timing.
    for (let i = 0; i < 2; i++) {
      B.plainTextWalk(document.body);
      A.anchorAll(sels, document.body);
      if (P) P.anchorAll(sels, document.body);
    }
    const walk = [];
    const ours = [];
    const prev = [];
    let prevRanges = null;
    const hypo = [];
    let hypoRanges = null;
    let hypoTotal = 0;
    for (let i = 0; i < runs; i++) {
      walk.push(time(() => B.plainTextWalk(document.body))[0]);
      ours.push(time(() => A.anchorAll(sels, document.body))[0]);
      if (P) {
        const [t, res] = time(() => P.anchorAll(sels, document.body));
        prev.push(t);
        prevRanges = res;
      }
      if (!hypoScaled && (hypo.length === 0 || hypoTotal + hypo[0] <= hypoBudgetMs)) {
        const [t, res] = time(() => B.hypoAnchorAll(hsels, document.body));
        hypo.push(t);
        hypoRanges = res;
        hypoTotal += t;
      }
    }
    if (hypoScaled) {
      hypo.push(sampleMs * (hsels.length / sampleIdx.length));
      hypoRanges = new Array(hsels.length);
      sampleIdx.forEach((i, k) => (hypoRanges[i] = sampleRanges[k]));
    }
    const graded = anchorAndGrade(kind, quotes, 0, () => true, hypoRanges, prevRanges);
    const walkMs = median(walk);
    const oursMs = median(ours);
    const hypoMs = median(hypo);
    return {
      kind,
      htmlBytes: savedBody.length,
      textChars: A.buildTextIndex(document.body).text.length,
      textNodes: countTextNodes(),
      highlights: sels.length,
      walkMs,
      oursMs,
      hypoMs,
      beforeMs: P ? median(prev) : null,
      beforeRatioWalk: P ? median(prev.map((t, i) => t / walk[i])) : null,
      beforeRatioHypo: P ? median(prev) / hypoMs : null,
      before: P ? graded.before : null,
      hypoRuns: hypo.length,
      hypoSample: hypoScaled ? sampleIdx.length : 0,
      // Paired ratios (each anchorAll against the walk run just before it) are
      // steadier than a ratio of medians on a loaded machine.
      ratioWalk: median(ours.map((t, i) => t / walk[i])),
      ratioHypo: oursMs / hypoMs,
      tally: graded.tally,
      removed: graded.removed,
      hypo: graded.hypo,
    };
  }

  function countTextNodes() {
    const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    let n = 0;
    while (w.nextNode()) n++;
    return n;
  }

  /** dom-anchor-text-quote on an even sample of the speed quotes after `kind`, scaled to all of them (ms). */
  function dtqSpeed({ seed, kind = 'insert', highlights = 500, sample = 10 }) {
    const { quotes } = setup(seed, highlights);
    if (kind !== 'none') applyChange(kind, quotes, seed, 0);
    const sels = quotes.map((q) => q.sel);
    const picked = sels.filter((_, i) => i % Math.ceil(sels.length / sample) === 0);
    const t0 = performance.now();
    const res = picked.map((s) => window.DTQ.toRange(document.body, { exact: s.quote.exact, prefix: s.quote.prefix, suffix: s.quote.suffix }));
    const ms = performance.now() - t0;
    return { ms: (ms / picked.length) * sels.length, found: res.filter(Boolean).length, sample: picked.length };
  }

  /** Picks the speed benchmark's quotes (and makes the change) for tests/bench/anchor-profile.mjs. */
  function prepareSpeed({ seed, highlights = 500, kind = 'none' }) {
    const { quotes } = setup(seed, highlights);
    if (kind !== 'none') applyChange(kind, quotes, seed, 0);
    window.AnchorBench.prepared = quotes.map((q) => q.sel);
    return quotes.length;
  }

  window.AnchorBench = { KINDS, SPEED_KINDS, robustness, speed, dtqSpeed, prepareSpeed };
})();
