// Trying again: the one retry loop. Messaging retries a message while the background
// restarts (utils/messaging/retry.ts); the writer retries a failed storage call
// (utils/store/writer.ts). Each says which errors are worth another try and how long
// to wait; the loop is here.

export interface RetryOptions {
  /** Tries in all, the first included. */
  attempts: number;
  /** Wait before try n + 1 after try n failed (n is 1-based), in ms. */
  delay: (attempt: number) => number;
  /** Whether a failure is worth another try (default: every failure is). */
  shouldRetry?: (err: unknown) => boolean;
  /** Told about every failure, including ones a later try then fixed. */
  onError?: (err: unknown, attempt: number) => void;
}

/**
 * Runs `fn` until it resolves, trying again after `delay(attempt)` while tries remain
 * and `shouldRetry` agrees. Rejects with the last error.
 */
export async function retry<T>(fn: () => Promise<T>, opts: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      opts.onError?.(err, attempt);
      if (attempt >= opts.attempts || (opts.shouldRetry && !opts.shouldRetry(err))) throw err;
      await new Promise((r) => setTimeout(r, opts.delay(attempt)));
    }
  }
}
