import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { markdownToSafeHtml } from '@/utils/sanitize';

declare global {
  interface Window {
    /** Set by popup-markdown.js. */
    glossSafeHtml?: typeof markdownToSafeHtml;
  }
}

// The popup's Markdown renderer and DOMPurify as a classic script loaded after its first
// screen (see entrypoints/popup/main.tsx and utils/safe-html-loader.ts): in the popup's
// own script they were set up before every first render.
export default defineUnlistedScript({
  globalName: false,
  main: () => {
    window.glossSafeHtml = markdownToSafeHtml;
  },
});
