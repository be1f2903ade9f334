/**
 * The one list of event kinds Gloss keeps from the page around its on-page UI (toolbar
 * and note card), read by both walls:
 *
 * - the key shield (utils/content/key-shield.ts), capture listeners on `window` installed
 *   at document start, stops every `SHIELDED_EVENTS` kind aimed at Gloss's shadow host
 *   before any page listener runs and hands the trusted ones to the card;
 * - the overlay's shadow root (entrypoints/content/index.tsx, WXT `isolateEvents`) stops
 *   `OVERLAY_ISOLATED_EVENTS` from bubbling out of it: the second wall for a shield that
 *   came late (a tab Gloss was started in by the popup), plus the pointer kinds.
 *
 * Pointer kinds are not shielded: the card's own click handlers must run inside the
 * closed root, and where the pointer is over the card is visible to the page anyway
 * (README, Privacy). This module imports nothing: the shield's document-start bundle
 * takes it in whole.
 */

/** Event kinds that carry or reveal what is typed, pasted, selected or focused in Gloss's UI. */
export const SHIELDED_EVENTS = [
  'keydown',
  'keypress',
  'keyup',
  'beforeinput',
  'input',
  'textInput',
  'change',
  'compositionstart',
  'compositionupdate',
  'compositionend',
  'paste',
  'copy',
  'cut',
  'select',
  'selectstart',
  'selectionchange',
  'focus',
  'blur',
  'focusin',
  'focusout',
  'dragstart',
  'drag',
  'dragend',
  'dragenter',
  'dragover',
  'dragleave',
  'drop',
] as const;

/** Of the shielded kinds, those aimed at where focus goes or where the pointer is, not at the focused element. */
export const NOT_TO_FOCUS: ReadonlySet<string> = new Set(['focus', 'blur', 'focusin', 'focusout', 'dragstart', 'drag', 'dragend', 'dragenter', 'dragover', 'dragleave', 'drop']);

/** Pointer kinds kept inside the overlay's shadow root (not shielded: see above). */
export const POINTER_EVENTS = ['click', 'mousedown', 'mouseup', 'pointerdown', 'pointerup'] as const;

/** What the overlay's shadow root keeps from bubbling out: every shielded kind and the pointer kinds. */
// (Marked pure so that the shield's bundle, which does not read it, leaves it out.)
export const OVERLAY_ISOLATED_EVENTS: string[] = /* @__PURE__ */ (() => [...SHIELDED_EVENTS, ...POINTER_EVENTS])();
