import { render } from 'preact';
import { Popup } from '@/components/popup/Popup';
import { loadPageJournal } from '@/components/popup/use-page-journal';
import '@/components/popup/popup.css';

// `?tabId=` lets the popup be opened as a tab for a given page (tests, benchmarks);
// without it the popup works on the active tab.
const param = new URLSearchParams(location.search).get('tabId');
const tabId = param && /^\d+$/.test(param) ? Number(param) : null;

// Start loading before the first render: effects would wait for a frame.
const initial = loadPageJournal(tabId);
render(<Popup initial={initial} />, document.getElementById('app')!);
