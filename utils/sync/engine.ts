/**
 * The sync engine: keeps the local library and an encrypted PouchDB copy of it in step,
 * and that copy in step with the reader's server through PouchDB's replication.
 *
 * - Local changes (told by the writer's onCommitted) become encrypted documents in the
 *   local PouchDB; replication carries them to the server.
 * - Documents arriving from the server are decrypted, merged when two devices changed
 *   the same one (merge.ts), and applied to the library through the writer, the single
 *   writer of stored notes.
 *
 * Local work never waits on the network: the writer stores first, the engine follows.
 */
import { KEY_CHECK_ID, decryptJson, encryptJson, importKeys, opaqueId, type SyncKeys } from './crypto';
import { applyEntity, diffPage, entityName, pageEntities, type Entity, type PageConflicts, type ReflectionConflict } from './entities';
import { mergeVersions } from './merge';
import { t } from '../i18n';
import { CONFLICTS_KEY_PREFIX, conflictsKey, readConflicts, type SyncConfig, type SyncStatus } from './config';
import { isPageKey, type PageRecord } from '../store/schema';
import type { CommittedChange } from '../store/writer';
import type { StorageArea } from '../store/storage';

/** What the engine needs from the writer: remote changes are applied only through it. */
export interface SyncWriter {
  applyRemote(url: string, update: (current: PageRecord | null) => PageRecord | null): Promise<PageRecord | null>;
  exclusive<T>(task: () => Promise<T>): Promise<T>;
}

export interface SyncEngineEnv {
  config: SyncConfig;
  PouchDB: PouchDB.Static;
  /** Adapter of the local copy: 'idb' in the browser, 'memory' in tests. */
  localAdapter: string;
  writer: SyncWriter;
  store: { getPage(url: string): Promise<PageRecord | null>; listPages(): Promise<PageRecord[]>; area: StorageArea };
  onStatus: (status: SyncStatus) => void;
  now?: () => number;
  /** The server database (tests pass an in-memory one); by default the config's, over HTTP. */
  remote?: PouchDB.Database;
  /** Delay before the next try after a failed exchange (ms), given the last one. */
  backOff?: (delay: number) => number;
}

/** A stored (encrypted) document. */
interface SealedDoc {
  _id: string;
  _rev?: string;
  _deleted?: boolean;
  _conflicts?: string[];
  v: 1;
  iv: string;
  ct: string;
}

const APPLIED_ID = '_local/gloss-applied';
const CHUNK = 250;

/** The local database's name: one per server and database, so switching never mixes them. */
export function localDbName(config: Pick<SyncConfig, 'serverUrl' | 'database'>): string {
  let h = 0;
  for (const ch of `${config.serverUrl}/${config.database}`) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return `gloss-sync-${(h >>> 0).toString(36)}`;
}

/** A plain sentence for a replication or HTTP error. */
export function describeSyncError(err: unknown, serverUrl: string): string {
  const e = (err ?? {}) as { status?: number; name?: string; message?: string; reason?: string };
  const status = e.status ?? 0;
  if (status === 401 || status === 403) return t('syncErrorCredentials');
  if (status === 413 || status === 507 || /quota/i.test(`${e.name} ${e.message} ${e.reason}`)) {
    return t('syncErrorQuota');
  }
  if (status === 404) return t('syncErrorMissingDb');
  if (!status || status >= 500 || e.name === 'TypeError' || /fetch|network/i.test(String(e.message))) {
    return t('syncErrorUnreachable', serverUrl);
  }
  return t('syncErrorOther', e.reason || e.message || e.name || String(err));
}

function isNotFound(err: unknown): boolean {
  return (err as { status?: number })?.status === 404;
}

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Creates the engine for an enabled config; nothing happens until start(). */
export function createSyncEngine(env: SyncEngineEnv) {
  const { config, PouchDB } = env;
  const now = env.now ?? Date.now;
  const local = new PouchDB(localDbName(config), { adapter: env.localAdapter, auto_compaction: true });
  const remote =
    env.remote ??
    new PouchDB(`${config.serverUrl}/${encodeURIComponent(config.database)}`, {
      adapter: 'http',
      skip_setup: true,
      auth: config.username ? { username: config.username, password: config.password } : undefined,
    });
  let keys: SyncKeys | null = null;
  const idCache = new Map<string, string>();
  /** Revisions this device wrote: their arrival in the changes feed needs no applying. */
  const ownRevs = new Set<string>();
  /** Last revision of each document the library reflects: a different one is a concurrent version. */
  const seenRev = new Map<string, string>();
  let queue: Promise<unknown> = Promise.resolve();
  let stopped = false;
  let replication: PouchDB.Replication.Sync<object> | null = null;
  let feed: PouchDB.Core.Changes<object> | null = null;
  let appliedSeq: number | string = 0;
  let seqDirty = false;
  const status: SyncStatus = { state: 'connecting', lastSyncedAt: null, pending: 0, error: null };

  function report(patch: Partial<SyncStatus>) {
    Object.assign(status, patch);
    env.onStatus({ ...status });
  }

  /** Everything that reads or writes the local copy runs here, one task at a time. */
  function enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch((err) => {
      console.error('Gloss sync', err);
      report({ state: 'error', error: err instanceof Error ? err.message : String(err) });
    });
    return run;
  }

  async function idOf(e: Pick<Entity, 'kind' | 'url'> & { id?: string; sectionId?: string }): Promise<string> {
    const name = entityName(e);
    let id = idCache.get(name);
    if (!id) {
      id = await opaqueId(keys!, name);
      idCache.set(name, id);
    }
    return id;
  }

  async function open(doc: SealedDoc): Promise<Entity> {
    return decryptJson<Entity>(keys!, doc._id, doc);
  }

  async function seal(id: string, e: Entity, rev?: string): Promise<SealedDoc> {
    const body = await encryptJson(keys!, id, e);
    return { _id: id, ...(rev ? { _rev: rev } : {}), v: 1, ...body };
  }

  async function readPageConflicts(url: string): Promise<PageConflicts> {
    const key = conflictsKey(url);
    return readConflicts((await env.store.area.get(key))[key]);
  }

  /** Stores (or clears) the conflict copies of one reflection. Runs in the writer's queue. */
  function setConflicts(url: string, sectionId: string, list: ReflectionConflict[]): Promise<void> {
    return env.writer.exclusive(async () => {
      const key = conflictsKey(url);
      const cur = readConflicts((await env.store.area.get(key))[key]);
      if (JSON.stringify(cur[sectionId] ?? []) === JSON.stringify(list)) return;
      const next = { ...cur };
      if (list.length) next[sectionId] = list;
      else delete next[sectionId];
      if (Object.keys(next).length) await env.store.area.set({ [key]: next });
      else await env.store.area.remove(key);
    });
  }

  /** Applies entities of one page to the library (through the writer). */
  async function applyToLibrary(url: string, given: Entity[]): Promise<void> {
    let entities = given;
    // A page's facts (title, outline, tags) are their own document, which may have come
    // before its first highlight: they are applied with it, after the notes (facts alone
    // make no page).
    if (!entities.some((e) => e.kind === 'page')) {
      try {
        const doc = (await local.get(await idOf({ kind: 'page', url }))) as unknown as SealedDoc;
        entities = [...entities, await open(doc)];
      } catch (err) {
        if (!isNotFound(err)) console.error('Gloss sync: page facts unreadable', err);
      }
    }
    entities = [...entities.filter((e) => e.kind !== 'page'), ...entities.filter((e) => e.kind === 'page')];
    await env.writer.applyRemote(url, (page) => {
      let cur = page;
      for (const e of entities) cur = applyEntity(cur, {}, e).page;
      return JSON.stringify(cur) === JSON.stringify(page) ? page : cur;
    });
    for (const e of entities) if (e.kind === 'rf') await setConflicts(url, e.sectionId, e.deleted ? [] : e.conflicts);
  }

  /**
   * Merges concurrent versions of a document into one: the winner is written on top of
   * one version and the others are closed, so every device ends with the same document.
   */
  async function resolveConflicts(doc: SealedDoc): Promise<Entity> {
    const revs = [doc._rev!, ...(doc._conflicts ?? [])];
    const versions = await Promise.all(revs.map(async (rev) => open(rev === doc._rev ? doc : ((await local.get(doc._id, { rev })) as unknown as SealedDoc))));
    const merged = mergeVersions(versions);
    const sealed = await seal(doc._id, merged, doc._rev);
    const closes = (doc._conflicts ?? []).map((rev) => ({ _id: doc._id, _rev: rev, _deleted: true }));
    const results = await local.bulkDocs([sealed, ...closes] as never[]);
    for (const r of results) if ('rev' in r && r.rev) ownRevs.add(r.rev);
    const first = results[0];
    if ('rev' in first && first.rev) seenRev.set(doc._id, first.rev);
    return merged;
  }

  /** Applies a batch of documents that changed in the local copy (from the server, mostly). */
  async function applyDocs(docs: SealedDoc[]): Promise<void> {
    const byUrl = new Map<string, Entity[]>();
    for (const doc of docs) {
      if (doc._id === KEY_CHECK_ID || doc._id.startsWith('_') || doc._deleted) continue;
      if (doc._rev && ownRevs.delete(doc._rev) && !doc._conflicts?.length) continue;
      let entity: Entity;
      try {
        entity = doc._conflicts?.length ? await resolveConflicts(doc) : await open(doc);
      } catch (err) {
        // A document this passphrase cannot open: left alone, never applied.
        report({ state: 'error', error: t('syncErrorUndecryptable') });
        console.error('Gloss sync: cannot decrypt', doc._id, err);
        continue;
      }
      if (!doc._conflicts?.length && doc._rev) seenRev.set(doc._id, doc._rev);
      const list = byUrl.get(entity.url) ?? [];
      list.push(entity);
      byUrl.set(entity.url, list);
    }
    for (const [url, entities] of byUrl) await applyToLibrary(url, entities);
  }

  /**
   * Writes entities made on this device into the local copy. A document that changed
   * meanwhile (a version from another device not yet applied) is merged, not overwritten.
   */
  async function pushEntities(entities: Entity[]): Promise<void> {
    if (!entities.length) return;
    const ids = await Promise.all(entities.map((e) => idOf(e)));
    const existing = await local.allDocs({ keys: ids, include_docs: true, conflicts: true });
    const mergedBack: Entity[] = [];
    const docs: SealedDoc[] = await Promise.all(
      entities.map(async (entity, i) => {
        const row = existing.rows[i] as { doc?: SealedDoc | null; value?: { rev: string; deleted?: boolean } };
        let e = entity;
        const cur = row.doc && !row.value?.deleted ? row.doc : null;
        if (cur && cur._rev && seenRev.has(cur._id) && seenRev.get(cur._id) !== cur._rev) {
          try {
            const theirs = await open(cur);
            const merged = mergeVersions([theirs, e]);
            if (JSON.stringify(merged) !== JSON.stringify(e)) mergedBack.push(merged);
            e = merged;
          } catch {
            // Unreadable: ours replaces it (it can never be applied here anyway).
          }
        }
        return seal(ids[i], e, row.value?.rev);
      }),
    );
    const results = await local.bulkDocs(docs as never[]);
    for (const r of results) {
      if ('rev' in r && r.rev) {
        ownRevs.add(r.rev);
        seenRev.set(r.id!, r.rev);
      } else if ('error' in r) console.error('Gloss sync: could not store', r);
    }
    report({ pending: status.pending + docs.length, state: status.state === 'idle' ? 'syncing' : status.state });
    const byUrl = new Map<string, Entity[]>();
    for (const e of mergedBack) byUrl.set(e.url, [...(byUrl.get(e.url) ?? []), e]);
    for (const [url, list] of byUrl) await applyToLibrary(url, list);
  }

  async function saveAppliedSeq() {
    if (!seqDirty) return;
    seqDirty = false;
    let rev: string | undefined;
    try {
      rev = ((await local.get(APPLIED_ID)) as { _rev: string })._rev;
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    await local.put({ _id: APPLIED_ID, _rev: rev, seq: appliedSeq } as never);
  }

  /**
   * First exchange after turning sync on: take the server's notes, merge them with this
   * browser's (both kept; for the same reflection, newer text wins and the other becomes
   * a conflict copy) and put everything local into the copy that goes to the server.
   */
  async function firstSync(): Promise<void> {
    await local.replicate.from(remote, { batch_size: 500 });
    const all = await local.allDocs({ include_docs: true, conflicts: true });
    const remoteById = new Map<string, Entity>();
    for (const row of all.rows) {
      const doc = row.doc as unknown as SealedDoc;
      if (!doc || doc._id === KEY_CHECK_ID || doc._id.startsWith('_')) continue;
      try {
        const e = doc._conflicts?.length ? await resolveConflicts(doc) : await open(doc);
        if (!doc._conflicts?.length && doc._rev) seenRev.set(doc._id, doc._rev);
        remoteById.set(doc._id, e);
      } catch {
        throw new Error(t('syncErrorCannotOpen'));
      }
    }
    // One read of everything: the pages and their conflict copies.
    const stored = (await env.store.area.get(null)) as Record<string, unknown>;
    const toPush: Entity[] = [];
    const localEntities: Entity[] = [];
    for (const [key, value] of Object.entries(stored)) {
      if (!isPageKey(key) || !value) continue;
      const page = value as PageRecord;
      localEntities.push(...pageEntities(page, readConflicts(stored[conflictsKey(page.url)])));
    }
    const localIds = await Promise.all(localEntities.map((e) => idOf(e)));
    const localById = new Map(localIds.map((id, i) => [id, localEntities[i]]));
    const toApply = new Map<string, Entity[]>();
    for (const [id, theirs] of remoteById) {
      const ours = localById.get(id);
      let result = theirs;
      if (ours) {
        result = mergeVersions([theirs, ours]);
        if (JSON.stringify(result) !== JSON.stringify(theirs)) toPush.push(result);
      }
      if (!ours || JSON.stringify(result) !== JSON.stringify(ours)) {
        toApply.set(result.url, [...(toApply.get(result.url) ?? []), result]);
      }
    }
    for (const [id, ours] of localById) if (!remoteById.has(id)) toPush.push(ours);
    for (const [url, list] of toApply) await applyToLibrary(url, list);
    for (const part of chunks(toPush)) await pushEntities(part);
    const info = await local.info();
    appliedSeq = info.update_seq;
    seqDirty = true;
    await saveAppliedSeq();
  }

  function startLive() {
    feed = local
      .changes({ since: appliedSeq, live: true, include_docs: true, conflicts: true, batch_size: 200 } as never)
      .on('change', (change: PouchDB.Core.ChangesResponseChange<object>) => {
        void enqueue(async () => {
          await applyDocs([change.doc as unknown as SealedDoc]);
          appliedSeq = change.seq;
          seqDirty = true;
        });
        void enqueue(saveAppliedSeq);
      })
      .on('error', (err: unknown) => report({ state: 'error', error: describeSyncError(err, config.serverUrl) })) as never;
    // The sync object's 'paused' carries no error: a failed request is told by each
    // direction's 'requestError', and holds until an exchange works again.
    let failing = false;
    const fail = (err: unknown) => {
      failing = true;
      report({ state: 'error', error: describeSyncError(err, config.serverUrl) });
    };
    const sync = PouchDB.sync(local, remote, {
      live: true,
      retry: true,
      batch_size: 500,
      back_off_function: env.backOff ?? ((delay: number) => (delay === 0 ? 1000 : Math.min(delay * 2, 15_000))),
    } as never) as unknown as PouchDB.Replication.Sync<object> & { push: NodeJS.EventEmitter; pull: NodeJS.EventEmitter };
    replication = sync;
    sync.push.on('requestError', fail);
    sync.pull.on('requestError', fail);
    sync
      .on('active', () => {
        failing = false;
        report({ state: 'syncing', error: null });
      })
      .on('change', () => {
        failing = false;
      })
      .on('paused', (err?: unknown) => {
        if (err) fail(err);
        else if (!failing) report({ state: 'idle', error: null, pending: 0, lastSyncedAt: now() });
      })
      .on('denied', fail)
      .on('error', fail);
  }

  return {
    /** Starts syncing; `initial` does the first, merging exchange (after turning sync on). */
    async start({ initial = false } = {}): Promise<void> {
      keys = await importKeys(config.keys);
      report({ state: 'connecting' });
      if (initial) await enqueue(firstSync);
      else {
        try {
          appliedSeq = ((await local.get(APPLIED_ID)) as { seq: number | string }).seq;
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }
      if (!stopped) startLive();
    },
    /** A change the writer stored: local ones are sent on. */
    onCommitted(change: CommittedChange): Promise<void> {
      if (change.origin !== 'local') return Promise.resolve();
      return enqueue(async () => {
        const conflicts = await readPageConflicts(change.url);
        await pushEntities(diffPage(change.before, change.after, now(), conflicts, conflicts));
      });
    },
    /** Sends the current state of one reflection (after its conflict copies changed). */
    pushReflection(url: string, sectionId: string): Promise<void> {
      return enqueue(async () => {
        const page = await env.store.getPage(url);
        const r = page?.reflections[sectionId];
        if (!page || !r) return;
        const conflicts = (await readPageConflicts(url))[sectionId] ?? [];
        await pushEntities([{ kind: 'rf', url, sectionId, at: r.updatedAt, deleted: false, reflection: r, conflicts }]);
      });
    },
    /** Resolves when every queued local change is in the local copy. */
    flush(): Promise<unknown> {
      return enqueue(async () => undefined);
    },
    status: () => ({ ...status }),
    async stop(): Promise<void> {
      stopped = true;
      replication?.cancel();
      feed?.cancel();
      await queue;
      await saveAppliedSeq().catch(() => undefined);
    },
    /** Stops and deletes this browser's encrypted copy (the library itself stays). */
    async destroyLocal(): Promise<void> {
      await this.stop();
      await local.destroy();
    },
    /** Deletes the database on the server (every device's synced copy). */
    async destroyRemote(): Promise<void> {
      await remote.destroy();
    },
  };
}

export type SyncEngine = ReturnType<typeof createSyncEngine>;

/** Storage keys the sync engine owns besides its config and status. */
export function isSyncKey(key: string): boolean {
  return key.startsWith(CONFLICTS_KEY_PREFIX);
}
