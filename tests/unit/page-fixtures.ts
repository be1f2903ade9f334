import { describe as describeRange } from '@/utils/anchoring';
import type { Highlight } from '@/utils/store/schema';
import { highlight } from './store-fixtures';

// Helpers for tests that run a page session on a test page (happy-dom).

export const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

/** Waits until `cond()` holds; fails with `what` after `ms`. */
export async function until(cond: () => boolean, what: string, ms = 2000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await tick(5);
  }
}

/** A stored highlight of the first occurrence of `quote` on the current page. */
export function highlightOf(id: string, quote: string): Highlight {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const at = n.textContent!.indexOf(quote);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(n, at);
    range.setEnd(n, at + quote.length);
    return highlight(id, { text: quote, selectors: describeRange(range, document.body) });
  }
  throw new Error(`"${quote}" is not on the test page`);
}
