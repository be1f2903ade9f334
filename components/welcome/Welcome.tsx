import type { ComponentChildren } from 'preact';
import { t } from '@/utils/i18n';

export interface Shortcut {
  /** What the shortcut does, in the reader's language. */
  description: string;
  /** The keys, or null when the reader has not bound any. */
  keys: string | null;
}

export interface WelcomeProps {
  shortcuts: Shortcut[];
  onOpenLibrary: () => void;
  /** The interactive sample (highlight → reflect → export), see SampleTry. */
  sample: ComponentChildren;
}

/**
 * The page shown once, on install: highlight → reflect → export, taught by doing on an
 * excerpt of the built-in sample essay (`sample`), and the keyboard shortcuts as the
 * browser has them bound.
 */
export function Welcome({ shortcuts, onOpenLibrary, sample }: WelcomeProps) {
  return (
    <main class="welcome">
      <header>
        <img src="/icon/128.png" alt="" width={64} height={64} />
        <h1>{t('welcomeTitle')}</h1>
      </header>
      <p class="lead">{t('welcomeIntro')}</p>
      <ol class="steps">
        <li>
          <h2>{t('welcomeStep1Title')}</h2>
          <p>{t('welcomeStep1')}</p>
        </li>
        <li>
          <h2>{t('welcomeStep2Title')}</h2>
          <p>{t('welcomeStep2')}</p>
        </li>
        <li>
          <h2>{t('welcomeStep3Title')}</h2>
          <p>{t('welcomeStep3')}</p>
        </li>
      </ol>
      {sample}
      <section aria-labelledby="keys-h">
        <h2 id="keys-h">{t('welcomeShortcuts')}</h2>
        <table class="shortcuts">
          <tbody>
            {shortcuts.map((s) => (
              <tr key={s.description}>
                <th scope="row">
                  <kbd>{s.keys ?? t('welcomeShortcutNone')}</kbd>
                </th>
                <td>{s.description}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">
                <kbd>R</kbd>
              </th>
              <td>{t('welcomeShortcutR')}</td>
            </tr>
            <tr>
              <th scope="row">
                <kbd>Esc</kbd>
              </th>
              <td>{t('welcomeShortcutEscape')}</td>
            </tr>
          </tbody>
        </table>
      </section>
      <p>
        <button type="button" onClick={onOpenLibrary}>
          {t('welcomeOpenLibrary')}
        </button>
      </p>
    </main>
  );
}
