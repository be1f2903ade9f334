// Dependencies point down: entrypoints → components → utils. A utils/ module that
// imports a component (or an entrypoint) has its layering upside down.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ROOT, sourceFiles } from './source-files';
import path from 'node:path';


/** Module specifiers of static imports, re-exports and dynamic imports in `source`. */
function importsOf(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/\b(?:import|export)\s[^'"]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\bimport\s+['"]([^'"]+)['"]/g)) {
    out.push(m[1] ?? m[2] ?? m[3]);
  }
  return out;
}

/** The top-level folder an import from `file` lands in (null for packages). */
function layerOf(file: string, spec: string): string | null {
  let target: string;
  if (spec.startsWith('@/') || spec.startsWith('~/')) target = spec.slice(2);
  else if (spec.startsWith('.')) target = path.relative(ROOT, path.resolve(ROOT, path.dirname(file), spec));
  else return null;
  return target.split(/[\\/]/)[0];
}

describe('layering', () => {
  it('finds imports of every form (so the scan below can fail)', () => {
    const sample = `import { a } from '@/components/x';\nimport type { B } from "../components/y";\nexport { c } from './z';\nconst d = import('@/entrypoints/w');\nimport '@/components/s.css';`;
    expect(importsOf(sample)).toEqual(['@/components/x', '../components/y', './z', '@/entrypoints/w', '@/components/s.css']);
    expect(layerOf('utils/store/a.ts', '../../components/y')).toBe('components');
    expect(layerOf('utils/store/a.ts', '../hash')).toBe('utils');
  });

  it('utils/ imports neither components/ nor entrypoints/', () => {
    const files = sourceFiles('utils');
    expect(files.length).toBeGreaterThan(50);
    const violations = files.flatMap((file) =>
      importsOf(readFileSync(path.join(ROOT, file), 'utf8'))
        .filter((spec) => ['components', 'entrypoints'].includes(layerOf(file, spec) ?? ''))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(violations).toEqual([]);
  });

  it('components/ does not import entrypoints/', () => {
    const violations = sourceFiles('components').flatMap((file) =>
      importsOf(readFileSync(path.join(ROOT, file), 'utf8'))
        .filter((spec) => layerOf(file, spec) === 'entrypoints')
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(violations).toEqual([]);
  });
});
