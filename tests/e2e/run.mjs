// Runs the real-browser tests: builds the Chrome and the Firefox extension, then runs
// every tests/e2e/*.e2e.mjs file with node's test runner, one file at a time. Files
// written with journey() (tests/support/driver.mjs) run in Chromium and in Firefox;
// GLOSS_BROWSERS=chromium or =firefox runs one leg only.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT, chromiumPath } from '../support/browser.mjs';
import { firefoxPath } from '../support/firefox.mjs';
import { selectedBrowsers } from '../support/driver.mjs';

const browsers = selectedBrowsers();
try {
  chromiumPath(); // the Chromium-only files run in every leg
  if (browsers.includes('firefox')) firefoxPath();
} catch (err) {
  console.error(String(err.message));
  process.exit(1);
}

if (!process.env.GLOSS_SKIP_BUILD) {
  const targets = browsers.includes('firefox') ? [[], ['-b', 'firefox']] : [[]];
  for (const target of targets) {
    const built = spawnSync('npx', ['wxt', 'build', ...target], { cwd: ROOT, stdio: 'inherit' });
    if (built.status !== 0) process.exit(built.status ?? 1);
  }
}

const dir = path.join(ROOT, 'tests/e2e');
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.e2e.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()
  .map((f) => path.join(dir, f));

// A test that stalls (a browser that stopped answering) fails after 15 minutes with its
// name, instead of holding the whole run until the CI limit.
const run = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-timeout=900000', ...files], {
  cwd: ROOT,
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
