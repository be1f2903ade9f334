import { describe as suite, it, expect, beforeEach } from 'vitest';
import { anchor, anchorAll, anchorAllDetailed, buildTextIndex, describe } from '@/utils/anchoring';
import type { Selectors } from '@/utils/anchoring';

// Text written for these tests (no third-party content).
const ESSAY = `
  <article>
    <h1>On Walking Slowly</h1>
    <p>The river bends twice before the mill. Nobody in the village remembers
       who built the first bridge, but everyone has an opinion about the second.</p>
    <p>Walking slowly is a habit that takes years to learn. The fast walker sees the
       road; the slow walker sees the <em>ditch</em>, the heron, and the
       rusted gate that nobody has opened since the flood.</p>
    <h2>The second bridge</h2>
    <p>It was built in a single summer by three brothers who did not speak to each other.
       Each brother built one third of the span, and the thirds met in the middle.</p>
    <p>The gate is green. The gate is green. The gate is old and the gate is green.</p>
    <script>var ignored = "The river bends twice";</script>
    <p hidden>The river bends twice, said the hidden paragraph.</p>
    <p>End of the walk.</p>
  </article>`;

function setPage(html: string) {
  document.body.innerHTML = html;
}

/** A Range over the first occurrence of `needle` (after `after` occurrences) in the DOM text. */
function rangeOf(needle: string, nth = 0): Range {
  const index = buildTextIndex(document.body);
  let at = -1;
  for (let i = 0; i <= nth; i++) at = index.text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`fixture text missing: ${needle}`);
  return index.toRange(at, at + needle.length)!;
}

function textOf(r: Range | null): string | null {
  return r ? r.toString().replace(/\s+/g, ' ').trim() : null;
}

/** Start of the range in the normalised text. */
function startOf(r: Range): number {
  return buildTextIndex(document.body).offsetOf(r.startContainer, r.startOffset);
}

beforeEach(() => setPage(ESSAY));

suite('text index', () => {
  it('collapses whitespace, separates blocks, skips script and hidden text', () => {
    const { text } = buildTextIndex(document.body);
    expect(text.startsWith('On Walking Slowly The river bends twice before the mill. Nobody in the village remembers who built'))
      .toBe(true);
    expect(text).not.toContain('ignored');
    expect(text).not.toContain('hidden paragraph');
    expect(text).toContain('the slow walker sees the ditch, the heron');
    expect(text).not.toMatch(/\s\s/);
  });

  it('treats <br> and adjacent blocks as whitespace', () => {
    setPage('<div><p>end.</p><p>Next</p>one<br>two<ul><li>a</li><li>b</li></ul></div>');
    expect(buildTextIndex(document.body).text).toBe('end. Next one two a b');
  });

  it('maps offsets back to DOM points across collapsed whitespace', () => {
    const index = buildTextIndex(document.body);
    const needle = 'who built the first bridge';
    const at = index.text.indexOf(needle);
    const r = index.toRange(at, at + needle.length)!;
    expect(r.toString()).toBe('who built the first bridge');
    expect(index.offsetOf(r.startContainer, r.startOffset)).toBe(at);
    expect(index.offsetOf(r.endContainer, r.endOffset)).toBe(at + needle.length);
  });
});

suite('describe → anchor', () => {
  it('round-trips a range spanning inline markup and reflowed source', () => {
    const r = rangeOf('the slow walker sees the ditch, the heron, and the rusted gate');
    const sel = describe(r, document.body, { sectionId: 's1' });
    expect(sel.quote.exact).toBe('the slow walker sees the ditch, the heron, and the rusted gate');
    expect(sel.quote.prefix.endsWith('road; ')).toBe(true);
    expect(sel.quote.suffix.startsWith(' that nobody')).toBe(true);
    expect(sel.sectionId).toBe('s1');
    expect(JSON.parse(JSON.stringify(sel))).toEqual(sel);
    const back = anchor(sel, document.body);
    expect(textOf(back)).toBe(sel.quote.exact);
    expect(startOf(back!)).toBe(sel.position.start);
  });

  it('trims whitespace at the edges of a selection', () => {
    const index = buildTextIndex(document.body);
    const at = index.text.indexOf(' Nobody in the village ');
    const sel = describe(index.toRange(at, at + ' Nobody in the village '.length)!, document.body);
    expect(sel.quote.exact).toBe('Nobody in the village');
  });

  it('anchors after whitespace and line breaks are reflowed, also inside the quote', () => {
    const sel = describe(rangeOf('Each brother built one third of the span'), document.body);
    setPage(ESSAY.replace(/\n\s*/g, ' ').replace('Each brother built', 'Each\n\n   brother\tbuilt'));
    expect(textOf(anchor(sel, document.body))).toBe('Each brother built one third of the span');
  });

  it('anchors after inline markup is added inside the quote', () => {
    const sel = describe(rangeOf('built in a single summer by three brothers'), document.body);
    setPage(ESSAY.replace('a single summer', 'a <strong>single</strong> <a href="#">summer</a>'));
    const r = anchor(sel, document.body);
    expect(textOf(r)).toBe('built in a single summer by three brothers');
  });

  it('chooses among repeats by prefix and suffix', () => {
    // "The gate is green" appears three times; describe the second one.
    const sel = describe(rangeOf('The gate is green', 1), document.body);
    // Text inserted above moves every offset, so position alone cannot place it.
    setPage(ESSAY.replace('<h1>', '<p>A long new introduction paragraph pushes everything down the page.</p><h1>'));
    const r = anchor(sel, document.body)!;
    const index = buildTextIndex(document.body);
    const second = index.text.indexOf('The gate is green', index.text.indexOf('The gate is green') + 1);
    expect(startOf(r)).toBe(second);
  });

  it('places a quote with one word edited by fuzzy matching', () => {
    const sel = describe(rangeOf('Walking slowly is a habit that takes years to learn'), document.body);
    setPage(ESSAY.replace('takes years to learn', 'takes decades to learn'));
    const [res] = anchorAllDetailed([sel], document.body);
    expect(res.method).toBe('fuzzy');
    expect(textOf(res.range)).toBe('Walking slowly is a habit that takes decades to learn');
  });

  it('leaves a removed quote an orphan instead of matching similar text', () => {
    const sel = describe(rangeOf('The river bends twice before the mill.'), document.body);
    // The paragraph goes; a similar sentence remains elsewhere.
    setPage(
      ESSAY.replace(/<p>The river bends[\s\S]*?<\/p>/, '').replace(
        '<p>End of the walk.</p>',
        '<p>The river bends twice before the hill.</p><p>End of the walk.</p>',
      ),
    );
    expect(anchor(sel, document.body)).toBeNull();
  });

  it('leaves a removed short quote an orphan even though its words occur elsewhere', () => {
    const sel = describe(rangeOf('the first bridge'), document.body);
    setPage(
      ESSAY.replace(/<p>The river bends[\s\S]*?<\/p>/, '').replace(
        '<p>End of the walk.</p>',
        '<p>They crossed the first bridge at dawn.</p><p>End of the walk.</p>',
      ),
    );
    expect(anchor(sel, document.body)).toBeNull();
  });

  it('keeps the original when the paragraph is duplicated further down', () => {
    const para = /<p>Walking slowly[\s\S]*?<\/p>/.exec(ESSAY)![0];
    const sel = describe(rangeOf('the rusted gate that nobody has opened'), document.body);
    setPage(ESSAY.replace('<p>End of the walk.</p>', `${para}<p>End of the walk.</p>`));
    const r = anchor(sel, document.body)!;
    const index = buildTextIndex(document.body);
    expect(startOf(r)).toBe(index.text.indexOf('the rusted gate that nobody has opened'));
  });

  it('keeps the original when the paragraph is duplicated and text was also inserted above', () => {
    const para = /<p>Walking slowly[\s\S]*?<\/p>/.exec(ESSAY)![0];
    const sel = describe(rangeOf('the rusted gate that nobody has opened'), document.body);
    setPage(
      ESSAY.replace('<h1>', '<p>Inserted.</p><h1>').replace('<p>End of the walk.</p>', `${para}<p>End of the walk.</p>`),
    );
    const r = anchor(sel, document.body)!;
    const index = buildTextIndex(document.body);
    expect(r).not.toBeNull();
    expect(startOf(r)).toBe(index.text.indexOf('the rusted gate that nobody has opened'));
  });

  it('anchors many highlights from one index, in input order, with orphans as null', () => {
    const a = describe(rangeOf('three brothers'), document.body);
    const b = describe(rangeOf('The river bends twice'), document.body);
    const c = describe(rangeOf('End of the walk.'), document.body);
    setPage(ESSAY.replace(/<p>The river bends[\s\S]*?<\/p>/, '<p>Fresh opening words.</p>'));
    const [ra, rb, rc] = anchorAll([a, b, c], document.body);
    expect(textOf(ra)).toBe('three brothers');
    expect(rb).toBeNull();
    expect(textOf(rc)).toBe('End of the walk.');
  });

  it('looks for a fuzzy match inside the given section bounds', () => {
    const sel: Selectors = describe(rangeOf('Each brother built one third of the span'), document.body, {
      sectionId: 'bridge',
    });
    setPage(ESSAY.replace('built one third', 'made one third'));
    const index = buildTextIndex(document.body);
    const start = index.text.indexOf('The second bridge');
    const r = anchor(sel, document.body, {
      index,
      sectionBounds: (id) => (id === 'bridge' ? { start, end: index.text.length } : null),
    });
    expect(textOf(r)).toBe('Each brother made one third of the span');
  });
});

suite('section bounds as DOM ranges', () => {
  it('accepts a Range per section and still orphans what is not there', () => {
    const sel = describe(rangeOf('Each brother built one third of the span'), document.body, { sectionId: 'bridge' });
    const gone = describe(rangeOf('The gate is old'), document.body, { sectionId: 'bridge' });
    setPage(ESSAY.replace('built one third', 'made one third').replace('The gate is old and ', ''));
    const h2 = document.querySelector('h2')!;
    const section = document.createRange();
    section.setStartBefore(h2);
    section.setEndAfter(document.querySelector('article')!.lastElementChild!);
    const [r, orphan] = anchorAll([sel, gone], document.body, { sectionRanges: { bridge: section } });
    expect(textOf(r)).toBe('Each brother made one third of the span');
    expect(orphan).toBeNull();
  });
});

suite('text index offsets', () => {
  it('places every node where its collapsed text sits in the index text', () => {
    setPage(
      '<div>  lead <b> bold </b>\n\n<i>it</i>al<br>next\u00a0\u00a0line <p>\tpara\none </p><ul><li> a </li><li>b</li></ul> tail  </div>',
    );
    const index = buildTextIndex(document.body);
    expect(index.text).toBe('lead bold ital next line para one a b tail ');
    for (let i = 0; i < index.nodes.length; i++) {
      const collapsed = index.nodes[i].data.replace(/\s+/g, ' ');
      const own = index.text.slice(index.starts[i], index.ends[i]);
      expect(index.afterSpace[i] ? collapsed.replace(/^ /, '') : collapsed).toBe(own);
    }
    // Break spaces: before "next" (br), "para" and "a"/"b" (blocks).
    const breakWords = [...index.breaks].map((o) => index.text.slice(o + 1).split(' ')[0]);
    expect(breakWords).toEqual(['next', 'para', 'a', 'b', 'tail']);
  });
});

suite('index details', () => {
  it('leaves text of hidden and skipped elements out, wherever they sit', () => {
    setPage(
      '<p>one <span hidden>gone <b>too</b></span>two<script>x()</script> three</p>' +
        '<div style="display: none"><p>hidden block</p><script>y()</script></div>' +
        '<p>four<select><option>menu</option></select> five<noscript>nope</noscript></p>',
    );
    expect(buildTextIndex(document.body).text).toBe('one two three four five');
  });

  it('maps points inside left-out text and collapsed whitespace to the next indexed character', () => {
    setPage('<p>alpha <span hidden>secret</span>beta   \n  gamma</p>');
    const index = buildTextIndex(document.body);
    expect(index.text).toBe('alpha beta gamma');
    const secret = document.querySelector('span')!.firstChild!;
    expect(index.offsetOf(secret, 3)).toBe(index.text.indexOf('beta'));
    const beta = document.querySelector('p')!.childNodes[2] as Text;
    // Inside the run after "beta": the run's space or the word after it, never before the run.
    const inRun = index.offsetOf(beta, 'beta  '.length);
    expect(inRun).toBeGreaterThanOrEqual(index.text.indexOf(' gamma'));
    expect(inRun).toBeLessThanOrEqual(index.text.indexOf('gamma'));
  });

  it('tells block edges from spaces inside a line, also where the edge has no whitespace of its own', () => {
    setPage('<ul><li>first item</li><li>second</li></ul><p>tail <em>end</em></p>');
    const index = buildTextIndex(document.body);
    expect(index.text).toBe('first item second tail end');
    expect(index.isBreak(index.text.indexOf(' second'))).toBe(true);
    expect(index.isBreak(index.text.indexOf(' item'))).toBe(false);
    expect(index.isBreak(index.text.indexOf(' tail'))).toBe(true);
    expect(index.isBreak(index.text.indexOf(' end'))).toBe(false);
  });

  it('reads quotes with raw whitespace from other tools', () => {
    const sel = describe(rangeOf('Each brother built one third of the span'), document.body);
    const messy: Selectors = {
      ...sel,
      quote: { ...sel.quote, exact: ' Each\nbrother  built one third\tof the span ', prefix: sel.quote.prefix.replace(/ /g, '\n') },
    };
    expect(textOf(anchor(messy, document.body))).toBe('Each brother built one third of the span');
  });
});

suite('text inserted above', () => {
  const LONG = Array.from({ length: 30 }, (_, i) => `<p>Paragraph ${i} about the mill race, stone ${i * 7} and the weir.</p>`).join('');

  it('finds each highlight where the shift says, with its context verbatim (selectors without raw hints)', () => {
    setPage(LONG);
    const quotes = [3, 12, 25].map((i) => `about the mill race, stone ${i * 7}`);
    // Stored by an older version or imported: no `rawStart`, so the index decides.
    const sels = quotes.map((q) => withoutHint(describe(rangeOf(q), document.body)));
    // Different amounts of text above each: the shift seen on one highlight is wrong for the next.
    setPage(
      LONG.replace('<p>Paragraph 10 ', '<p>Inserted words that push the rest down a long way.</p><p>Paragraph 10 ').replace(
        '<p>Paragraph 20 ',
        '<p>More inserted words, and then some more of them again.</p><p>Paragraph 20 ',
      ),
    );
    const res = anchorAllDetailed(sels, document.body);
    expect(res.map((r) => textOf(r.range))).toEqual(quotes);
    const index = buildTextIndex(document.body);
    expect(res.map((r) => r.start)).toEqual(quotes.map((q) => index.text.indexOf(q)));
  });

  it('does not settle on a nearby copy: a duplicated paragraph goes to the full comparison', () => {
    setPage(LONG);
    const sel = describe(rangeOf('about the mill race, stone 84'), document.body);
    // Text above shifts it, and a copy of its paragraph follows it.
    setPage(
      LONG.replace('<p>Paragraph 2 ', '<p>Inserted words that push the rest down a long way.</p><p>Paragraph 2 ').replace(
        '<p>Paragraph 13 ',
        '<p>Paragraph 12 about the mill race, stone 84 and the weir.</p><p>Paragraph 13 ',
      ),
    );
    const r = anchor(sel, document.body);
    const index = buildTextIndex(document.body);
    // The copy below has the stored suffix verbatim; the original, nearer where it was, wins.
    expect(r).not.toBeNull();
    expect(startOf(r!)).toBe(index.text.indexOf('about the mill race, stone 84'));
  });
});

/** The selectors as stored before raw-text hints existed. */
function withoutHint(sel: Selectors): Selectors {
  const { rawStart: _, ...rest } = sel;
  return rest;
}

/** Where a range sits, comparable across two anchorings of the same DOM. */
function where(r: Range | null) {
  return r && [r.startContainer, r.startOffset, r.endContainer, r.endOffset];
}

suite('raw-text hints', () => {
  const QUOTES = ['river bends twice', 'the slow walker sees the ditch, the heron', 'three brothers who did not speak', 'rusted gate that nobody has opened'];

  it('describe stores where the quote starts in the root text', () => {
    const sel = describe(rangeOf('the slow walker sees the ditch'), document.body);
    expect(sel.rawStart).toBe(document.body.textContent!.indexOf('the slow walker sees the'));
  });

  it('places passages still in place without the index, exactly where the index would', () => {
    const sels = QUOTES.map((q) => describe(rangeOf(q), document.body));
    const fast = anchorAllDetailed(sels, document.body);
    expect(fast.map((r) => r.method)).toEqual(QUOTES.map(() => 'position'));
    // Placed by hint: no normalised offsets were computed.
    expect(fast.map((r) => r.start)).toEqual(QUOTES.map(() => -1));
    const slow = anchorAllDetailed(sels.map(withoutHint), document.body);
    expect(slow.every((r) => r.start >= 0)).toBe(true);
    expect(fast.map((r) => where(r.range))).toEqual(slow.map((r) => where(r.range)));
  });

  it('follows text inserted above, and takes block edges without whitespace for spaces', () => {
    const LONG = Array.from({ length: 30 }, (_, i) => `<p>Paragraph ${i} about the mill race, stone ${i * 7}.</p>`).join('');
    setPage(LONG);
    const quotes = [3, 12, 25].map((i) => `stone ${i * 7}. Paragraph ${i + 1} about`);
    const sels = quotes.map((q) => describe(rangeOf(q), document.body));
    setPage(LONG.replace('<p>Paragraph 10 ', '<p>Inserted words that push the rest down.</p><p>Paragraph 10 '));
    const res = anchorAllDetailed(sels, document.body);
    expect(res.map((r) => r.start)).toEqual([-1, -1, -1]);
    const index = buildTextIndex(document.body);
    expect(res.map((r) => where(r.range))).toEqual(quotes.map((q) => where(rangeOf(q))));
    expect(res.map((r) => index.text.slice(startOf(r.range!), startOf(r.range!) + r.range!.toString().length + 1))).toEqual(quotes);
  });

  it('leaves a moved passage to the index when its quote and context stand twice nearby', () => {
    const para = (i: number) => `<p>Paragraph ${i} about the mill race, stone ${i * 7}.</p>\n`;
    const LONG = Array.from({ length: 30 }, (_, i) => para(i)).join('');
    setPage(LONG);
    const sel = describe(rangeOf('about the mill race, stone 84'), document.body);
    // Text above moves it, and a copy of it with the same neighbours follows.
    setPage(
      LONG.replace(para(2), '<p>Inserted words that push the rest down.</p>\n' + para(2)).replace(
        para(13),
        para(13) + para(11) + para(12) + para(13),
      ),
    );
    const [res] = anchorAllDetailed([sel], document.body);
    expect(res.start).toBeGreaterThanOrEqual(0);
    expect(res.start).toBe(buildTextIndex(document.body).text.indexOf('about the mill race, stone 84'));
  });

  it('does not take a space for a block edge that is not there', () => {
    setPage('<p>First part of it.</p><p>Second part of the line that goes on.</p>');
    const quote = 'of it. Second part of the';
    const sel = describe(rangeOf(quote), document.body);
    // Same raw text, but the two paragraphs are now one line: the index reads "it.Second".
    setPage('<p>First part of it.<span>Second part of the line that goes on.</span></p>');
    const [res] = anchorAllDetailed([sel], document.body);
    expect(res.method).not.toBe('position');
  });

  it('leaves a passage that is now hidden or inside a skipped element to the index', () => {
    const sels = QUOTES.map((q) => describe(rangeOf(q), document.body));
    const third = document.querySelectorAll('p')[2];
    third.setAttribute('hidden', '');
    let res = anchorAllDetailed(sels, document.body);
    expect(res[2].range).toBeNull();
    expect(res[0].start).toBeGreaterThanOrEqual(0);
    third.removeAttribute('hidden');
    third.before(document.createElement('object'));
    third.previousElementSibling!.append(third);
    expect(document.body.textContent).toContain('three brothers');
    res = anchorAllDetailed(sels, document.body);
    expect(res[2].range).toBeNull();
    expect(res[0].start).toBeGreaterThanOrEqual(0);
  });

  it('does not trust a short quote at its hint without context (the index places it)', () => {
    const sel = describe(rangeOf('gate is green', 1), document.body);
    const first = document.body.textContent!.indexOf('gate is green');
    expect(sel.rawStart).not.toBe(first);
    // A hint pointing at another copy of the quote, with other words around it.
    const [res] = anchorAllDetailed([{ ...sel, rawStart: first }], document.body);
    expect(res.start).toBeGreaterThanOrEqual(0);
    expect(startOf(res.range!)).toBe(sel.position.start);
  });

  it('leaves an edited quote to the index (fuzzy match)', () => {
    const sel = describe(rangeOf('It was built in a single summer by three brothers'), document.body);
    setPage(ESSAY.replace('single summer', 'single autumn'));
    const [res] = anchorAllDetailed([sel], document.body);
    expect(res.method).toBe('fuzzy');
  });
});

suite('index roots', () => {
  it('indexes a whole document like its body, head left out', () => {
    document.head.innerHTML = '<title>Page title</title><style>p { color: red }</style>';
    setPage('<p>Only the <em>body</em> text.</p>');
    expect(buildTextIndex(document).text).toBe('Only the body text.');
    expect(buildTextIndex(document.body).text).toBe('Only the body text.');
    document.head.innerHTML = '';
  });

  it('gives an empty index and orphans for an empty root', () => {
    const sel = describe(rangeOf('three brothers'), document.body);
    setPage('');
    expect(buildTextIndex(document.body).text).toBe('');
    expect(anchor(sel, document.body)).toBeNull();
  });
});
