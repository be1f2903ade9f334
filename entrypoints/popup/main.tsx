import { loadPageJournal } from '@/components/popup/load-page-journal';
import '@/components/popup/popup.css';

// `?tabId=` lets the popup be opened as a tab for a given page (tests, benchmarks);
// without it the popup works on the active tab.
const param = new URLSearchParams(location.search).get('tabId');
const tabId = param && /^\d+$/.test(param) ? Number(param) : null;

// The data is asked for first (a round trip to the page's tab); the UI code (Preact,
// the components, the Markdown sanitiser) loads meanwhile.
const initial = loadPageJournal(tabId);
let arrived = false;
void initial.finally(() => (arrived = true)).catch(() => {});
import('./mount')
  .then(({ mount }) => mount(initial, document.getElementById('app')!, { idle: !arrived }))
  .catch((err: Error) => {
    // Without its code the popup cannot render: say so in plain DOM.
    document.getElementById('app')!.textContent = `Gloss could not start: ${err.message}`;
  });
