import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { toJsonExport } from '../../utils/export/json';
import { ImportError, parseImport } from '../../utils/import';
import { SCHEMA_VERSION } from '../../utils/store/schema';
import { essayPage, hostilePage, plainPage } from '../fixtures/export/pages';

const NOW = new Date(Date.UTC(2026, 10, 25, 12));
const fixture = (name: string) => readFileSync(resolve(process.cwd(), 'tests/fixtures/export', name), 'utf8');

describe('toJsonExport', () => {
  it('wraps the pages in a versioned envelope', () => {
    const env = JSON.parse(toJsonExport([plainPage()], { now: NOW, extensionVersion: '1.2.3' }));
    expect(env).toEqual({
      format: 'gloss-export',
      formatVersion: 1,
      extensionVersion: '1.2.3',
      exportedAt: '2026-11-25T12:00:00.000Z',
      schemaVersion: SCHEMA_VERSION,
      pages: [plainPage()],
    });
  });

  it('round-trips through parseImport to equal pages', () => {
    const pages = [essayPage(), plainPage(), hostilePage()];
    pages[2].url = 'https://other.example/hostile';
    // The anchoring hint is kept too (and absent stays absent).
    pages[0].highlights[0].selectors.rawStart = 1234;
    const result = parseImport(toJsonExport(pages, { now: NOW, extensionVersion: '0.1.0' }));
    expect(result.format).toBe('gloss-export');
    expect(result.pages).toEqual(pages);
  });

  it('refuses a negative raw-text hint, naming the field', () => {
    const env = JSON.parse(toJsonExport([essayPage()], { extensionVersion: '0.1.0' }));
    env.pages[0].highlights[0].selectors.rawStart = -5;
    expect(() => parseImport(JSON.stringify(env))).toThrow(/selectors\.rawStart/);
  });

  it('round-trips an empty library', () => {
    expect(parseImport(toJsonExport([], { extensionVersion: '0.1.0' })).pages).toEqual([]);
  });
});

describe('old export files stay importable', () => {
  it('format version 1 (data version 2) fixture', () => {
    const { format, pages } = parseImport(fixture('gloss-export-v1.json'));
    expect(format).toBe('gloss-export');
    expect(pages.map((p) => p.url)).toEqual(['https://essays.example.org/on-margins', 'https://blog.example.com/posts/short-note?id=7']);
    expect(pages[0].outline).toHaveLength(6);
    expect(pages[0].highlights.map((h) => h.id)).toEqual(['h-why', 'h-intro', 'h-gloss', 'h-gone', 'h-lost']);
    expect(pages[0].highlights[0]).toMatchObject({ color: 'green', note: 'Compare with the preface.', sectionId: 'why' });
    expect(Object.keys(pages[0].reflections)).toEqual(['__page__', 'why', 'practice', 'lost2']);
    expect(pages[1].highlights[0].note).toBe('line one\nline two');
  });

  it('format version 1 with pages in data version 1 is migrated', () => {
    const { pages } = parseImport(fixture('gloss-export-v1-schema1.json'));
    expect(pages).toHaveLength(1);
    const p = pages[0];
    expect(p.url).toBe('https://notes.example.net/essays/slow-reading');
    expect(p.site).toBe('notes.example.net');
    expect(p.firstVisitAt).toBe(1748764800000);
    expect(p.highlights[0]).toMatchObject({ id: 'legacy-1', color: 'blue', sectionHeading: null, updatedAt: 1748764800000 });
    expect(p.reflections.rule.text).toMatch(/^Two passes/);
    expect(p.reflections.rule.heading).toBeNull();
  });

  it('refuses a newer format with a message saying so', () => {
    const env = JSON.parse(fixture('gloss-export-v1.json'));
    env.formatVersion = 2;
    expect(() => parseImport(JSON.stringify(env))).toThrow(ImportError);
    expect(() => parseImport(JSON.stringify(env))).toThrow(/newer Gloss/);
    env.formatVersion = 1;
    env.schemaVersion = SCHEMA_VERSION + 1;
    expect(() => parseImport(JSON.stringify(env))).toThrow(/schemaVersion is 3: the notes were saved by a newer Gloss/);
  });
});
