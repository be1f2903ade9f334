import { render } from 'preact';
import { useMemo } from 'preact/hooks';
import { JournalHost } from '@/components/journal/JournalHost';
import { useFollowedTab } from '@/components/journal/use-followed-tab';
import { browserFollowEnv } from '@/components/journal/follow-env';
import '@/components/journal/popup.css';
import { tabIdFrom } from '../popup/ask';
import { startPanelPresence } from './presence';
import { t } from '@/utils/i18n';
import { provideMarkdownSink } from '@/utils/markdown-sink-loader';

// The side panel (Chrome's side panel, Firefox's sidebar): the popup's journal view,
// following the reader's active tab. `sidepanel.html?tabId=N` shows tab N only.
function Panel() {
  const env = useMemo(() => browserFollowEnv(tabIdFrom(location.search)), []);
  const followed = useFollowedTab(env);
  if (!followed.initial) return <main class="journal panel" aria-busy="true" />;
  return (
    <JournalHost
      key={followed.pageKey}
      initial={followed.initial}
      host="panel"
      activeSectionId={followed.activeSectionId}
      reflectRequest={followed.reflectRequest}
      pageChanges={followed.pageChanges}
    />
  );
}

document.title = t('sidebarTitle');
// The Markdown renderer and DOMPurify are a chunk of their own, loaded after the first
// render (a reflection shows as text until then).
provideMarkdownSink({ load: () => import('@/utils/sanitize').then((m) => m.markdownSink) });
performance.mark('gloss-start');
render(<Panel />, document.getElementById('app')!);
// The real panel (not `?tabId=` in a tab) records itself open for its window.
if (tabIdFrom(location.search) == null) startPanelPresence();
