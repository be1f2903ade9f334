import { afterEach, describe, expect, it, vi } from 'vitest';
import { normalizeUrl, siteOf } from '@/utils/url';

describe('normalizeUrl', () => {
  it('drops the fragment and tracking parameters', () => {
    expect(normalizeUrl('https://Example.com/essay/?utm_source=x&utm_medium=y&fbclid=abc#comments')).toBe(
      'https://example.com/essay',
    );
    expect(normalizeUrl('https://example.com/a?gclid=1&p=2&mc_cid=3')).toBe('https://example.com/a?p=2');
  });
  it('keeps meaningful parameters, sorted', () => {
    expect(normalizeUrl('https://example.com/read?page=2&id=7')).toBe('https://example.com/read?id=7&page=2');
  });
  it('treats index.html, trailing slashes and default ports as the same page', () => {
    expect(normalizeUrl('https://example.com:443/blog/index.html')).toBe('https://example.com/blog');
    expect(normalizeUrl('https://example.com/blog/')).toBe(normalizeUrl('https://example.com/blog/index.html'));
    expect(normalizeUrl('http://example.com/blog/post/')).toBe('http://example.com/blog/post');
    expect(normalizeUrl('http://example.com/')).toBe('http://example.com/');
  });
  it('leaves non-URLs alone', () => {
    expect(normalizeUrl('  not a url ')).toBe('not a url');
  });
  it('gives the site without www', () => {
    expect(siteOf('https://www.example.org/x')).toBe('example.org');
    expect(siteOf('nope')).toBe('');
  });
  describe('where URLSearchParams cannot be iterated (Firefox content scripts, Xray wrappers)', () => {
    afterEach(() => vi.restoreAllMocks());
    it('still drops tracking parameters and sorts the rest', () => {
      // In Firefox's content-script sandbox the iterators of a page-realm URLSearchParams
      // are not iterable ("searchParams.entries() is not iterable"); only its methods are.
      const notIterable = () => ({ next: () => ({ done: true, value: undefined }) }) as never;
      for (const m of ['entries', 'keys', 'values', Symbol.iterator] as const) {
        vi.spyOn(URLSearchParams.prototype, m as 'entries').mockImplementation(notIterable);
      }
      expect(() => [...new URL('https://a.example/?x=1').searchParams.entries()]).toThrow(/iterable/);
      expect(normalizeUrl('https://example.com/read?page=2&utm_source=x&id=7&q=a+b%26c')).toBe(
        'https://example.com/read?id=7&page=2&q=a+b%26c',
      );
    });
  });
});
