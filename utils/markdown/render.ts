/**
 * A small Markdown renderer for the reader's reflections: a CommonMark subset with no
 * dependency. Supported: paragraphs (a single newline is a line break, as in Obsidian and
 * GitHub comments), `*em*`/`_em_`, `**strong**`/`__strong__`, `` `code` ``, fenced and
 * indented code blocks, ATX headings, blockquotes, bullet and ordered lists (nested by
 * indentation), thematic breaks, `[links](url)` and `<autolinks>` to http, https and
 * mailto only, backslash escapes. Not supported: raw HTML (shown as text), images (their
 * alt text is shown), setext headings, tables, reference links, entity references.
 *
 * Every piece of text is HTML-escaped, and the output only uses tags the sanitiser allows
 * (p, br, em, strong, code, pre, blockquote, ul, ol, li, h1–h6, a[href], hr).
 */

import { escapeHtml } from '../html-escape';

/** Blockquotes and lists nested deeper than this are rendered as plain paragraphs. */
const MAX_NESTING = 16;

export { escapeHtml };

const SAFE_SCHEME = /^\s*(?:https?|mailto):/i;

/** The URL if its scheme is http, https or mailto, else null. */
export function safeHref(raw: string): string | null {
  // Checked before parsing: a failed URL parse throws, and an exception per link costs
  // microseconds (a 1 MB text of empty links `[]()` took seconds).
  if (!SAFE_SCHEME.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:' ? url.href : null;
}

// ---------------------------------------------------------------- inline

/** Private-use characters that delimit placeholders; removed from the input first. */
const PH_OPEN = '\uE000';
const PH_CLOSE = '\uE001';

/** True for the ASCII punctuation a backslash can escape. */
function isAsciiPunct(c: number): boolean {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

/** True when `s[k]` is whitespace or outside the text (by char code: no regex per character). */
function isSpace(s: string, k: number): boolean {
  if (k < 0 || k >= s.length) return true;
  const c = s.charCodeAt(k);
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return /\s/.test(s[k]);
}

/** True when `s[k]` is a letter or digit (ASCII by char code, the rest by Unicode class). */
function isWordChar(s: string, k: number): boolean {
  if (k < 0 || k >= s.length) return false;
  const c = s.charCodeAt(k);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return /[\p{L}\p{N}]/u.test(s[k]);
}

/**
 * Emphasis over already-escaped text. Each opener closes at the first valid closer of the
 * same kind, so the output nests properly; a kind that found no closer from some point is
 * not searched again from later points (keeps long unmatched runs linear).
 */
const WIDTHS_3 = [3, 2, 1];
const WIDTHS_2 = [2, 1];
const WIDTHS_1 = [1];

function emphasis(s: string, depth = 0): string {
  if (depth > 6 || !/[*_]/.test(s)) return s;
  /** Per kind (`*`/`_` × width 1–3): a position from which no closer exists, or -1. */
  const noCloserFrom = [-1, -1, -1, -1, -1, -1];
  let out = '';
  /** Start of the text not yet copied to `out` (copied in slices, only before markup). */
  let plain = 0;
  let i = 0;
  const n = s.length;
  while (i < n) {
    const code = s.charCodeAt(i);
    if (code !== 42 && code !== 95) {
      i++;
      continue;
    }
    const c = s[i];
    let run = 1;
    while (s.charCodeAt(i + run) === code) run++;
    let done = false;
    for (const width of run >= 3 ? WIDTHS_3 : run === 2 ? WIDTHS_2 : WIDTHS_1) {
      const kind = (code === 42 ? 0 : 3) + width - 1;
      if (noCloserFrom[kind] !== -1 && i >= noCloserFrom[kind]) continue;
      if (isSpace(s, i + width)) continue;
      if (code === 95 && isWordChar(s, i - 1)) continue;
      const close = findCloser(s, i + width, c, width);
      if (close === -1) {
        noCloserFrom[kind] = i;
        continue;
      }
      const inner = emphasis(s.slice(i + width, close), depth + 1);
      out += s.slice(plain, i) + (width === 3 ? `<em><strong>${inner}</strong></em>` : width === 2 ? `<strong>${inner}</strong>` : `<em>${inner}</em>`);
      i = close + width;
      plain = i;
      done = true;
      break;
    }
    if (!done) i += run;
  }
  return plain === 0 ? s : out + s.slice(plain);
}

function findCloser(s: string, from: number, c: string, width: number): number {
  const code = c.charCodeAt(0);
  let j = s.indexOf(c, from);
  while (j !== -1) {
    let run = 1;
    while (s.charCodeAt(j + run) === code) run++;
    // A closer is a run of exactly the opener's width (three or more for `***`).
    const fits = width === 1 ? run === 1 : width === 2 ? run === 2 : run >= 3;
    if (fits && j > from && !isSpace(s, j - 1) && !(code === 95 && isWordChar(s, j + width))) return j;
    j = s.indexOf(c, j + run);
  }
  return -1;
}

/** An autolink `<scheme:…>` at `lastIndex` (sticky: never copies the rest of the text). */
const AUTOLINK = /<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]{0,2048})>/y;
/** A link destination and optional title after `]`, at `lastIndex`. */
const LINK_DEST = /\(\s*(<[^<>\n]{0,2048}>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\)){0,2048})(?:\s+("[^"]{0,2048}"|'[^']{0,2048}'))?\s*\)/y;

/**
 * For each `[` in `src`, the index of the `]` that closes it (brackets balanced,
 * backslash escapes skipped), found in one pass with a stack; 0 where none does (a
 * closer is never at index 0).
 */
function matchBrackets(src: string): Int32Array {
  const close = new Int32Array(src.length);
  const open = new Int32Array(src.length);
  let top = 0;
  for (let j = 0; j < src.length; j++) {
    const ch = src.charCodeAt(j);
    if (ch === 92 /* \\ */) j++;
    else if (ch === 91 /* [ */) open[top++] = j;
    else if (ch === 93 /* ] */ && top > 0) close[open[--top]] = j;
  }
  return close;
}

/** Text with none of these needs no inline work beyond line breaks. */
const INLINE_SPECIAL = /[\\`<>[!*_&"'\uE000\uE001]/;

/** True for the char codes that may start inline syntax: \\ ` < [ ! */
function startsInline(c: number): boolean {
  return c === 92 || c === 96 || c === 60 || c === 91 || c === 33;
}

/** True for an ASCII letter (the first character of an autolink's scheme). */
function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** `html` with each placeholder replaced by its stashed HTML (which may hold placeholders). */
function restore(html: string, stash: string[]): string {
  if (!html.includes(PH_OPEN)) return html;
  // The input's own private-use characters were replaced, so every PH_OPEN is ours.
  const parts = html.split(PH_OPEN);
  let out = parts[0];
  for (let k = 1; k < parts.length; k++) {
    const part = parts[k];
    const end = part.indexOf(PH_CLOSE);
    out += restore(stash[Number(part.slice(0, end))] ?? '', stash) + part.slice(end + 1);
  }
  return out;
}

/**
 * Inline Markdown to HTML. Linear in the text: one pass by char code that copies plain
 * runs as slices, brackets matched once up front, code spans remembering which fence
 * lengths have no closer, autolinks tried only where a `>` follows, destinations matched
 * in place (sticky regexps, bounded), and a link label rendered without links (CommonMark
 * forbids links in links), so nested brackets cannot recurse.
 */
function renderInline(text: string, allowLinks = true): string {
  if (!INLINE_SPECIAL.test(text)) return text.includes('\n') ? text.split('\n').join('<br>\n') : text;
  const stash: string[] = [];
  const hold = (html: string) => {
    stash.push(html);
    return PH_OPEN + (stash.length - 1) + PH_CLOSE;
  };
  const src = /[\uE000\uE001]/.test(text) ? text.replace(/[\uE000\uE001]/g, '\uFFFD') : text;
  const n = src.length;
  const brackets = allowLinks && src.includes('[') ? matchBrackets(src) : null;
  /** Fence length -> a position from which no closing fence of that length exists. */
  const noFenceFrom = new Map<number, number>();
  /** The next `>` at or after the current `<` (-1: none left), for autolinks. */
  let nextGt = -2;
  let out = '';
  /** Start of the plain run not yet copied to `out`. */
  let plain = 0;
  let i = 0;
  while (i < n) {
    const c = src.charCodeAt(i);
    if (!startsInline(c)) {
      i++;
      continue;
    }
    if (c === 92 /* \\ */) {
      if (i + 1 < n && isAsciiPunct(src.charCodeAt(i + 1))) {
        out += src.slice(plain, i) + hold(escapeHtml(src[i + 1]));
        i += 2;
        plain = i;
      } else i++;
      continue;
    }
    if (c === 96 /* ` */) {
      let run = 1;
      while (src.charCodeAt(i + run) === 96) run++;
      const fence = '`'.repeat(run);
      const known = noFenceFrom.get(run);
      let close = known !== undefined && i >= known ? -1 : src.indexOf(fence, i + run);
      while (close !== -1 && src.charCodeAt(close + run) === 96) {
        let k = close;
        while (src.charCodeAt(k) === 96) k++;
        close = src.indexOf(fence, k);
      }
      if (close === -1) {
        noFenceFrom.set(run, Math.min(i, noFenceFrom.get(run) ?? i));
        i += run;
        continue;
      }
      let code = src.slice(i + run, close);
      if (code.includes('\n')) code = code.split('\n').join(' ');
      if (code.charCodeAt(0) === 32 && code.charCodeAt(code.length - 1) === 32 && /[^ ]/.test(code)) code = code.slice(1, -1);
      out += src.slice(plain, i) + hold(`<code>${escapeHtml(code)}</code>`);
      i = close + run;
      plain = i;
      continue;
    }
    if (c === 60 /* < */) {
      if (allowLinks && isAsciiLetter(src.charCodeAt(i + 1))) {
        if (nextGt !== -1 && nextGt < i) nextGt = src.indexOf('>', i);
        if (nextGt !== -1) {
          AUTOLINK.lastIndex = i;
          const m = AUTOLINK.exec(src);
          const href = m ? safeHref(m[1]) : null;
          if (m && href) {
            out += src.slice(plain, i) + hold(`<a href="${escapeHtml(href)}">${escapeHtml(m[1].replace(/^mailto:/i, ''))}</a>`);
            i += m[0].length;
            plain = i;
            continue;
          }
        }
      }
      i++;
      continue;
    }
    if (brackets && (c === 91 || src.charCodeAt(i + 1) === 91)) {
      const image = c === 33;
      const link = parseLink(src, image ? i + 1 : i, brackets);
      if (link) {
        const label = image ? hold(escapeHtml(link.label)) : renderInline(link.label, false);
        const href = image ? null : safeHref(link.dest);
        out += src.slice(plain, i) + (href ? hold(`<a href="${escapeHtml(href)}">${label}</a>`) : label.startsWith(PH_OPEN) ? label : hold(label));
        i = link.end;
        plain = i;
        continue;
      }
    }
    i++;
  }
  out += src.slice(plain);
  let html = emphasis(escapeHtml(out));
  // Line breaks before the placeholders come back: a link label's are converted already.
  if (html.includes('\n')) html = html.split('\n').join('<br>\n');
  return stash.length ? restore(html, stash) : html;
}

/** `[label](dest "title")` starting at `start` (the `[`), or null. */
function parseLink(src: string, start: number, brackets: Int32Array): { label: string; dest: string; end: number } | null {
  const j = brackets[start];
  if (!j || src[j + 1] !== '(') return null;
  // Destination: <…>, or text with balanced parentheses (CommonMark), then an optional title.
  LINK_DEST.lastIndex = j + 1;
  const m = LINK_DEST.exec(src);
  if (!m) return null;
  const dest = m[1].startsWith('<') ? m[1].slice(1, -1) : m[1];
  return { label: src.slice(start + 1, j), dest, end: j + 1 + m[0].length };
}

// ---------------------------------------------------------------- blocks

// Block syntax is found by char code and anchored, non-backtracking regexps only: a
// backtracking pattern over a 1 MB line (e.g. a thematic break written with a
// back-reference) costs hundreds of milliseconds.
const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const FENCE_CLOSE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
const QUOTE = /^ {0,3}> ?/;
const LIST_ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+|$)/;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isSpaceOrTab(c: number): boolean {
  return c === 32 || c === 9;
}

/** The number of leading spaces (tabs there are expanded already). */
function indentOf(line: string): number {
  let k = 0;
  while (line.charCodeAt(k) === 32) k++;
  return k;
}

function isBlank(line: string): boolean {
  for (let k = 0; k < line.length; k++) if (!isSpaceOrTab(line.charCodeAt(k))) return false;
  return true;
}

/** False when the line's first character (after at most 3 spaces) can start no block but a paragraph. */
function mayStartBlock(line: string): boolean {
  const ind = indentOf(line);
  if (ind > 3) return false;
  const c = line.charCodeAt(ind);
  // ` ~ # - * _ > + and digits
  return c === 96 || c === 126 || c === 35 || c === 45 || c === 42 || c === 95 || c === 62 || c === 43 || (c >= 48 && c <= 57);
}

/** `***`, `- - -`, `___`: three or more of one of - * _ with only spaces or tabs between. */
function isThematicBreak(line: string): boolean {
  const ind = indentOf(line);
  if (ind > 3) return false;
  const mark = line.charCodeAt(ind);
  if (mark !== 45 && mark !== 42 && mark !== 95) return false;
  let count = 0;
  for (let k = ind; k < line.length; k++) {
    const c = line.charCodeAt(k);
    if (c === mark) count++;
    else if (!isSpaceOrTab(c)) return false;
  }
  return count >= 3;
}

/** An ATX heading's level and text (closing `#`s removed), or null. */
function parseHeading(line: string): { level: number; text: string } | null {
  const ind = indentOf(line);
  if (ind > 3) return null;
  let k = ind;
  while (line.charCodeAt(k) === 35) k++;
  const level = k - ind;
  if (level < 1 || level > 6 || (k < line.length && !isSpaceOrTab(line.charCodeAt(k)))) return null;
  let end = line.length;
  while (end > k && isSpaceOrTab(line.charCodeAt(end - 1))) end--;
  // A closing sequence is a run of # after a space or tab (or the whole content).
  let hashes = end;
  while (hashes > k && line.charCodeAt(hashes - 1) === 35) hashes--;
  if (hashes < end && (hashes === k || isSpaceOrTab(line.charCodeAt(hashes - 1)))) {
    end = hashes;
    while (end > k && isSpaceOrTab(line.charCodeAt(end - 1))) end--;
  }
  while (k < end && isSpaceOrTab(line.charCodeAt(k))) k++;
  return { level, text: line.slice(k, end) };
}

/** True when the line starts a block that interrupts a paragraph. */
function startsBlock(line: string): boolean {
  if (!mayStartBlock(line)) return false;
  if (FENCE.test(line) || parseHeading(line) || isThematicBreak(line) || QUOTE.test(line)) return true;
  const m = LIST_ITEM.exec(line);
  // As in CommonMark, an ordered list interrupts a paragraph only when it starts at 1,
  // and an empty item never does.
  return !!m && !isBlank(line.slice(m[0].length)) && (/^[-*+]$/.test(m[2]) || /^1[.)]$/.test(m[2]));
}

function expandTabs(line: string): string {
  const c = line.charCodeAt(0);
  if (c !== 32 && c !== 9) return line;
  return line.replace(/^[ \t]+/, (ws) => ws.replace(/\t/g, '    '));
}

function renderBlocks(lines: string[], depth: number, tight = false): string {
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (isBlank(line)) {
      i++;
      continue;
    }
    let m: RegExpExecArray | null;
    if (!mayStartBlock(line) && indentOf(line) < 4) {
      i = paragraph(lines, i, tight, out);
      continue;
    }
    if ((m = FENCE.exec(line)) && !(m[1][0] === '`' && m[2].includes('`'))) {
      const fence = m[1];
      const indent = indentOf(line);
      const body: string[] = [];
      i++;
      while (i < lines.length) {
        const close = FENCE_CLOSE.exec(lines[i]);
        if (close && close[1][0] === fence[0] && close[1].length >= fence.length) {
          i++;
          break;
        }
        body.push(lines[i].slice(Math.min(indent, indentOf(lines[i]))));
        i++;
      }
      out.push(`<pre><code>${escapeHtml(body.join('\n'))}${body.length ? '\n' : ''}</code></pre>`);
      continue;
    }
    const heading = parseHeading(line);
    if (heading) {
      out.push(`<h${heading.level}>${renderInline(heading.text)}</h${heading.level}>`);
      i++;
      continue;
    }
    if (isThematicBreak(line)) {
      out.push('<hr>');
      i++;
      continue;
    }
    if (/^( {4}|\t)/.test(line)) {
      const body: string[] = [];
      while (i < lines.length && (/^( {4}|\t)/.test(lines[i]) || isBlank(lines[i]))) {
        body.push(lines[i].replace(/^( {4}|\t)/, ''));
        i++;
      }
      while (body.length && isBlank(body[body.length - 1])) body.pop();
      out.push(`<pre><code>${escapeHtml(body.join('\n'))}\n</code></pre>`);
      continue;
    }
    if (QUOTE.test(line) && depth < MAX_NESTING) {
      const inner: string[] = [];
      while (i < lines.length) {
        const q = QUOTE.exec(lines[i]);
        if (q) inner.push(lines[i].slice(q[0].length));
        // Lazy continuation: a paragraph line right after quoted text stays in the quote.
        else if (!isBlank(lines[i]) && inner.length && !isBlank(inner[inner.length - 1]) && !startsBlock(lines[i])) inner.push(lines[i]);
        else break;
        i++;
      }
      out.push(`<blockquote>\n${renderBlocks(inner, depth + 1)}\n</blockquote>`);
      continue;
    }
    if ((m = LIST_ITEM.exec(line)) && depth < MAX_NESTING) {
      const ordered = /\d/.test(m[2]);
      const marker = m[2].slice(-1);
      const items: string[][] = [];
      let loose = false;
      while (i < lines.length) {
        const im = LIST_ITEM.exec(lines[i]);
        if (!im || isDigit(im[2].charCodeAt(0)) !== ordered || im[2].slice(-1) !== marker) break;
        const rest = lines[i].slice(im[0].length);
        const width = im[1].length + im[2].length + (isBlank(rest) ? 1 : Math.min(im[3].length, 4));
        const item = [isBlank(rest) ? '' : ' '.repeat(Math.max(0, im[3].length - 4)) + rest];
        i++;
        while (i < lines.length) {
          const l = lines[i];
          if (isBlank(l)) {
            // A blank line continues the item only if indented content follows.
            let k = i;
            while (k < lines.length && isBlank(lines[k])) k++;
            if (k < lines.length && indentOf(lines[k]) >= width) {
              for (; i < k; i++) item.push('');
              loose = true;
              continue;
            }
            break;
          }
          const indent = indentOf(l);
          if (indent >= width) item.push(l.slice(width));
          else if (!LIST_ITEM.test(l) && !startsBlock(l) && !isBlank(item[item.length - 1])) item.push(l.trimStart());
          else break;
          i++;
        }
        items.push(item);
        // A blank line between items makes the list loose.
        if (i < lines.length && isBlank(lines[i])) {
          let k = i;
          while (k < lines.length && isBlank(lines[k])) k++;
          const next = k < lines.length ? LIST_ITEM.exec(lines[k]) : null;
          if (next && isDigit(next[2].charCodeAt(0)) === ordered && next[2].slice(-1) === marker) {
            loose = true;
            i = k;
          }
        }
      }
      const tag = ordered ? 'ol' : 'ul';
      // A one-line tight item that starts no block is inline text: no nested pass needed.
      const lis = items.map((it) =>
        it.length === 1 && !loose && indentOf(it[0]) < 4 && !mayStartBlock(it[0]) ? `<li>${renderInline(it[0].trim())}</li>` : `<li>${renderBlocks(it, depth + 1, !loose)}</li>`,
      );
      out.push(`<${tag}>\n${lis.join('\n')}\n</${tag}>`);
      continue;
    }
    i = paragraph(lines, i, tight, out);
  }
  return out.join('\n');
}

/** Renders the paragraph that starts at `lines[i]` into `out`; returns the next line's index. */
function paragraph(lines: string[], i: number, tight: boolean, out: string[]): number {
  const para: string[] = [lines[i].trim()];
  i++;
  while (i < lines.length && !isBlank(lines[i]) && !startsBlock(lines[i])) {
    para.push(lines[i].trim());
    i++;
  }
  const html = renderInline(para.join('\n'));
  out.push(tight ? html : `<p>${html}</p>`);
  return i;
}

/**
 * The Markdown as HTML (see the module comment for what is supported). All text is
 * escaped and only allow-listed tags are produced; still pass the result through
 * `sanitizeHtml` before it reaches the DOM (`markdownToSafeHtml` does both).
 */
export function renderMarkdown(md: string): string {
  const lines = md
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(/\u0000/g, '\uFFFD')
    .split('\n')
    .map(expandTabs);
  return renderBlocks(lines, 0);
}
