import { browser } from 'wxt/browser';
import { FOLLOW_PORT, REFLECT_REQUEST_KEY, type FollowMessage } from '@/utils/messaging/follow';
import { EMPTY, loadPageJournal } from './load-page-journal';
import type { FollowEnv } from './use-followed-tab';

/** A request older than this when the panel starts was meant for an earlier panel. */
const REQUEST_FRESH_MS = 10_000;

type SessionArea = {
  get(key: string): Promise<Record<string, unknown>>;
  onChanged?: { addListener(cb: (c: Record<string, { newValue?: unknown }>) => void): void; removeListener(cb: unknown): void };
};

/** The side panel's FollowEnv in the browser. */
export function browserFollowEnv(fixedTabId: number | null): FollowEnv {
  const windowId = browser.windows?.getCurrent ? browser.windows.getCurrent().then((w) => w.id ?? null, () => null) : Promise.resolve(null);
  const session = (browser.storage as unknown as { session?: SessionArea }).session;
  return {
    fixedTabId,
    activeTabId: async () => (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id ?? null,
    onTabActivated(cb) {
      const listener = (info: { tabId: number; windowId: number }) => {
        void windowId.then((w) => {
          if (w == null || w === info.windowId) cb(info.tabId);
        });
      };
      browser.tabs.onActivated.addListener(listener);
      return () => browser.tabs.onActivated.removeListener(listener);
    },
    onTabLoaded(cb) {
      const listener = (tabId: number, change: { status?: string }) => {
        if (change.status === 'complete') cb(tabId);
      };
      browser.tabs.onUpdated.addListener(listener);
      return () => browser.tabs.onUpdated.removeListener(listener);
    },
    connect(tabId) {
      const port = browser.tabs.connect(tabId, { name: FOLLOW_PORT });
      return {
        onMessage: (cb) => port.onMessage.addListener((m: unknown) => cb(m as FollowMessage)),
        onDisconnect: (cb) =>
          port.onDisconnect.addListener(() => {
            // Reading lastError marks it handled (no "unchecked" warning for a tab with no content script).
            void browser.runtime.lastError;
            cb();
          }),
        disconnect: () => port.disconnect(),
      };
    },
    load: (tabId) => (tabId == null ? Promise.resolve({ ...EMPTY, loading: false }) : loadPageJournal(tabId)),
    onReflectRequest(cb) {
      if (!session) return () => {};
      void session.get(REFLECT_REQUEST_KEY).then((v) => {
        const at = v[REFLECT_REQUEST_KEY];
        if (typeof at === 'number' && Date.now() - at < REQUEST_FRESH_MS) cb();
      }, () => {});
      const listener = (changes: Record<string, { newValue?: unknown }>) => {
        if (changes[REFLECT_REQUEST_KEY]?.newValue) cb();
      };
      session.onChanged?.addListener(listener);
      return () => session.onChanged?.removeListener(listener);
    },
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
}
