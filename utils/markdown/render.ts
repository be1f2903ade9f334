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

/** The URL if its scheme is http, https or mailto, else null. */
export function safeHref(raw: string): string | null {
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

const ASCII_PUNCT = /[!-/:-@[-`{-~]/;

function isSpace(c: string | undefined): boolean {
  return c === undefined || /\s/.test(c);
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}]/u.test(c);
}

/**
 * Emphasis over already-escaped text. Each opener closes at the first valid closer of the
 * same kind, so the output nests properly; a kind that found no closer from some point is
 * not searched again from later points (keeps long unmatched runs linear).
 */
function emphasis(s: string, depth = 0): string {
  if (depth > 6 || !/[*_]/.test(s)) return s;
  const noCloserFrom: Record<string, number> = {};
  let out = '';
  let i = 0;
  const special = /[*_]/g;
  while (i < s.length) {
    const c = s[i];
    if (c !== '*' && c !== '_') {
      // Copy the plain run up to the next delimiter in one slice.
      special.lastIndex = i;
      const next = special.exec(s);
      const end = next ? next.index : s.length;
      out += s.slice(i, end);
      i = end;
      continue;
    }
    let run = 1;
    while (s[i + run] === c) run++;
    let done = false;
    for (const width of run >= 3 ? [3, 2, 1] : run === 2 ? [2, 1] : [1]) {
      const kind = c + width;
      if (noCloserFrom[kind] !== undefined && i >= noCloserFrom[kind]) continue;
      const after = s[i + width];
      if (isSpace(after)) continue;
      if (c === '_' && isWordChar(s[i - 1])) continue;
      const close = findCloser(s, i + width, c, width);
      if (close === -1) {
        noCloserFrom[kind] = i;
        continue;
      }
      const inner = emphasis(s.slice(i + width, close), depth + 1);
      out += width === 3 ? `<em><strong>${inner}</strong></em>` : width === 2 ? `<strong>${inner}</strong>` : `<em>${inner}</em>`;
      i = close + width;
      done = true;
      break;
    }
    if (!done) {
      out += c.repeat(run);
      i += run;
    }
  }
  return out;
}

function findCloser(s: string, from: number, c: string, width: number): number {
  let j = from;
  while (j < s.length) {
    if (s[j] !== c) {
      j++;
      continue;
    }
    let run = 1;
    while (s[j + run] === c) run++;
    // A closer is a run of exactly the opener's width (three or more for `***`).
    const fits = width === 1 ? run === 1 : width === 2 ? run === 2 : run >= 3;
    if (fits && j > from && !isSpace(s[j - 1]) && !(c === '_' && isWordChar(s[j + width]))) return j;
    j += run;
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

/** Placeholders in inline HTML (see renderInline). */
const PLACEHOLDER = new RegExp(`${PH_OPEN}(\\d+)${PH_CLOSE}`, 'g');
/** Text with none of these needs no inline work beyond line breaks. */
const INLINE_SPECIAL = /[\\`<>[!*_&"'\uE000\uE001]/;

/**
 * Inline Markdown to HTML. Linear in the text: brackets are matched once up front, code
 * spans remember which fence lengths have no closer, autolinks and destinations are
 * matched in place (sticky regexps, bounded), and a link label is rendered without
 * links (CommonMark forbids links in links), so nested brackets cannot recurse.
 */
function renderInline(text: string, allowLinks = true): string {
  if (!INLINE_SPECIAL.test(text)) return text.includes('\n') ? text.replace(/\n/g, '<br>\n') : text;
  const stash: string[] = [];
  const hold = (html: string) => {
    stash.push(html);
    return PH_OPEN + (stash.length - 1) + PH_CLOSE;
  };
  const src = text.replace(/[\uE000\uE001]/g, '\uFFFD');
  const brackets = allowLinks && src.includes('[') ? matchBrackets(src) : null;
  /** Fence length -> a position from which no closing fence of that length exists. */
  const noFenceFrom = new Map<number, number>();
  let out = '';
  let i = 0;
  const special = /[\\`<[!]/g;
  while (i < src.length) {
    const c = src[i];
    if (c !== '\\' && c !== '`' && c !== '<' && c !== '[' && c !== '!') {
      // Copy the plain run up to the next character that may start something.
      special.lastIndex = i;
      const next = special.exec(src);
      const end = next ? next.index : src.length;
      out += src.slice(i, end);
      i = end;
      continue;
    }
    if (c === '\\' && i + 1 < src.length && ASCII_PUNCT.test(src[i + 1])) {
      out += hold(escapeHtml(src[i + 1]));
      i += 2;
      continue;
    }
    if (c === '`') {
      let run = 1;
      while (src[i + run] === '`') run++;
      const fence = '`'.repeat(run);
      const known = noFenceFrom.get(run);
      let close = known !== undefined && i >= known ? -1 : src.indexOf(fence, i + run);
      while (close !== -1 && src[close + run] === '`') {
        let k = close;
        while (src[k] === '`') k++;
        close = src.indexOf(fence, k);
      }
      if (close === -1) noFenceFrom.set(run, Math.min(i, noFenceFrom.get(run) ?? i));
      if (close !== -1) {
        let code = src.slice(i + run, close).replace(/\n/g, ' ');
        if (/^ .*[^ ].* $/.test(code)) code = code.slice(1, -1);
        out += hold(`<code>${escapeHtml(code)}</code>`);
        i = close + run;
        continue;
      }
      out += fence;
      i += run;
      continue;
    }
    if (c === '<') {
      AUTOLINK.lastIndex = i;
      const m = AUTOLINK.exec(src);
      const href = m ? safeHref(m[1]) : null;
      if (m && href && allowLinks) {
        out += hold(`<a href="${escapeHtml(href)}">${escapeHtml(m[1].replace(/^mailto:/i, ''))}</a>`);
        i += m[0].length;
        continue;
      }
    }
    if (brackets && (c === '[' || (c === '!' && src[i + 1] === '['))) {
      const link = parseLink(src, c === '!' ? i + 1 : i, brackets);
      if (link) {
        const label = c === '!' ? hold(escapeHtml(link.label)) : renderInline(link.label, false);
        const href = safeHref(link.dest);
        out += c !== '!' && href && allowLinks ? hold(`<a href="${escapeHtml(href)}">${label}</a>`) : label.startsWith(PH_OPEN) ? label : hold(label);
        i = link.end;
        continue;
      }
    }
    out += c;
    i++;
  }
  let html = emphasis(escapeHtml(out));
  // Restore placeholders; a placeholder's content may itself hold placeholders (link labels).
  const restore = (s: string): string =>
    s.includes(PH_OPEN) ? s.replace(PLACEHOLDER, (_, n: string) => restore(stash[Number(n)] ?? '')) : s;
  if (stash.length) html = restore(html);
  return html.replace(/\n/g, '<br>\n');
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

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const HR = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}> ?/;
const LIST_ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+|$)/;

function isBlank(line: string): boolean {
  return /^[ \t]*$/.test(line);
}

/** True when the line starts a block that interrupts a paragraph. */
function startsBlock(line: string): boolean {
  if (FENCE.test(line) || HEADING.test(line) || HR.test(line) || QUOTE.test(line)) return true;
  const m = LIST_ITEM.exec(line);
  // As in CommonMark, an ordered list interrupts a paragraph only when it starts at 1,
  // and an empty item never does.
  return !!m && !isBlank(line.slice(m[0].length)) && (/^[-*+]$/.test(m[2]) || /^1[.)]$/.test(m[2]));
}

function expandTabs(line: string): string {
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
    if ((m = FENCE.exec(line)) && !(m[1][0] === '`' && m[2].includes('`'))) {
      const fence = m[1];
      const indent = line.length - line.trimStart().length;
      const body: string[] = [];
      i++;
      while (i < lines.length) {
        const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(lines[i]);
        if (close && close[1][0] === fence[0] && close[1].length >= fence.length) {
          i++;
          break;
        }
        body.push(lines[i].replace(new RegExp(`^ {0,${indent}}`), ''));
        i++;
      }
      out.push(`<pre><code>${escapeHtml(body.join('\n'))}${body.length ? '\n' : ''}</code></pre>`);
      continue;
    }
    if ((m = HEADING.exec(line))) {
      const n = m[1].length;
      out.push(`<h${n}>${renderInline(m[2] ?? '')}</h${n}>`);
      i++;
      continue;
    }
    if (HR.test(line)) {
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
        if (QUOTE.test(lines[i])) inner.push(lines[i].replace(QUOTE, ''));
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
        if (!im || /\d/.test(im[2]) !== ordered || im[2].slice(-1) !== marker) break;
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
            if (k < lines.length && lines[k].length - lines[k].trimStart().length >= width) {
              for (; i < k; i++) item.push('');
              loose = true;
              continue;
            }
            break;
          }
          const indent = l.length - l.trimStart().length;
          if (indent >= width) item.push(l.slice(width));
          else if (!startsBlock(l) && !LIST_ITEM.test(l) && !isBlank(item[item.length - 1])) item.push(l.trimStart());
          else break;
          i++;
        }
        items.push(item);
        // A blank line between items makes the list loose.
        if (i < lines.length && isBlank(lines[i])) {
          let k = i;
          while (k < lines.length && isBlank(lines[k])) k++;
          const next = k < lines.length ? LIST_ITEM.exec(lines[k]) : null;
          if (next && /\d/.test(next[2]) === ordered && next[2].slice(-1) === marker) {
            loose = true;
            i = k;
          }
        }
      }
      const tag = ordered ? 'ol' : 'ul';
      const lis = items.map((it) => `<li>${renderBlocks(it, depth + 1, !loose)}</li>`);
      out.push(`<${tag}>\n${lis.join('\n')}\n</${tag}>`);
      continue;
    }
    const para: string[] = [line.trim()];
    i++;
    while (i < lines.length && !isBlank(lines[i]) && !startsBlock(lines[i])) {
      para.push(lines[i].trim());
      i++;
    }
    const html = renderInline(para.join('\n'));
    out.push(tight ? html : `<p>${html}</p>`);
  }
  return out.join('\n');
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
