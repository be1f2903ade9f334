// The article's visible title: the heading that matches the page's metadata title,
// else the first h1 of the article, else the metadata title without its site name.
import { normaliseText } from './text';

interface TitleCandidate {
  el: Element;
  raw: number;
  kind: string;
  order: number;
}

const SEPARATORS = /\s+[|\-–—·•:»«/]\s+|\s*::\s*|\s*[_｜]\s*/;

const TITLE_META = new Set(['og:site_name', 'application-name', 'apple-mobile-web-app-title', 'og:title', 'twitter:title', 'title']);

/** The <meta> name/property -> content pairs the title needs, read in one pass. */
function metaMap(doc: Document): Map<string, string> {
  const map = new Map<string, string>();
  const read = (m: Element) => {
    // `name` is a reflected property: cheaper than a second getAttribute.
    const key = m.getAttribute('property') || (m as HTMLMetaElement).name;
    if (!key) return;
    const k = key.toLowerCase();
    if (!map.has(k) && TITLE_META.has(k)) map.set(k, normaliseText(m.getAttribute('content')));
  };
  const head = doc.head;
  if (head && head.localName === 'head') {
    // The parser keeps <meta> as direct children of <head>: walking the children is
    // cheaper than a tag collection.
    for (let m = head.firstElementChild; m; m = m.nextElementSibling) if (m.localName === 'meta') read(m);
  } else {
    const metas = doc.getElementsByTagName('meta');
    for (let i = 0; i < metas.length; i++) read(metas[i]);
  }
  return map;
}

/** Removes a leading or trailing site name ("Title – Site", "Site | Title"). */
export function stripSiteName(title: string, siteName = ''): string {
  const t = normaliseText(title);
  if (!t) return t;
  const site = normaliseText(siteName).toLowerCase();
  const parts = t.split(SEPARATORS);
  if (parts.length < 2) return t;
  if (site) {
    const last = parts[parts.length - 1].toLowerCase();
    const first = parts[0].toLowerCase();
    if (last === site || site.includes(last) || last.includes(site)) return cutLast(t);
    if (first === site || site.includes(first) || first.includes(site)) return cutFirst(t);
  }
  const words = (s: string) => s.split(' ').length;
  const last = parts[parts.length - 1];
  const rest = cutLast(t);
  if (words(last) <= 4 && words(rest) >= 2 && last.length < rest.length) return rest;
  return t;
}

const SEPARATORS_ALL = new RegExp(SEPARATORS.source, 'g');

function cutLast(t: string): string {
  let idx = -1;
  const re = SEPARATORS_ALL;
  re.lastIndex = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) idx = m.index;
  return idx > 0 ? t.slice(0, idx).trim() : t;
}

function cutFirst(t: string): string {
  const m = SEPARATORS.exec(t);
  return m ? t.slice(m.index + m[0].length).trim() : t;
}

function similar(a: string, b: string): boolean {
  if (!a || !b) return false;
  if (a === b) return a.length >= 3;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return long.includes(short) && short.length >= long.length * 0.5 && short.length >= 8;
}

const HEADLINE = /"headline"\s*:\s*"((?:[^"\\]|\\.)*)"/;

/** The headline of the page's JSON-LD (schema.org Article and kin), or ''. */
function jsonLdHeadline(doc: Document): string {
  // The document's script collection is kept by the browser: no selector scan of the page.
  const all = doc.scripts;
  const scripts: Element[] = [];
  for (let i = 0; i < all.length && scripts.length < 8; i++) {
    // Selectors match an HTML `type` attribute case-insensitively; so does this.
    if (all[i].getAttribute('type')?.toLowerCase() === 'application/ld+json') scripts.push(all[i]);
  }
  for (let i = 0; i < scripts.length; i++) {
    const raw = scripts[i].textContent || '';
    if (raw.length > 200_000 || raw.indexOf('headline') < 0) continue;
    // Read the first "headline" string without parsing the whole (often large) graph.
    const m = HEADLINE.exec(raw);
    if (m) {
      try {
        const found = normaliseText(JSON.parse(`"${m[1]}"`));
        if (found) return found;
      } catch {
        /* a malformed escape: fall back to a full parse */
      }
    }
    try {
      const found = findHeadline(JSON.parse(raw), 0);
      if (found) return found;
    } catch {
      /* malformed JSON-LD is common; ignore it */
    }
  }
  return '';
}

function findHeadline(node: unknown, depth: number): string {
  if (!node || typeof node !== 'object' || depth > 4) return '';
  if (Array.isArray(node)) {
    for (const n of node) {
      const h = findHeadline(n, depth + 1);
      if (h) return h;
    }
    return '';
  }
  const o = node as Record<string, unknown>;
  if (typeof o.headline === 'string' && o.headline.trim()) return normaliseText(o.headline);
  return findHeadline(o['@graph'], depth + 1);
}

/** Share of a's words (letters/digits runs) that also occur in b. */
function wordOverlap(a: string, b: string): number {
  const words = a.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (!words.length) return 0;
  const other = new Set(b.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  return words.filter((w) => other.has(w)).length / words.length;
}

let lastHost = { url: '', label: '' };

function hostLabel(doc: Document): string {
  const url = doc.URL;
  // Re-detection on the same page parses the same URL: remember the last one.
  if (url === lastHost.url) return lastHost.label;
  let label = '';
  try {
    const parts = new URL(url).hostname.split('.');
    label = parts.length >= 2 ? parts[parts.length - 2] : '';
  } catch {
    label = '';
  }
  lastHost = { url, label };
  return label;
}

// A pure function of its strings, called several times per detection with the same
// ones, and again on every re-detection of the page: memoised.
const knownSiteMemo = new Map<string, string>();

/** Removes a site-name segment only when it is known to be the site's name. */
function stripKnownSite(title: string, siteNames: string[]): string {
  const memoKey = `${title}\u0000${siteNames.join('\u0000')}`;
  let out = knownSiteMemo.get(memoKey);
  if (out === undefined) {
    out = stripKnownSiteNow(title, siteNames);
    if (knownSiteMemo.size > 200) knownSiteMemo.clear();
    knownSiteMemo.set(memoKey, out);
  }
  return out;
}

function stripKnownSiteNow(title: string, siteNames: string[]): string {
  const t = normaliseText(title);
  const parts = t.split(SEPARATORS);
  if (parts.length < 2) return t;
  const names = siteNames.map((n) => n.toLowerCase()).filter((n) => n.length >= 2);
  const isSite = (seg: string) => {
    const x = seg.toLowerCase().replace(/\s+/g, '');
    return names.some((n) => {
      const y = n.replace(/\s+/g, '');
      return x === y || (y.length >= 4 && (x.includes(y) || (x.length >= 4 && y.includes(x))));
    });
  };
  if (isSite(parts[parts.length - 1])) return cutLast(t);
  if (isSite(parts[0])) return cutFirst(t);
  return t;
}

/**
 * Picks the title: the metadata headline (JSON-LD, Open Graph, Twitter) when the page
 * has one, else the visible heading that matches the document title, else the first
 * h1 of the article, else the document title; a known site name is removed. Also
 * returns the visible title element (excluded from the sections), when there is one.
 */
export function findTitle(
  doc: Document,
  cands: TitleCandidate[],
  root: Element,
  textOf: (el: Element) => string,
  isFurniture: (c: TitleCandidate) => boolean,
  isVisible: (el: Element) => boolean = () => true,
): { title: string; titleEl: Element | null } {
  const metas = metaMap(doc);
  const meta = (k: string) => metas.get(k) ?? '';
  const siteNames = [meta('og:site_name'), meta('application-name'), meta('apple-mobile-web-app-title'), hostLabel(doc)].filter(
    Boolean,
  );
  const docTitle = normaliseText(doc.title);
  // Some sites put a description in JSON-LD "headline" (Wikipedia): trust it only when
  // it shares words with the document title.
  let ld = jsonLdHeadline(doc);
  if (ld && docTitle && wordOverlap(ld, docTitle) < 0.5) ld = '';
  const metaTitle = ld || meta('og:title') || meta('twitter:title') || meta('title');
  // Rank the headings that match: a match of the whole title beats a match of one
  // segment, the first segment beats later ones (site names trail), an h1 beats an h2,
  // and one inside the article beats one in the site header.
  const keys = new Set<string>();
  const full = new Set<string>();
  const first = new Set<string>();
  for (const t of [metaTitle, docTitle]) {
    if (!t) continue;
    const whole = t.toLowerCase();
    const withoutKnownSite = stripKnownSite(t, siteNames).toLowerCase();
    const withoutSite = stripSiteName(t).toLowerCase();
    const segments = t.split(SEPARATORS);
    keys.add(whole);
    keys.add(withoutKnownSite);
    keys.add(withoutSite);
    // A heading may repeat one segment of "draft-name - Title".
    for (const seg of segments) if (seg.length >= 8) keys.add(seg.toLowerCase());
    full.add(whole);
    full.add(withoutKnownSite);
    first.add(withoutSite);
    first.add((segments[0] ?? '').toLowerCase());
  }
  let best: TitleCandidate | null = null;
  let bestText = '';
  let bestRank = -1;
  let looked = 0;
  for (const c of cands) {
    if (c.raw > 3 || c.kind === 'bold' || c.kind === 'line') continue;
    // h2/h3 titles (Blogger's post titles) only among the first few headings.
    if (c.raw > 1 && ++looked > 40) continue;
    const text = textOf(c.el);
    const key = text.toLowerCase();
    let quality = 0;
    for (const k of full) if (similar(key, k)) quality = 3;
    if (!quality) for (const k of first) if (similar(key, k)) quality = 2;
    if (!quality) for (const k of keys) if (similar(key, k)) quality = 1;
    if (!quality) continue;
    const rank =
      quality * 8 + (c.raw === 1 ? 4 : c.raw === 2 ? 2 : 0) + (root.contains(c.el) ? 2 : 0) + (isFurniture(c) ? 0 : 1);
    if (rank > bestRank && isVisible(c.el)) {
      best = c;
      bestText = text;
      bestRank = rank;
    }
  }
  if (!best) {
    // No match: the first h1 inside the article, or the last one before it.
    let before: TitleCandidate | null = null;
    for (const c of cands) {
      if (c.raw !== 1 || c.kind !== 'h' || isFurniture(c)) continue;
      if (!isVisible(c.el)) continue;
      if (root.contains(c.el)) {
        best = c;
        break;
      }
      if (root.compareDocumentPosition(c.el) & 2 /* PRECEDING */) before = c;
    }
    best ??= before;
    if (best) bestText = textOf(best.el);
  }
  // A match found only in the site's banner (an app or site name that is also the
  // document title, as on single-page apps that never update it) gives way to an h1
  // opening the article itself.
  if (best && !root.contains(best.el) && inBanner(best.el)) {
    const opener = articleOpeningH1(cands, root, isFurniture, isVisible);
    if (opener) {
      best = opener;
      bestText = textOf(opener.el);
    }
  }
  const titleEl = best && bestText ? best.el : null;
  if (metaTitle) return { title: stripKnownSite(metaTitle, siteNames), titleEl };
  if (titleEl) return { title: bestText, titleEl };
  return { title: stripKnownSite(docTitle, siteNames), titleEl: null };
}

/** Inside the page's banner (site header or navigation), not an article's own header. */
function inBanner(el: Element): boolean {
  const banner = el.closest('header, nav, [role="banner"], [role="navigation"]');
  return !!banner && !banner.closest('article, main, [role="main"]');
}

/** The article's first heading when it is an h1 with (almost) no text before it. */
function articleOpeningH1(
  cands: TitleCandidate[],
  root: Element,
  isFurniture: (c: TitleCandidate) => boolean,
  isVisible: (el: Element) => boolean,
): TitleCandidate | null {
  const first = cands.find((c) => c.kind === 'h' && root.contains(c.el) && !isFurniture(c));
  if (!first || first.raw !== 1 || !isVisible(first.el)) return null;
  const doc = root.ownerDocument;
  const before = doc.createRange();
  before.setStart(root, 0);
  before.setEndBefore(first.el);
  return before.toString().trim().length <= 40 ? first : null;
}
