import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createStore, watchChanges } from '@/utils/store/storage';
import { pageKey, SCHEMA_VERSION, type PageRecord } from '@/utils/store/schema';
import type { BackgroundStatus, PageInfo } from '@/utils/messaging/protocol';
import { loadPageJournal, type JournalSources } from '@/components/journal/load-page-journal';
import { META, highlight, page } from './store-fixtures';

const never = <T>() => new Promise<T>(() => {});

function info(extra: Partial<PageInfo> = {}): PageInfo {
  return {
    url: META.url,
    title: META.title,
    site: META.site,
    outline: META.outline!,
    sectionHashes: {},
    activeSectionId: null,
    orphanIds: [],
    highlightSections: {},
    ...extra,
  };
}

function sources(over: Partial<JournalSources> = {}): JournalSources {
  return {
    store: createStore(fakeBrowser.storage.local),
    activeTabId: async () => 7,
    pageInfo: async () => info(),
    inject: async () => {
      throw new Error('Cannot access contents of the page. Extension manifest must request permission to access the respective host.');
    },
    tabUrl: async () => null,
    status: async () => ({ migrationError: null, storageError: null }),
    ...over,
  };
}

async function seed(record: PageRecord | null, version: unknown = SCHEMA_VERSION) {
  const items: Record<string, unknown> = {};
  if (version !== undefined) items.schemaVersion = version;
  if (record) items[pageKey(record.url)] = record;
  await fakeBrowser.storage.local.set(items);
}

describe('loading the popup’s data', () => {
  it('takes the page’s notes from the tab’s answer without reading them again or waiting for the service worker', async () => {
    const inTab = page({ highlights: [highlight('from-tab')] });
    await seed(page({ highlights: [highlight('in-storage')] }));
    const status = vi.fn(() => never<BackgroundStatus>());
    const src = sources({ pageInfo: async () => info({ record: inTab }), status });
    const getPage = vi.spyOn(src.store, 'getPage');
    const loaded = await loadPageJournal(3, src);
    expect(loaded.record?.highlights.map((h) => h.id)).toEqual(['from-tab']);
    expect(getPage).not.toHaveBeenCalled();
    expect(loaded.errors).toEqual([]);
    // The service worker is asked only after the data is in hand (it may need waking).
    expect(status).not.toHaveBeenCalled();
    expect(loaded.lateStatus).toBeInstanceOf(Promise);
    await new Promise((r) => setTimeout(r, 5));
    expect(status).toHaveBeenCalledTimes(1);
  });

  it('reads the format version and the settings in one storage read, none more when the tab knows the notes', async () => {
    await seed(page({ highlights: [highlight('in-storage')] }));
    await fakeBrowser.storage.local.set({ settings: { colorLabels: { yellow: 'Key idea' } } });
    const src = sources({ pageInfo: async () => info({ record: page() }) });
    const get = vi.spyOn(src.store.area, 'get');
    const loaded = await loadPageJournal(3, src);
    expect(get.mock.calls).toEqual([[['schemaVersion', 'settings']]]);
    expect(loaded.labels).toMatchObject({ yellow: 'Key idea' });
  });

  it('reads storage when the tab does not know the notes', async () => {
    await seed(page({ highlights: [highlight('in-storage')] }));
    const loaded = await loadPageJournal(3, sources());
    expect(loaded.record?.highlights.map((h) => h.id)).toEqual(['in-storage']);
  });

  it('does not trust the tab’s copy while the stored data is not in this version’s format', async () => {
    await seed(page({ highlights: [highlight('migrated')] }), 1);
    const src = sources({ pageInfo: async () => info({ record: page({ highlights: [highlight('old-format')] }) }) });
    const status = vi.spyOn(src, 'status');
    const loaded = await loadPageJournal(3, src);
    expect(status).toHaveBeenCalled();
    expect(loaded.record?.highlights.map((h) => h.id)).toEqual(['migrated']);
    expect(loaded.lateStatus).toBeUndefined();
  });

  it('after a failed migration shows the reason and no notes', async () => {
    await seed(page({ highlights: [highlight('a')] }), 'garbled');
    const failed: BackgroundStatus = { migrationError: 'The stored data version is unreadable', storageError: null };
    const loaded = await loadPageJournal(3, sources({ status: async () => failed, pageInfo: async () => info({ record: page() }) }));
    expect(loaded.record).toBeNull();
    expect(loaded.migrationError).toBe(failed.migrationError);
    expect(loaded.errors).toEqual([failed.migrationError]);
  });

  it('lets a change written while loading win over the tab’s older copy, and follows later ones', async () => {
    await seed(page());
    const src = sources({
      pageInfo: async () => {
        // Another tab saves a highlight while this tab answers with what it had.
        await fakeBrowser.storage.local.set({ [pageKey(META.url)]: page({ highlights: [highlight('new')] }) });
        return info({ record: page() });
      },
    });
    const loaded = await loadPageJournal(3, src);
    expect(loaded.record?.highlights.map((h) => h.id)).toEqual(['new']);
    const seen: unknown[] = [];
    loaded.changes!.follow(pageKey(META.url), (v) => seen.push(v));
    await fakeBrowser.storage.local.remove(pageKey(META.url));
    // Removal: no new value (Chrome omits it, WXT's fake browser says null).
    expect(seen.map((v) => v ?? null)).toEqual([null]);
    loaded.changes!.stop();
  });

  it('says why when the tab cannot be read, and still finds the notes when the tab’s URL is known', async () => {
    await seed(page({ highlights: [highlight('a')] }));
    const loaded = await loadPageJournal(
      3,
      sources({
        pageInfo: async () => {
          throw new Error('Could not establish connection');
        },
        tabUrl: async () => META.url,
      }),
    );
    expect(loaded.unreachable).toMatchObject({ kind: 'unreachable', reason: 'browser-page' });
    expect(loaded.pageProblem).toMatch(/Gloss cannot work on this page/);
    expect(loaded.record?.highlights).toHaveLength(1);
  });

  it('starts Gloss in a tab open since before install, then reads it', async () => {
    let started = false;
    const loaded = await loadPageJournal(
      3,
      sources({
        pageInfo: async () => {
          if (!started) throw new Error('Could not establish connection. Receiving end does not exist.');
          return info();
        },
        inject: async () => {
          started = true;
        },
      }),
    );
    expect(started).toBe(true);
    expect(loaded.unreachable).toBeNull();
    expect(loaded.info?.url).toBe(META.url);
  });

  it('says "reload this tab" when Gloss cannot be started there', async () => {
    const loaded = await loadPageJournal(
      3,
      sources({
        pageInfo: async () => {
          throw new Error('Could not establish connection. Receiving end does not exist.');
        },
        inject: async () => {
          throw new Error('Cannot read properties of undefined (reading \'executeScript\')');
        },
      }),
    );
    expect(loaded.unreachable).toMatchObject({ kind: 'unreachable', reason: 'reload' });
    expect(loaded.pageProblem).toMatch(/Reload this tab/);
  });

  it('says so when there is no tab', async () => {
    const loaded = await loadPageJournal(null, sources({ activeTabId: async () => null }));
    expect(loaded.unreachable).toMatchObject({ reason: 'no-tab' });
    expect(loaded.pageProblem).toMatch(/could not find the tab/);
  });
});

describe('watchChanges', () => {
  it('remembers the newest value of each key changed since it started, and stops', async () => {
    const w = watchChanges(fakeBrowser.storage.local);
    await fakeBrowser.storage.local.set({ a: 1 });
    await fakeBrowser.storage.local.set({ a: 2 });
    expect(w.changed('a')).toBe(true);
    expect(w.latest('a')).toBe(2);
    expect(w.changed('b')).toBe(false);
    w.stop();
    await fakeBrowser.storage.local.set({ b: 1 });
    expect(w.changed('b')).toBe(false);
  });
});
