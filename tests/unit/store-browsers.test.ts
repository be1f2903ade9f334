// Chrome and Firefox builds share one storage path (WXT's `browser`), with one
// difference: Firefox's storage.local may lack getBytesInUse. Both shapes are run here.
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { parseImport, ImportError } from '@/utils/import';
import { toJsonExport } from '@/utils/export/json';
import { createStore, type StorageArea } from '@/utils/store/storage';
import { createWriter } from '@/utils/store/writer';
import { META, highlight } from './store-fixtures';

/** The storage area as each browser build sees it. */
const areas: Record<string, () => StorageArea> = {
  'chrome-mv3 (chrome.storage.local, with getBytesInUse)': () => {
    const area = fakeBrowser.storage.local as unknown as StorageArea;
    return Object.assign(Object.create(area), {
      get: area.get.bind(area),
      set: area.set.bind(area),
      remove: area.remove.bind(area),
      onChanged: area.onChanged,
      getBytesInUse: async () => JSON.stringify(await area.get(null)).length,
    });
  },
  'firefox-mv2 (browser.storage.local, no getBytesInUse)': () => {
    const area = fakeBrowser.storage.local as unknown as StorageArea;
    return { get: area.get.bind(area), set: area.set.bind(area), remove: area.remove.bind(area), onChanged: area.onChanged };
  },
};

for (const [name, make] of Object.entries(areas)) {
  describe(`storage path: ${name}`, () => {
    it('writes, reads, lists and reports usage', async () => {
      const area = make();
      const store = createStore(area);
      const writer = createWriter(store);
      await writer.mutate(META.url, { type: 'addHighlight', meta: META, highlight: highlight('a') });
      expect((await store.getPage(META.url))!.highlights[0].id).toBe('a');
      expect((await store.listPages()).map((p) => p.url)).toEqual([META.url]);
      const bytes = await store.bytesInUse();
      if (area.getBytesInUse) expect(bytes).toBeGreaterThan(100);
      else expect(bytes).toBeNull();
    });

    it('a malformed import leaves stored data byte-identical', async () => {
      const store = createStore(make());
      const writer = createWriter(store);
      await writer.mutate(META.url, { type: 'addHighlight', meta: META, highlight: highlight('a') });
      const before = JSON.stringify(await fakeBrowser.storage.local.get(null));
      const good = toJsonExport([(await store.getPage(META.url))!], { extensionVersion: '0.1.0' });
      const bad = [
        good.slice(0, good.length / 2),
        good.replace('"yellow"', '"ultraviolet"'),
        good.replace(/"pages":\s*\[/, '"pages": [{"__proto__": {"polluted": true}},'),
        '{"format":"gloss-export","formatVersion":999,"pages":[]}',
        'null',
      ];
      expect(bad[2]).toContain('__proto__');
      for (const text of bad) {
        // The background does exactly this: parse (throws on bad input), then write.
        const attempt = async () => writer.importPages(parseImport(text).pages);
        await expect(attempt()).rejects.toBeInstanceOf(ImportError);
        expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).toBe(before);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });
}
