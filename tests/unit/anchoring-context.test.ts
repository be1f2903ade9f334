import { describe as suite, it, expect, beforeEach } from 'vitest';
import { anchorAllDetailed, describe } from '@/utils/anchoring';
import { rangeIn, withoutHint } from './anchoring-fixtures';

// Equal candidates: the quoted sentence stands more than once in the page (a
// comment quotes it; its paragraph is doubled in place). Context (prefix and
// suffix) decides, then distance to where the passage was. Text written for
// these tests (no third-party content).
const PARAS = [
  'Morning fog lifted slowly over the harbour while the ferry waited at the pier for its late passengers.',
  'It taught us that the way we have been acting is the natural answer to the way we have been treated. Then, once the habit is learned, it stays with us for good.',
  'Children raced paper boats along the gutter, shouting whenever one of them reached the drain first.',
  'An old map of the town hung in the library, its streets drawn before the railway had arrived.',
];
const QUOTE = 'been acting is the natural answer to the way we have been treated. Then, once';
const COMMENT =
  '<section class="comments"><article><p>Ada says:</p><p>“the way we have been acting is the natural answer to the way we have been treated. Then, once” — this is the line I keep.</p></article></section>';

function page(paras: string[]): string {
  return `<article><h1>Habits</h1>${paras.map((p, i) => `<p id="p${i}">${p}</p>`).join('\n')}</article>${COMMENT}`;
}

function inElement(r: Range, el: Element): boolean {
  return el.contains(r.startContainer) && el.contains(r.endContainer);
}

function doubleInPlace(el: Element): Element {
  const copy = el.cloneNode(true) as Element;
  copy.removeAttribute('id');
  el.after(copy);
  return copy;
}

beforeEach(() => {
  document.body.innerHTML = page(PARAS);
});

suite('anchoring among equal candidates', () => {
  for (const hint of [true, false]) {
    const how = hint ? 'with its raw hint' : 'without hint';
    it(`keeps a quote a comment also quotes in its paragraph when that paragraph is doubled in place (${how})`, () => {
      const first = describe(rangeIn('p0', 'the ferry waited at the pier'), document.body);
      const sel = describe(rangeIn('p1', QUOTE), document.body);
      // The quote recurred (the comment) when described: its context is longer.
      expect(sel.quote.prefix.length).toBeGreaterThan(32);
      const sels = hint ? [first, sel] : [withoutHint(first), withoutHint(sel)];
      const original = document.getElementById('p1')!;
      for (const id of ['p0', 'p1', 'p2']) doubleInPlace(document.getElementById(id)!);
      const [a, b] = anchorAllDetailed(sels, document.body);
      expect(a.range && inElement(a.range, document.getElementById('p0')!)).toBe(true);
      expect(b.range, 'the quote is still on the page: no orphan').not.toBeNull();
      expect(inElement(b.range!, original), `went to: ${b.range!.startContainer.parentElement?.outerHTML.slice(0, 60)}`).toBe(true);
      expect(b.range!.toString()).toBe(QUOTE);
    });
  }

  it('keeps the original when its paragraph is doubled in place and the copy scores higher (quote near the block end)', () => {
    // Most of the prefix lies inside the paragraph and most of the suffix past
    // its end: the copy (new text after the original) loses less of its
    // context than the original (the copy right after it) does.
    const long =
      'Say it plainly and say it more than once, because it is easy to forget what we learn. ' +
      'It taught us that the way we have been acting is the natural answer to the way we have been treated. Then, once it stays.';
    document.body.innerHTML = page([PARAS[0], long, PARAS[2], PARAS[3]]);
    const sel = withoutHint(describe(rangeIn('p1', QUOTE), document.body));
    expect(sel.quote.prefix.length).toBeGreaterThan(32);
    const original = document.getElementById('p1')!;
    for (const id of ['p0', 'p1', 'p2']) doubleInPlace(document.getElementById(id)!);
    const [res] = anchorAllDetailed([sel], document.body);
    expect(res.range, 'the quote is still on the page: no orphan').not.toBeNull();
    expect(inElement(res.range!, original)).toBe(true);
  });

  it('finds a short recurring quote in its short block after a paragraph is inserted right before that block', () => {
    // "ferry timetable" also stands in another paragraph: the stored context is
    // long and reaches past both edges of the short link line it was taken from.
    document.body.innerHTML =
      page(PARAS) +
      '<p id="more">Read more: the new ferry timetable for the winter</p>' +
      '<p id="after">Nobody on the pier had read the ferry timetable since the spring, and it showed.</p>';
    const sel = withoutHint(describe(rangeIn('more', 'ferry timetable'), document.body));
    expect(sel.quote.prefix.length).toBeGreaterThan(32);
    const inserted = document.createElement('p');
    // Longer than the distance at which nearness alone counts as support.
    inserted.textContent = 'An inserted paragraph of invented words: plinth rivet sable ochre lantern thimble cobble frond, mizzle parapet quill tallow vesper wicket yarrow zephyr.';
    const more = document.getElementById('more')!;
    more.before(inserted);
    const [res] = anchorAllDetailed([sel], document.body);
    expect(res.range, 'the quote is still on the page: no orphan').not.toBeNull();
    expect(inElement(res.range!, more)).toBe(true);
  });

  it('keeps the original when only the quoted paragraph is doubled and a comment quotes it', () => {
    const sel = withoutHint(describe(rangeIn('p1', QUOTE), document.body));
    const original = document.getElementById('p1')!;
    doubleInPlace(original);
    const [res] = anchorAllDetailed([sel], document.body);
    expect(res.range).not.toBeNull();
    expect(inElement(res.range!, original)).toBe(true);
  });

  it('takes the copy whose context agrees when the original paragraph is rewritten around the quote', () => {
    // Not a tie: the comment's context differs from the stored one; the
    // paragraph (edited after the quote) keeps its prefix.
    const sel = withoutHint(describe(rangeIn('p1', QUOTE), document.body));
    const original = document.getElementById('p1')!;
    original.lastChild!.textContent = original.textContent!.replace('the habit is learned, it stays with us for good', 'it is learned, nothing undoes it');
    const [res] = anchorAllDetailed([sel], document.body);
    expect(res.range).not.toBeNull();
    expect(inElement(res.range!, original)).toBe(true);
  });
});
