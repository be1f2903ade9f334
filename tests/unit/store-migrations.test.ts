import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { migrate, MigrationError, MIGRATIONS } from '@/utils/store/migrations';
import { ensureMigrated } from '@/utils/store/storage';
import { COLOR_IDS, SCHEMA_VERSION, isPageKey, type PageRecord } from '@/utils/store/schema';

const DIR = path.resolve(__dirname, '../fixtures/storage');
const fixture = (v: number) => JSON.parse(readFileSync(path.join(DIR, `v${v}.json`), 'utf8'));

/** Checks every field of a current-version page record. */
function validatePage(p: PageRecord) {
  expect(typeof p.url).toBe('string');
  expect(typeof p.title).toBe('string');
  expect(typeof p.site).toBe('string');
  expect(Array.isArray(p.tags)).toBe(true);
  for (const k of ['firstVisitAt', 'lastVisitAt', 'updatedAt'] as const) expect(typeof p[k]).toBe('number');
  for (const h of p.highlights) {
    expect(COLOR_IDS).toContain(h.color);
    expect(h.selectors.quote.type).toBe('TextQuoteSelector');
    expect(typeof h.updatedAt).toBe('number');
    expect(h).toHaveProperty('sectionHeading');
  }
  for (const [id, r] of Object.entries(p.reflections)) {
    expect(r.sectionId).toBe(id);
    expect(typeof r.text).toBe('string');
    expect(r).toHaveProperty('sectionHash');
  }
}

describe('migrations', () => {
  it('has a stored-data fixture for every schema version', () => {
    const versions = readdirSync(DIR).map((f) => Number(/^v(\d+)\.json$/.exec(f)?.[1])).filter(Boolean).sort();
    expect(versions).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
    for (let v = 2; v <= SCHEMA_VERSION; v++) expect(MIGRATIONS[v]).toBeTypeOf('function');
  });

  it('chains every version to the current one and the result validates', () => {
    for (let v = 1; v <= SCHEMA_VERSION; v++) {
      const out = migrate(fixture(v), v);
      expect(out.schemaVersion).toBe(SCHEMA_VERSION);
      const pages = Object.entries(out).filter(([k]) => isPageKey(k));
      expect(pages.length).toBeGreaterThan(0);
      for (const [, p] of pages) validatePage(p as PageRecord);
    }
  });

  it('keeps v1 notes and reflections', () => {
    const out = migrate(fixture(1), 1);
    const p = out['page:https://example.com/essay'] as PageRecord;
    expect(p.highlights[0].note).toBe('kept since v1');
    expect(p.reflections.intro.text).toBe('A reflection from version 1.');
    expect(p.reflections.__page__.text).toBe('About the whole page.');
  });

  it('leaves stored data untouched when a migration fails, and says why', async () => {
    const broken = fixture(1);
    broken['page:https://example.com/essay'].reflections.intro = { not: 'text' };
    await fakeBrowser.storage.local.set(broken);
    const before = JSON.stringify(await fakeBrowser.storage.local.get(null));
    await expect(ensureMigrated(fakeBrowser.storage.local)).rejects.toThrow(MigrationError);
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).toBe(before);
  });

  it('refuses data from a newer version without touching it', async () => {
    await fakeBrowser.storage.local.set({ ...fixture(SCHEMA_VERSION), schemaVersion: SCHEMA_VERSION + 1 });
    const before = JSON.stringify(await fakeBrowser.storage.local.get(null));
    await expect(ensureMigrated(fakeBrowser.storage.local)).rejects.toThrow(/newer Gloss/);
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).toBe(before);
  });

  it('migrates stored v1 data in place and stamps the version', async () => {
    await fakeBrowser.storage.local.set(fixture(1));
    expect(await ensureMigrated(fakeBrowser.storage.local)).toEqual({ from: 1, to: SCHEMA_VERSION });
    const all = await fakeBrowser.storage.local.get(null);
    expect(all.schemaVersion).toBe(SCHEMA_VERSION);
    validatePage(all['page:https://example.com/essay'] as PageRecord);
  });

  it('stamps a fresh profile with the current version', async () => {
    await ensureMigrated(fakeBrowser.storage.local);
    expect((await fakeBrowser.storage.local.get('schemaVersion')).schemaVersion).toBe(SCHEMA_VERSION);
  });

  it('throws MigrationError, not a TypeError, for garbage', () => {
    expect(() => migrate({ 'page:x': 42 }, 1)).toThrow(MigrationError);
  });
});
