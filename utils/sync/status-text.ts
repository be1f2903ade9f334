/**
 * Sync's status in words, for the options page and the side panel: "Synced at …",
 * pending changes, or a plain error.
 */
import { formatDateTime, formatNumber, t } from '../i18n';
import type { SyncStatus } from './config';

export function syncStatusText(status: SyncStatus): string {
  switch (status.state) {
    case 'off':
      return t('syncStatusOff');
    case 'connecting':
      return t('syncStatusConnecting');
    case 'syncing':
      return status.pending > 0 ? t('syncStatusPending', formatNumber(status.pending)) : t('syncStatusSyncing');
    case 'idle':
      return status.lastSyncedAt ? t('syncStatusSyncedAt', formatDateTime(status.lastSyncedAt)) : t('syncStatusSyncing');
    case 'error':
      return t('syncStatusError', status.error ?? '');
  }
}
