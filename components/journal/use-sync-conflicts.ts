import { useEffect, useMemo, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { browser } from 'wxt/browser';
import { onStoredKey, type ChangeSource } from '@/utils/store/watch';
import type { StorageArea } from '@/utils/store/storage';
import { conflictsKey, readConflicts } from '@/utils/sync/config';
import { syncMessenger } from '@/utils/sync/protocol';
import { NO_CONFLICTS, type ConflictTarget, type PageConflicts } from '@/utils/sync/copies';
import type { PageRecord } from '@/utils/store/schema';
import type { ConflictCopyItem } from './ConflictCopies';

/** What the conflict copies hook needs from the browser; injectable for tests. */
export interface SyncConflictsEnv {
  /** The storage area sync keeps its conflict copies in (read one key, follow its changes). */
  area: Pick<StorageArea, 'get'> & ChangeSource;
  /** Asks the background to take (or dismiss) one copy; rejects with the reason. */
  resolve: (data: { url: string; text: string; take: boolean } & ConflictTarget) => Promise<void>;
}

/** The real browser environment: extension local storage and the sync messenger. */
export function browserSyncConflictsEnv(): SyncConflictsEnv {
  return {
    area: browser.storage.local,
    resolve: (data) => syncMessenger.sendMessage('resolveSyncConflict', data),
  };
}

/**
 * The copies to show for a page: its reflections' (with the section heading when the
 * reflection is known), then its highlights' notes' (only for highlights the page still
 * has: a deleted highlight's copies could not be taken). Pure.
 */
export function conflictItems(conflicts: PageConflicts, record: PageRecord | null): ConflictCopyItem[] {
  const reflections = Object.entries(conflicts.reflections).flatMap(([sectionId, list]) =>
    list.map((c) => ({ ...c, target: { sectionId }, heading: record?.reflections[sectionId]?.heading ?? null, quote: null })),
  );
  const notes = (record?.highlights ?? []).flatMap((h) =>
    (conflicts.notes[h.id] ?? []).map((c) => ({ ...c, target: { highlightId: h.id }, heading: null, quote: h.text })),
  );
  return [...reflections, ...notes];
}

/**
 * The page's conflict copies (reflections' and highlight notes', kept by sync), live,
 * with take/dismiss sent to the background. Reads one small key; nothing when sync never
 * made a copy. `env` defaults to the browser's (made once per mounted view).
 */
export function useSyncConflicts(url: string | null, record: PageRecord | null, env?: SyncConflictsEnv) {
  const io = useMemo(() => env ?? browserSyncConflictsEnv(), [env]);
  const [conflicts, setConflicts] = useState<PageConflicts>(NO_CONFLICTS);
  const [error, setError] = useState<string | null>(null);
  const onError = (what: string, err: unknown) => setError(t('journalErrorBecause', what, err instanceof Error ? err.message : String(err)));
  useEffect(() => {
    if (!url) return;
    const key = conflictsKey(url);
    let live = true;
    // Followed before the read, so a change that lands while it is out is not lost to it.
    let changed = false;
    const stop = onStoredKey(io.area, key, (value) => {
      changed = true;
      setConflicts(readConflicts(value));
    });
    io.area.get(key).then(
      (got) => live && !changed && setConflicts(readConflicts(got[key])),
      (err) => live && onError(t('journalErrReadCopies'), err),
    );
    return () => {
      live = false;
      stop();
    };
  }, [url, io]);
  const items = useMemo(() => conflictItems(conflicts, record), [conflicts, record]);
  const resolve = (item: ConflictCopyItem, take: boolean) => {
    if (!url) return;
    setError(null);
    io.resolve({ url, ...item.target, text: item.text, take }).catch((err) =>
      onError(take ? t('journalErrTakeCopy') : t('journalErrDismissCopy'), err),
    );
  };
  return { items, error, take: (item: ConflictCopyItem) => resolve(item, true), dismiss: (item: ConflictCopyItem) => resolve(item, false) };
}
