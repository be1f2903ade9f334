import { retry } from '../retry';

/** Errors the browser raises when the service worker was stopped or restarted mid-message. */
const TRANSIENT = /Could not establish connection|message port closed|Receiving end does not exist|No part of Gloss answered|Extension context invalidated/i;

export function isTransient(err: unknown): boolean {
  return err instanceof Error && TRANSIENT.test(err.message) && !/invalidated/i.test(err.message);
}

/**
 * Runs `fn`, trying again after a short wait when the failure is transient (the
 * background was being restarted). Every Gloss write op is idempotent, so a retried
 * write cannot apply twice. Other errors reach the caller at once.
 */
export function retrying<T>(fn: () => Promise<T>, { attempts = 4, delayMs = 150 } = {}): Promise<T> {
  return retry(fn, { attempts, delay: (n) => delayMs * n, shouldRetry: isTransient });
}
