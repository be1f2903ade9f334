// `npm run bench`: every benchmark, one after another (they share the machine's two cores).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../support/browser.mjs';

const benches = ['outline.bench.mjs', 'anchor.bench.mjs', 'library.bench.mjs', 'bounded.bench.mjs', 'panel.bench.mjs', 'shield.bench.mjs'];
let failed = 0;
for (const file of benches) {
  console.log(`\n==== ${file}`);
  const r = spawnSync(process.execPath, [path.join(ROOT, 'tests/bench', file)], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
