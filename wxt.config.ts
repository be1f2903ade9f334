import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';

const polyfillShim = fileURLToPath(new URL('./utils/browser-polyfill-shim.ts', import.meta.url));

// Gloss is local-only: no host permissions beyond what content scripts need,
// no remote code, no network. Every permission is explained in README.md.
export default defineConfig({
  srcDir: '.',
  imports: false,
  // GLOSS_OUT_DIR lets parallel builds (tests, benchmarks) use separate output folders.
  outDir: process.env.GLOSS_OUT_DIR || '.output',
  // Development aid: GLOSS_ENTRYPOINTS=background,content,popup builds only those.
  filterEntrypoints: process.env.GLOSS_ENTRYPOINTS ? process.env.GLOSS_ENTRYPOINTS.split(',') : undefined,
  vite: () => ({
    plugins: [preact()],
    // @webext-core/storage imports webextension-polyfill; WXT's `browser` replaces it.
    resolve: { alias: { 'webextension-polyfill': polyfillShim } },
  }),
  manifest: ({ browser }) => ({
    name: 'Gloss',
    description:
      'Highlight essays, see their sections, and journal per section. Private: everything stays in your browser.',
    permissions: ['storage', 'unlimitedStorage', 'contextMenus'],
    commands: {
      'highlight-selection': {
        suggested_key: { default: 'Alt+Shift+H' },
        description: 'Highlight the selected text',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'gloss@gloss.example',
              strict_min_version: '142.0',
              // Gloss collects nothing: everything stays in the browser.
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
