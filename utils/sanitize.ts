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
 * sanitize() call would be parsed again each time. The same list serves both shapes the
 * sink hands back: an HTML string (exports) and DOM (the views insert nodes, never HTML
 * strings).
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
/** What the purifier returns: a string, or a DocumentFragment (DOMPurify's RETURN_DOM_FRAGMENT). */
type Shape = 'html' | 'dom';
const purifiers = new WeakMap<Window, Partial<Record<Shape, Purifier>>>();

function purifierFor(win: Window, shape: Shape): Purifier {
  let byShape = purifiers.get(win);
  if (!byShape) purifiers.set(win, (byShape = {}));
  let purify = byShape[shape];
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
  purify.setConfig(shape === 'dom' ? { ...CONFIG, RETURN_DOM_FRAGMENT: true } : CONFIG);
  byShape[shape] = purify;
  return purify;
}

/** The one DOMPurify call: `html` cleaned by the allow-list, as a string or as DOM; null where DOMPurify cannot run. */
function purify(html: string, win: Window, shape: Shape): string | DocumentFragment | null {
  const purifier = purifierFor(win, shape);
  // Without a usable DOM DOMPurify would hand the input back unchanged: the callers fail closed.
  if (!purifier.isSupported) return null;
  return purifier.sanitize(html) as string | DocumentFragment;
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
  const clean = purify(html, win, 'html');
  return clean === null ? escapeHtml(html) : (clean as string);
}

/**
 * The same cleaning as `sanitizeHtml`, handed back as DOM to insert (a DocumentFragment
 * of `win`'s realm): what the views use, so no HTML string is ever assigned to the page.
 * Where DOMPurify cannot run, the input comes back as one text node (shown, never parsed).
 */
export function sanitizeToDom(html: string, win: Window = window): DocumentFragment {
  const clean = purify(html, win, 'dom');
  if (clean !== null) return clean as DocumentFragment;
  const frag = win.document.createDocumentFragment();
  frag.append(win.document.createTextNode(html));
  return frag;
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
  return writeMarkdown(root, markdown, (html) => sanitizeToDom(html, win));
}

/** The sink as pages receive it (utils/markdown-sink-loader.ts). */
export const markdownSink: MarkdownSink = { html: markdownToSafeHtml, write: writeSafeMarkdown };
