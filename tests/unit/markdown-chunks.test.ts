import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { renderMarkdown } from '../../utils/markdown/render';
import { chunkWriter } from '../../utils/markdown/chunks';
import { writeMarkdown } from '../../utils/markdown/write';

// The chunked view must end with exactly the DOM of one sanitised render. Here the
// sanitiser is a stand-in that changes the text (so a chunk that skipped it would show)
// and hands back DOM as the real sink does; real DOMPurify is compared in real Chromium
// by sanitize.e2e.
const mark = (html: string): DocumentFragment => {
  const box = document.createElement('div');
  box.innerHTML = html.split('a').join('A');
  const frag = document.createDocumentFragment();
  frag.append(...box.childNodes);
  return frag;
};

function oneShot(md: string): HTMLElement {
  const root = document.createElement('div');
  root.append(mark(renderMarkdown(md)));
  return root;
}

/** The chunked DOM, `chunkChars` of HTML per sanitiser call, `budget` per slice; every chunk's HTML is kept. */
function chunked(md: string, chunkChars: number, budget = 64): { root: HTMLElement; chunks: string[] } {
  const root = document.createElement('div');
  const chunks: string[] = [];
  const writer = chunkWriter(root, renderMarkdown(md), (h) => (chunks.push(h), mark(h)), chunkChars);
  while (!writer.step(budget)) {
    /* slices */
  }
  return { root, chunks };
}

/** True when every element opened in `html` is closed in it, in order (void elements aside). */
function balanced(html: string): boolean {
  const stack: string[] = [];
  for (const m of html.matchAll(/<(\/?)([a-z0-9]+)[^>]*>/g)) {
    if (m[2] === 'br' || m[2] === 'hr') continue;
    if (!m[1]) stack.push(m[2]);
    else if (stack.pop() !== m[2]) return false;
  }
  return stack.length === 0;
}

const bigParagraph = Array.from({ length: 400 }, (_, i) => (i % 7 === 0 ? `*a line\nthat* goes on ${i}` : `a line [with a](https://x.org/${i}) link ${i}`)).join('\n');
const SAMPLES: Record<string, string> = {
  'a long list': Array.from({ length: 300 }, (_, i) => `- item ${i} *a*`).join('\n'),
  'a loose list with nested lists': Array.from({ length: 100 }, (_, i) => `1. a ${i}\n\n   - b\n   - c\n     > d`).join('\n'),
  'a tight list, text then a nested list': Array.from({ length: 100 }, (_, i) => `- a ${i} *b* c *d* e\n  - x\n  - y`).join('\n'),
  'quotes in quotes': Array.from({ length: 200 }, (_, i) => `> a ${i}\n> > b\n>\n> c`).join('\n'),
  'one long paragraph, emphasis across lines': bigParagraph,
  "one paragraph of '**a*'": '**a*'.repeat(2000),
  'one huge code block': '```\n' + Array.from({ length: 800 }, (_, i) => `<b>${i}</b> & "x" 😀 \\ line`).join('\n') + '\n```',
  'one huge list item': '- ' + Array.from({ length: 800 }, (_, i) => `word ${i} &amp; <x> 😀 *e* \`c\``).join(' '),
  'one huge link text': '[' + Array.from({ length: 800 }, (_, i) => `label ${i} *em* < & 😀`).join(' ') + '](https://example.org/a)',
  'indented code, entities and astral characters': Array.from({ length: 300 }, (_, i) => `    <${i}> & 😀𝐀`).join('\n'),
  'blocks of every kind': Array.from({ length: 60 }, (_, i) => `# h ${i}\n\npara *a*\n\n\`\`\`\ncode ${i}\n\`\`\`\n\n    indented\n\n---\n\n- x\n- y`).join('\n\n'),
};

describe('chunked Markdown view', () => {
  for (const [name, md] of Object.entries(SAMPLES)) {
    it(`ends with the one-shot DOM at every chunk size: ${name}`, () => {
      const expected = oneShot(md);
      const html = renderMarkdown(md);
      // From ~400 chunks down to one; tiny sizes on short input are the property test's.
      for (const size of [Math.ceil(html.length / 400), Math.ceil(html.length / 97), Math.ceil(html.length / 13), 4096]) {
        const { root, chunks } = chunked(md, size, 4 * size);
        if (html.length > 4 * size) expect(chunks.length, `${size}`).toBeGreaterThan(3);
        for (const chunk of chunks) expect(balanced(chunk), chunk.slice(0, 80)).toBe(true);
        expect(root.innerHTML, `${size}`).toBe(expected.innerHTML);
        expect(root.isEqualNode(expected), `${size}`).toBe(true);
      }
    });
  }

  it('cuts inside one element that spans everything, and merges the rest into it (no new sibling)', () => {
    const md = '**a*'.repeat(4000);
    const root = document.createElement('div');
    const chunks: string[] = [];
    const writer = chunkWriter(root, renderMarkdown(md), (h) => (chunks.push(h), mark(h)), 256);
    expect(writer.step(1024)).toBe(false);
    expect(root.childNodes.length).toBe(1);
    const p = root.firstChild as HTMLElement;
    expect(p.localName).toBe('p');
    const firstText = p.textContent!.length;
    expect(firstText).toBeGreaterThan(0);
    expect(writer.step(1024)).toBe(false);
    // The second slice went into the same paragraph.
    expect(root.childNodes.length).toBe(1);
    expect(root.firstChild).toBe(p);
    expect(p.textContent!.length).toBeGreaterThan(firstText);
    while (!writer.step(1024)) {
      /* slices */
    }
    expect(chunks.length).toBeGreaterThan(50);
    // Each chunk after the first re-opens the paragraph it continues.
    for (const chunk of chunks.slice(1)) expect(chunk.startsWith('<p>')).toBe(true);
    expect(root.isEqualNode(oneShot(md))).toBe(true);
  });

  it('never cuts inside an entity or between the halves of a surrogate pair', () => {
    const md = '😀&<>"\''.repeat(500);
    const { root, chunks } = chunked(md, 1, 1);
    expect(chunks.length).toBeGreaterThan(100);
    for (const chunk of chunks) {
      const text = chunk.replace(/<[^>]*>/g, '');
      expect(/&(?![#a-z0-9]+;)/i.test(text), text).toBe(false);
      expect(/[\ud800-\udbff]$|^[\udc00-\udfff]/.test(text), JSON.stringify(text)).toBe(false);
    }
    expect(root.isEqualNode(oneShot(md))).toBe(true);
  });

  it('ends with the one-shot DOM on generated input', () => {
    const pieces = ['*', '**', '_', '`', '> ', '- ', '1. ', '  ', '    ', '[', '](https://x.org)', 'a', 'b c', '\n', '\n\n', '# ', '```\n', '<https://a.org>', '\\*', '&', '<', '😀'];
    const md = fc.array(fc.constantFrom(...pieces), { maxLength: 200 }).map((xs) => xs.join(''));
    fc.assert(
      fc.property(md, fc.integer({ min: 1, max: 200 }), (text, size) => {
        const { root, chunks } = chunked(text, size, size);
        for (const chunk of chunks) expect(balanced(chunk)).toBe(true);
        expect(root.isEqualNode(oneShot(text))).toBe(true);
      }),
      { seed: 5, numRuns: 400 },
    );
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

  it('writeMarkdown doubles its slices (a huge element is laid out O(log n) times, not once per equal slice)', () => {
    const md = '**a*'.repeat(20_000);
    const root = document.createElement('div');
    const queued: (() => void)[] = [];
    let chars = 0;
    writeMarkdown(root, md, (h) => ((chars += h.length), mark(h)), (run) => (queued.push(run), () => {}), 1024);
    const perSlice = [chars];
    while (queued.length) {
      chars = 0;
      queued.shift()!();
      perSlice.push(chars);
    }
    expect(perSlice.length).toBeGreaterThan(5);
    // Each full slice is about twice the one before (the last one holds what is left).
    for (let k = 1; k < perSlice.length - 1; k++) expect(perSlice[k], `${perSlice}`).toBeGreaterThan(1.7 * perSlice[k - 1]);
    expect(perSlice.length).toBeLessThan(Math.log2(renderMarkdown(md).length / 1024) + 3);
    expect(root.isEqualNode(oneShot(md))).toBe(true);
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
