/**
 * Int32 scratch buffers the renderer reuses from one render to the next (line starts,
 * inline atoms, bracket matches). Fresh large typed arrays are fresh memory pages, and on
 * a loaded machine touching them costs more than the parse itself (a 1 MB text of `[]()`
 * spent a third of its time zero-filling new atom arrays, and its timings jumped from 2 to
 * 45 ms between identical runs). Buffers come back with old contents: callers clear what
 * they read before writing it.
 */

const free: Int32Array[] = [];
/** Buffers kept between renders, and the largest kept (in ints: 16 MB). */
const KEEP = 6;
const KEEP_MAX = 1 << 22;
/** Buffers larger than this (in ints) are let go a while after the last render that used them. */
const SMALL = 1 << 16;
const LET_GO_MS = 20_000;
let letGo: ReturnType<typeof setTimeout> | null = null;

/** Drops the large buffers once renders stop (a long reflection's render keeps several MB). */
function letGoLater(): void {
  if (letGo !== null) clearTimeout(letGo);
  letGo = setTimeout(() => {
    letGo = null;
    for (let k = free.length - 1; k >= 0; k--) if (free[k].length > SMALL) free.splice(k, 1);
  }, LET_GO_MS);
  // In Node (the benches, tests) the timer must not keep the process alive.
  (letGo as unknown as { unref?: () => void }).unref?.();
}

/** A buffer of at least `size` ints (not cleared). Give it back with `giveInts` when done. */
export function takeInts(size: number): Int32Array {
  let best = -1;
  for (let k = 0; k < free.length; k++) if (free[k].length >= size && (best === -1 || free[k].length < free[best].length)) best = k;
  if (best === -1) return new Int32Array(Math.max(size, 256));
  const buf = free[best];
  free[best] = free[free.length - 1];
  free.pop();
  return buf;
}

/** Returns a buffer from `takeInts` for a later render (dropped when too big, or the smallest is dropped when full). */
export function giveInts(buf: Int32Array): void {
  if (buf.length > KEEP_MAX) return;
  if (buf.length > SMALL) letGoLater();
  if (free.length < KEEP) {
    free.push(buf);
    return;
  }
  let small = 0;
  for (let k = 1; k < free.length; k++) if (free[k].length < free[small].length) small = k;
  if (free[small].length < buf.length) free[small] = buf;
}

/** `buf` grown to at least `size` ints, its first `used` ints kept; the old buffer is given back. */
export function growInts(buf: Int32Array, used: number, size: number): Int32Array {
  const grown = takeInts(Math.max(size, buf.length * 2));
  grown.set(buf.subarray(0, used));
  giveInts(buf);
  return grown;
}
