import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n';
import { backgroundMessenger } from '@/utils/messaging/protocol';
import { createStore, ensureMigrated } from '@/utils/store/storage';
import { createWriter } from '@/utils/store/writer';
import { parseImport } from '@/utils/import';
import { acceptMessage } from '@/utils/background/authority';
import { installSync } from '@/utils/sync/background';
import {
  CONTEXT_MENU_ID,
  onContextMenuClick,
  onHighlightCommand,
} from '@/utils/background/handlers';
import { openPanelFrom, REFLECT_MENU_ID, resyncPanelState, watchPanelEvents, type GetContexts, type SidePanelEvents } from '@/utils/background/panel';
import { isPanelOpen, type SessionArea } from '@/utils/panel-open-state';
import { REFLECT_REQUEST_KEY } from '@/utils/messaging/follow';

// The background is Gloss's single writer: every change to stored notes arrives here
// as a typed message and is applied in order.
export default defineBackground(() => {
  const store = createStore(browser.storage.local);
  const status = { migrationError: null as string | null, storageError: null as string | null };
  const writer = createWriter(store, {
    onStorageError: (err) => {
      status.storageError = err.message;
      console.error('Gloss storage error', err);
    },
    // Optional sync (off by default) sends on what was stored here.
    onCommitted: (change) => sync.onCommitted(change),
    // …and its durable outbox is stored in the same call as the change.
    stage: (change) => sync.stage(change),
  });
  const ready = ensureMigrated(store.area).then(
    // The library's page index is derived data: rebuilt when missing, never blocking writes.
    () =>
      writer.ensureIndex().then(
        () => undefined,
        (err: Error) => {
          status.storageError = t('bgIndexFailed', err.message);
        },
      ),
    (err: Error) => {
      status.migrationError = err.message;
      console.error('Gloss migration failed; stored notes left untouched', err);
    },
  );
  const writable = async () => {
    await ready;
    if (status.migrationError) throw new Error(status.migrationError);
  };

  const sync = installSync({ store, writer, writable });

  // Every message is parsed by its schema and checked against its sender first.
  const base = browser.runtime.getURL('/');
  backgroundMessenger.onMessage('mutatePage', async (data, sender) => {
    const { url, op } = acceptMessage('mutatePage', data, sender, base);
    await writable();
    const result = await writer.mutate(url, op);
    status.storageError = null;
    return result;
  });
  backgroundMessenger.onMessage('importFile', async (data, sender) => {
    const { text } = acceptMessage('importFile', data, sender, base);
    await writable();
    // Parsing throws a clear ImportError before anything is written.
    return writer.importPages(parseImport(text).pages);
  });
  backgroundMessenger.onMessage('setColorLabels', async (data, sender) => {
    const { labels } = acceptMessage('setColorLabels', data, sender, base);
    await writable();
    await writer.setColorLabels(labels);
  });
  backgroundMessenger.onMessage('getStatus', async (data, sender) => {
    acceptMessage('getStatus', data ?? {}, sender, base);
    await ready;
    return { ...status };
  });

  browser.runtime.onInstalled.addListener(({ reason }) => {
    // First run: the welcome page teaches highlight → reflect → export.
    if (reason === 'install')
      browser.tabs.create({ url: browser.runtime.getURL('/welcome.html') }).catch((err) => console.error('Gloss: could not open the welcome page', err));
    browser.contextMenus.create({
      id: CONTEXT_MENU_ID,
      title: t('contextMenuHighlight'),
      contexts: ['selection'],
    });
    browser.contextMenus.create({ id: REFLECT_MENU_ID, title: t('contextMenuReflect'), contexts: ['page', 'selection'] });
  });
  // The side panel opens only within the user gesture: openPanelFrom calls it synchronously.
  const session = (browser.storage as unknown as { session?: SessionArea }).session ?? null;
  const sidebarIsOpen = (browser as unknown as { sidebarAction?: { isOpen?: (d: { windowId: number }) => Promise<boolean> } }).sidebarAction?.isOpen ?? null;
  const panelEnv = {
    requestReflect: session ? (at: number) => session.set({ [REFLECT_REQUEST_KEY]: at }) : undefined,
    isPanelOpen: (windowId: number) => isPanelOpen(windowId, { area: session, sidebarIsOpen }),
  };
  const panelFailed = (err: Error) => console.error('Gloss: could not open the journal beside the page', err);
  // Gloss's record of open panels (per window, storage.session) is brought in line with
  // Chrome's side panels each time the service worker starts.
  const getContexts = (browser.runtime as unknown as { getContexts?: GetContexts }).getContexts ?? null;
  const panelStateFailed = (err: unknown) => console.error('Gloss: could not record which windows show the journal', err);
  if (session) {
    watchPanelEvents(session, (browser as unknown as { sidePanel?: SidePanelEvents }).sidePanel, panelStateFailed);
    resyncPanelState(session, getContexts && ((f) => getContexts.call(browser.runtime, f))).catch(panelStateFailed);
  }
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (openPanelFrom(info, tab, panelEnv)?.catch(panelFailed)) return;
    onContextMenuClick(info, tab).catch((err) => console.error('Gloss: highlight from menu failed', err));
  });
  browser.commands.onCommand.addListener((command, tab) => {
    if (openPanelFrom({ command }, tab, panelEnv)?.catch(panelFailed)) return;
    const run = tab ? Promise.resolve(tab) : browser.tabs.query({ active: true, currentWindow: true }).then(([t]) => t);
    run
      .then((t) => onHighlightCommand(command, t))
      .catch((err) => console.error('Gloss: highlight from shortcut failed', err));
  });
});
