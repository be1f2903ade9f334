import { useEffect, useMemo, useState } from 'preact/hooks';
import { onStoredKey } from '@/utils/store/watch';
import { SYNC_STATUS_KEY, type SyncStatus } from '@/utils/sync/config';
import { syncStatusText } from '@/utils/sync/status-text';
import { t } from '@/utils/i18n';
import { browserSyncConflictsEnv, type SyncConflictsEnv } from './use-sync-conflicts';

/**
 * Sync's status as the background stores it (`syncStatus` in the extension's local
 * storage), live; null until read, and while sync is off. One small read after the
 * first render; nothing else while sync was never turned on.
 */
export function useSyncStatus(area: SyncConflictsEnv['area']): { status: SyncStatus | null; error: string | null } {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    // Followed before the read, so a change that lands while it is out is not lost to it.
    let changed = false;
    const stop = onStoredKey(area, SYNC_STATUS_KEY, (value) => {
      changed = true;
      setStatus((value as SyncStatus | undefined) ?? null);
    });
    area.get(SYNC_STATUS_KEY).then(
      (got) => live && !changed && setStatus((got[SYNC_STATUS_KEY] as SyncStatus | undefined) ?? null),
      (err: unknown) => live && setError(t('syncStatusError', err instanceof Error ? err.message : String(err))),
    );
    return () => {
      live = false;
      stop();
    };
  }, [area]);
  return { status, error };
}

/**
 * The side panel's sync line: "Synced at …", pending changes, or a plain error, as on
 * the options page. Nothing while sync is off.
 */
export function SyncStatusLine({ env }: { env?: SyncConflictsEnv }) {
  const io = useMemo(() => env ?? browserSyncConflictsEnv(), [env]);
  const { status, error } = useSyncStatus(io.area);
  if (error) return <p class={`sync-line error`} role="status" dir="auto">{error}</p>;
  if (!status || status.state === 'off') return null;
  return (
    <p class={`sync-line ${status.state}`} role="status" aria-live="polite" dir="auto">
      {syncStatusText(status)}
    </p>
  );
}
