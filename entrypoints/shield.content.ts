import { defineContentScript } from 'wxt/utils/define-content-script';
import { installKeyShield } from '@/utils/content/key-shield';

/**
 * Runs before any page script (document_start) so that Gloss's capture listeners on
 * `window` come first: keys typed into the note card never reach the page's listeners
 * (see utils/content/key-shield.ts). It does nothing else: no DOM work, no storage.
 */
export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_start',
  // No "content script started" broadcast to the page (see the main content script).
  noScriptStartedPostMessage: true,
  main() {
    installKeyShield(window, globalThis, { early: true });
  },
});
