// One home per idea (issue #15): a question answered in two places will be answered two
// ways. Each scan below names the one module allowed to answer, and fails when the
// answer is written again somewhere else in the shipped source (utils, components,
// entrypoints). Tests that build raw storage on purpose are not scanned.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ROOT, sourceFiles } from './source-files';
import path from 'node:path';


const SOURCES = ['utils', 'components', 'entrypoints'].flatMap(sourceFiles);

/** Source without comments, so a comment pointing at the home does not count. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

const RULES: Array<{ what: string; pattern: RegExp; homes: string[]; sample: string }> = [
  {
    what: 'subscribing to storage changes (utils/store/watch.ts)',
    pattern: /\bonChanged\s*\.\s*addListener\s*\(/,
    homes: ['utils/store/watch.ts'],
    sample: 'browser.storage.onChanged.addListener(listener);',
  },
  {
    what: "the 'page:' key prefix (PAGE_KEY_PREFIX / pageKey())",
    pattern: /['"`]page:/,
    homes: ['utils/store/schema.ts'],
    sample: 'const key = `page:${url}`;',
  },
  {
    // anchoring/seeds.ts hashes each word in place (no substring per word), on the hot
    // path of anchoring: the same FNV-1a, computed inline on purpose and said so there.
    what: 'the FNV-1a hash (utils/hash.ts)',
    pattern: /0x811c9dc5|2166136261/i,
    homes: ['utils/hash.ts', 'utils/anchoring/seeds.ts'],
    sample: 'let h = 0x811c9dc5;',
  },
  {
    what: 'HTML escaping (utils/html-escape.ts)',
    pattern: /&(?:lt|gt|amp|quot|#60|#62|#38|#34|#39);/,
    homes: ['utils/html-escape.ts'],
    sample: "s.replace(/</g, '&lt;')",
  },
  {
    what: 'the tags whose text is never page text (utils/hidden.ts UNRENDERED_TAGS)',
    pattern: /['"]noscript['"]/,
    homes: ['utils/hidden.ts'],
    sample: "const SKIP = new Set(['script', 'style', 'noscript']);",
  },
];

describe('one home per idea', () => {
  for (const rule of RULES) {
    it(`${rule.what} is written in its home only`, () => {
      // The pattern catches what it is meant to (so the scan can fail).
      expect(rule.pattern.test(code(rule.sample))).toBe(true);
      for (const home of rule.homes) expect(SOURCES, `${home} exists`).toContain(home);
      const strays = SOURCES.filter((f) => !rule.homes.includes(f) && rule.pattern.test(code(readFileSync(path.join(ROOT, f), 'utf8'))));
      expect(strays).toEqual([]);
    });
  }
});
