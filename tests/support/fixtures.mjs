// Essay fixtures for tests that need a real-looking saved page: the project's own
// (tests/fixtures/essay, original text) always, and the workspace's shared seed essay
// (../shared/fixtures) when it is there. A fresh clone has no ../shared: the tests on the
// shared essay are then registered as skipped, with the reason in their skip message.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, SHARED_DIR } from './browser.mjs';

const SHARED_SEED = path.join(SHARED_DIR, 'fixtures/seed-essay-wordpress.html');
const OWN_ESSAY = path.join(ROOT, 'tests/fixtures/essay/wordpress-bold-headings.html');

const truthOf = (file) => JSON.parse(readFileSync(file.replace(/\.html$/, '.truth.json'), 'utf8'));

/**
 * WordPress essays whose sections start with bold paragraphs: [{ label, file, truth, skip }].
 * `skip` is false or the reason (for node:test's `skip` option). A missing own fixture throws.
 */
export function boldHeadingEssays() {
  const own = { label: 'own essay', file: OWN_ESSAY, truth: truthOf(OWN_ESSAY), skip: false };
  const haveShared = existsSync(SHARED_DIR);
  const shared = haveShared
    ? { label: 'shared seed essay', file: SHARED_SEED, truth: truthOf(SHARED_SEED), skip: false }
    : { label: 'shared seed essay', file: SHARED_SEED, truth: null, skip: `${SHARED_DIR} not present (a fresh clone): skipped` };
  return [own, shared];
}
