/**
 * The one HTML escape: text made safe as HTML text or a quoted attribute value.
 * Used wherever Gloss writes HTML as a string (the Markdown renderer, the HTML
 * journal export, the sanitiser's fallback).
 */

/** `text` with `& < > " '` as numeric character references. */
export function escapeHtml(text: string): string {
  // One native split/join per character present: in V8 about five times faster than a
  // global regex replace on text full of `<` (a 1 MB reflection of `<` is a real input).
  if (!/[&<>"']/.test(text)) return text;
  let s = text;
  if (s.includes('&')) s = s.split('&').join('&#38;');
  if (s.includes('<')) s = s.split('<').join('&#60;');
  if (s.includes('>')) s = s.split('>').join('&#62;');
  if (s.includes('"')) s = s.split('"').join('&#34;');
  if (s.includes("'")) s = s.split("'").join('&#39;');
  return s;
}
