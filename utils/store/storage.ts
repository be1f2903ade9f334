import { defineExtensionStorage, type ExtensionStorage } from '@webext-core/storage';
import { browser } from 'wxt/browser';
import { migrate, MigrationError, type Items } from './migrations';
import { DEFAULT_COLOR_LABELS, SCHEMA_VERSION, isPageKey, pageKey } from './schema';
import type { PageRecord, Settings, StorageSchema } from './schema';

/** The slice of `browser.storage.local` Gloss uses; injectable for tests. */
export interface StorageArea {
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
  getBytesInUse?(keys?: string | string[] | null): Promise<number>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  onChanged: { addListener(cb: (...args: any[]) => void): void; removeListener(cb: (...args: any[]) => void): void };
}

/** Typed access to Gloss's stored data. Reads only; writes go through the writer. */
export interface Store {
  typed: ExtensionStorage<StorageSchema>;
  area: StorageArea;
  getPage(url: string): Promise<PageRecord | null>;
  listPages(): Promise<PageRecord[]>;
  getSettings(): Promise<Settings>;
  /** The schema version stored data is in (undefined before the first start-up). */
  storedVersion(): Promise<unknown>;
  /** Bytes used by Gloss's data, when the browser can tell. */
  bytesInUse(): Promise<number | null>;
}

export function createStore(area: StorageArea = browser.storage.local): Store {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const typed = defineExtensionStorage<StorageSchema>(area as any);
  return {
    typed,
    area,
    getPage: (url) => typed.getItem(pageKey(url)),
    async listPages() {
      const all = (await area.get(null)) as Items;
      return Object.entries(all)
        .filter(([k, v]) => isPageKey(k) && v)
        .map(([, v]) => v as PageRecord);
    },
    async getSettings() {
      return (await typed.getItem('settings')) ?? { colorLabels: { ...DEFAULT_COLOR_LABELS } };
    },
    async storedVersion() {
      return (await area.get('schemaVersion')).schemaVersion;
    },
    async bytesInUse() {
      return area.getBytesInUse ? area.getBytesInUse(null) : null;
    },
  };
}

// Watching changes has its own module; re-exported for the callers that import it here.
export { watchChanges, type ChangeWatch } from './watch';

/**
 * Brings stored data to the current schema version. Reads everything, migrates in
 * memory, and writes back only when every step succeeded; on failure the stored data
 * stays exactly as it was and the MigrationError is thrown for the reader to see.
 */
export async function ensureMigrated(area: StorageArea): Promise<{ from: number; to: number }> {
  // The common case reads one small key: this runs every time the service worker starts.
  const { schemaVersion: current } = await area.get('schemaVersion');
  if (current === SCHEMA_VERSION) return { from: SCHEMA_VERSION, to: SCHEMA_VERSION };
  const all = (await area.get(null)) as Items;
  const stored = all.schemaVersion;
  const hasPages = Object.keys(all).some(isPageKey);
  const from = typeof stored === 'number' ? stored : hasPages ? 1 : SCHEMA_VERSION;
  if (typeof stored === 'number' && stored === SCHEMA_VERSION) return { from, to: SCHEMA_VERSION };
  if (typeof stored !== 'number' && stored !== undefined) {
    throw new MigrationError('The stored data version is unreadable; your notes were left untouched.');
  }
  const migrated = migrate(all, from);
  await area.set(migrated);
  return { from, to: SCHEMA_VERSION };
}
