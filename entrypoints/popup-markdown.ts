import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { markdownSink } from '@/utils/sanitize';

declare global {
  interface Window {
    /** Set by popup-markdown.js. */
    glossMarkdownSink?: typeof markdownSink;
  }
}

// The popup's Markdown renderer and DOMPurify as a classic script loaded after its first
// screen (see entrypoints/popup/main.tsx and utils/markdown-sink-loader.ts): in the popup's
// own script they were set up before every first render.
export default defineUnlistedScript({
  globalName: false,
  main: () => {
    window.glossMarkdownSink = markdownSink;
  },
});
