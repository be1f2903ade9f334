// Ground truth and scoring helpers for the outline benchmark (no browser here).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Same normalisation as `normaliseText` in utils/normalise.ts (a copy: this file runs in
 * plain Node, which cannot import TypeScript); tests/unit/normalise.test.ts fails when
 * the two disagree.
 */
export function normaliseText(s) {
  if (!s) return '';
  return s
    .replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, '')
    .replace(/[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g, ' ')
    .trim();
}

const TRAILING =
  /(?:\s*(?:\[\s*(?:edit|edit source|modifier|bearbeiten|editar|modifica|編集|编辑|править)\s*\]|[¶§#🔗⚓]|\u{1F517}))+$/u;
const LEADING = /^(?:[¶§#🔗⚓]\s*)+/u;

export function headingCompareKey(s) {
  return normaliseText(s).replace(TRAILING, '').replace(LEADING, '').trim();
}

const SEP = /\s+[|\-–—·•:»«/]\s+|\s*::\s*|\s*[_｜]\s*/;

function titleKey(s) {
  return normaliseText(s).toLowerCase().replace(/[“”"'‘’«»]/g, '');
}

/**
 * A detected title is right when it equals the expected one after normalisation, or
 * equals it without leading/trailing site-name segments ("Mozilla - Wikipedia" -> "Mozilla"),
 * since the requirement is the title without a site-name suffix.
 */
export function titleMatches(detected, expected) {
  const d = titleKey(detected);
  if (d === titleKey(expected)) return true;
  if (!d) return false;
  const t = normaliseText(expected);
  // "Title [Site]" is a site-name suffix too.
  if (titleKey(t.replace(/\s*\[[^\]]+\]$/, '')) === d) return true;
  const re = new RegExp(SEP.source, 'g');
  for (let m = re.exec(t); m; m = re.exec(t)) {
    if (m[0].length === 0) break;
    if (titleKey(t.slice(0, m.index)) === d) return true;
    if (titleKey(t.slice(m.index + m[0].length)) === d) return true;
  }
  return false;
}

/** Pages of the readability corpus with their expected headings, or null when absent. */
export function loadCorpus(sharedDir) {
  const dir = path.join(sharedDir, 'corpus/readability');
  const file = path.join(dir, 'headings.json');
  if (!existsSync(file)) return null;
  const truth = JSON.parse(readFileSync(file, 'utf8'));
  const pages = [];
  for (const [name, page] of Object.entries(truth.pages)) {
    const source = path.join(dir, name, 'source.html');
    if (!existsSync(source)) continue;
    const expected = [];
    for (const h of page.headings) if (h.essayHeading) expected.push(headingCompareKey(h.sourceText ?? h.text));
    for (const b of page.boldParagraphs ?? []) if (b.actsAsHeading) expected.push(headingCompareKey(b.text));
    for (const m of page.missingEssayHeadings ?? []) expected.push(headingCompareKey(m.text));
    pages.push({ name, file: source, title: page.title, expected, kind: 'corpus' });
  }
  return pages;
}

/** Fixtures under shared/fixtures with a `.truth.json` beside them. */
export function loadFixtures(sharedDir) {
  const dir = path.join(sharedDir, 'fixtures');
  if (!existsSync(dir)) return null;
  const pages = [];
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith('.html')) continue;
    const truthFile = path.join(dir, f.replace(/\.html$/, '.truth.json'));
    if (!existsSync(truthFile)) continue;
    const t = JSON.parse(readFileSync(truthFile, 'utf8'));
    pages.push({
      name: 'fixture:' + f.replace(/\.html$/, ''),
      file: path.join(dir, f),
      title: t.title,
      expected: (t.headings ?? []).map(headingCompareKey),
      forbidden: (t.not_headings ?? []).map(headingCompareKey),
      kind: 'fixture',
    });
  }
  return pages;
}

/** Multiset comparison: { tp, misses, extras }. */
export function score(expected, detected) {
  const left = new Map();
  for (const e of expected) left.set(e, (left.get(e) ?? 0) + 1);
  const extras = [];
  let tp = 0;
  for (const d of detected) {
    const n = left.get(d) ?? 0;
    if (n > 0) {
      left.set(d, n - 1);
      tp++;
    } else extras.push(d);
  }
  const misses = [];
  for (const [e, n] of left) for (let i = 0; i < n; i++) misses.push(e);
  return { tp, misses, extras };
}

export function median(xs) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
