// Watching stored changes: the one place a view, hook or content script subscribes to
// `storage.onChanged`. Each subscription is to one storage area (`storage.local`'s own
// onChanged, so no "which area?" filter is needed) and ends with a returned function or
// an AbortSignal, so a closed view or reloaded extension leaves no listener behind.
import type { StorageArea } from './storage';

/** One batch of changes as the browser reports it: key → new value (absent: removed). */
export type StoredChanges = Record<string, { newValue?: unknown; oldValue?: unknown }>;

/** The part of a storage area that reports changes. */
export type ChangeSource = Pick<StorageArea, 'onChanged'>;

/**
 * Calls `onChange` with each batch of changes to `area` until the returned function is
 * called or `signal` aborts. Returns the stop function (safe to call twice).
 */
export function onStoredChanges(area: ChangeSource, onChange: (changes: StoredChanges) => void, signal?: AbortSignal): () => void {
  if (signal?.aborted) return () => {};
  const listener = (changes: StoredChanges) => onChange(changes);
  area.onChanged.addListener(listener);
  const stop = () => {
    area.onChanged.removeListener(listener);
    signal?.removeEventListener('abort', stop);
  };
  signal?.addEventListener('abort', stop, { once: true });
  return stop;
}

/**
 * Calls `onValue` with each new value of `key` in `area` (undefined: removed). Returns
 * the stop function.
 */
export function onStoredKey(area: ChangeSource, key: string, onValue: (value: unknown) => void, signal?: AbortSignal): () => void {
  return onStoredChanges(
    area,
    (changes) => {
      if (key in changes) onValue(changes[key].newValue);
    },
    signal,
  );
}

/** Stored changes recorded from the moment {@link watchChanges} was called. */
export interface ChangeWatch {
  /** Whether `key` changed since watching began (`latest` is then its newest value). */
  changed(key: string): boolean;
  latest(key: string): unknown;
  /** Calls `cb` with each later new value of `key` (undefined: removed). */
  follow(key: string, cb: (value: unknown) => void): void;
  stop(): void;
}

/**
 * Starts recording changes at once, before anything is read, so a value read or
 * received a moment later can be brought up to date: the newest change seen wins over
 * a snapshot of unknown age, and later ones keep coming through `follow`.
 */
export function watchChanges(area: ChangeSource): ChangeWatch {
  const seen = new Map<string, unknown>();
  const followers = new Map<string, (value: unknown) => void>();
  const stop = onStoredChanges(area, (changes) => {
    for (const [key, change] of Object.entries(changes)) {
      seen.set(key, change.newValue);
      followers.get(key)?.(change.newValue);
    }
  });
  return {
    changed: (key) => seen.has(key),
    latest: (key) => seen.get(key),
    follow: (key, cb) => void followers.set(key, cb),
    stop,
  };
}
