/**
 * Where this browser keeps its sync keys: IndexedDB, as WebCrypto `CryptoKey` objects
 * made non-extractable. Structured clone keeps them non-extractable, so no script of
 * Gloss (nor anything reading extension storage or an export) can ever read the key
 * bytes back; code running in the extension can only ask WebCrypto to use them. The
 * passphrase itself is never stored. `storage.local` keeps only the server settings.
 */
import type { SyncKeys } from './crypto';

const DB_NAME = 'gloss-sync-keys';
const STORE = 'keys';
const RECORD = 'current';

function openDb(idb: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = idb.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function run<T>(idb: IDBFactory, mode: IDBTransactionMode, act: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb(idb);
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = act(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error ?? req.error);
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}

/** Stores the keys (replacing any). They must be non-extractable already. */
export async function storeKeys(keys: SyncKeys, idb: IDBFactory = indexedDB): Promise<void> {
  if (keys.enc.extractable || keys.mac.extractable) throw new Error('Gloss stores only non-extractable sync keys');
  await run(idb, 'readwrite', (s) => s.put({ enc: keys.enc, mac: keys.mac }, RECORD));
}

/** The stored keys, or null when none. */
export async function loadKeys(idb: IDBFactory = indexedDB): Promise<SyncKeys | null> {
  const got = (await run(idb, 'readonly', (s) => s.get(RECORD))) as SyncKeys | undefined;
  return got?.enc && got?.mac ? { enc: got.enc, mac: got.mac } : null;
}

/** Forgets the keys (sync turned off). */
export async function clearKeys(idb: IDBFactory = indexedDB): Promise<void> {
  await run(idb, 'readwrite', (s) => s.delete(RECORD));
}
