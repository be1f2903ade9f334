import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { askForJournal } from './popup/ask';

// The popup's question to the page's tab as a small classic script (popup-data.js),
// loaded by popup.html before the UI: see entrypoints/popup/ask.ts.
export default defineUnlistedScript({ globalName: false, main: () => void askForJournal() });
