import { DEFAULT_COLOR_LABELS, type ColorId, type Highlight } from '../store/schema';

/** What Gloss shows on the page: nothing, the selection toolbar or a highlight's card. */
export type OverlayView =
  | { kind: 'none' }
  | { kind: 'toolbar'; x: number; y: number }
  | { kind: 'card'; x: number; y: number; highlight: Highlight; focusNote: boolean };

export interface Toast {
  message: string;
  /** Shown as a button when set (e.g. Undo). */
  action: { label: string; run: () => void } | null;
  error: boolean;
}

/** Where the note being edited stands: stored, on its way, or failing (text kept, retried). */
export type NoteStatus = { kind: 'saved' } | { kind: 'saving' } | { kind: 'error'; message: string };

export interface OverlayState {
  view: OverlayView;
  toast: Toast | null;
  labels: Record<ColorId, string>;
  lastColor: ColorId;
  /** Save status of the note in the open card. */
  noteStatus: NoteStatus;
}

const UNDO_MS = 6000;
const ERROR_MS = 10000;

/**
 * The on-page overlay's state and its toasts. `render` draws the current state; the
 * toast timer stops when `signal` aborts.
 */
export function createOverlayState(draw: (state: OverlayState) => void, signal: AbortSignal) {
  const state: OverlayState = {
    view: { kind: 'none' },
    toast: null,
    labels: { ...DEFAULT_COLOR_LABELS },
    lastColor: 'yellow',
    noteStatus: { kind: 'saved' },
  };
  let toastTimer: ReturnType<typeof setTimeout> | undefined;
  signal.addEventListener('abort', () => clearTimeout(toastTimer), { once: true });
  // Still drawn after `signal` aborts: a card whose note could not be saved stays on
  // screen with its text and the reason until the reader closes it.
  const render = () => draw({ ...state });

  function showToast(message: string, opts: { error?: boolean; action?: Toast['action'] } = {}) {
    clearTimeout(toastTimer);
    state.toast = { message, error: !!opts.error, action: opts.action ?? null };
    render();
    toastTimer = setTimeout(() => {
      state.toast = null;
      render();
    }, opts.error ? ERROR_MS : UNDO_MS);
  }

  return {
    state,
    render,
    showToast,
    /**
     * Tells the reader what failed and why (never a silent catch). `what` is the worded
     * failure ("Gloss could not save the highlight", from the catalogue); joined here
     * without browser.i18n, which is gone once this copy of Gloss stops.
     */
    fail(what: string, err: unknown) {
      showToast(`${what}: ${err instanceof Error ? err.message : String(err)}`, { error: true });
    },
    dismissToast() {
      clearTimeout(toastTimer);
      state.toast = null;
      render();
    },
  };
}

export type OverlayStateStore = ReturnType<typeof createOverlayState>;
