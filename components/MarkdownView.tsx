import { useLayoutEffect, useRef } from 'preact/hooks';
import { sanitizeHtml } from '../utils/sanitize';
import { renderMarkdown, renderMarkdownParts } from '../utils/markdown/render';
import { chunkOps, chunkWriter } from '../utils/markdown/chunks';

export interface MarkdownViewProps {
  /** The reader's Markdown (a reflection). Never page text: that is rendered as text. */
  markdown: string;
  class?: string;
}

/** HTML characters inserted before the first paint; the rest follows in idle slices of this size. */
export const FIRST_CHUNK = 64 * 1024;

/** Shorter Markdown is rendered, sanitised and inserted in one go. */
const ONE_GO = 16 * 1024;

type Schedule = (run: () => void) => () => void;

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
 * the rest in later slices of that size (`schedule`, idle time by default). Every chunk
 * goes through `sanitize` (the one DOMPurify sink) before it is inserted; the final DOM is
 * the one a single sanitised render gives. Returns a function that stops the pending slices.
 */
export function writeMarkdown(root: Element, markdown: string, sanitize: (html: string) => string, schedule: Schedule = onIdle, slice = FIRST_CHUNK): () => void {
  if (markdown.length < ONE_GO && markdown.length < slice) {
    root.innerHTML = sanitize(renderMarkdown(markdown));
    return () => {};
  }
  const writer = chunkWriter(root, chunkOps(renderMarkdownParts(markdown), Math.min(16 * 1024, slice)), sanitize);
  if (writer.step(slice)) return () => {};
  let cancel = () => {};
  const next = () => {
    if (!writer.step(slice)) cancel = schedule(next);
  };
  cancel = schedule(next);
  return () => cancel();
}

/**
 * Renders the reader's Markdown. This is the only component that sets HTML, and the HTML
 * always comes from the renderer through sanitizeHtml (DOMPurify allow-list); a long
 * reflection is written in chunks so its start shows at once (see `writeMarkdown`).
 */
export function MarkdownView({ markdown, class: className }: MarkdownViewProps) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const root = ref.current;
    if (!root) return;
    const win = root.ownerDocument.defaultView ?? window;
    return writeMarkdown(root, markdown, (html) => sanitizeHtml(html, win));
  }, [markdown]);
  return <div ref={ref} class={className ? `gloss-markdown ${className}` : 'gloss-markdown'} dir="auto" />;
}
