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
