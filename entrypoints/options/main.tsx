import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { onStoredKey } from '@/utils/store/watch';
import { SyncOptions, type SyncOptionsProps } from '@/components/options/SyncOptions';
import { syncMessenger } from '@/utils/sync/protocol';
import { SYNC_OFF, SYNC_STATUS_KEY, type SyncSetup, type SyncStatus } from '@/utils/sync/config';
import { t } from '@/utils/i18n';
import '@/components/options/options.css';

type Status = SyncOptionsProps['status'];
const NONE: Status = { ...SYNC_OFF, serverUrl: null, database: null, username: null };

/** Access to the server's origin, asked at "Turn on sync" (a click), never at install. */
function askForServer(setup: SyncSetup): Promise<void> {
  let origin: string;
  try {
    origin = new URL(setup.serverUrl.trim()).origin;
  } catch {
    // The background explains what is wrong with the address.
    return Promise.resolve();
  }
  // Called before any await: Firefox and Chrome only ask during the click.
  return browser.permissions.request({ origins: [`${origin}/*`] }).then((granted) => {
    if (!granted) throw new Error(t('syncPermissionDenied', origin));
  });
}

function OptionsRoot() {
  const [status, setStatus] = useState<Status>(NONE);
  const refresh = () =>
    syncMessenger.sendMessage('getSyncStatus', {}).then(setStatus, (err: Error) => setStatus({ ...NONE, state: 'error', error: err.message }));
  useEffect(() => {
    void refresh();
    return onStoredKey(browser.storage.local, SYNC_STATUS_KEY, (value) => {
      const next = value as SyncStatus | undefined;
      setStatus((cur) => ({ ...cur, ...(next ?? SYNC_OFF) }));
    });
  }, []);
  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
      <SyncOptions
        status={status}
        onEnable={async (setup) => {
          await askForServer(setup);
          await syncMessenger.sendMessage('enableSync', setup);
          await refresh();
        }}
        onDisable={async (deleteServerCopy) => {
          await syncMessenger.sendMessage('disableSync', { deleteServerCopy });
          await refresh();
        }}
      />
    </main>
  );
}

document.title = t('optionsTitle');
render(<OptionsRoot />, document.getElementById('app')!);
