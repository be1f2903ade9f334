/**
 * The one HTML escape: text made safe as HTML text or a quoted attribute value.
 * Used wherever Gloss writes HTML as a string (the Markdown renderer, the HTML
 * journal export, the sanitiser's fallback).
 */

/** `text` with `& < > " '` as numeric character references. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
