/**
 * How a page reaches its one HTML sink (utils/sanitize.ts: the Markdown renderer, then
 * DOMPurify) without paying for it before its first screen. Each entrypoint says how the
 * sink is loaded on that page (`provideSafeHtml`): the popup adds popup-markdown.js, a
 * classic script of its own, after its first render; the side panel imports a chunk;
 * pages without a first-render budget hand over the renderer itself. MarkdownView shows
 * a reflection as plain text (never as HTML) until the sink is there, then the sanitised
 * render.
 */
import { t } from './i18n';

/** The reader's Markdown to sanitised HTML (`markdownToSafeHtml`). */
export type SafeHtml = (markdown: string) => string;

let ready: SafeHtml | null = null;
let load: (() => Promise<SafeHtml>) | null = null;
let loading: Promise<SafeHtml> | null = null;

/**
 * Says how this page gets the sink: the renderer itself (ready at once) or a function
 * that loads it (called once, on the first need; again after a failure).
 */
export function provideSafeHtml(source: SafeHtml | { load: () => Promise<SafeHtml> }): void {
  loading = null;
  if (typeof source === 'function') {
    ready = source;
    load = null;
  } else {
    ready = null;
    load = source.load;
  }
}

/** The sink when it is already loaded, else null (show the text plainly meanwhile). */
export function safeHtmlNow(): SafeHtml | null {
  return ready;
}

/**
 * The sink, loaded once. Rejects with a reader-facing reason when it cannot be loaded
 * (or when the page never said how), and tries again on the next call.
 */
export function loadSafeHtml(): Promise<SafeHtml> {
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
