import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  plugins: [WxtVitest()],
  resolve: {
    alias: { 'webextension-polyfill': fileURLToPath(new URL('./utils/browser-polyfill-shim.ts', import.meta.url)) },
  },
  test: {
    environment: 'happy-dom',
    include: ['tests/unit/**/*.test.{ts,tsx}'],
    setupFiles: ['tests/unit/setup.ts'],
  },
});
