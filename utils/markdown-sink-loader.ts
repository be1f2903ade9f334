/**
 * How a page reaches its one HTML sink (utils/sanitize.ts: the Markdown renderer, then
 * DOMPurify) without paying for it before its first screen. Each entrypoint says how the
 * sink is loaded on that page (`provideMarkdownSink`): the popup adds popup-markdown.js, a
 * classic script of its own, after its first render; the side panel imports a chunk;
 * pages without a first-render budget hand over the renderer itself. MarkdownView shows
 * a reflection as plain text (never as HTML) until the sink is there, then the sanitised
 * render.
 */
import { t } from './i18n';

/**
 * The one sink as a page holds it (utils/sanitize.ts `markdownSink`): the reader's Markdown
 * to sanitised HTML, and written into an element (in idle chunks when long).
 */
export interface MarkdownSink {
  html: (markdown: string) => string;
  write: (root: Element, markdown: string) => () => void;
}

let ready: MarkdownSink | null = null;
let load: (() => Promise<MarkdownSink>) | null = null;
let loading: Promise<MarkdownSink> | null = null;

/**
 * Says how this page gets the sink: the renderer itself (ready at once) or a function
 * that loads it (called once, on the first need; again after a failure).
 */
export function provideMarkdownSink(source: MarkdownSink | { load: () => Promise<MarkdownSink> }): void {
  loading = null;
  if ('html' in source) {
    ready = source;
    load = null;
  } else {
    ready = null;
    load = source.load;
  }
}

/** The sink when it is already loaded, else null (show the text plainly meanwhile). */
export function markdownSinkNow(): MarkdownSink | null {
  return ready;
}

/**
 * The sink, loaded once. Rejects with a reader-facing reason when it cannot be loaded
 * (or when the page never said how), and tries again on the next call.
 */
export function loadMarkdownSink(): Promise<MarkdownSink> {
  if (ready) return Promise.resolve(ready);
  if (!load) return Promise.reject(new Error(t('markdownLoadMissing')));
  const from = load;
  loading ??= from().then(
    (render) => {
      if (load === from) ready = render;
      return render;
    },
    (err: unknown) => {
      loading = null;
      throw err instanceof Error ? err : new Error(String(err));
    },
  );
  return loading;
}
