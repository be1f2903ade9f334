import { render } from 'preact';
import { JournalHost } from '@/components/journal/JournalHost';
import { loadPageJournal } from '@/components/journal/load-page-journal';
import { provideMarkdownSink } from '@/utils/markdown-sink-loader';
import { loadPopupMarkdown } from './load-markdown';
import { openSidePanel } from '@/utils/side-panel';
import { t } from '@/utils/i18n';
import { tabIdFrom } from './ask';

/**
 * Starts the popup: takes up the data popup-data.js asked for (see ./ask.ts), or asks
 * now, then renders. Run by popup-main.js, a classic script at the end of popup.html's
 * body (see entrypoints/popup-main.tsx): a classic script runs as soon as it arrives,
 * where a module graph waits for every chunk, for the end of parsing and for the module
 * machinery (measured: the first render with data ~5 ms sooner).
 */
export function startPopup(root = document.getElementById('app')!, win: Window = window) {
  performance.mark('gloss-start');
  const initial = win.glossJournal ?? loadPageJournal(tabIdFrom(win.location.search));
  // "Open beside the page": the panel is opened within the click (a user gesture), then
  // the popup closes; a failure rejects, and the journal shows it inline (role=alert).
  const openPanel = (tabId: number | null) =>
    openSidePanel({ tabId }).then(() => {
      // The real popup closes (the panel takes over); opened as a tab (?tabId=) it stays.
      if (tabIdFrom(win.location.search) == null) win.close();
    });
  // The Markdown renderer and DOMPurify are a script of their own (popup-markdown.js),
  // asked for by the first reflection shown, after the first paint (MarkdownView's
  // effect): loaded earlier, its set-up competed with the first render for the main
  // thread. Until it is there a reflection is shown as text.
  provideMarkdownSink({ load: () => loadPopupMarkdown(root.ownerDocument) });
  try {
    render(<JournalHost initial={initial} host="popup" onOpenPanel={openPanel} />, root);
  } catch (err) {
    root.textContent = t('journalCouldNotStart', err instanceof Error ? err.message : String(err));
  }
}
