import { describe as suite, it, expect, beforeEach } from 'vitest';
import { anchorAllDetailed, buildTextIndex, describe } from '@/utils/anchoring';
import { rangeIn, withoutHint } from './anchoring-fixtures';
import type { Selectors } from '@/utils/anchoring';

// Whole blocks copied or moved: a paragraph doubled in place, blocks shuffled.
// Text written for these tests (no third-party content).
const PARAS = [
  'Morning fog lifted slowly over the harbour while the ferry waited at the pier for its late passengers.',
  'The baker on the corner sold out of rye bread before seven, as he did every Saturday in the autumn.',
  'Children raced paper boats along the gutter, shouting whenever one of them reached the drain first.',
  'An old map of the town hung in the library, its streets drawn before the railway had arrived.',
  'By noon the market square was loud with traders calling out the prices of apples, cheese and wool.',
  'Evening came early, and the lamplighter walked his round with a ladder over one shoulder as always.',
];

function page(paras: string[]): string {
  return `<article><h1>A day in the town</h1>${paras.map((p, i) => `<p id="p${i}">${p}</p>`).join('\n')}</article>`;
}

/** Quotes that end a few words before their paragraph ends, and that start a few words in. */
const QUOTES: Array<[string, string]> = [
  ['p0', 'the ferry waited at the pier for its late'],
  ['p1', 'sold out of rye bread before seven, as he did'],
  ['p2', 'raced paper boats along the gutter, shouting whenever one'],
  ['p3', 'hung in the library, its streets drawn before the'],
  ['p4', 'traders calling out the prices of apples, cheese'],
  ['p5', 'the lamplighter walked his round with a ladder over one'],
];

function describeAll(): { sels: Selectors[]; ids: string[] } {
  const index = buildTextIndex(document.body);
  const sels = QUOTES.map(([id, q]) => withoutHint(describe(rangeIn(id, q), document.body, { index })));
  return { sels, ids: QUOTES.map(([id]) => id) };
}

/** The paragraph element a range starts in. */
function paraOf(r: Range): Element | null {
  const n = r.startContainer;
  return (n.nodeType === 1 ? (n as Element) : n.parentElement)?.closest('p') ?? null;
}

beforeEach(() => {
  document.body.innerHTML = page(PARAS);
});

suite('anchoring after whole blocks are copied or moved', () => {
  it('places every quote in the original when each paragraph is doubled right after itself', () => {
    const { sels, ids } = describeAll();
    const originals = ids.map((id) => document.getElementById(id)!);
    for (const p of originals) {
      const copy = p.cloneNode(true) as Element;
      copy.removeAttribute('id');
      copy.setAttribute('data-copy', '');
      p.after(copy);
    }
    const results = anchorAllDetailed(sels, document.body);
    results.forEach((res, i) => {
      expect(res.range, QUOTES[i][1]).not.toBeNull();
      expect(paraOf(res.range!), QUOTES[i][1]).toBe(originals[i]);
      expect(res.range!.toString()).toBe(QUOTES[i][1]);
    });
  });

  it('finds quotes in short paragraphs moved far and shuffled (both neighbours change)', () => {
    // Short paragraphs: the stored context reaches past both of their edges.
    const SHORT: Array<[string, string]> = [
      ['The ferryman said rain was coming again tonight.', 'rain was coming'],
      ['Nobody believed the weathervane on the chapel roof.', 'the weathervane on'],
      ['Gulls circled the fish market long after closing.', 'the fish market'],
      ['A bell rang twice somewhere beyond the orchard wall.', 'twice somewhere beyond'],
    ];
    // Long paragraphs after them, so that moving them changes their offsets by far.
    document.body.innerHTML = page([...SHORT.map(([p]) => p), ...PARAS]);
    const index = buildTextIndex(document.body);
    const sels = SHORT.map(([, q], i) => withoutHint(describe(rangeIn(`p${i}`, q), document.body, { index })));
    const article = document.querySelector('article')!;
    const ps = SHORT.map((_, i) => document.getElementById(`p${i}`)!);
    for (const i of [2, 0, 3, 1]) article.appendChild(ps[i]);
    const results = anchorAllDetailed(sels, document.body);
    results.forEach((res, i) => {
      expect(res.range, SHORT[i][1]).not.toBeNull();
      expect(paraOf(res.range!), SHORT[i][1]).toBe(ps[i]);
      expect(res.range!.toString()).toBe(SHORT[i][1]);
    });
  });

  it('leaves a quote an orphan when its paragraph is gone and a comment quoting it remains', () => {
    // The passage recurs when described (a comment quotes it), so its context is long.
    document.body.innerHTML =
      page(PARAS) +
      `<section class="comments"><p>Loved this line: “the baker on the corner sold out of rye bread before seven, as he did every week” — so true of our town too.</p></section>`;
    const sel = withoutHint(describe(rangeIn('p1', 'sold out of rye bread before seven, as he did'), document.body));
    document.getElementById('p1')!.remove();
    const [res] = anchorAllDetailed([sel], document.body);
    expect(res.range).toBeNull();
  });
});
