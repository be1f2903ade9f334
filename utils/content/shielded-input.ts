/**
 * The card's way to its own keys and input once the key shield (./key-shield.ts) keeps
 * them from the page: the shield stops those events on `window`, before they reach any
 * element, so listeners on the card's textarea never run. The content script hands each
 * kept event here with the element it was aimed at (the focused element inside Gloss's
 * closed shadow root, which only Gloss holds); the card listens here instead.
 */
export type ShieldedHandler = (event: Event, target: Element | null) => void;

export interface ShieldedInput {
  /** Passes `event`, aimed at `target` inside Gloss's UI, to the current listeners. */
  deliver(event: Event, target: Element | null): void;
  /** Adds a listener; returns the function that removes it. */
  listen(fn: ShieldedHandler): () => void;
}

export function createShieldedInput(): ShieldedInput {
  const listeners = new Set<ShieldedHandler>();
  return {
    deliver(event, target) {
      for (const fn of [...listeners]) fn(event, target);
    },
    listen(fn) {
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
  };
}

