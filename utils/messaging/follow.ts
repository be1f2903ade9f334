import type { HighlightOp } from '../store/pending-ops';

/**
 * The side panel follows the reader through a port it opens to the tab's content script
 * (`tabs.connect(tabId, { name: FOLLOW_PORT })`). While a port is open the content script
 * tracks the section in view and posts what changes, and posts each change it makes to
 * its highlights as it sends it to the writer, so the panel shows it without waiting for
 * storage (see utils/store/pending-ops.ts); with no port open it does nothing (see
 * utils/content/section-tracker.ts). A reload closes the port: the panel reconnects.
 */
export const FOLLOW_PORT = 'gloss-follow';

/** What the content script posts on the follow port. */
export type FollowMessage =
  /** The section in view changed (sent at once on connect, then on each change). */
  | { type: 'section'; sectionId: string | null }
  /** The page's URL changed without a reload (history.pushState, SPA navigation). */
  | { type: 'location'; url: string }
  /** The page sent this change of its highlights to the writer just now (`url`: the page's stored URL). */
  | { type: 'op'; url: string; key: string; op: HighlightOp }
  /** The writer refused the change `key`: the panel stops showing it. */
  | { type: 'opFailed'; key: string };

/** The part of a runtime port the tracker uses (injectable for tests). */
export interface FollowPort {
  postMessage(message: FollowMessage): void;
  onDisconnect: { addListener(cb: () => void): void };
}

/** storage.session key the background sets when the reader asks to reflect on the section being read (context menu). */
export const REFLECT_REQUEST_KEY = 'glossReflectRequest';
