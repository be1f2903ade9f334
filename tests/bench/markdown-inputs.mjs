// The 1 MB Markdown inputs of bench:bounded: pathological shapes for a Markdown parser
// (every kind of unclosed or nested delimiter, one huge line, a huge list, a huge nesting)
// and ordinary text. Self-contained (no outer references), so the bench can also run it
// inside a Chromium page through its source.

export const MB = 1 << 20;

/**
 * name -> 1 MB of Markdown (or `size` characters: the same shapes smaller, so the growth
 * from 256 KB to 1 MB compares like with like, where a slice could cut a shape off).
 */
export function markdownInputs(size = 1 << 20) {
  const MB = size;
  const fill = (unit) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
  // Generated prose (a fixed word list, a fixed pseudo-random sequence): sentences,
  // paragraphs, now and then emphasis, a link or code.
  const prose = () => {
    const words = 'the reader marks a passage and writes what it means for the argument of this essay while time passes slowly over notes kept private'.split(' ');
    let s = '';
    let x = 7;
    let count = 0;
    while (s.length < MB) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const w = words[x % words.length];
      const r = (x >>> 8) % 100;
      s += r < 2 ? `*${w}*` : r < 3 ? `[${w}](https://example.org/${w})` : r < 4 ? `\`${w}\`` : w;
      s += r > 90 ? '. ' : ' ';
      if (++count % 120 === 0) s += '\n\n';
    }
    return s.slice(0, MB);
  };
  return {
    "'[' x 1 MB": fill('['),
    "'](' x 1 MB": fill(']('),
    "'[' then ']' nested": '['.repeat(MB / 2) + ']'.repeat(MB / 2 - 3) + '(x)',
    "'[](' + '[]()' runs": fill('[](' + '[]()'.repeat(600)),
    "'[a](' x 1 MB": fill('[a]('),
    "'<' x 1 MB": fill('<'),
    "'<a:' x 1 MB": fill('<a:'),
    "'*' x 1 MB": fill('*'),
    "'`' x 1 MB": fill('`'),
    'code spans `a``': fill('`a``'),
    "'*a ' x 1 MB": fill('*a '),
    "'_a ' x 1 MB": fill('_a '),
    "'_a' x 1 MB": fill('_a'),
    "'**a*' x 1 MB": fill('**a*'),
    "'>' x 1 MB": fill('>'),
    "'> > > … a' lines": fill('> > > > > > > > a\n'),
    "'- ' x 1 MB": fill('- '),
    '# heading + 1 MB spaces': '# a' + ' '.repeat(MB - 4) + 'b',
    "'[a]: /u' refs + uses": fill('[a]: /u\n[a] [b][a] [a][]\n'),
    'mixed Markdown lines': fill('[a](http://b) *c* `d` <http://e> **f** _g_\n'),
    'lines of "- a"': fill('- a\n'),
    '1 MB of prose': prose(),
  };
}
