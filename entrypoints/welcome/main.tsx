import { render } from 'preact';
import { browser } from 'wxt/browser';
import { Welcome, type Shortcut } from '@/components/welcome/Welcome';
import '@/components/welcome/welcome.css';
import { t } from '@/utils/i18n';

// The welcome page, opened once on install (see entrypoints/background.ts): the
// keyboard shortcuts as the browser has them bound, then the page.
async function shortcuts(): Promise<Shortcut[]> {
  const all = await browser.commands.getAll().catch(() => []);
  return all
    .filter((c) => c.name && !c.name.startsWith('_'))
    .map((c) => ({ description: c.description || c.name!, keys: c.shortcut || null }));
}

document.documentElement.lang = browser.i18n.getUILanguage();
document.title = t('welcomeTitle');
void shortcuts().then((list) => {
  render(<Welcome shortcuts={list} onOpenLibrary={() => void browser.tabs.create({ url: browser.runtime.getURL('/library.html') })} />, document.getElementById('app')!);
  document.documentElement.dataset.glossReady = '1';
});
