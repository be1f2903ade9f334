// Generates a large article-like HTML page for the anchoring speed benchmark:
// sections, paragraphs with inline markup, lists, quotes, scripts, hidden blocks,
// source line breaks. The words are made-up syllable strings (no real text).

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

const SYL = 'ka lo mi ren tu sha vel or ith an mor dex pla qui zo ber nel fa gri hon sel tor ul vin wes'.split(' ');
const COMMON = 'the of and a to in is that it was for on as with by at from this be or'.split(' ');

/**
 * Returns { html } of roughly `targetBytes` bytes, deterministic for a seed.
 * `shape: 'markup'` (default) is an essay of short paragraphs full of inline
 * markup and source line breaks (many small text nodes); `shape: 'long'` is a
 * few dozen paragraphs that are each one long text node of 10–60 KB (a
 * transcript, a book chapter pasted as plain text).
 */
export function generatePage({ seed = 7, targetBytes = 1_500_000, shape = 'markup' } = {}) {
  const r = rng(seed);
  const pick = (arr) => arr[Math.floor(r() * arr.length)];
  const word = () => {
    if (r() < 0.35) return pick(COMMON);
    let w = '';
    const n = 1 + Math.floor(r() * 3);
    for (let i = 0; i < n; i++) w += pick(SYL);
    return w;
  };
  const sentence = () => {
    const n = 6 + Math.floor(r() * 18);
    const ws = Array.from({ length: n }, word);
    ws[0] = ws[0][0].toUpperCase() + ws[0].slice(1);
    return ws.join(' ') + pick(['.', '.', '.', '?', '!', ';']);
  };
  const inline = (s) => {
    // Wrap a few words in inline markup, and break source lines like an editor would.
    const ws = s.split(' ');
    for (let i = 0; i < ws.length; i++) {
      const x = r();
      if (x < 0.04) ws[i] = `<em>${ws[i]}</em>`;
      else if (x < 0.07) ws[i] = `<a href="#n${i}">${ws[i]}</a>`;
      else if (x < 0.09) ws[i] = `<strong>${ws[i]}</strong>`;
      if (r() < 0.08) ws[i] += '\n        ';
    }
    return ws.join(' ');
  };
  const para = () => {
    const n = 2 + Math.floor(r() * 5);
    return Array.from({ length: n }, () => inline(sentence())).join(' ');
  };

  if (shape === 'long') return longPage(r, sentence, targetBytes);

  const out = [];
  out.push(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Generated essay</title>
<style>.promo{display:none} .sr{position:absolute;left:-9999px} body{font:16px/1.5 serif;max-width:40em;margin:auto}</style>
</head><body>
<header><nav><ul><li><a href="#">Home</a></li><li><a href="#">Archive</a></li><li><a href="#">About</a></li></ul></nav></header>
<main><article><h1>Generated essay for anchoring</h1>`);
  let size = out[0].length;
  let section = 0;
  while (size < targetBytes) {
    const chunk = [];
    if (r() < 0.08) chunk.push(`<h2 id="s${++section}">${sentence().slice(0, 40)}</h2>`);
    const x = r();
    if (x < 0.7) chunk.push(`<p>\n      ${para()}\n    </p>`);
    else if (x < 0.8) {
      const items = Array.from({ length: 2 + Math.floor(r() * 4) }, () => `<li>${inline(sentence())}</li>`);
      chunk.push(`<ul>\n${items.join('\n')}\n</ul>`);
    } else if (x < 0.86) chunk.push(`<blockquote><p>${para()}</p></blockquote>`);
    else if (x < 0.9) chunk.push(`<div class="promo"><p>${sentence()}</p></div>`);
    else if (x < 0.93) chunk.push(`<script>window.__n = (window.__n || 0) + ${Math.floor(r() * 100)};</script>`);
    else if (x < 0.96) chunk.push(`<figure><figcaption>${sentence()}</figcaption></figure>`);
    else chunk.push(`<div><span class="sr">${sentence()}</span><p>${para()}</p></div>`);
    const s = chunk.join('\n');
    out.push(s);
    size += s.length;
  }
  out.push('</article></main><footer><p>Generated page, no rights reserved.</p></footer></body></html>');
  return { html: out.join('\n') };
}

/** Few, huge text nodes: each paragraph is one text node of 10–60 KB of sentences. */
function longPage(r, sentence, targetBytes) {
  const out = [`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Generated transcript</title>
<style>body{font:16px/1.5 serif;max-width:40em;margin:auto}</style></head><body>
<main><article><h1>Generated transcript for anchoring</h1>`];
  let size = out[0].length;
  let section = 0;
  while (size < targetBytes) {
    let chunk = '';
    if (r() < 0.15) chunk += `<h2 id="s${++section}">${sentence().slice(0, 40)}</h2>\n`;
    const want = 10_000 + Math.floor(r() * 50_000);
    const parts = [];
    let n = 0;
    while (n < want) {
      const s = sentence();
      parts.push(s);
      n += s.length + 1;
    }
    chunk += `<p>${parts.join(' ')}</p>`;
    out.push(chunk);
    size += chunk.length;
  }
  out.push('</article></main></body></html>');
  return { html: out.join('\n') };
}
