/** Query parameters that track a visit rather than name a page. */
const TRACKING_PARAMS = new Set([
  'fbclid', 'gclid', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'twclid', 'igshid', 'mc_cid', 'mc_eid',
  '_ga', '_gl', 'ref_src', 'ref_url', 'spm', 'share', 'si', 'mkt_tok', 'oly_anon_id', 'oly_enc_id', 'vero_id',
  '__s', '_hsenc', '_hsmi', 'hsctatracking', 'ncid', 'cmpid', 'sr_share', 's_cid', 'trk', 'wt_mc',
]);

function isTracking(name: string): boolean {
  const n = name.toLowerCase();
  return n.startsWith('utm_') || n.startsWith('pk_') || n.startsWith('mtm_') || TRACKING_PARAMS.has(n);
}

/**
 * The key Gloss stores a page under: the URL without fragment, tracking parameters
 * (utm_*, fbclid, …), default port or trailing "index.html"; host lower-cased; remaining
 * query parameters sorted. Returns the input unchanged (trimmed) when it is not a URL.
 */
export function normalizeUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return input.trim();
  }
  url.hash = '';
  if (url.protocol === 'http:' || url.protocol === 'https:') {
    // Read and rebuilt through forEach/append only: in a Firefox content script `URL` is
    // the page's, seen through an Xray wrapper, and the iterators its URLSearchParams
    // returns (entries(), [Symbol.iterator]) are not iterable there.
    const kept: [string, string][] = [];
    url.searchParams.forEach((value, name) => {
      if (!isTracking(name)) kept.push([name, value]);
    });
    kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const params = new URLSearchParams();
    for (const [name, value] of kept) params.append(name, value);
    url.search = kept.length ? '?' + params.toString() : '';
    url.pathname = url.pathname.replace(/\/index\.html?$/i, '/');
    if (url.pathname.length > 1) url.pathname = url.pathname.replace(/\/+$/, '');
  }
  return url.toString();
}

/** Host name shown as a page's site, without "www.". */
export function siteOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}
