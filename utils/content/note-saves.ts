/**
 * Saving what the reader changes in a highlight's card (note text, colour) through a
 * save queue: each keystroke is sent (one write in flight per field, the newest text
 * next), a failure shows in the card within a second while the text stays there and is
 * retried. When this copy of Gloss stops, an open card whose note is not stored says so
 * and stays on screen until the reader closes it.
 */
import { createSaveQueue } from '../messaging/save-queue';
import type { PageRecord } from '../store/schema';
import type { OverlayStateStore } from './overlay-state';
import type { SessionWords } from './session-words';

/** Failures that no retry can fix: this copy of Gloss was replaced (update, reload). */
const GONE = /Extension context invalidated|context invalidated/i;

export interface NoteSavesEnv {
  overlay: OverlayStateStore;
  words: SessionWords;
  signal: AbortSignal;
  /** Delay before retry n; the save queue's default when absent. */
  retryDelay?: (attempt: number) => number;
}

/** The queue key of a highlight's note. */
export const noteKey = (id: string) => `note:${id}`;
/** The queue key of a highlight's colour. */
export const colorKey = (id: string) => `color:${id}`;

export function createNoteSaves(env: NoteSavesEnv) {
  const { overlay, words, signal } = env;
  const { state } = overlay;
  const queue = createSaveQueue<PageRecord | null>({
    send: (write) => write(0),
    signal,
    stoppedMessage: words.stopped,
    retryDelay: env.retryDelay,
    canRetry: (err) => !(err instanceof Error && GONE.test(err.message)),
    onStatus: (key, status) => {
      // A field not shown in the open card: only a failed colour change is worth a toast
      // (a note's failure shows when its card is opened again, as "saving").
      if (state.view.kind !== 'card' || key !== noteKey(state.view.highlight.id)) {
        if (status.kind === 'error' && !key.startsWith('note:')) overlay.fail(words.changeColour, new Error(status.message));
        return;
      }
      state.noteStatus =
        status.kind === 'error'
          ? { kind: 'error', message: words.notSaved(status.retrying ? status.message : `${status.message}. ${words.copyAndReload}`) }
          : status;
      overlay.render();
    },
  });

  signal.addEventListener(
    'abort',
    () => {
      if (state.view.kind !== 'card') return;
      if (queue.unsavedKey(noteKey(state.view.highlight.id)) || state.noteStatus.kind !== 'saved') {
        state.noteStatus = { kind: 'error', message: words.notSaved(words.copyAndReload) };
      }
      overlay.render();
    },
    { once: true },
  );

  return {
    /** Queues a write of field `key`; `write(at)` sends it stamped with the edit time. */
    save: (key: string, write: (at: number) => Promise<PageRecord | null>) => queue.save(key, write),
    /** True while field `key` has text not yet stored. */
    unsavedKey: (key: string) => queue.unsavedKey(key),
    /** True while any note or colour typed on this page is not yet stored. */
    unsaved: () => queue.unsaved(),
  };
}

export type NoteSaves = ReturnType<typeof createNoteSaves>;
