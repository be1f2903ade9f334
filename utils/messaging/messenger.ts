/**
 * A small typed messaging layer (in the style of @webext-core/messaging): one protocol
 * map per receiving context, each message takes one data object, one handler per
 * message; a handler's thrown error reaches the caller as an Error with the same message.
 */
import { browser } from 'wxt/browser';
import { t } from '../i18n';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyProtocol<P> = { [K in keyof P]: (data: any) => unknown };

interface Envelope {
  gloss: 1;
  type: string;
  data: unknown;
}

type Reply = { ok: true; value: unknown } | { ok: false; error: string };

function isEnvelope(message: unknown): message is Envelope {
  return typeof message === 'object' && message !== null && (message as Envelope).gloss === 1;
}

export interface Messenger<P extends AnyProtocol<P>> {
  /** Sends to the background (no tabId) or to the content script of `tabId`. */
  sendMessage<K extends keyof P & string>(
    type: K,
    data: Parameters<P[K]>[0],
    tabId?: number,
  ): Promise<Awaited<ReturnType<P[K]>>>;
  /** Registers the one handler for `type` in this context. Returns a remover. */
  onMessage<K extends keyof P & string>(
    type: K,
    handler: (
      data: Parameters<P[K]>[0],
      sender: { tabId: number | null; url: string | null },
    ) => Awaited<ReturnType<P[K]>> | Promise<Awaited<ReturnType<P[K]>>>,
  ): () => void;
}

/** Creates a messenger for protocol `P`. `runtime`/`tabs` are injectable for tests. */
export function defineMessenger<P extends AnyProtocol<P>>(
  env: { runtime?: typeof browser.runtime; tabs?: typeof browser.tabs } = {},
): Messenger<P> {
  const runtime = () => env.runtime ?? browser.runtime;
  const tabs = () => env.tabs ?? browser.tabs;
  return {
    async sendMessage(type, data, tabId) {
      const envelope: Envelope = { gloss: 1, type, data };
      const reply = (tabId == null
        ? await runtime().sendMessage(envelope)
        : await tabs().sendMessage(tabId, envelope)) as Reply | undefined;
      if (!reply) throw new Error(t('messengerNoAnswer', type));
      if (!reply.ok) throw new Error(reply.error);
      return reply.value as never;
    },
    onMessage(type, handler) {
      const listener = (
        message: unknown,
        sender: { tab?: { id?: number }; url?: string },
        sendResponse?: (r: Reply) => void,
      ) => {
        if (!isEnvelope(message) || message.type !== type) return undefined;
        const reply: Promise<Reply> = Promise.resolve()
          .then(() => handler(message.data as never, { tabId: sender?.tab?.id ?? null, url: sender?.url ?? null }))
          .then(
            (value): Reply => ({ ok: true, value: value ?? null }),
            (err: unknown): Reply => ({ ok: false, error: err instanceof Error ? err.message : String(err) }),
          );
        // Chrome answers through sendResponse (returning true keeps the channel open);
        // promise-style implementations (Firefox, WXT's fakeBrowser) take the promise.
        if (typeof sendResponse === 'function') {
          void reply.then(sendResponse);
          return true;
        }
        return reply;
      };
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      runtime().onMessage.addListener(listener as any);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return () => runtime().onMessage.removeListener(listener as any);
    },
  };
}
