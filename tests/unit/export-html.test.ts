import { describe, expect, it } from 'vitest';
import { JOURNAL_CSP, toHtmlJournal } from '../../utils/export/html';
import { markdownToSafeHtml } from '../../utils/sanitize';
import { CANARY, essayPage, hostilePage, plainPage } from '../fixtures/export/pages';

const NOW = new Date(Date.UTC(2026, 10, 25, 12));
const render = (md: string) => markdownToSafeHtml(md);

function journal(pages = [essayPage(), plainPage()]) {
  const html = toHtmlJournal(pages, { now: NOW, extensionVersion: '0.1.0', renderMarkdown: render });
  return { html, doc: new DOMParser().parseFromString(html, 'text/html') };
}

describe('toHtmlJournal', () => {
  it('is a self-contained document locked down by a CSP', () => {
    const { html, doc } = journal();
    expect(html.startsWith('<!doctype html>')).toBe(true);
    const csp = doc.querySelector('meta[http-equiv="Content-Security-Policy"]');
    expect(csp?.getAttribute('content')).toBe(JOURNAL_CSP);
    expect(JOURNAL_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect(doc.querySelectorAll('script, link, img, iframe, object, embed, form').length).toBe(0);
    const css = doc.querySelector('style')!.textContent!;
    expect(css).toContain('@media print');
    expect(css).not.toMatch(/url\(|@import/);
  });

  it('lays out pages, sections, quotes, notes and reflections', () => {
    const { doc } = journal();
    expect([...doc.querySelectorAll('article > h2')].map((h) => h.textContent)).toEqual(['On Writing in the Margins', 'A short note']);
    const first = doc.querySelector('article')!;
    expect([...first.querySelectorAll('section > :is(h3,h4,h5,h6)')].map((h) => h.textContent)).toEqual([
      'Why margins matter',
      'A short history',
      'Glosses and scholia',
      'Practice',
      'A section with no notes',
      'Elsewhere on the page',
      'The removed part (no longer on the page)',
      'Other notes',
    ]);
    const fig = [...first.querySelectorAll('figure')].find((f) => f.textContent!.includes('A margin is'))!;
    expect(fig.querySelector('figcaption')!.textContent).toBe('Open passage · Green');
    expect(fig.querySelector('a')!.getAttribute('href')).toBe(
      'https://essays.example.org/on-margins#:~:text=A%20margin%20is%20a%20conversation%20with%20the%20author.',
    );
    expect(fig.querySelector('.note')!.textContent).toBe('Compare with the preface.');
    // Reflections are rendered Markdown.
    expect(first.querySelector('.reflection em')!.textContent).toBe('reading is writing');
    expect(first.querySelectorAll('.reflection li')).toHaveLength(2);
  });

  describe('hostile content', () => {
    const page = hostilePage();
    const { html, doc } = journal([page]);

    it('has no scripts, no event handlers, no images', () => {
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<img/i);
      for (const el of doc.querySelectorAll('*')) {
        for (const attr of el.getAttributeNames()) expect(attr).not.toMatch(/^on/i);
        expect(el.hasAttribute('src')).toBe(false);
      }
      expect(html).not.toMatch(/<[^>]*[\s"'/]on[a-z]+\s*=/i);
    });

    it('shows the canary only as text, in every field', () => {
      const text = doc.body.textContent!;
      expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
      // Title, site is not shown; tags, heading, quote, note, reflection all carry it.
      expect(doc.querySelector('article > h2')!.textContent).toContain(CANARY);
      expect(doc.querySelector('article .meta')!.textContent).toContain(CANARY);
      expect([...doc.querySelectorAll('section h3')].some((h) => h.textContent!.includes('<script>'))).toBe(true);
      expect(doc.querySelector('blockquote')!.textContent).toContain(CANARY);
      expect([...doc.querySelectorAll('.note')].some((n) => n.textContent!.includes(CANARY))).toBe(true);
      expect([...doc.querySelectorAll('.reflection')].some((r) => r.textContent!.includes(CANARY))).toBe(true);
      expect(text).not.toMatch(/[\u202A-\u202E]/);
    });

    it('links only to the page itself', () => {
      const hrefs = [...doc.querySelectorAll('[href]')].map((a) => a.getAttribute('href')!);
      expect(hrefs.length).toBeGreaterThan(3);
      for (const href of hrefs) {
        expect(href.startsWith(page.url) || href.startsWith('#page-'), href).toBe(true);
      }
      // No other attribute carries an address (payload URLs only ever appear as text).
      for (const el of doc.querySelectorAll('*')) {
        for (const name of el.getAttributeNames()) {
          if (name === 'href') continue;
          expect(el.getAttribute(name)!, `${el.tagName} ${name}`).not.toMatch(/\b(?:https?|javascript|data|file):\/*[^\s;']/i);
        }
      }
    });

    it('does not link a page whose address is not http, https or file', () => {
      const bad = plainPage();
      bad.url = 'javascript:alert(1)';
      const { doc: d } = journal([bad]);
      expect(d.querySelectorAll('a[href^="javascript"]').length).toBe(0);
      expect(d.querySelector('article .meta')!.textContent).toContain('javascript:alert(1)');
    });
  });
});
