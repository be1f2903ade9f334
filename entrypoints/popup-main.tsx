import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { startPopup } from './popup/main';

// The popup's UI as a classic script (popup-main.js), loaded by popup.html after
// popup-data.js: see entrypoints/popup/main.tsx.
export default defineUnlistedScript({ globalName: false, main: () => startPopup() });
