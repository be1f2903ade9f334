import { useEffect, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { browser } from 'wxt/browser';
import { onStoredKey } from '@/utils/store/watch';
import { conflictsKey, readConflicts } from '@/utils/sync/config';
import { syncMessenger } from '@/utils/sync/protocol';
import type { PageConflicts } from '@/utils/sync/entities';
import type { PageRecord } from '@/utils/store/schema';
import type { ReflectionConflictItem } from './ReflectionConflicts';

/**
 * The page's reflection conflict copies (kept by sync), live, with take/dismiss sent to
 * the background. Reads one small key; nothing when sync never made a copy.
 */
export function useSyncConflicts(url: string | null, record: PageRecord | null) {
  const [conflicts, setConflicts] = useState<PageConflicts>({});
  const [error, setError] = useState<string | null>(null);
  const onError = (what: string, err: unknown) => setError(t('journalErrorBecause', what, err instanceof Error ? err.message : String(err)));
  useEffect(() => {
    if (!url) return;
    const key = conflictsKey(url);
    let live = true;
    browser.storage.local.get(key).then(
      (got) => live && setConflicts(readConflicts(got[key])),
      (err) => onError(t('journalErrReadCopies'), err),
    );
    const stop = onStoredKey(browser.storage.local, key, (value) => setConflicts(readConflicts(value)));
    return () => {
      live = false;
      stop();
    };
  }, [url]);
  const items: ReflectionConflictItem[] = Object.entries(conflicts).flatMap(([sectionId, list]) =>
    list.map((c) => ({ ...c, sectionId, heading: record?.reflections[sectionId]?.heading ?? null })),
  );
  const resolve = (item: ReflectionConflictItem, take: boolean) => {
    if (!url) return;
    setError(null);
    syncMessenger
      .sendMessage('resolveSyncConflict', { url, sectionId: item.sectionId, text: item.text, take })
      .catch((err) => onError(take ? t('journalErrTakeCopy') : t('journalErrDismissCopy'), err));
  };
  return { items, error, take: (item: ReflectionConflictItem) => resolve(item, true), dismiss: (item: ReflectionConflictItem) => resolve(item, false) };
}
