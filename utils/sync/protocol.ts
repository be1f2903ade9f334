import { defineMessenger } from '../messaging/messenger';
import type { SyncSetup, SyncStatus } from './config';
import type { ConflictTarget } from './copies';

/** Messages about sync, answered by the background. */
export interface SyncProtocol {
  /**
   * Connects to the server, checks (or sets up) the passphrase, then starts syncing.
   * Throws a plain error (wrong passphrase, unreachable server, refused credentials);
   * on error nothing is stored or changed.
   */
  enableSync(data: SyncSetup): SyncStatus;
  /** Stops syncing; with `deleteServerCopy` also deletes the server's database. */
  disableSync(data: { deleteServerCopy: boolean }): SyncStatus;
  getSyncStatus(data: Record<string, never>): SyncStatus & { serverUrl: string | null; database: string | null; username: string | null };
  /**
   * Takes (the copy becomes the reflection, or the highlight's note) or dismisses one
   * conflict copy: a reflection's (`sectionId`) or a highlight note's (`highlightId`).
   */
  resolveSyncConflict(data: { url: string; text: string; take: boolean } & ConflictTarget): void;
}

export const syncMessenger = defineMessenger<SyncProtocol>();
