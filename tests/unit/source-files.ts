// The project's own source files under a folder, for the tests that scan shipped code
// (layering, one home per idea).
import { readdirSync } from 'node:fs';
import path from 'node:path';

export const ROOT = process.cwd();

/** Every .ts/.tsx/.mts/.js/.mjs file under `dir` (relative to the repo root), recursively. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(rel);
    return /\.(ts|tsx|mts|js|mjs)$/.test(e.name) ? [rel] : [];
  });
}
