/**
 * Links that scroll a browser to a quoted passage, using URL text fragments
 * (https://wicg.github.io/scroll-to-text-fragment/): `#:~:text=[prefix-,]start[,end][,-suffix]`.
 */

/** Quotes longer than this many words are linked as `start,end` instead of in full. */
const LONG_QUOTE_WORDS = 12;
/** Words kept at each end of a long quote, and of a prefix or suffix. */
const EDGE_WORDS = 4;
/** Quotes with fewer words than this get a prefix/suffix so the browser picks the right one. */
const SHORT_QUOTE_WORDS = 5;

/**
 * Percent-encodes one text-directive term. encodeURIComponent leaves `-` (the directive's
 * own syntax) and `!'()*` unescaped; `(` and `)` would also end a Markdown link, so all of
 * them are encoded. Lone surrogates (which encodeURIComponent throws on) become U+FFFD.
 */
export function encodeFragmentTerm(term: string): string {
  const wellFormed = term.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  return encodeURIComponent(wellFormed).replace(/[-!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

/**
 * The URL with a text fragment pointing at the quote. Long quotes use the `start,end`
 * form (first and last few words); short ones carry a few whole words of prefix and
 * suffix so a phrase that occurs several times still resolves to the right place. The
 * stored prefix/suffix usually start or end mid-word, and text fragments only match at
 * word boundaries, so their cut-off outer word is dropped. An existing `#fragment` is kept.
 * Returns the URL unchanged when the quote has no words.
 */
export function textFragmentUrl(url: string, quote: { exact: string; prefix?: string; suffix?: string }): string {
  const exact = words(quote.exact);
  if (exact.length === 0) return url;
  const terms: string[] = [];
  const short = exact.length < SHORT_QUOTE_WORDS;
  if (short && quote.prefix) {
    const pre = words(quote.prefix);
    // The first word is whole only when the stored prefix starts at a space.
    const whole = /^\s/.test(quote.prefix) ? pre : pre.slice(1);
    const kept = whole.slice(-EDGE_WORDS);
    if (kept.length) terms.push(encodeFragmentTerm(kept.join(' ')) + '-');
  }
  if (exact.length > LONG_QUOTE_WORDS) {
    terms.push(encodeFragmentTerm(exact.slice(0, EDGE_WORDS).join(' ')));
    terms.push(encodeFragmentTerm(exact.slice(-EDGE_WORDS).join(' ')));
  } else {
    terms.push(encodeFragmentTerm(exact.join(' ')));
  }
  if (short && quote.suffix) {
    const suf = words(quote.suffix);
    const whole = /\s$/.test(quote.suffix) ? suf : suf.slice(0, -1);
    const kept = whole.slice(0, EDGE_WORDS);
    if (kept.length) terms.push('-' + encodeFragmentTerm(kept.join(' ')));
  }
  const directive = ':~:text=' + terms.join(',');
  const hash = url.indexOf('#');
  if (hash === -1) return url + '#' + directive;
  // A fragment directive follows the page's own fragment; drop any older directive.
  const base = url.slice(0, hash);
  const own = url.slice(hash + 1).split(':~:')[0];
  return base + '#' + own + directive;
}
