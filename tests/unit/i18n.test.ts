import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createTranslator, formatMessage, type Catalogue } from '@/utils/i18n';

const LOCALES = path.resolve(__dirname, '../../public/_locales');
const load = (locale: string): Catalogue => JSON.parse(readFileSync(path.join(LOCALES, locale, 'messages.json'), 'utf8'));
const placeholderNames = (e: Catalogue[string]) => Object.keys(e.placeholders ?? {}).map((n) => n.toLowerCase()).sort();
const usedPlaceholders = (msg: string) => [...msg.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1].toLowerCase()).sort();

describe('locales', () => {
  const en = load('en');
  const locales = readdirSync(LOCALES);

  it('has English and German', () => {
    expect(locales).toEqual(expect.arrayContaining(['en', 'de']));
  });

  for (const locale of locales) {
    it(`${locale} has exactly the English keys, each with the same placeholders, all used`, () => {
      const cat = load(locale);
      expect(Object.keys(cat).sort()).toEqual(Object.keys(en).sort());
      for (const [key, entry] of Object.entries(cat)) {
        expect(entry.message, key).toBeTruthy();
        expect(placeholderNames(entry), key).toEqual(placeholderNames(en[key]));
        expect([...new Set(usedPlaceholders(entry.message))], key).toEqual(placeholderNames(entry));
      }
    });
  }
});

describe('formatMessage', () => {
  const cat: Catalogue = {
    count: { message: '$COUNT$ highlights in $WHERE$ ($$5)', placeholders: { count: { content: '$1' }, where: { content: '$2' } } },
  };
  it('substitutes named placeholders positionally, case-insensitively', () => {
    expect(formatMessage(cat, 'count', ['3', 'Part 2'])).toBe('3 highlights in Part 2 ($5)');
  });
  it('returns empty for a missing key, and t() falls back to the key', () => {
    expect(formatMessage(cat, 'nope')).toBe('');
    const t = createTranslator((k, s) => formatMessage(cat, k, s));
    expect(t('nope' as never)).toBe('nope');
    expect(t('count' as never, 1, 'x')).toBe('1 highlights in x ($5)');
  });
});
