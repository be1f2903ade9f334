// Bundles a project module into a script that can be injected into a real page
// (benchmarks and layout-dependent tests), exposing its exports on `window[globalName]`.
import { build } from 'esbuild';
import path from 'node:path';
import { ROOT } from './browser.mjs';

/** Returns JS source (IIFE) for `entry` (path relative to the repo root). */
export async function bundleForPage(entry, globalName) {
  const result = await build({
    entryPoints: [path.join(ROOT, entry)],
    bundle: true,
    format: 'iife',
    globalName,
    write: false,
    target: 'es2022',
    platform: 'browser',
    alias: { '@': ROOT },
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}
