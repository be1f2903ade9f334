/**
 * Times a piece of work each time it runs and keeps the last durations, for diagnostics
 * and benchmarks that print where the time goes (never for timed unit tests).
 */
const KEPT = 64;

export interface CostStats {
  /** Runs so far. */
  count: number;
  /** Duration of the first and of the last run, in ms (null before the first). */
  firstMs: number | null;
  lastMs: number | null;
  /** Median and longest of the last runs (up to 64), in ms. */
  medianMs: number | null;
  maxMs: number | null;
}

export function costLog(now: () => number) {
  const recent: number[] = [];
  let count = 0;
  let first: number | null = null;
  return {
    /** Runs `fn`, records how long it took, and returns its result (or throws its error). */
    time<T>(fn: () => T): T {
      const start = now();
      try {
        return fn();
      } finally {
        count++;
        const ms = now() - start;
        first ??= ms;
        recent.push(ms);
        if (recent.length > KEPT) recent.shift();
      }
    },
    stats(): CostStats {
      if (!recent.length) return { count, firstMs: first, lastMs: null, medianMs: null, maxMs: null };
      const sorted = [...recent].sort((a, b) => a - b);
      const mid = sorted.length >> 1;
      return {
        count,
        firstMs: first,
        lastMs: recent[recent.length - 1],
        medianMs: sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2,
        maxMs: sorted[sorted.length - 1],
      };
    },
  };
}
