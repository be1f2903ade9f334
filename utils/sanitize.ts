import DOMPurify from 'dompurify';
import type { DOMPurify as Purifier, WindowLike } from 'dompurify';
import { escapeHtml, renderMarkdown } from './markdown/render';
import { writeMarkdown } from './markdown/write';
import type { MarkdownSink } from './markdown-sink-loader';

/**
 * THE place HTML is cleaned before it reaches the DOM. Everything rendered as HTML
 * (reflections) goes through here; page text is never rendered as HTML at all.
 */

const ALLOWED_TAGS = ['p', 'br', 'em', 'strong', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'hr'];
const SAFE_HREF = /^(?:https?|mailto):/i;

/**
 * The allow-list, set once on each purifier (setConfig): a config passed to every
 * sanitize() call would be parsed again each time.
 */
const CONFIG: Parameters<Purifier['setConfig']>[0] = {
  ALLOWED_TAGS,
  ALLOWED_ATTR: ['href'],
  ALLOWED_URI_REGEXP: SAFE_HREF,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  KEEP_CONTENT: true,
  RETURN_DOM: false,
  RETURN_DOM_FRAGMENT: false,
  RETURN_TRUSTED_TYPE: false,
};
const purifiers = new WeakMap<Window, Purifier>();

function purifierFor(win: Window): Purifier {
  let purify = purifiers.get(win);
  if (purify) return purify;
  purify = DOMPurify(win as unknown as WindowLike);
  purify.addHook('uponSanitizeAttribute', (node, data) => {
    // href only on links, and only to the web or an email address.
    if (data.attrName === 'href' && (node.nodeName.toUpperCase() !== 'A' || !SAFE_HREF.test(data.attrValue.trim()))) data.keepAttr = false;
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName.toUpperCase() === 'A') {
      if (node.hasAttribute('href')) {
        // Links leave the extension page; the opened page gets no handle back to it.
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
    }
  });
  purify.setConfig(CONFIG);
  purifiers.set(win, purify);
  return purify;
}

/**
 * The HTML with everything outside a strict allow-list removed: p, br, em, strong,
 * code, pre, blockquote, ul, ol, li, h1–h6, hr and a[href] (http, https, mailto only;
 * such links get `target=_blank rel="noopener noreferrer"`). No attributes otherwise: no
 * style, class, id or event handlers; no images, forms, scripts or frames. Content of
 * removed tags is kept as text, except script/style content which is dropped. Where
 * DOMPurify cannot run (no DOM), the whole input is returned HTML-escaped instead.
 */
export function sanitizeHtml(html: string, win: Window = window): string {
  const purify = purifierFor(win);
  // Without a usable DOM DOMPurify would hand the input back unchanged: fail closed.
  if (!purify.isSupported) return escapeHtml(html);
  return purify.sanitize(html) as string;
}

/** The reader's Markdown as sanitised HTML: `sanitizeHtml(renderMarkdown(md))`. */
export function markdownToSafeHtml(md: string, win: Window = window): string {
  return sanitizeHtml(renderMarkdown(md), win);
}

/**
 * Writes the reader's Markdown into `root` through this sink, in idle chunks when it is
 * long (utils/markdown/write.ts); every chunk is sanitised here. Returns a cancel.
 */
export function writeSafeMarkdown(root: Element, markdown: string): () => void {
  const win = root.ownerDocument.defaultView ?? window;
  return writeMarkdown(root, markdown, (html) => sanitizeHtml(html, win));
}

/** The sink as pages receive it (utils/markdown-sink-loader.ts). */
export const markdownSink: MarkdownSink = { html: markdownToSafeHtml, write: writeSafeMarkdown };
