import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { installKeyShield } from '@/utils/content/key-shield';

/**
 * The key shield's document_start content script (key-shield.js, declared in
 * wxt.config.ts): it runs before any page script so that Gloss's capture listeners on
 * `window` come first, and keys typed into the note card never reach the page's
 * listeners (see utils/content/key-shield.ts). It does nothing else: no DOM work, no
 * storage, no messages.
 *
 * Built as an unlisted script, not a WXT content script, so that every page pays for
 * the shield alone (about 1.5 kB): a WXT content script brings its runtime (the context,
 * location watcher, logger) and announces itself to the page's document with an event
 * named after the extension's id.
 */
export default defineUnlistedScript({
  globalName: false,
  main() {
    installKeyShield(window, globalThis, { early: true });
  },
});
