import { describe, expect, it } from 'vitest';
import { toWebAnnotations } from '../../utils/export/web-annotation';
import { ImportError, parseImport } from '../../utils/import';
import { PAGE_REFLECTION_ID } from '../../utils/store/schema';
import { essayPage, hostilePage, plainPage } from '../fixtures/export/pages';

const NOW = new Date(Date.UTC(2026, 10, 25, 12));
const OPTS = { now: NOW, extensionVersion: '0.1.0' };

type Anno = Record<string, any>;

function annotations(pages = [essayPage(), plainPage()]): { root: Anno; items: Anno[] } {
  const root = JSON.parse(toWebAnnotations(pages, OPTS));
  return { root, items: root.first.items };
}

describe('toWebAnnotations', () => {
  it('is an AnnotationCollection with the W3C context', () => {
    const { root, items } = annotations();
    expect(root.type).toBe('AnnotationCollection');
    expect(root['@context']).toContain('http://www.w3.org/ns/anno.jsonld');
    expect(root.total).toBe(items.length);
    // 5 + 1 highlights, 4 reflections.
    expect(items).toHaveLength(10);
  });

  it('gives every annotation the required fields', () => {
    const { items } = annotations();
    const ids = new Set<string>();
    for (const a of items) {
      expect(a['@context']).toContain('http://www.w3.org/ns/anno.jsonld');
      expect(a.id).toMatch(/^urn:(uuid|gloss):/);
      ids.add(a.id);
      expect(a.type).toBe('Annotation');
      expect(['highlighting', 'commenting', 'describing']).toContain(a.motivation);
      expect(typeof a.target.source).toBe('string');
      expect(a.target.selector).toBeTruthy();
      expect(Number.isFinite(Date.parse(a.created))).toBe(true);
      expect(Number.isFinite(Date.parse(a.modified))).toBe(true);
    }
    expect(ids.size).toBe(items.length);
  });

  it('describes a highlight with quote and position selectors, note body and colour', () => {
    const { items } = annotations();
    const why = items.find((a) => a.id === 'urn:gloss:highlight:h-why')!;
    expect(why.motivation).toBe('commenting');
    expect(why.body).toEqual({ type: 'TextualBody', value: 'Compare with the preface.', format: 'text/plain', purpose: 'commenting' });
    expect(why.target).toEqual({
      source: 'https://essays.example.org/on-margins',
      selector: [
        { type: 'TextQuoteSelector', exact: 'A margin is a conversation with the author.', prefix: 'words before the ', suffix: ' and words after' },
        { type: 'TextPositionSelector', start: 400, end: 443 },
      ],
    });
    expect(why['gloss:color']).toBe('green');
    expect(why['gloss:sectionId']).toBe('why');
    const intro = items.find((a) => a.id === 'urn:gloss:highlight:h-intro')!;
    expect(intro.motivation).toBe('highlighting');
    expect(intro.body).toBeUndefined();
  });

  it('describes reflections as markdown comments on their section heading, or the whole page', () => {
    const { items } = annotations();
    const refl = items.filter((a) => a['gloss:kind'] === 'reflection');
    expect(refl).toHaveLength(4);
    const why = refl.find((a) => a['gloss:sectionId'] === 'why')!;
    expect(why.body).toMatchObject({ type: 'TextualBody', format: 'text/markdown', value: expect.stringMatching(/^I agree/) });
    expect(why.target.selector).toEqual({ type: 'TextQuoteSelector', exact: 'Why margins matter' });
    const page = refl.find((a) => a['gloss:sectionId'] === PAGE_REFLECTION_ID)!;
    expect(page.target.selector).toEqual({ type: 'CssSelector', value: ':root' });
  });
});

describe('parseImport of Web Annotations', () => {
  it('round-trips pages exactly', () => {
    const pages = [essayPage(), plainPage(), hostilePage()];
    pages[2].url = 'https://other.example/hostile';
    pages[2].highlights[1].text = 'differs from the quote';
    pages[0].highlights[0].selectors.rawStart = 1234;
    const result = parseImport(toWebAnnotations(pages, OPTS));
    expect(result.format).toBe('web-annotation');
    expect(result.pages).toEqual(pages);
  });

  it('rebuilds pages from bare annotations grouped by normalised source', () => {
    const { items } = annotations();
    const bare = items.map(({ ['gloss:color']: _c, ...rest }) => rest);
    bare.forEach((a) => (a.target.source = a.target.source + (a.target.source.includes('?') ? '&' : '?') + 'utm_source=feed#top'));
    const { pages } = parseImport(JSON.stringify(bare));
    expect(pages.map((p) => p.url)).toEqual(['https://essays.example.org/on-margins', 'https://blog.example.com/posts/short-note?id=7']);
    expect(pages[0].title).toBe('');
    expect(pages[0].site).toBe('essays.example.org');
    expect(pages[0].highlights).toHaveLength(5);
    expect(pages[0].highlights.every((h) => h.color === 'yellow')).toBe(true);
    expect(pages[0].highlights[0].note).toBe('Compare with the preface.');
    expect(Object.keys(pages[0].reflections)).toHaveLength(4);
  });

  it('refuses an annotation without a TextPositionSelector, naming it', () => {
    const { root } = annotations();
    root.first.items[2].target.selector = [root.first.items[2].target.selector[0]];
    expect(() => parseImport(JSON.stringify(root))).toThrow(new ImportError('first.items[2].target.selector must include a TextPositionSelector'));
  });

  it('refuses a bad colour and a javascript: source', () => {
    const { root } = annotations();
    root.first.items[0]['gloss:color'] = 'red';
    expect(() => parseImport(JSON.stringify(root))).toThrow(/first\.items\[0\]\.gloss:color must be one of yellow, green, blue, pink, purple \(got "red"\)/);
    const again = annotations().root;
    again.first.items[1].target.source = 'javascript:alert(1)';
    expect(() => parseImport(JSON.stringify(again))).toThrow(/first\.items\[1\]\.target\.source must be an http, https or file address/);
  });
});
