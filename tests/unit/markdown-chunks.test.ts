import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { renderMarkdown, renderMarkdownParts } from '../../utils/markdown/render';
import { chunkOps, chunkWriter } from '../../utils/markdown/chunks';
import { writeMarkdown } from '../../utils/markdown/write';

// The chunked view must end with exactly the DOM of one sanitised render. Here the
// sanitiser is a stand-in that changes the text (so a chunk that skipped it would show);
// real DOMPurify is compared in real Chromium by sanitize.e2e.
const mark = (html: string) => html.split('a').join('A');

function oneShot(md: string): HTMLElement {
  const root = document.createElement('div');
  root.innerHTML = mark(renderMarkdown(md));
  return root;
}

/** The chunked DOM, cut as finely as the renderer allows (`grain`, `maxChars`). */
function chunked(md: string, grain: number, maxChars: number): { root: HTMLElement; ops: number } {
  const root = document.createElement('div');
  const ops = chunkOps(renderMarkdownParts(md, grain), maxChars);
  const writer = chunkWriter(root, ops, mark);
  while (!writer.step(64)) {
    /* slices */
  }
  return { root, ops: ops.length };
}

const bigParagraph = Array.from({ length: 400 }, (_, i) => (i % 7 === 0 ? `*a line\nthat* goes on ${i}` : `a line [with a](https://x.org/${i}) link ${i}`)).join('\n');
const SAMPLES: Record<string, string> = {
  'a long list': Array.from({ length: 300 }, (_, i) => `- item ${i} *a*`).join('\n'),
  'a loose list with nested lists': Array.from({ length: 100 }, (_, i) => `1. a ${i}\n\n   - b\n   - c\n     > d`).join('\n'),
  'a tight list, text then a nested list': Array.from({ length: 100 }, (_, i) => `- a ${i} *b* c *d* e\n  - x\n  - y`).join('\n'),
  'quotes in quotes': Array.from({ length: 200 }, (_, i) => `> a ${i}\n> > b\n>\n> c`).join('\n'),
  'one long paragraph, emphasis across lines': bigParagraph,
  'blocks of every kind': Array.from({ length: 60 }, (_, i) => `# h ${i}\n\npara *a*\n\n\`\`\`\ncode ${i}\n\`\`\`\n\n    indented\n\n---\n\n- x\n- y`).join('\n\n'),
};

describe('chunked Markdown view', () => {
  for (const [name, md] of Object.entries(SAMPLES)) {
    it(`ends with the one-shot DOM: ${name}`, () => {
      const expected = oneShot(md);
      const { root, ops } = chunked(md, 1, 1);
      expect(ops).toBeGreaterThan(5);
      expect(root.innerHTML).toBe(expected.innerHTML);
      expect(root.isEqualNode(expected)).toBe(true);
    });
  }

  it('the HTML of the parts is renderMarkdown’s, whatever the grain', () => {
    for (const md of Object.values(SAMPLES)) for (const grain of [0, 1, 64, 1024]) expect(renderMarkdownParts(md, grain).html).toBe(renderMarkdown(md));
  });

  it('cuts a long paragraph between lines, never inside an element spanning lines', () => {
    const ops = chunkOps(renderMarkdownParts(bigParagraph, 1), 1);
    const runs = ops.filter((o) => o.op === 'html').map((o) => (o as { html: string }).html);
    expect(ops.some((o) => o.op === 'open' && o.tag === '<p>')).toBe(true);
    expect(runs.length).toBeGreaterThan(100);
    for (const run of runs) {
      expect(run.split('<em>').length, run).toBe(run.split('</em>').length);
      expect(run.split('<a ').length, run).toBe(run.split('</a>').length);
    }
  });

  it('ends with the one-shot DOM on generated input', () => {
    const pieces = ['*', '**', '_', '`', '> ', '- ', '1. ', '  ', '    ', '[', '](https://x.org)', 'a', 'b c', '\n', '\n\n', '# ', '```\n', '<https://a.org>', '\\*'];
    const md = fc.array(fc.constantFrom(...pieces), { maxLength: 200 }).map((xs) => xs.join(''));
    fc.assert(
      fc.property(md, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 200 }), (text, grain, maxChars) => {
        const { root } = chunked(text, grain, maxChars);
        expect(root.isEqualNode(oneShot(text))).toBe(true);
      }),
      { seed: 5, numRuns: 400 },
    );
  });

  it('the default grain keeps cut places sparse on 1 MB (a few per 10 KB of HTML)', () => {
    const md = '- a\n'.repeat(1 << 18);
    const parts = renderMarkdownParts(md);
    expect(parts.cuts.length).toBeGreaterThan(100);
    expect(parts.cuts.length).toBeLessThan(parts.html.length / 1000);
  });

  it('writeMarkdown paints the start at once and the rest in later slices', () => {
    const md = Array.from({ length: 4_000 }, (_, i) => `- item ${i}`).join('\n');
    const root = document.createElement('div');
    const queued: (() => void)[] = [];
    const calls: string[] = [];
    writeMarkdown(root, md, (h) => (calls.push(h), mark(h)), (run) => (queued.push(run), () => {}), 8 * 1024);
    const first = root.querySelectorAll('li').length;
    expect(first).toBeGreaterThan(100);
    expect(first).toBeLessThan(4_000);
    expect(queued.length).toBe(1);
    while (queued.length) queued.shift()!();
    expect(root.isEqualNode(oneShot(md))).toBe(true);
    expect(calls.length).toBeGreaterThan(2);
  }, 30_000);

  it('writeMarkdown stops when cancelled', () => {
    const md = Array.from({ length: 4_000 }, (_, i) => `- item ${i}`).join('\n');
    const root = document.createElement('div');
    let pending: (() => void) | null = null;
    const stop = writeMarkdown(root, md, mark, (run) => ((pending = run), () => (pending = null)), 8 * 1024);
    const first = root.querySelectorAll('li').length;
    expect(pending).not.toBeNull();
    stop();
    expect(pending).toBeNull();
    expect(root.querySelectorAll('li').length).toBe(first);
    expect(first).toBeLessThan(4_000);
  }, 30_000);

  it('writeMarkdown writes short Markdown in one go, sanitised', () => {
    const root = document.createElement('div');
    const calls: string[] = [];
    writeMarkdown(root, '**a** b', (h) => (calls.push(h), mark(h)), () => {
      throw new Error('nothing to schedule');
    });
    expect(calls).toEqual(['<p><strong>a</strong> b</p>']);
    expect(root.innerHTML).toBe('<p><strong>A</strong> b</p>');
  });
});

describe('chunked Markdown view of one long line', () => {
  it('cuts a one-line paragraph between its code spans, links and emphasis, with the one-shot DOM', () => {
    const md = Array.from({ length: 600 }, (_, i) => (i % 3 ? `\`a${i}\`` : i % 2 ? `<https://x.org/${i}>` : `[l](https://x.org/${i})`)).join(' *a* ');
    const ops = chunkOps(renderMarkdownParts(md, 1), 1);
    const runs = ops.filter((o) => o.op === 'html').map((o) => (o as { html: string }).html);
    expect(runs.length).toBeGreaterThan(100);
    for (const run of runs) expect(run.split('<em>').length, run).toBe(run.split('</em>').length);
    const { root } = chunked(md, 1, 1);
    expect(root.isEqualNode(oneShot(md))).toBe(true);
  });

  it('never cuts inside a heading or a one-line list item', () => {
    const line = 'word ' + Array.from({ length: 300 }, (_, i) => `\`c${i}\` *e*`).join(' ');
    for (const md of [`# ${line}`, `- ${line}\n- ${line}`]) {
      const ops = chunkOps(renderMarkdownParts(md, 1), 1);
      for (const op of ops) if (op.op === 'html') expect(op.html.split('<code>').length, md.slice(0, 20)).toBe(op.html.split('</code>').length);
      expect(ops.filter((o) => o.op === 'html').length).toBeLessThanOrEqual(md.startsWith('#') ? 1 : 3);
      expect(chunked(md, 1, 1).root.isEqualNode(oneShot(md))).toBe(true);
    }
  });
});
