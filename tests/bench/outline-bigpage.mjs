// Generates a large article page (~1.5 MB) with site furniture around it, from a
// fixed word list and a seeded PRNG, so every run times the same page.
const WORDS = (
  'river lantern quiet morning paper garden letter window harbor winter bridge orchard ' +
  'reading patient careful honest slowly beneath across toward between although because ' +
  'memory language question answer evening season kitchen mountain shadow silver thread ' +
  'notebook margin chapter essay argument reason practice attention habit listening ' +
  'the a of and to in that it with as for on was is be by this which or from at'
).split(' ');

function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function sentence(rnd, min = 8, max = 22) {
  const n = min + Math.floor(rnd() * (max - min));
  const w = [];
  for (let i = 0; i < n; i++) w.push(WORDS[Math.floor(rnd() * WORDS.length)]);
  const s = w.join(' ');
  return s[0].toUpperCase() + s.slice(1) + '.';
}

function paragraph(rnd) {
  const n = 3 + Math.floor(rnd() * 5);
  const out = [];
  for (let i = 0; i < n; i++) out.push(sentence(rnd));
  return out.join(' ');
}

/** Returns { html, sections } with about `targetBytes` of HTML. */
export function bigArticlePage(targetBytes = 1_500_000) {
  const rnd = prng(42);
  const parts = [];
  const sections = [];
  let size = 0;
  let i = 0;
  while (size < targetBytes * 0.93) {
    i++;
    const h = `Part ${i}: ${sentence(rnd, 3, 6).slice(0, -1)}`;
    sections.push(h);
    let chunk = `<h2 id="p${i}">${h}</h2>\n`;
    for (let p = 0; p < 6; p++) chunk += `<p>${paragraph(rnd)} <a href="#n${i}">note</a> <em>${sentence(rnd, 3, 6)}</em></p>\n`;
    if (i % 3 === 0) {
      const sub = `Aside ${i}: ${sentence(rnd, 2, 5).slice(0, -1)}`;
      sections.push(sub);
      chunk += `<h3>${sub}</h3>\n<p>${paragraph(rnd)}</p>\n<ul><li>${sentence(rnd)}</li><li>${sentence(rnd)}</li></ul>\n`;
    }
    parts.push(chunk);
    size += chunk.length;
  }
  const nav = Array.from({ length: 40 }, (_, k) => `<li><a href="/c/${k}">Category ${k}</a></li>`).join('');
  const side = Array.from(
    { length: 10 },
    (_, k) => `<section class="widget"><h2 class="widget-title">Widget ${k}</h2><ul>${nav}</ul></section>`,
  ).join('');
  const comments = Array.from(
    { length: 120 },
    (_, k) => `<li class="comment"><b class="fn">Reader ${k}</b><p>${paragraph(rnd)}</p></li>`,
  ).join('');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A Long Essay – Big Site</title></head>
<body><header class="site-header"><h1 class="site-title">Big Site</h1><nav><ul>${nav}</ul></nav></header>
<div class="layout"><main><article><header><h1>A Long Essay</h1><p class="byline">By a writer</p></header>
<div class="content"><p>${paragraph(rnd)}</p>${parts.join('')}</div></article>
<section id="comments" class="comments-area"><h2>${120} comments</h2><ol>${comments}</ol></section></main>
<aside class="sidebar">${side}</aside></div><footer class="site-footer"><p>Footer text</p></footer></body></html>`;
  return { html, sections, title: 'A Long Essay' };
}
