import { defineConfig } from 'wxt';
import type { Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';

const polyfillShim = fileURLToPath(new URL('./utils/browser-polyfill-shim.ts', import.meta.url));

/**
 * The popup asks for its data first and imports its UI code dynamically (see
 * entrypoints/popup/main.tsx). Vite only preloads static imports from the HTML; this
 * adds `modulepreload` links for the popup entry's dynamic imports (and what they
 * import), so the UI code is fetched and compiled while the data is on its way. The
 * popup's small stylesheet is inlined: a linked one is one more request, and it holds
 * back the entry script until it arrives (extension pages allow inline styles, not
 * inline scripts).
 */
function preloadPopupUi(): Plugin {
  return {
    name: 'gloss:preload-popup-ui',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.chunk || !ctx.bundle || !/popup/.test(ctx.filename)) return;
        const bundle = ctx.bundle;
        html = html.replace(/<link rel="stylesheet"[^>]*href="\/(assets\/popup-[^"]+\.css)"[^>]*>/, (link, file: string) => {
          const css = bundle[file];
          if (css?.type !== 'asset' || String(css.source).includes('</')) return link;
          delete bundle[file];
          return `<style>${String(css.source)}</style>`;
        });
        const files = new Set<string>();
        const add = (file: string) => {
          const out = ctx.bundle![file];
          if (out?.type !== 'chunk' || files.has(file)) return;
          files.add(file);
          out.imports.forEach(add);
        };
        ctx.chunk.dynamicImports.forEach(add);
        files.delete(ctx.chunk.fileName);
        for (const f of ctx.chunk.imports) files.delete(f);
        return {
          html,
          tags: [...files].map((file) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` },
            injectTo: 'head' as const,
          })),
        };
      },
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
  // Development aid: GLOSS_ENTRYPOINTS=background,content,popup builds only those.
  filterEntrypoints: process.env.GLOSS_ENTRYPOINTS ? process.env.GLOSS_ENTRYPOINTS.split(',') : undefined,
  vite: () => ({
    plugins: [preact(), preloadPopupUi()],
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
