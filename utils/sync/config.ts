/**
 * Sync settings and status as stored in `browser.storage.local` (written only by the
 * background). Sync is off unless `syncConfig` holds an enabled config.
 *
 * The passphrase itself is never stored. The keys derived from it live in IndexedDB as
 * non-extractable CryptoKeys (key-store.ts), so a browser restart resumes sync without
 * asking again and no script can read the key bytes back.
 */
import type { KeyCheckDoc, RawKeys } from './crypto';
import { t } from '../i18n';

export const SYNC_CONFIG_KEY = 'syncConfig';
export const SYNC_STATUS_KEY = 'syncStatus';
/** Conflict copies of one page (reflections' and notes'): `syncConflicts:<url>`, see copies.ts. */
export const CONFLICTS_KEY_PREFIX = 'syncConflicts:';

export function conflictsKey(url: string): string {
  return `${CONFLICTS_KEY_PREFIX}${url}`;
}

export interface SyncConfig {
  enabled: boolean;
  /** Server origin and path, without trailing slash, e.g. `http://127.0.0.1:5984`. */
  serverUrl: string;
  database: string;
  username: string;
  password: string;
  /**
   * Raw key bytes: only in configs written before the keys moved to IndexedDB (they are
   * moved there on the next start); null otherwise. Tests pass raw keys here.
   */
  keys: RawKeys | null;
  /** The server's key-check document, to put back if the database was recreated. */
  keyCheck: KeyCheckDoc;
}

export type SyncState = 'off' | 'connecting' | 'syncing' | 'idle' | 'error';

export interface SyncStatus {
  state: SyncState;
  /** When the last full exchange with the server ended. */
  lastSyncedAt: number | null;
  /** Local changes not yet on the server. */
  pending: number;
  /** A plain message for the reader, when state is 'error'. */
  error: string | null;
}

export const SYNC_OFF: SyncStatus = { state: 'off', lastSyncedAt: null, pending: 0, error: null };

/** What the reader types on the options page. */
export interface SyncSetup {
  serverUrl: string;
  database: string;
  username: string;
  password: string;
  passphrase: string;
}

/**
 * Checks and normalises the reader's input. Throws an Error whose message says what
 * to fix. Returns the server URL without trailing slash and the origin to ask access for.
 */
export function normaliseSetup(setup: SyncSetup): SyncSetup & { origin: string } {
  let url: URL;
  try {
    url = new URL(setup.serverUrl.trim());
  } catch {
    throw new Error(t('syncErrorBadUrl'));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(t('syncErrorUrlScheme'));
  if (url.username || url.password) throw new Error(t('syncErrorUrlCredentials'));
  const database = setup.database.trim();
  // CouchDB's rule for database names.
  if (!/^[a-z][a-z0-9_$()+/-]*$/.test(database)) {
    throw new Error(t('syncErrorDbName'));
  }
  if (setup.passphrase.length < 8) throw new Error(t('syncErrorShortPassphrase'));
  const serverUrl = `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  return { ...setup, serverUrl, database, username: setup.username.trim(), origin: url.origin };
}

export { readConflicts } from './copies';
