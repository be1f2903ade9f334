import { useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { syncStatusText } from '@/utils/sync/status-text';
import type { SyncSetup, SyncStatus } from '@/utils/sync/config';

export interface SyncOptionsProps {
  status: SyncStatus & { serverUrl: string | null; database: string | null; username: string | null };
  /** Turns sync on; rejects with a message for the reader. */
  onEnable: (setup: SyncSetup) => Promise<void>;
  /** Turns sync off, optionally deleting the server's copy. */
  onDisable: (deleteServerCopy: boolean) => Promise<void>;
}

function Field(props: { label: string; name: keyof SyncSetup; type?: string; value: string; onInput: (v: string) => void; hint?: string; autoComplete?: string }) {
  const id = `sync-${props.name}`;
  const secret = props.type === 'password';
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        // A password box is still a text box for assistive technology and tests.
        role={secret ? 'textbox' : undefined}
        value={props.value}
        autoComplete={props.autoComplete ?? 'off'}
        spellcheck={false}
        dir="auto"
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        onInput={(e) => props.onInput((e.target as HTMLInputElement).value)}
      />
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
    </div>
  );
}

/** The options page's sync section: the server form, or what is synced and how to stop. */
export function SyncOptions({ status, onEnable, onDisable }: SyncOptionsProps) {
  const [form, setForm] = useState<SyncSetup>({ serverUrl: '', database: 'gloss', username: '', password: '', passphrase: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [deleteServer, setDeleteServer] = useState(false);
  const on = status.state !== 'off' && !!status.serverUrl;
  // Functional update: a password manager may fill several boxes before the next render.
  const set = (name: keyof SyncSetup) => (value: string) => setForm((f) => ({ ...f, [name]: value }));

  const run = (task: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    task()
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))
      .finally(() => setBusy(false));
  };

  return (
    <section class="sync" aria-labelledby="sync-h">
      <h2 id="sync-h">{t('syncHeading')}</h2>
      <p>{t('syncIntro')}</p>
      <p role="status" aria-live="polite" class={`sync-status ${status.state}`} dir="auto">
        {syncStatusText(status)}
      </p>
      {error && (
        <p role="alert" class="sync-error" dir="auto">
          {error}
        </p>
      )}
      {on ? (
        <div class="sync-on">
          <p dir="auto">{t('syncConnectedTo', status.serverUrl ?? '', status.database ?? '', status.username || '—')}</p>
          <label class="check">
            <input type="checkbox" checked={deleteServer} onChange={(e) => setDeleteServer((e.target as HTMLInputElement).checked)} />
            {t('syncDeleteServerCopy')}
          </label>
          <button type="button" disabled={busy} onClick={() => run(() => onDisable(deleteServer))}>
            {t('syncTurnOff')}
          </button>
        </div>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            run(() => onEnable(form));
          }}
        >
          <Field label={t('syncFieldServerUrl')} name="serverUrl" value={form.serverUrl} onInput={set('serverUrl')} hint={t('syncFieldServerUrlHint')} />
          <Field label={t('syncFieldDatabase')} name="database" value={form.database} onInput={set('database')} />
          <Field label={t('syncFieldUsername')} name="username" value={form.username} onInput={set('username')} autoComplete="username" />
          <Field label={t('syncFieldPassword')} name="password" type="password" value={form.password} onInput={set('password')} autoComplete="current-password" />
          <Field
            label={t('syncFieldPassphrase')}
            name="passphrase"
            type="password"
            value={form.passphrase}
            onInput={set('passphrase')}
            hint={t('syncFieldPassphraseHint')}
            autoComplete="new-password"
          />
          <button type="submit" disabled={busy}>
            {busy ? t('syncTurningOn') : t('syncTurnOn')}
          </button>
        </form>
      )}
    </section>
  );
}
