import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { startPopup } from './popup/main';

// The popup's code as one classic script (popup-main.js), loaded by popup.html.
export default defineUnlistedScript({ globalName: false, main: () => startPopup() });
