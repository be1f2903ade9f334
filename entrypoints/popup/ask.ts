import { loadPageJournal, type LoadedJournal } from '@/components/journal/load-page-journal';

declare global {
  interface Window {
    /** The popup's data, asked for by popup-data.js and taken up by popup-main.js. */
    glossJournal?: Promise<LoadedJournal>;
  }
}

/**
 * The tab the popup is for: `?tabId=` lets it be opened as a tab for a given page (tests,
 * benchmarks); null means the active tab.
 */
export function tabIdFrom(search: string): number | null {
  const param = new URLSearchParams(search).get('tabId');
  return param && /^\d+$/.test(param) ? Number(param) : null;
}

/**
 * Asks for the popup's data (a round trip to the page's tab) and leaves the promise on
 * `win.glossJournal`. Run by popup-data.js, a small classic script that popup.html
 * loads before popup-main.js (the UI, ~95 KB): the question goes out as soon as the
 * small file has arrived, while the UI code is still being fetched and set up.
 */
export function askForJournal(win: Window = window): Promise<LoadedJournal> {
  // Benchmarks: the popup's first script is running (its question goes out from here).
  performance.mark('gloss-ask');
  const journal = loadPageJournal(tabIdFrom(win.location.search));
  // Failures are shown by the UI, which may attach its handlers a little later.
  journal.catch(() => {});
  win.glossJournal = journal;
  return journal;
}
