/**
 * Escaping of text that comes from web pages (titles, headings, quotes) before it is
 * written into Markdown or YAML, so that it reads as the same text and cannot add
 * headings, lists, HTML, links, Obsidian tags/comments or close the front matter.
 */

/** Bidi embedding/override/isolate controls: they can visually reorder the rest of a line. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
/** C0/C1 controls other than tab and newline, and unpaired surrogates. */
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u0084\u0086-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Characters some renderers treat as line ends although CommonMark does not. */
const ODD_LINE_ENDS = /\r\n?|[\u0085\u2028\u2029]/g;

/**
 * Page text cleaned for display: bidi controls and control characters removed, every
 * kind of line end turned into `\n`. Zero-width characters are kept (they are harmless
 * to structure and some scripts need them).
 */
export function cleanPageText(text: string): string {
  return text.replace(ODD_LINE_ENDS, '\n').replace(BIDI_CONTROLS, '').replace(CONTROLS, '\uFFFD');
}

/**
 * Escapes one line of page text as Markdown inline content: every character that can
 * start inline markup (emphasis, code, links, HTML, Obsidian `#tags`, `==marks==`,
 * `%%comments%%`, `$math$`, tables) is backslash-escaped, and so is a first character that
 * would start a block (list marker, quote, heading, thematic break, setext underline).
 * Leading spaces are dropped so the line cannot become indented code.
 */
export function escapeMarkdownLine(line: string): string {
  let s = line.replace(/^[ \t]+/, '');
  s = s.replace(/[\\`*_[\]<>#|~$]/g, '\\$&');
  s = s.replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&');
  s = s.replace(/([%=])(?=\1)/g, '\\$1');
  // Block starts: `- `, `+ `, `1. `, `1) `, and lines that are only `-`/`=` (setext, hr).
  s = s.replace(/^([-+])(?=[ \t]|$)/, '\\$1');
  s = s.replace(/^(\d{1,9})([.)])(?=[ \t]|$)/, '$1\\$2');
  s = s.replace(/^([-=])(?=[-= \t]*$)/, '\\$1');
  return s;
}

/** Page text for a one-line Markdown context (a heading, a list item): whitespace collapsed, escaped. */
export function escapeMarkdownInline(text: string): string {
  return escapeMarkdownLine(cleanPageText(text).replace(/\s+/g, ' ').trim());
}

/**
 * Page text as a Markdown blockquote: each line escaped and prefixed with `> `, blank
 * lines as a bare `>` so the quote stays one block. Returns '>' for empty text.
 */
export function markdownBlockquote(text: string): string {
  const lines = cleanPageText(text).split('\n').map((l) => l.replace(/\s+$/, ''));
  while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  while (lines.length > 1 && lines[0] === '') lines.shift();
  return lines.map((l) => (l === '' ? '>' : '> ' + escapeMarkdownLine(l))).join('\n');
}

/**
 * A link destination that survives Markdown: characters that would end or break it
 * (spaces, parentheses, angle brackets, controls, backslashes) are percent-encoded.
 */
export function markdownLinkDestination(url: string): string {
  return cleanPageText(url).replace(/[\s()<>\\\u0000-\u001F\u007F]/g, (c) => {
    const code = c.codePointAt(0) ?? 0;
    return code < 0x80
      ? '%' + code.toString(16).toUpperCase().padStart(2, '0')
      : encodeURIComponent(c);
  });
}

/**
 * A YAML double-quoted scalar holding `text` exactly. Only the escapes YAML and JSON share
 * are used (`\\ \" \n \r \t \uXXXX`), so the value also parses as a JSON string. Every
 * character YAML calls non-printable, plus bidi controls, zero-width characters and line
 * separators, is written as `\uXXXX`; unpaired surrogates (not representable) become U+FFFD.
 */
export function yamlString(text: string): string {
  const wellFormed = text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  const body = wellFormed.replace(
    /[\\"\u0000-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF\uFFF9-\uFFFB]/g,
    (c) => {
      switch (c) {
        case '\\':
          return '\\\\';
        case '"':
          return '\\"';
        case '\n':
          return '\\n';
        case '\r':
          return '\\r';
        case '\t':
          return '\\t';
        default:
          return '\\u' + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
      }
    },
  );
  return '"' + body + '"';
}
