/**
 * Least authority for messages to the background. A content script runs inside the
 * page's process, so a compromised page may speak for it: it may change only the notes
 * of its own tab's page, and only with the changes the on-page toolbar and card make.
 * Imports, colour names, reflections, tags and page delete/restore come only from
 * Gloss's own pages (popup, library, side panel). Every message is parsed with its
 * schema first; anything else is refused with an error that says why.
 */
import * as v from 'valibot';
import { backgroundMessageSchemas } from '../schema/messages';
import { describeIssue } from '../schema/records';
import { normalizeUrl } from '../url';
import { t } from '../i18n';
import type { PageOp } from '../store/ops';

export type BackgroundMessageType = keyof typeof backgroundMessageSchemas;

export interface MessageSender {
  tabId: number | null;
  /** The sending document's URL (a web page for content scripts). */
  url: string | null;
}

/** Changes the on-page UI makes (toolbar, card, undo); the only ones a content script may send. */
export const PAGE_UI_OPS: ReadonlySet<PageOp['type']> = new Set(['addHighlight', 'updateHighlight', 'deleteHighlight', 'restoreHighlight']);

export class RefusedError extends Error {
  override name = 'RefusedError';
}

/** True when `sender` is one of Gloss's own pages (its URL is under `extensionBase`). */
export function isExtensionPage(sender: MessageSender, extensionBase: string): boolean {
  return !!sender.url && sender.url.startsWith(extensionBase);
}

/**
 * The message's data, parsed (a fresh object) and allowed for this sender; throws a
 * {@link RefusedError} otherwise. `extensionBase` is `runtime.getURL('/')`.
 */
export function acceptMessage<K extends BackgroundMessageType>(
  type: K,
  data: unknown,
  sender: MessageSender,
  extensionBase: string,
): v.InferOutput<(typeof backgroundMessageSchemas)[K]> {
  const schema = backgroundMessageSchemas[type];
  if (!schema) throw new RefusedError(t('bgInvalidMessage', String(type), 'unknown request'));
  const parsed = v.safeParse(schema, data, { abortEarly: true });
  if (!parsed.success) throw new RefusedError(t('bgInvalidMessage', type, describeIssue(parsed.issues[0])));
  const message = parsed.output as v.InferOutput<(typeof backgroundMessageSchemas)['mutatePage']>;
  if (type === 'mutatePage' && message.op.type === 'restorePage' && message.op.page.url !== message.url) {
    throw new RefusedError(t('bgInvalidMessage', type, `op.page.url must be the page being restored (${message.url})`));
  }
  if (isExtensionPage(sender, extensionBase)) return parsed.output as never;

  // From a web page's content script.
  if (type === 'getStatus') return parsed.output as never;
  if (type !== 'mutatePage') throw new RefusedError(t('bgRefusedFromPage', type === 'importFile' ? 'import files' : 'rename colours'));
  const { url, op } = parsed.output as v.InferOutput<(typeof backgroundMessageSchemas)['mutatePage']>;
  if (!PAGE_UI_OPS.has(op.type)) throw new RefusedError(t('bgRefusedFromPage', op.type));
  const own = sender.url ? normalizeUrl(sender.url) : null;
  const metaUrl = 'meta' in op && op.meta ? op.meta.url : url;
  if (sender.tabId == null || !own || url !== own || metaUrl !== own) throw new RefusedError(t('bgRefusedOtherPage'));
  return parsed.output as never;
}
