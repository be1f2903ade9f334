import { render } from 'preact';
import { Popup } from '@/components/popup/Popup';
import '@/components/popup/popup.css';

// `?tabId=` lets the popup be opened as a tab for a given page (tests, benchmarks);
// without it the popup works on the active tab.
const param = new URLSearchParams(location.search).get('tabId');
const tabId = param && /^\d+$/.test(param) ? Number(param) : null;

render(<Popup tabId={tabId} />, document.getElementById('app')!);
