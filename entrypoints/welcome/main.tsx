import { render } from 'preact';
import { browser } from 'wxt/browser';
import { Welcome, type Shortcut } from '@/components/welcome/Welcome';
import { SamplePractice } from '@/components/welcome/SamplePractice';
import '@/components/welcome/welcome.css';
import { t } from '@/utils/i18n';
import { createStore, watchChanges } from '@/utils/store/storage';
import { sendPageOp } from '@/utils/messaging/protocol';
import { createPainter } from '@/utils/highlight/painter';
import { pageKey } from '@/utils/store/schema';
import { provideMarkdownSink } from '@/utils/markdown-sink-loader';
import { markdownSink } from '@/utils/sanitize';

// The welcome page, opened once on install (see entrypoints/background.ts): the
// keyboard shortcuts as the browser has them bound, and the sample to practise on.
async function shortcuts(): Promise<Shortcut[]> {
  const all = await browser.commands.getAll().catch(() => []);
  return all
    .filter((c) => c.name && !c.name.startsWith('_'))
    .map((c) => ({ description: c.description || c.name!, keys: c.shortcut || null }));
}

provideMarkdownSink(markdownSink);
document.documentElement.lang = browser.i18n.getUILanguage();
document.title = t('welcomeTitle');
const url = browser.runtime.getURL('/welcome.html');
const store = createStore(browser.storage.local);
void Promise.all([shortcuts(), store.getPage(url).catch(() => null)]).then(([list, record]) => {
  const sample = (
    <SamplePractice
      url={url}
      initial={record}
      env={{
        sendOp: sendPageOp,
        watch: (cb) => {
          const changes = watchChanges(browser.storage.local);
          changes.follow(pageKey(url), (v) => cb((v as never) ?? null));
          return () => changes.stop();
        },
        painter: createPainter(window),
        newId: () => crypto.randomUUID(),
      }}
    />
  );
  render(
    <Welcome shortcuts={list} sample={sample} onOpenLibrary={() => void browser.tabs.create({ url: browser.runtime.getURL('/library.html') })} />,
    document.getElementById('app')!,
  );
  document.documentElement.dataset.glossReady = '1';
});
