/**
 * Writes the reader's Markdown into an element, in chunks when it is long, so the start of
 * a long reflection shows at once and the rest follows while the browser is idle. Pure of
 * any sanitiser: the caller passes the one sink (utils/sanitize.ts `writeSafeMarkdown`).
 */
import { renderMarkdown } from './render';
import { CHUNK_CHARS, chunkWriter } from './chunks';

/** HTML characters inserted before the first paint. */
export const FIRST_CHUNK = 32 * 1024;
/**
 * Later slices double in size up to this many HTML characters. Equal slices would cost
 * quadratic time in all: after each slice the browser lays out again the element the
 * slice went into (one paragraph of 1 MB re-laid out 160 times took 100 s); doubling
 * slices lay it out O(log n) times, while no slice blocks for longer than this much HTML.
 */
export const LAST_SLICE = 1024 * 1024;

/** Shorter Markdown is rendered, sanitised and inserted in one go. */
const ONE_GO = 16 * 1024;

export type Schedule = (run: () => void) => () => void;

/** Runs `run` when the browser is idle (next task where there is no requestIdleCallback); returns a cancel. */
const onIdle: Schedule = (run) => {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(run, { timeout: 100 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(run, 0);
  return () => clearTimeout(id);
};

/**
 * Writes the reader's Markdown into `root`: the first `slice` characters of HTML at once,
 * the rest in later slices (`schedule`, idle time by default), each twice the one before
 * up to `LAST_SLICE` characters. Every chunk
 * goes through `sanitize` (the one DOMPurify sink, which hands back DOM) before it is
 * inserted; the final DOM is the one a single sanitised render gives, however the HTML is
 * cut (utils/markdown/chunks.ts). Returns a function that stops the pending slices.
 */
export function writeMarkdown(root: Element, markdown: string, sanitize: (html: string) => DocumentFragment, schedule: Schedule = onIdle, slice = FIRST_CHUNK): () => void {
  if (markdown.length < ONE_GO && markdown.length < slice) {
    root.replaceChildren(sanitize(renderMarkdown(markdown)));
    return () => {};
  }
  const writer = chunkWriter(root, renderMarkdown(markdown), sanitize, Math.min(CHUNK_CHARS, slice));
  if (writer.step(slice)) return () => {};
  let cancel = () => {};
  let size = slice;
  const next = () => {
    size = Math.max(slice, Math.min(2 * size, LAST_SLICE));
    if (!writer.step(size)) cancel = schedule(next);
  };
  cancel = schedule(next);
  return () => cancel();
}
