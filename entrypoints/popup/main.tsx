import { render } from 'preact';
import { Popup } from '@/components/popup/Popup';
import { loadPageJournal } from '@/components/popup/load-page-journal';
import { markdownToSafeHtml } from '@/utils/sanitize';

/**
 * Starts the popup: asks for the page's data, then renders. Run by popup-main.js, a
 * single classic script at the end of popup.html's body (see entrypoints/popup-main.tsx):
 * one file runs as soon as it arrives, where a module graph waits for every chunk,
 * for the end of parsing and for the module machinery (measured: the first render with
 * data ~10 ms sooner). `?tabId=` lets the popup be opened as a tab for a given page
 * (tests, benchmarks); without it the popup works on the active tab.
 */
export function startPopup(root = document.getElementById('app')!, search = location.search) {
  performance.mark('gloss-start');
  const param = new URLSearchParams(search).get('tabId');
  const tabId = param && /^\d+$/.test(param) ? Number(param) : null;
  // The data is asked for first (a round trip to the page's tab); the loading state is
  // rendered and the Markdown sanitiser set up meanwhile, so its one-time set-up is not
  // part of the first render with data.
  const initial = loadPageJournal(tabId);
  try {
    render(<Popup initial={initial} />, root);
    markdownToSafeHtml('*Gloss*');
  } catch (err) {
    root.textContent = `Gloss could not start: ${err instanceof Error ? err.message : String(err)}`;
  }
}
