// @webext-core/storage imports webextension-polyfill; WXT already provides a
// cross-browser `browser`, so the polyfill is aliased to it (see wxt.config.ts).
import { browser } from 'wxt/browser';
export default browser;
