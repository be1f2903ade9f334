/**
 * The key shield: keeps what the reader types into Gloss's on-page UI (the note card)
 * out of the page's event listeners.
 *
 * Why it is needed: keyboard, input, composition and clipboard events are *composed*.
 * The browser dispatches them from `window` (capture phase) down through `document` to
 * Gloss's shadow host and only then into the closed shadow root, so a page script with
 * `addEventListener('keydown', f, true)` on `window` reads every key of a note before
 * anything inside the shadow root runs. A closed shadow root hides the DOM, not the events.
 *
 * How it works: listeners on the same target and phase run in the order they were added,
 * whichever world added them. Gloss's `document_start` content script (entrypoints/
 * key-shield.ts) calls `installKeyShield` before any page script exists, so its
 * capture listeners on `window` run first for every event of the kinds below. An event
 * whose target (as seen from `window`: the shadow host) is a guarded host is stopped
 * there with `stopImmediatePropagation()` (never `preventDefault()`: the browser still
 * types the character, moves focus, activates buttons) and handed to Gloss's own handler
 * for that host, since the card's listeners inside the shadow root no longer run. Events
 * a script made (`isTrusted` false) are stopped but never handed on.
 *
 * The content scripts of one extension share one JavaScript world per page, which the
 * page cannot see: the shield is kept there under a versioned key, so the main content
 * script (started later) finds the one installed at document start. When there is none
 * (a tab open before Gloss was installed, Gloss started by the popup) it installs one
 * late, after the page's own listeners: `early` says which (README, Privacy).
 *
 * The event kinds come from utils/content/ui-events.ts, the one list the overlay's shadow
 * root isolates too.
 *
 * Cost on a page Gloss is not used on: one capture listener per event kind below on
 * `window`, no DOM work, no storage; per event, one size check (while Gloss's UI is on
 * the page, a look along the event's path).
 */

import { NOT_TO_FOCUS, SHIELDED_EVENTS } from './ui-events';

export { SHIELDED_EVENTS };

/** Receives an event the shield kept from the page; only events the browser made for the reader. */
export type ShieldDelivery = (event: Event) => void;

export interface KeyShield {
  /**
   * Keeps every shielded event aimed at `host` from the page and hands the trusted ones
   * to `deliver`. `holdsFocus` says whether Gloss's UI has the focus: while it does, the
   * reader's keys, text and clipboard events are Gloss's wherever the page has moved the
   * host (into a closed shadow root of its own, where no event path shows it). Returns
   * the function that stops guarding `host`.
   */
  guard(host: EventTarget, deliver: ShieldDelivery, holdsFocus?: () => boolean): () => void;
  /** True when installed at document start, before any page script could listen. */
  readonly early: boolean;
  /** Time the installation took, in ms (printed by bench:shield). */
  readonly installMs: number;
}

/** Where the shield is kept in the content-script world; a new shape needs a new key. */
const KEY = Symbol.for('gloss:key-shield/1');

type World = { [KEY]?: KeyShield };

/** The shield already installed in `world`, or null. */
export function keyShieldOf(world: object): KeyShield | null {
  return (world as World)[KEY] ?? null;
}

/**
 * Installs the shield on `win` and keeps it in `world` (the content scripts' shared
 * global), or returns the one already there. Its listeners are deliberately not tied to
 * a content script's lifetime: a page that fakes WXT's restart event must not be able to
 * switch it off. A shield left by a stopped copy of Gloss calls nothing but DOM
 * methods, so where the browser gives the copy started after it the same world, that
 * copy finds it and it still runs first (not verified across extension updates).
 */
export function installKeyShield(
  win: Pick<Window, 'addEventListener'>,
  world: object,
  opts: { early: boolean; now?: () => number },
): KeyShield {
  const existing = keyShieldOf(world);
  if (existing) return existing;
  const now = opts.now ?? (() => performance.now());
  const started = now();
  const guards = new Map<EventTarget, { deliver: ShieldDelivery; holdsFocus: () => boolean }>();
  // Keys that went down in Gloss's UI, by physical key: their release is Gloss's too,
  // even when the key closed the card and focus is back in the page (Escape, Enter on Done).
  const heldInUi = new Map<string, ShieldDelivery>();
  const onEvent = (e: Event) => {
    // No Gloss UI on the page (the usual case): nothing to look at.
    if (guards.size === 0) return;
    // Seen from window, an event inside a closed shadow root is aimed at its host (and
    // its path holds the host, not what is inside).
    let deliver = guards.get(e.target as EventTarget)?.deliver;
    if (!deliver) for (const node of e.composedPath()) if ((deliver = guards.get(node)?.deliver)) break;
    // Keys and text go to the focused element: while it is in Gloss's UI they are Gloss's.
    if (!deliver && e.isTrusted && !NOT_TO_FOCUS.has(e.type))
      for (const g of guards.values())
        if (g.holdsFocus()) {
          deliver = g.deliver;
          break;
        }
    const key = e.type === 'keydown' || e.type === 'keyup' ? (e as KeyboardEvent).code || (e as KeyboardEvent).key : null;
    if (key !== null && e.isTrusted) {
      if (e.type === 'keydown') {
        if (deliver) heldInUi.set(key, deliver);
        else heldInUi.delete(key);
      } else {
        deliver ??= heldInUi.get(key);
        heldInUi.delete(key);
      }
    }
    if (!deliver) return;
    e.stopImmediatePropagation();
    if (e.isTrusted) deliver(e);
  };
  for (const type of SHIELDED_EVENTS) win.addEventListener(type, onEvent, true);
  const shield: KeyShield = {
    guard(host, deliver, holdsFocus = () => false) {
      guards.set(host, { deliver, holdsFocus });
      return () => {
        if (guards.get(host)?.deliver === deliver) guards.delete(host);
        for (const [key, d] of heldInUi) if (d === deliver) heldInUi.delete(key);
      };
    },
    early: opts.early,
    installMs: now() - started,
  };
  (world as World)[KEY] = shield;
  return shield;
}
