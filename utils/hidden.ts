/**
 * What text a reader never sees, decided from markup alone (no style computed):
 * the one home for the tags whose text is never page text and for the
 * hidden-by-markup test, shared by the outline walk and the anchoring index.
 */

/**
 * Elements whose text is never rendered as page text (scripts, styles, the
 * document head, form controls' own values, embedded documents). The outline
 * leaves out more than this (it looks for article text only, see
 * `utils/outline/classify.ts`); anchoring leaves out exactly this, since a
 * reader can select any other visible text.
 */
export const UNRENDERED_TAGS: ReadonlySet<string> = new Set([
  'script', 'style', 'noscript', 'template', 'textarea', 'select', 'iframe', 'object', 'head', 'title',
]);

const INLINE_HIDDEN = /display\s*:\s*none|visibility\s*:\s*hidden/i;

/**
 * Whether the element's own markup hides it: the `hidden` attribute, or an inline
 * `display:none` / `visibility:hidden`. No style is computed (stylesheets are not
 * consulted), so it is cheap enough for every element of a walk.
 */
export function hiddenByMarkup(el: Element): boolean {
  if (el.hasAttribute('hidden')) return true;
  // A missing attribute reads as null: no string is made for it.
  const style = el.getAttribute('style');
  return style !== null && style.length > 8 && INLINE_HIDDEN.test(style);
}
