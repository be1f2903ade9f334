import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe as suite, it, expect } from 'vitest';
import { anchorAllDetailed, buildTextIndex, describe } from '@/utils/anchoring';
import type { Selectors } from '@/utils/anchoring';

// A saved page and the annotations Hypothesis made on it (its html-baselines,
// in the shared read-only corpus): Gloss must place each where Hypothesis
// placed it. Hypothesis's offsets are in the body's `textContent`, as Gloss's
// `rawStart` is.
const SHARED = path.resolve(__dirname, '../../../shared');
const DIR = path.join(SHARED, 'corpus/hypothesis-baselines');
const HAVE_SHARED = existsSync(SHARED);
if (!HAVE_SHARED) console.warn(`anchoring-hypothesis-baseline.test: ${SHARED} not present; skipped`);

interface HypoSelector {
  type: string;
  exact?: string;
  prefix?: string;
  suffix?: string;
  start?: number;
  end?: number;
}

function load(name: string): { body: HTMLElement; rows: Array<{ quote: HypoSelector; position: HypoSelector }> } {
  // A missing fixture fails the test (only a machine without the shared corpus skips it).
  const html = readFileSync(path.join(DIR, `${name}.html`), 'utf8');
  const json = JSON.parse(readFileSync(path.join(DIR, `${name}.json`), 'utf8')) as {
    rows: Array<{ target: Array<{ selector: HypoSelector[] }> }>;
  };
  // As Hypothesis's baseline test does: the page's HTML in a container (its
  // scripts do not run).
  // Its stylesheet links are dropped: happy-dom would try to fetch them.
  document.body.innerHTML = html.replace(/<link\b[^>]*>/gi, '');
  const rows = json.rows.map((r) => {
    const sels = r.target[0].selector;
    return {
      quote: sels.find((s) => s.type === 'TextQuoteSelector')!,
      position: sels.find((s) => s.type === 'TextPositionSelector')!,
    };
  });
  return { body: document.body, rows };
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

suite.skipIf(!HAVE_SHARED)('Hypothesis baseline pages', () => {
  for (const name of ['wikipedia-regression-testing', 'minimal']) {
    it(`${name}: every Hypothesis annotation anchors where Hypothesis put it`, () => {
      const { body, rows } = load(name);
      expect(rows.length).toBeGreaterThan(0);
      // Selectors as another tool stores them: raw quote and context, raw offsets, no hint.
      const sels: Selectors[] = rows.map(({ quote, position }) => ({
        quote: { type: 'TextQuoteSelector', exact: quote.exact!, prefix: quote.prefix ?? '', suffix: quote.suffix ?? '' },
        position: { type: 'TextPositionSelector', start: position.start!, end: position.end! },
        sectionId: null,
      }));
      const results = anchorAllDetailed(sels, body);
      results.forEach((res, i) => {
        const { quote, position } = rows[i];
        expect(res.range, quote.exact).not.toBeNull();
        expect(norm(res.range!.toString())).toBe(norm(quote.exact!));
        // In the same place: the stored context stands around it (its nearest 12 characters each side).
        const text = buildTextIndex(body).text;
        const prefix = norm(quote.prefix ?? '').slice(-12);
        const suffix = norm(quote.suffix ?? '').slice(0, 12);
        expect(text.slice(0, res.start).trimEnd().endsWith(prefix), `${quote.exact} after ${prefix}`).toBe(true);
        expect(text.slice(res.end).trimStart().startsWith(suffix), `${quote.exact} before ${suffix}`).toBe(true);
        // And the passage is described there again with the same quote.
        expect(describe(res.range!, body).quote.exact).toBe(norm(quote.exact!));
      });
    });
  }
});
