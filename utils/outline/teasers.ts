// Teasers: a heading that is wholly a link to another page names that page (a list of
// related stories) rather than opening a section of this one. prose-sections.ts asks
// this only of the headings whose fate depends on it.
import { normaliseText } from './text';

let lastPage: { href: string; url: { origin: string; pathname: string } | null } = { href: '', url: null };

/** Origin and path of the page's URL (the last one is remembered: re-detection asks again). */
export function pageUrl(href: string): { origin: string; pathname: string } | null {
  if (href === lastPage.href && href) return lastPage.url;
  let url: { origin: string; pathname: string } | null = null;
  try {
    const u = new URL(href);
    url = { origin: u.origin, pathname: u.pathname };
  } catch {
    url = null;
  }
  lastPage = { href, url };
  return url;
}

/** Whether `el` is (or wholly holds) a link to a page other than `here`. */
export function isLinkToElsewhere(el: Element, doc: Document, here: { origin: string; pathname: string } | null): boolean {
  const a = el.localName === 'a' ? el : el.querySelector('a[href]');
  if (!a) return false;
  const href = a.getAttribute('href') || '';
  if (!href || href.startsWith('#') || href.startsWith('javascript:')) return false;
  const linkText = normaliseText(a.textContent).length;
  const all = normaliseText(el.textContent).length;
  if (linkText < all * 0.8) return false;
  try {
    const url = new URL(href, doc.baseURI);
    if (here && url.origin === here.origin && url.pathname === here.pathname) return false;
  } catch {
    return true;
  }
  return true;
}
