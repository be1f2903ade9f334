import { defineConfig } from 'wxt';
import type { Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';

const polyfillShim = fileURLToPath(new URL('./utils/browser-polyfill-shim.ts', import.meta.url));

/**
 * popup.html as it is fastest to open: its small stylesheet inlined (a linked one is
 * one more request, and it holds back scripts until it arrives; extension pages allow
 * inline styles, not inline scripts), and no module script: the popup's code is two
 * classic scripts, popup-data.js and popup-main.js (see entrypoints/popup/ask.ts and
 * main.tsx), which start WXT's plugins themselves, so the module WXT adds to every page
 * for that (and for a modulepreload polyfill Chrome does not need) is left out.
 */
function popupHtml(): Plugin {
  return {
    name: 'gloss:popup-html',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.bundle || !/popup/.test(ctx.filename)) return;
        const bundle = ctx.bundle;
        return html
          .replace(/<link rel="stylesheet"[^>]*href="\/(assets\/popup-[^"]+\.css)"[^>]*>/, (link, file: string) => {
            const css = bundle[file];
            if (css?.type !== 'asset' || String(css.source).includes('</')) return link;
            // The file stays in the bundle: the side panel links the same stylesheet.
            return `<style>${String(css.source)}</style>`;
          })
          // popup.html itself has no module script: the only one is WXT's.
          .replace(/\s*<script type="module"[^>]*><\/script>/g, '')
          .replace(/\s*<link rel="modulepreload"[^>]*>/g, '');
      },
    },
  };
}

/**
 * The head every Gloss page shares (encoding, viewport, light and dark), added to each
 * entrypoint's index.html so the files themselves hold only what differs: title,
 * manifest metas, stylesheet and scripts.
 */
function pageHead(): Plugin {
  const head = [
    '<meta charset="utf-8" />',
    '<meta name="viewport" content="width=device-width, initial-scale=1" />',
    '<meta name="color-scheme" content="light dark" />',
  ];
  return {
    name: 'gloss:page-head',
    transformIndexHtml: {
      order: 'pre',
      handler: (html) => html.replace(/<head>/i, (tag) => `${tag}\n    ${head.join('\n    ')}`),
    },
  };
}

// Gloss is local-only: no host permissions beyond what content scripts need,
// no remote code, no network. Every permission is explained in README.md.
export default defineConfig({
  srcDir: '.',
  imports: false,
  // GLOSS_OUT_DIR lets parallel builds (tests, benchmarks) use separate output folders.
  outDir: process.env.GLOSS_OUT_DIR || '.output',
  // Development aid: GLOSS_ENTRYPOINTS=background,content,popup builds only those (the
  // popup with the scripts popup.html loads).
  filterEntrypoints: process.env.GLOSS_ENTRYPOINTS
    ? process.env.GLOSS_ENTRYPOINTS.split(',').flatMap((e) => (e === 'popup' ? [e, 'popup-data', 'popup-main', 'popup-export', 'popup-markdown'] : [e]))
    : undefined,
  vite: () => ({
    plugins: [preact(), pageHead(), popupHtml()],
    // @webext-core/storage imports webextension-polyfill; WXT's `browser` replaces it.
    resolve: { alias: { 'webextension-polyfill': polyfillShim } },
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // scripting + activeTab: on the reader's click, Gloss starts itself in a tab open since
    // before it was installed or updated (see utils/messaging/reach-tab.ts).
    permissions: ['storage', 'unlimitedStorage', 'contextMenus', 'scripting', 'activeTab', 'alarms'],
    // The key shield (entrypoints/key-shield.ts) before any page script, in the top
    // frames the main content script runs in: its own bundle, without WXT's runtime.
    // Left out only of a build that leaves its entrypoint out (GLOSS_ENTRYPOINTS).
    ...(!process.env.GLOSS_ENTRYPOINTS || process.env.GLOSS_ENTRYPOINTS.split(',').includes('key-shield')
      ? { content_scripts: [{ matches: ['<all_urls>'], run_at: 'document_start', js: ['key-shield.js'] }] }
      : {}),
    // Private windows: Gloss does not run there at all (README, Privacy), so nothing
    // from a private window is ever stored, nor shown in the normal window's library.
    incognito: 'not_allowed',
    // 'alarms' wakes the background to resume optional sync; unused while sync is off.
    // Optional sync: access to the reader's own server is asked for when they turn sync
    // on (permissions.request, that one origin), never at install.
    ...(browser === 'firefox'
      ? { optional_permissions: ['http://*/*', 'https://*/*'] }
      : { optional_host_permissions: ['http://*/*', 'https://*/*'] }),
    // Test builds only (sync e2e, benches): headless Chromium cannot answer the permission
    // prompt, so the test server's host is granted up front. Never set for a release.
    ...(process.env.GLOSS_TEST_SYNC_HOST ? { host_permissions: [process.env.GLOSS_TEST_SYNC_HOST] } : {}),
    commands: {
      'highlight-selection': {
        suggested_key: { default: 'Alt+Shift+H' },
        description: '__MSG_commandHighlightSelection__',
      },
      'open-journal': {
        suggested_key: { default: 'Alt+Shift+J' },
        description: '__MSG_commandOpenJournal__',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'gloss@gloss.example',
              // CSS Custom Highlight API (every highlight is painted with it): Firefox 140. 140 is
              // also an ESR and the first with data_collection_permissions on desktop.
              strict_min_version: '140.0',
              // Gloss collects nothing: everything stays in the browser.
              data_collection_permissions: { required: ['none'] },
            },
            // Firefox for Android reads data_collection_permissions from 142 on.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
