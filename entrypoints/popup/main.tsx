import { render } from 'preact';
import { Popup } from '@/components/popup/Popup';
import { loadPageJournal } from '@/components/popup/load-page-journal';
import { markdownToSafeHtml } from '@/utils/sanitize';
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
  // The loading state is rendered and the Markdown sanitiser set up while the tab
  // answers, so its one-time set-up is not part of the first render with data.
  try {
    render(<Popup initial={initial} />, root);
    markdownToSafeHtml('*Gloss*');
  } catch (err) {
    root.textContent = `Gloss could not start: ${err instanceof Error ? err.message : String(err)}`;
  }
}
