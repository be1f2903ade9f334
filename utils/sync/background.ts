/**
 * Sync's part of the background: the messages of the options page and the popup, the
 * config in storage, and starting the engine. With sync off this module reads one key
 * and does nothing else: the engine and PouchDB are loaded only when sync is on.
 */
import { isExtensionPage, RefusedError, type MessageSender } from '../background/authority';
import { browser } from 'wxt/browser';
import type { Store } from '../store/storage';
import type { CommittedChange, Writer } from '../store/writer';
import { applyOp, type PageOp } from '../store/ops';
import { copiesAfterTake, copiesOf, storedConflicts, withCopies, type ConflictCopy, type ConflictTarget } from './copies';
import { SYNC_CONFIG_KEY, SYNC_OFF, SYNC_STATUS_KEY, conflictsKey, normaliseSetup, readConflicts, type SyncConfig, type SyncStatus } from './config';
import { syncMessenger } from './protocol';
import { t } from '../i18n';
import type { SyncEngine } from './engine';
import { SYNC_OUTBOX_KEY, createOutbox } from './outbox';
import { clearKeys, loadKeys, storeKeys } from './key-store';
import { importKeys, type SyncKeys } from './crypto';

const WAKE_ALARM = 'gloss-sync-wake';

export interface SyncHost {
  store: Store;
  writer: Pick<Writer, 'applyRemoteMany' | 'exclusive' | 'mutate'>;
  /** Resolves when stored data may be written (migrations done); throws if not. */
  writable: () => Promise<void>;
}

async function loadEngine() {
  const [{ createSyncEngine, describeSyncError }, { pouchWithAdapters }] = await Promise.all([import('./engine'), import('./pouch')]);
  return { createSyncEngine, describeSyncError, PouchDB: pouchWithAdapters() };
}

/**
 * Installs sync in the background. Returns the writer's onCommitted hook (a no-op while
 * sync is off).
 */
/**
 * Sync's settings and conflict copies are Gloss's own business: a content script (which
 * runs in the page's process) may not turn sync on towards another server, off, or read
 * its status. Only Gloss's extension pages (options, popup, panel) may.
 */
function onlyFromGloss(sender: MessageSender): void {
  if (!isExtensionPage(sender, browser.runtime.getURL('/'))) throw new RefusedError(t('bgRefusedFromPage', 'sync'));
}

export function installSync(host: SyncHost) {
  let engine: SyncEngine | null = null;
  let config: SyncConfig | null = null;
  let starting: Promise<void> | null = null;
  /** Local changes made while the engine was still loading. */
  let backlog: CommittedChange[] = [];
  /** Pages changed locally and not yet in the local copy, kept in storage with the change. */
  const outbox = createOutbox();

  const area = host.store.area;
  const writeOutbox = (items: Record<string, unknown> | null) => {
    if (!items) return;
    const value = items[SYNC_OUTBOX_KEY];
    const done = value && Object.keys(value).length ? area.set(items) : area.remove(SYNC_OUTBOX_KEY);
    done.catch((err) => console.error('Gloss sync outbox', err));
  };
  /** Sends a local change on; once it is in the local copy, its page leaves the outbox. */
  const send = (e: SyncEngine, change: CommittedChange) =>
    e.onCommitted(change).then(
      () => writeOutbox(outbox.settle(change.url)),
      (err) => console.error('Gloss sync: a change stays in the outbox', err),
    );
  const writeStatus = (status: SyncStatus) => area.set({ [SYNC_STATUS_KEY]: status }).catch((err) => console.error('Gloss sync status', err));

  /** The keys from IndexedDB; raw keys of an older config are moved there first. */
  async function keysFor(cfg: SyncConfig): Promise<SyncKeys> {
    if (cfg.keys) {
      const keys = await importKeys(cfg.keys);
      await storeKeys(keys);
      await area.set({ [SYNC_CONFIG_KEY]: { ...cfg, keys: null } });
      return keys;
    }
    const keys = await loadKeys();
    if (!keys) throw new Error(t('syncErrorKeysMissing'));
    return keys;
  }

  async function start(cfg: SyncConfig, initial: boolean, given?: SyncKeys): Promise<void> {
    const { createSyncEngine, PouchDB } = await loadEngine();
    const keys = given ?? (await keysFor(cfg));
    const e = createSyncEngine({ config: cfg, keys, PouchDB, localAdapter: 'idb', writer: host.writer, store: host.store, onStatus: writeStatus });
    engine = e;
    config = cfg;
    try {
      await e.start({ initial });
    } catch (err) {
      engine = null;
      await e.stop().catch(() => undefined);
      throw err;
    }
    const pending = backlog;
    backlog = [];
    for (const change of pending) void send(e, change);
    // Changes stored before a previous worker stopped, not yet in the local copy: the
    // page as it was then against the page as it is now.
    await host.writer.exclusive(async () => {
      for (const { url, before } of outbox.resume()) {
        void send(e, { url, before, after: await host.store.getPage(url), origin: 'local' });
      }
    });
    browser.alarms?.create(WAKE_ALARM, { periodInMinutes: 1 });
  }

  // Resume after a service worker or browser restart.
  starting = (async () => {
    const stored = await area.get([SYNC_CONFIG_KEY, SYNC_OUTBOX_KEY]);
    const got = stored[SYNC_CONFIG_KEY] as SyncConfig | undefined;
    if (!got?.enabled) {
      if (stored[SYNC_OUTBOX_KEY] || outbox.size()) writeOutbox(outbox.setActive(false) ?? { [SYNC_OUTBOX_KEY]: null });
      return;
    }
    outbox.setActive(true);
    outbox.load(stored[SYNC_OUTBOX_KEY]);
    await host.writable();
    await start(got, false);
  })()
    .catch((err: Error) => void writeStatus({ ...SYNC_OFF, state: 'error', error: t('syncErrorStart', err.message) }))
    .finally(() => (starting = null));

  // The alarm only wakes the service worker, which resumes sync above.
  browser.alarms?.onAlarm.addListener(() => undefined);
  // Changes waiting for typing to pause go into the local copy before the worker is
  // suspended (where the browser says so); otherwise the outbox sends them next start.
  browser.runtime.onSuspend?.addListener(() => void engine?.flush().catch(() => undefined));

  syncMessenger.onMessage('enableSync', async (setup, sender) => {
    onlyFromGloss(sender);
    await host.writable();
    const s = normaliseSetup(setup);
    if (browser.permissions && !(await browser.permissions.contains({ origins: [`${s.origin}/*`] }))) {
      throw new Error(t('syncErrorNoAccess', s.origin));
    }
    if (starting) await starting;
    if (engine) await engine.stop();
    engine = null;
    const { connectServer } = await import('./connect');
    const { PouchDB, describeSyncError } = await loadEngine();
    const { keys: raw, keyCheck } = await connectServer(PouchDB, s);
    const keys = await importKeys(raw); // non-extractable from here on
    const cfg: SyncConfig = {
      enabled: true,
      serverUrl: s.serverUrl,
      database: s.database,
      username: s.username,
      password: s.password,
      keys: null,
      keyCheck,
    };
    outbox.setActive(true);
    try {
      await start(cfg, true, keys);
    } catch (err) {
      writeOutbox(outbox.setActive(false));
      const e = err as { status?: number; message?: string };
      throw new Error(e.status !== undefined ? describeSyncError(err, s.serverUrl) : (e.message ?? String(err)));
    }
    // Stored only once the first exchange worked: a failed start leaves sync off.
    await storeKeys(keys);
    await area.set({ [SYNC_CONFIG_KEY]: cfg });
    return engine ? (engine as SyncEngine).status() : SYNC_OFF;
  });

  syncMessenger.onMessage('disableSync', async ({ deleteServerCopy }, sender) => {
    onlyFromGloss(sender);
    if (starting) await starting;
    const e = engine;
    engine = null;
    if (e) {
      if (deleteServerCopy) await e.destroyRemote();
      await e.destroyLocal();
    } else if (deleteServerCopy) {
      throw new Error(t('syncErrorNotRunning'));
    }
    config = null;
    outbox.setActive(false);
    await area.remove([SYNC_CONFIG_KEY, SYNC_OUTBOX_KEY]);
    await clearKeys();
    await area.set({ [SYNC_STATUS_KEY]: SYNC_OFF });
    await browser.alarms?.clear(WAKE_ALARM);
    return SYNC_OFF;
  });

  syncMessenger.onMessage('getSyncStatus', async (_data, sender) => {
    onlyFromGloss(sender);
    if (starting) await starting;
    const stored = (await area.get([SYNC_STATUS_KEY, SYNC_CONFIG_KEY])) as Record<string, unknown>;
    const cfg = stored[SYNC_CONFIG_KEY] as SyncConfig | undefined;
    const status = engine ? engine.status() : ((stored[SYNC_STATUS_KEY] as SyncStatus | undefined) ?? SYNC_OFF);
    return {
      ...(cfg?.enabled ? status : { ...SYNC_OFF, error: status.state === 'error' ? status.error : null, state: status.state === 'error' ? 'error' : 'off' }),
      serverUrl: cfg?.serverUrl ?? null,
      database: cfg?.database ?? null,
      username: cfg?.username ?? null,
    };
  });

  syncMessenger.onMessage('resolveSyncConflict', async (data, sender) => {
    onlyFromGloss(sender);
    await host.writable();
    const { url, text, take } = data;
    const target: ConflictTarget = 'highlightId' in data && typeof data.highlightId === 'string' ? { highlightId: data.highlightId } : { sectionId: (data as { sectionId: string }).sectionId };
    if (typeof url !== 'string' || typeof text !== 'string' || ('sectionId' in target && typeof target.sectionId !== 'string')) {
      throw new Error(t('syncConflictBadRequest'));
    }
    const page = await host.store.getPage(url);
    // Taken: the copy goes through the writer's normal update, checked first so that a
    // refused op (the highlight was deleted meanwhile) leaves the copy in place.
    let op: PageOp | null = null;
    // The text a taken copy replaces; it is kept as a copy in its turn.
    let replaced: ConflictCopy | null = null;
    if (take) {
      if (!page) throw new Error(t('syncConflictPageGone'));
      if ('highlightId' in target) {
        const h = page.highlights.find((x) => x.id === target.highlightId);
        if (h) replaced = { text: h.note, updatedAt: h.updatedAt };
        op = { type: 'updateHighlight', id: target.highlightId, patch: { note: text } };
      } else {
        const current = page.reflections[target.sectionId];
        if (current) replaced = { text: current.text, updatedAt: current.updatedAt };
        const meta = { url: page.url, title: page.title, site: page.site, outline: page.outline };
        op = {
          type: 'setReflection',
          meta,
          sectionId: target.sectionId,
          heading: current?.heading ?? null,
          text,
          sectionHash: current?.sectionHash ?? null,
          sectionText: current?.sectionText ?? null,
        };
      }
      applyOp(page, op, Date.now()); // throws a clear OpError before anything is written
    }
    // The text is stored before its copy is dropped: a failure in between leaves a copy
    // too many, never a text lost. Taking keeps the replaced text as a copy.
    if (op) await host.writer.mutate(url, op);
    const key = conflictsKey(url);
    await host.writer.exclusive(async () => {
      const all = readConflicts((await area.get(key))[key]);
      const next = storedConflicts(withCopies(all, target, copiesAfterTake(copiesOf(all, target), text, take ? replaced : null)));
      if (next) await area.set({ [key]: next });
      else await area.remove(key);
    });
    // The copies travel with the reflection or highlight: its current state is sent.
    if (engine) await ('highlightId' in target ? engine.pushHighlight(url, target.highlightId) : engine.pushReflection(url, target.sectionId));
  });

  return {
    onCommitted(change: CommittedChange) {
      if (engine) void send(engine, change);
      else if (starting || config) backlog.push(change);
      else if (change.origin === 'local') writeOutbox(outbox.settle(change.url));
    },
    /** The writer's stage hook: the outbox entry stored with a local change. */
    stage(change: CommittedChange): Record<string, unknown> | null {
      return change.origin === 'local' ? outbox.stage(change) : null;
    },
  };
}
