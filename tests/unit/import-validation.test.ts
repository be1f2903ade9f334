import { describe, expect, it } from 'vitest';
import { toJsonExport } from '../../utils/export/json';
import { toWebAnnotations } from '../../utils/export/web-annotation';
import { ImportError, parseImport } from '../../utils/import';
import { essayPage, plainPage } from '../fixtures/export/pages';

const NOW = new Date(Date.UTC(2026, 10, 25, 12));
const exportObject = () => JSON.parse(toJsonExport([essayPage(), plainPage()], { now: NOW, extensionVersion: '0.1.0' }));

function errorOf(input: string | object): ImportError {
  try {
    parseImport(typeof input === 'string' ? input : JSON.stringify(input));
  } catch (err) {
    expect(err).toBeInstanceOf(ImportError);
    return err as ImportError;
  }
  throw new Error('parseImport accepted the input');
}

describe('parseImport validation messages', () => {
  it('names a wrong colour and where it is', () => {
    const env = exportObject();
    env.pages[1].highlights[0].color = 'red';
    expect(errorOf(env).message).toBe('pages[1].highlights[0].color must be one of yellow, green, blue, pink, purple (got "red")');
  });

  it('names a missing field and a wrong type', () => {
    const env = exportObject();
    delete env.pages[0].title;
    expect(errorOf(env).message).toBe('pages[0].title must be text (got nothing)');
    const env2 = exportObject();
    env2.pages[0].highlights[2].selectors.position.start = '12';
    expect(errorOf(env2).message).toMatch(/^pages\[0\]\.highlights\[2\]\.selectors\.position\.start must be a whole number/);
    const env3 = exportObject();
    env3.pages[0].highlights[2].selectors.position.end = 3;
    expect(errorOf(env3).message).toMatch(/^pages\[0\]\.highlights\[2\]\.selectors\.position\.end must be a whole number from 900/);
  });

  it('refuses addresses other than http, https and file', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'chrome://settings', 'ftp://files.example/x']) {
      const env = exportObject();
      env.pages[0].url = url;
      expect(errorOf(env).message).toMatch(/^pages\[0\]\.url must be an http, https or file address/);
    }
    const env = exportObject();
    env.pages[0].url = 'not an address';
    expect(errorOf(env).message).toBe('pages[0].url must be a web address (got "not an address")');
  });

  it('refuses duplicate highlight ids, section ids and pages', () => {
    const env = exportObject();
    env.pages[0].highlights.push(env.pages[0].highlights[0]);
    expect(errorOf(env).message).toBe('pages[0].highlights[5].id "h-why" is also the id of pages[0].highlights[0]');
    const env2 = exportObject();
    env2.pages[0].outline[2].id = 'why';
    expect(errorOf(env2).message).toBe('pages[0].outline[2].id "why" is used by two sections');
    const env3 = exportObject();
    env3.pages[1].url = env3.pages[0].url + '/?utm_source=x#frag';
    expect(errorOf(env3).message).toBe('pages[1].url "https://essays.example.org/on-margins" is the same page as pages[0]');
  });

  it('refuses a reflection filed under another key', () => {
    const env = exportObject();
    env.pages[0].reflections.why.sectionId = 'practice';
    expect(errorOf(env).message).toBe('pages[0].reflections["why"].sectionId must equal its key "why" (got "practice")');
  });

  it('refuses prototype keys anywhere, before building anything', () => {
    const text = toJsonExport([essayPage()], { now: NOW, extensionVersion: '0.1.0' });
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const bad = text.replace('"title":', `"${key}": { "polluted": true }, "title":`);
      expect(errorOf(bad).message).toMatch(new RegExp(`contains the key "${key}"`));
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses ids that would become prototype keys', () => {
    const root = JSON.parse(toWebAnnotations([essayPage()], { now: NOW, extensionVersion: '0.1.0' }));
    const refl = root.first.items.find((a: Record<string, unknown>) => a['gloss:kind'] === 'reflection');
    refl['gloss:sectionId'] = '__proto__';
    expect(errorOf(root).message).toMatch(/gloss:sectionId must not be "__proto__"/);
  });

  it('refuses truncated, empty, non-JSON and foreign files', () => {
    const text = toJsonExport([essayPage()], { now: NOW, extensionVersion: '0.1.0' });
    expect(errorOf(text.slice(0, text.length / 2)).message).toMatch(/^The file is not valid JSON/);
    expect(errorOf('').message).toBe('The file is empty.');
    expect(errorOf('[]').message).toMatch(/empty list/);
    expect(errorOf('42').message).toMatch(/not a Gloss export/);
    expect(errorOf({ format: 'other-app', pages: [] }).message).toMatch(/^format must be "gloss-export"/);
    expect(errorOf({ hello: 'world' }).message).toMatch(/^format is missing/);
  });

  it('refuses deep nesting and oversized files and fields', () => {
    expect(errorOf('['.repeat(100_000) + ']'.repeat(100_000)).message).toMatch(/nests data more than/);
    const env = exportObject();
    env.pages[0].highlights[0].note = 'x'.repeat(1024 * 1024 + 1);
    expect(errorOf(env).message).toMatch(/^pages\[0\]\.highlights\[0\]\.note is 1048577 characters long/);
    const small = toJsonExport([essayPage()], { now: NOW, extensionVersion: '0.1.0' });
    expect(() => parseImport(small, { maxBytes: 1000 })).toThrow(/larger than/);
  });

  it('returns nothing when any page is invalid', () => {
    const env = exportObject();
    env.pages[1].tags = ['ok', 7];
    expect(errorOf(env).message).toBe('pages[1].tags[1] must be text (got 7)');
  });

  it('builds fresh objects with only known fields', () => {
    const env = exportObject();
    env.pages[0].extra = 'dropped';
    env.pages[0].highlights[0].selectors.quote.evil = '<script>';
    const { pages } = parseImport(JSON.stringify(env));
    expect(Object.keys(pages[0])).not.toContain('extra');
    expect(Object.keys(pages[0].highlights[0].selectors.quote)).toEqual(['type', 'exact', 'prefix', 'suffix']);
    expect(Object.getPrototypeOf(pages[0].reflections)).toBe(Object.prototype);
  });
});
