/**
 * Saving what the reader types (notes, reflections) so that nothing is ever dropped:
 *
 * - per field (`key`), only the newest text waits to be sent and one write is in flight
 *   at a time, so writes of one field reach the writer in the order they were typed;
 * - every write carries `at`, the moment it is sent from {@link editClock} (a retry is
 *   stamped again, as it carries the newest text of its field): the writer ignores an
 *   edit older than the stored one, so a late message never overwrites newer text, and
 *   two views editing one field end with the later one;
 * - a failed write is retried until it succeeds or newer text replaces it, and the
 *   caller is told within `errorAfterMs` (status `error`) while the text stays where
 *   the reader typed it.
 */

export type SaveStatus =
  | { kind: 'saved' }
  | { kind: 'saving' }
  | { kind: 'error'; message: string; retrying: boolean };

export interface SaveQueueOptions<R> {
  /** Sends one write; rejects when it did not reach storage. */
  send: (write: (at: number) => Promise<R>) => Promise<R>;
  /** Told whenever a field's status changes. */
  onStatus?: (key: string, status: SaveStatus) => void;
  /** Told after each successful write of a field. */
  onSaved?: (key: string, result: R) => void;
  /** Delay before retry n (1-based), in ms. Default: 250, 500, 1000 … capped at 4 s. */
  retryDelay?: (attempt: number) => number;
  /** False when a failure can never be fixed by retrying (e.g. the extension was reloaded). */
  canRetry?: (err: unknown) => boolean;
  /** Stops retries and timers; a write asked for afterwards fails at once with `stoppedMessage`. */
  signal?: AbortSignal;
  stoppedMessage?: string;
  clock?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

let lastEdit = 0;
/** A clock for edits: Date.now(), but strictly increasing within this context. */
export function editClock(now: () => number = Date.now): number {
  lastEdit = Math.max(now(), lastEdit + 1);
  return lastEdit;
}

interface Field<R> {
  /** The newest write not yet sent. */
  pending: { write: (at: number) => Promise<R> } | null;
  inFlight: boolean;
  /** Set when the last failure cannot be retried: the text stays unsaved, nothing runs. */
  stuck: boolean;
  failures: number;
  timer: unknown;
}

/** A save queue; see the module comment. */
export function createSaveQueue<R>(opts: SaveQueueOptions<R>) {
  const fields = new Map<string, Field<R>>();
  const retryDelay = opts.retryDelay ?? ((n: number) => Math.min(4000, 250 * 2 ** (n - 1)));
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  const clock = opts.clock ?? Date.now;
  const idle: Array<() => void> = [];

  const status = (key: string, s: SaveStatus) => opts.onStatus?.(key, s);
  const settleIdle = () => {
    if ([...fields.values()].some((f) => f.inFlight || (f.pending && !f.stuck))) return;
    for (const fn of idle.splice(0)) fn();
  };

  async function pump(key: string, f: Field<R>) {
    if (f.inFlight || !f.pending) return;
    if (opts.signal?.aborted) {
      // This copy of Gloss was stopped (update, reload): the text stays unsaved, and says so.
      f.stuck = true;
      status(key, { kind: 'error', message: opts.stoppedMessage ?? 'Gloss was stopped', retrying: false });
      settleIdle();
      return;
    }
    const job = f.pending;
    f.pending = null;
    f.inFlight = true;
    try {
      const at = editClock(clock);
      const result = await opts.send(() => job.write(at));
      f.inFlight = false;
      f.failures = 0;
      opts.onSaved?.(key, result);
      if (!f.pending) status(key, { kind: 'saved' });
    } catch (err) {
      f.inFlight = false;
      f.failures++;
      // The text is kept: unless newer text replaced it meanwhile, this one goes again.
      f.pending ??= job;
      const retrying = opts.canRetry ? opts.canRetry(err) : true;
      status(key, { kind: 'error', message: err instanceof Error ? err.message : String(err), retrying });
      if (!retrying || opts.signal?.aborted) {
        f.stuck = true;
        settleIdle();
        return;
      }
      f.timer = setTimer(() => {
        f.timer = undefined;
        void pump(key, f);
      }, retryDelay(f.failures));
      return;
    }
    if (f.pending) void pump(key, f);
    else settleIdle();
  }

  opts.signal?.addEventListener('abort', () => {
    for (const f of fields.values()) if (f.timer !== undefined) clearTimer(f.timer);
  });

  return {
    /**
     * Queues the newest text of field `key`; `write(at)` sends it with its edit time.
     */
    save(key: string, write: (at: number) => Promise<R>): void {
      let f = fields.get(key);
      if (!f) fields.set(key, (f = { pending: null, inFlight: false, stuck: false, failures: 0, timer: undefined }));
      f.pending = { write };
      f.stuck = false;
      if (f.failures === 0) status(key, { kind: 'saving' });
      // A field waiting for its retry goes now: the reader is still typing.
      if (f.timer !== undefined) {
        clearTimer(f.timer);
        f.timer = undefined;
      }
      void pump(key, f);
    },
    /** True while some text is not yet stored. */
    unsaved(): boolean {
      return [...fields.values()].some((f) => f.pending || f.inFlight);
    },
    /** Text of `key` is not yet stored. */
    unsavedKey(key: string): boolean {
      const f = fields.get(key);
      return !!f && (!!f.pending || f.inFlight);
    },
    /** Resolves once nothing is waiting or in flight (or every failure stopped retrying). */
    idle(): Promise<void> {
      return new Promise((resolve) => {
        idle.push(resolve);
        settleIdle();
      });
    },
  };
}

export type SaveQueue<R> = ReturnType<typeof createSaveQueue<R>>;
