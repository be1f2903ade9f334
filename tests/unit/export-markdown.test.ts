import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { libraryToMarkdown, libraryToMarkdownZip, markdownFileName, pageToMarkdown } from '../../utils/export/markdown';
import { renderMarkdown } from '../../utils/markdown/render';
import { essayPage, hostilePage, HOSTILE, CANARY, plainPage } from '../fixtures/export/pages';

const NOW = new Date(Date.UTC(2026, 10, 25, 12, 0, 0));

/**
 * A tiny YAML reader for exactly what the exporter may write: `key: scalar`, `key: []`,
 * `key:` followed by `  - "item"` lines. Scalars: double-quoted (YAML's and JSON's shared
 * escapes, so JSON.parse decodes them), null, ISO timestamps, integers. Anything else fails.
 */
function parseFrontMatter(md: string): { data: Record<string, unknown>; rest: string } {
  const lines = md.split('\n');
  expect(lines[0]).toBe('---');
  const end = lines.indexOf('---', 1);
  expect(end).toBeGreaterThan(0);
  const data: Record<string, unknown> = {};
  let list: string[] | null = null;
  const scalar = (raw: string): unknown => {
    if (raw === 'null') return null;
    if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(raw)) return raw;
    if (/^\d+$/.test(raw)) return Number(raw);
    expect(raw, `front matter scalar ${raw.slice(0, 60)}`).toMatch(/^"(?:[^"\\\u0000-\u001F\u007F-\u009F\u2028\u2029]|\\["\\nrt]|\\u[0-9A-F]{4})*"$/);
    return JSON.parse(raw);
  };
  for (const line of lines.slice(1, end)) {
    let m: RegExpExecArray | null;
    if (list && (m = /^ {2}- (.*)$/.exec(line))) list.push(scalar(m[1]) as string);
    else if ((m = /^([a-z_]+):$/.exec(line))) data[m[1]] = list = [];
    else if ((m = /^([a-z_]+): (.*)$/.exec(line))) {
      list = null;
      data[m[1]] = m[2] === '[]' ? [] : scalar(m[2]);
    } else throw new Error(`not a front matter line: ${JSON.stringify(line.slice(0, 80))}`);
  }
  return { data, rest: lines.slice(end + 1).join('\n') };
}

function headings(md: string): string[] {
  let inFence = false;
  return md.split('\n').filter((l) => {
    if (/^(```|~~~)/.test(l)) inFence = !inFence;
    return !inFence && /^#{1,6} /.test(l);
  });
}

describe('pageToMarkdown', () => {
  it('writes front matter that parses back to the page facts', () => {
    const { data } = parseFrontMatter(pageToMarkdown(essayPage(), { now: NOW }));
    expect(data).toEqual({
      title: 'On Writing in the Margins',
      url: 'https://essays.example.org/on-margins',
      site: 'essays.example.org',
      first_visited: '2026-01-15T09:30:00Z',
      last_visited: '2026-01-16T09:30:00Z',
      exported: '2026-11-25T12:00:00Z',
      tags: ['reading', 'notes'],
    });
  });

  it('mirrors the outline: order, levels, the heading-less intro only with notes, elsewhere and orphans after it', () => {
    const md = pageToMarkdown(essayPage(), { now: NOW });
    expect(headings(md)).toEqual([
      '# On Writing in the Margins',
      '## Why margins matter',
      '### A short history',
      '#### Glosses and scholia',
      '## Practice',
      '## A section with no notes',
      '## Elsewhere on the page',
      '## The removed part (no longer on the page)',
      '## Other notes',
    ]);
  });

  it('caps heading depth at ######', () => {
    const page = essayPage();
    page.outline = [{ id: 'deep', level: 9, heading: 'Very deep' }];
    page.highlights = [{ ...page.highlights[0], sectionId: 'deep' }];
    expect(headings(pageToMarkdown(page, { now: NOW }))).toContain('###### Very deep');
  });

  it('quotes highlights as blockquotes with a text-fragment link, colour label and note', () => {
    const md = pageToMarkdown(essayPage(), { now: NOW, colorLabels: { yellow: 'Idea', green: 'Agree', blue: 'Term', pink: 'Doubt', purple: 'Later' } });
    expect(md).toContain('> A margin is a conversation with the author.\n\n[Open passage](https://essays.example.org/on-margins#:~:text=A%20margin%20is%20a%20conversation%20with%20the%20author.) · Agree\n\nCompare with the preface.');
    // Multi-line quote: every line prefixed.
    expect(md).toContain('> A gloss explained a hard word.\n> A scholium argued with the whole line.');
    // No section: outside the article, listed after the outline as in the journal.
    const elsewhere = md.indexOf('## Elsewhere on the page');
    expect(elsewhere).toBeGreaterThan(md.indexOf('## A section with no notes'));
    expect(md.indexOf('> Readers have always written back')).toBeGreaterThan(elsewhere);
    expect(md.indexOf('> Readers have always written back')).toBeLessThan(md.indexOf('## The removed part'));
  });

  it('keeps reflections as written, each under its section; the page reflection before the sections', () => {
    const md = pageToMarkdown(essayPage(), { now: NOW });
    const pageRefl = md.indexOf('The whole essay argues that *reading is writing*.');
    expect(pageRefl).toBeGreaterThan(0);
    expect(pageRefl).toBeLessThan(md.indexOf('## Why margins matter'));
    const why = md.indexOf('## Why margins matter');
    expect(md.indexOf('I agree, mostly.\n\n- margins are small\n- ideas are not')).toBeGreaterThan(why);
    expect(md.indexOf('Try it with a pencil first.')).toBeGreaterThan(md.indexOf('## Practice'));
    expect(md.indexOf('A reflection whose section vanished.')).toBeGreaterThan(md.indexOf('## Other notes'));
  });

  it('puts highlights of an outline-less page under an Introduction', () => {
    const md = pageToMarkdown(plainPage(), { now: NOW });
    expect(headings(md)).toEqual(['# A short note', '## Introduction']);
    expect(md).toContain('line one\nline two');
  });

  it('writes an address without a scheme as text, not as a tag', () => {
    const page = plainPage();
    page.url = 'notes <b>local';
    const md = pageToMarkdown(page, { now: NOW });
    expect(md).toContain('\nnotes \\<b\\>local · first visited');
    expect(renderMarkdown(parseFrontMatter(md).rest)).not.toContain('<b>');
  });

  it('closes a code fence a reflection left open', () => {
    const page = essayPage();
    page.reflections.why.text = 'start\n```\nnever closed';
    const md = pageToMarkdown(page, { now: NOW });
    expect(headings(md)).toContain('## Practice');
  });

  describe('hostile page text', () => {
    // Reflections are the reader's own Markdown and are kept as written; everything else
    // on this page is page-derived (or reader-typed plain text) carrying payloads.
    const page = hostilePage();
    for (const r of Object.values(page.reflections)) r.text = 'A plain reflection.';
    const md = pageToMarkdown(page, { now: NOW });

    it('front matter still parses and holds the exact title and tags', () => {
      const { data } = parseFrontMatter(md);
      expect(data.title).toBe(`${CANARY} Title --- # not a heading`);
      expect(data.tags).toEqual(HOSTILE.slice(0, 6));
      expect(Object.keys(data)).toEqual(['title', 'url', 'site', 'first_visited', 'last_visited', 'exported', 'tags']);
    });

    it('adds no headings, and page text headings stay one line', () => {
      const { rest } = parseFrontMatter(md);
      const hs = headings(rest);
      expect(hs).toHaveLength(headings(pageToMarkdown(essayPage(), { now: NOW })).length);
      for (const h of hs) expect(h).not.toMatch(/^#{1,6} #/);
    });

    it('keeps every quote line inside its blockquote and escapes markup', () => {
      const { rest } = parseFrontMatter(md);
      const lines = rest.split('\n');
      for (const line of lines) {
        // No unescaped HTML tag from page text anywhere in the body.
        expect(line).not.toMatch(/(?<!\\)<(img|script|\/blockquote)/i);
        // Bidi overrides are removed.
        expect(line).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
        // Line separators are real line ends, not hidden ones.
        expect(line).not.toMatch(/[\u2028\u2029\u0085]/);
      }
      // The quote's payload lines all sit in the blockquote.
      const quoteStart = lines.findIndex((l) => l.startsWith('> \\<img'));
      expect(quoteStart).toBeGreaterThan(0);
      for (let i = quoteStart; i < quoteStart + HOSTILE.length; i++) expect(lines[i]).toMatch(/^>( |$)/);
      expect(lines).toContain('> \\# Heading injection');
      expect(lines).toContain('> \\---');
      expect(lines).toContain('> \\- list injection');
      expect(lines).toContain('> 1\\. ordered injection');
      expect(lines).toContain('> \\`\\`\\`');
      expect(lines).toContain('> \\%% obsidian comment');
    });

    it('renders without any HTML from page text (checked with our own renderer)', () => {
      const html = renderMarkdown(parseFrontMatter(md).rest);
      expect(html).not.toMatch(/<img|<script/i);
      expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    });
  });
});

describe('libraryToMarkdown', () => {
  it('writes one document with every page as a top-level heading', () => {
    const md = libraryToMarkdown([essayPage(), plainPage()], { now: NOW });
    const { data, rest } = parseFrontMatter(md);
    expect(data).toEqual({ title: 'Gloss library', exported: '2026-11-25T12:00:00Z', pages: 2 });
    expect(headings(rest).filter((h) => h.startsWith('# '))).toEqual(['# On Writing in the Margins', '# A short note']);
    expect(rest).toContain('tags: reading, notes');
  });
});

describe('markdownFileName and libraryToMarkdownZip', () => {
  it('makes safe file names from titles', () => {
    const p = essayPage();
    expect(markdownFileName(p)).toBe('On Writing in the Margins.md');
    p.title = '../../etc/passwd: "a" <b> | c?*';
    expect(markdownFileName(p)).toBe('etc passwd a b c.md');
    p.title = 'CON';
    expect(markdownFileName(p)).toBe('_CON.md');
    p.title = '   ';
    expect(markdownFileName(p)).toBe('essays.example.org on-margins.md');
    p.title = '\u202Eevil\u202C' + 'x'.repeat(300);
    const long = markdownFileName(p);
    expect(long.length).toBeLessThanOrEqual(83);
    expect(long).not.toMatch(/[\u202A-\u202E]/);
  });

  it('zips one .md per page with unique names', () => {
    const a = essayPage();
    const b = essayPage();
    b.url += '/2';
    const c = plainPage();
    c.title = 'on writing in the margins';
    const files = unzipSync(libraryToMarkdownZip([a, b, c], { now: NOW }));
    expect(Object.keys(files).sort()).toEqual(
      ['On Writing in the Margins (2).md', 'On Writing in the Margins.md', 'on writing in the margins (3).md'].sort(),
    );
    expect(strFromU8(files['On Writing in the Margins.md'])).toBe(pageToMarkdown(a, { now: NOW }));
  });
});
