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
import { KEY_CHECK_ID, decryptBytes, decryptJson, encryptBytes, importKeys, opaqueId, type SyncKeys } from './crypto';
import { deflateSync, inflateSync } from 'fflate';
import { applyEntity, diffPage, docName, entityName, pageEntities, readEntities, type Entity, type PageConflicts } from './entities';
import { mergeDocVersions, mergeVersions, samePayload, sortEntities, writtenBy } from './merge';
import { NO_CONFLICTS, copiesAfter, copiesOf, storedConflicts } from './copies';
import { t } from '../i18n';
import { createSendPlan, currentEntities } from './send-plan';
import { CONFLICTS_KEY_PREFIX, conflictsKey, readConflicts, type SyncConfig, type SyncStatus } from './config';
import { pageKey, type PageRecord } from '../store/schema';
import { PAGE_INDEX_KEY } from '../store/summary';
import type { CommittedChange } from '../store/writer';
import type { StorageArea } from '../store/storage';

/** What the engine needs from the writer: remote changes are applied only through it. */
export interface SyncWriter {
  applyRemoteMany(urls: string[], update: (url: string, current: PageRecord | null) => PageRecord | null): Promise<Map<string, PageRecord | null>>;
  exclusive<T>(task: () => Promise<T>): Promise<T>;
}

export interface SyncEngineEnv {
  config: SyncConfig;
  /** The keys (non-extractable, from the key store); by default imported from the config's raw keys (tests). */
  keys?: SyncKeys;
  PouchDB: PouchDB.Static;
  /** Adapter of the local copy: 'idb' in the browser, 'memory' in tests. */
  localAdapter: string;
  /**
   * Old revisions' bodies are dropped from the local copy (default true). Tests on the
   * memory adapter turn it off: its changes feed reads a document's body after its index
   * and throws (an uncaught TypeError that ends the feed and replication) when a
   * compaction removed the body in between. The browser's IndexedDB adapter reads both
   * in one transaction.
   */
  autoCompaction?: boolean;
  writer: SyncWriter;
  store: { getPage(url: string): Promise<PageRecord | null>; listPages(): Promise<PageRecord[]>; area: StorageArea };
  onStatus: (status: SyncStatus) => void;
  now?: () => number;
  /** The server database (tests pass an in-memory one); by default the config's, over HTTP. */
  remote?: PouchDB.Database;
  /** Delay before the next try after a failed exchange (ms), given the last one. */
  backOff?: (delay: number) => number;
  /**
   * Coalescing of local changes (see {@link createSendPlan}): an entity changed again within
   * `quietMs` of its last change waits until it has been quiet that long (at most
   * `maxWaitMs` after it started waiting), and then only its newest state is sent.
   */
  quietMs?: number;
  maxWaitMs?: number;
}

/**
 * A stored (encrypted) document. Version 2 holds a list of entities (a page's facts and
 * highlights, or one reflection); version 1 (before pages were one document) held one;
 * version 3 is version 2 deflated before encryption (see {@link seal}).
 */
interface SealedDoc {
  _id: string;
  _rev?: string;
  _deleted?: boolean;
  _conflicts?: string[];
  v: 1 | 2 | 3;
  iv: string;
  ct: string;
}

const APPLIED_ID = '_local/gloss-applied';
/**
 * Bodies at least this long (JSON characters) are deflated before encryption. A page
 * document repeats each quote and its field names per highlight: 14 KB of JSON deflate to
 * about 1 KB, which the first sync then encrypts, stores locally, sends and the server
 * keeps (the first sync of 1,000 pages moved 16 MB before). A keystroke's reflection
 * document stays below it. fflate, not the browser's CompressionStream: the same bytes
 * on every browser, so two devices writing the same merge write the same document.
 */
const DEFLATE_FROM = 1024;
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();
/** Pages read, merged and written into the local copy per step of the first sync. */
const PAGES_PER_STEP = 50;

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

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Creates the engine for an enabled config; nothing happens until start(). */
export function createSyncEngine(env: SyncEngineEnv) {
  const { config, PouchDB } = env;
  const now = env.now ?? Date.now;
  const local = new PouchDB(localDbName(config), { adapter: env.localAdapter, auto_compaction: env.autoCompaction ?? true });
  const remote =
    env.remote ??
    new PouchDB(`${config.serverUrl}/${encodeURIComponent(config.database)}`, {
      adapter: 'http',
      skip_setup: true,
      auth: config.username ? { username: config.username, password: config.password } : undefined,
    });
  let keys: SyncKeys | null = null;
  /** Marks the versions this engine writes (merge.ts tells what a device had seen by it). */
  const deviceId = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');
  let writes = 0;
  /** Document name → opaque id. */
  const idCache = new Map<string, string>();
  /**
   * Local changes stored by the writer but not yet in the local copy. A document from the
   * server for one of them is not applied over the library: the pending push merges it
   * with the local change and applies the result.
   */
  const plan = createSendPlan({ now, quietMs: env.quietMs ?? 1500, maxWaitMs: env.maxWaitMs ?? 5000, onDue: () => void enqueue(pushDue).catch(() => undefined) });
  /**
   * The revision of each document the library reflects (applied here, or written here
   * from the library): that revision needs no applying, and a different one found when
   * writing is a concurrent version to merge.
   */
  const seenRev = new Map<string, string>();
  let queue: Promise<unknown> = Promise.resolve();
  let stopped = false;
  let replication: PouchDB.Replication.Sync<object> | null = null;
  let feed: PouchDB.Core.Changes<object> | null = null;
  let appliedSeq: number | string = 0;
  /** The first sync is still writing the library into the local copy: not "Synced" yet. */
  let initialRunning = false;
  /** Replication has nothing left to send or fetch (its last event was 'paused' without error). */
  let replicationIdle = false;
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

  /** The opaque id of the document an entity is stored in. */
  async function idOf(e: Pick<Entity, 'kind' | 'url'> & { sectionId?: string }): Promise<string> {
    const name = docName(e);
    let id = idCache.get(name);
    if (!id) {
      id = await opaqueId(keys!, name);
      idCache.set(name, id);
    }
    return id;
  }

  async function open(doc: SealedDoc): Promise<Entity[]> {
    if (doc.v === 3) return readEntities(JSON.parse(utf8Decoder.decode(inflateSync(await decryptBytes(keys!, doc._id, doc)))) as Entity[]);
    const body = await decryptJson<Entity | Entity[]>(keys!, doc._id, doc);
    return readEntities(doc.v === 1 ? [body as Entity] : (body as Entity[]));
  }

  /**
   * Encrypts a document's entities (in their one order, so equal content is an equal
   * document); long bodies are deflated first (version 3). Compressing before encrypting
   * lets a body's length depend on how repetitive its text is; the README says so.
   */
  async function seal(id: string, entities: Entity[], rev?: string): Promise<SealedDoc> {
    const json = JSON.stringify(sortEntities(entities));
    const plain = utf8Encoder.encode(json);
    const body =
      json.length >= DEFLATE_FROM
        ? { v: 3 as const, ...(await encryptBytes(keys!, id, deflateSync(plain, { level: 6 }) as Uint8Array<ArrayBuffer>)) }
        : { v: 2 as const, ...(await encryptBytes(keys!, id, plain)) };
    return { _id: id, ...(rev ? { _rev: rev } : {}), ...body };
  }

  async function readPageConflicts(url: string): Promise<PageConflicts> {
    const key = conflictsKey(url);
    return readConflicts((await env.store.area.get(key))[key]);
  }

  /**
   * Stores (or clears) the conflict copies the given reflections and highlights carry, by
   * URL, in one read and one write for all pages. Runs in the writer's queue.
   */
  function setConflictsMany(byUrl: Map<string, Entity[]>): Promise<void> {
    if (!byUrl.size) return Promise.resolve();
    return env.writer.exclusive(async () => {
      const keys = [...byUrl.keys()].map(conflictsKey);
      const stored = await env.store.area.get(keys);
      const set: Record<string, unknown> = {};
      const remove: string[] = [];
      for (const [url, entities] of byUrl) {
        const key = conflictsKey(url);
        const next = storedConflicts(copiesAfter(readConflicts(stored[key]), entities));
        if (JSON.stringify(next ?? undefined) === JSON.stringify(stored[key])) continue;
        if (next) set[key] = next;
        else if (stored[key] !== undefined) remove.push(key);
      }
      if (Object.keys(set).length) await env.store.area.set(set);
      if (remove.length) await env.store.area.remove(remove);
    });
  }

  /** Applies entities of many pages to the library: one batched write through the writer. */
  async function applyToLibrary(byUrl: Map<string, Entity[]>): Promise<void> {
    if (!byUrl.size) return;
    const conflicts = new Map<string, Entity[]>();
    await env.writer.applyRemoteMany([...byUrl.keys()], (url, page) => {
      const given = byUrl.get(url) ?? [];
      // The page's facts after its notes (facts alone make no page).
      const entities = [...given.filter((e) => e.kind !== 'page'), ...given.filter((e) => e.kind === 'page')];
      let cur = page;
      for (const e of entities) cur = applyEntity(cur, NO_CONFLICTS, e).page;
      return JSON.stringify(cur) === JSON.stringify(page) ? page : cur;
    });
    for (const [url, entities] of byUrl) {
      const texts = entities.filter((e) => e.kind === 'rf' || e.kind === 'hl');
      if (texts.length) conflicts.set(url, texts);
    }
    await setConflictsMany(conflicts);
  }

  /** Entities grouped by page URL. */
  function byPage(entities: Iterable<Entity>, into = new Map<string, Entity[]>()): Map<string, Entity[]> {
    for (const e of entities) {
      const list = into.get(e.url);
      if (list) list.push(e);
      else into.set(e.url, [e]);
    }
    return into;
  }

  /**
   * Merges concurrent versions of a document into one: the winner is written on top of
   * one version and the others are closed, so every device ends with the same document.
   * Returns the document's entities as they now are (null: it is deleted).
   *
   * Replication writes into the local copy meanwhile: a version may be closed by another
   * device's resolution (its body compacted away) or a newer one arrive between reading
   * and writing. Then it starts over from what the copy holds, and the losing versions
   * are closed only once the merge is written (closing first lost their content when the
   * write was refused).
   */
  async function resolveConflicts(id: string): Promise<Entity[] | null> {
    for (let attempt = 1; ; attempt++) {
      let doc: SealedDoc;
      try {
        doc = (await local.get(id, { conflicts: true })) as unknown as SealedDoc;
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
      if (!doc._conflicts?.length) {
        const entities = await open(doc);
        seenRev.set(id, doc._rev!);
        return entities;
      }
      const revs = [doc._rev!, ...doc._conflicts];
      let versions: Entity[][];
      try {
        versions = await Promise.all(revs.map(async (rev) => open(rev === doc._rev ? doc : ((await local.get(id, { rev })) as unknown as SealedDoc))));
      } catch (err) {
        if (isNotFound(err) && attempt < 8) continue;
        throw err;
      }
      const merged = mergeDocVersions(versions);
      const [written] = await local.bulkDocs([await seal(id, merged, doc._rev)] as never[]);
      if (!('rev' in written && written.rev)) {
        if ((written as { status?: number }).status === 409 && attempt < 8) continue;
        throw Object.assign(new Error(String((written as { message?: string }).message)), { status: (written as { status?: number }).status });
      }
      seenRev.set(id, written.rev);
      // Closing a version another device closed already is refused (409): nothing lost.
      await local.bulkDocs(doc._conflicts.map((rev) => ({ _id: id, _rev: rev, _deleted: true })) as never[]);
      return merged;
    }
  }

  /** Decryption failed (another passphrase's document): told once per batch, never applied. */
  function unreadable(id: string, err: unknown) {
    report({ state: 'error', error: t('syncErrorUndecryptable') });
    console.error('Gloss sync: cannot decrypt', id, err);
  }

  /**
   * Applies documents that changed in the local copy (from the server, mostly), as the
   * copy holds them now: the changes feed may report a version that a later write has
   * already replaced (applying it would take the library back to it).
   */
  async function applyDocs(ids: string[]): Promise<void> {
    const wanted = [...new Set(ids.filter((id) => id !== KEY_CHECK_ID && !id.startsWith('_')))];
    if (!wanted.length) return;
    const current = await local.allDocs({ keys: wanted, include_docs: true, conflicts: true });
    const byUrl = new Map<string, Entity[]>();
    for (const row of current.rows as { id: string; doc?: SealedDoc | null; value?: { rev: string; deleted?: boolean } }[]) {
      const doc = row.doc;
      if (!doc || row.value?.deleted) continue;
      const conflicted = !!doc._conflicts?.length;
      // The library reflects this revision already (written or applied here).
      if (!conflicted && seenRev.get(doc._id) === doc._rev) continue;
      let entities: Entity[] | null;
      try {
        if (!conflicted) {
          entities = await open(doc);
          // A local change to this document is on its way: it merges this version in.
          if (entities.length && plan.pending(docName(entities[0]))) continue;
          seenRev.set(doc._id, doc._rev!);
        } else entities = await resolveConflicts(doc._id);
      } catch (err) {
        if (isNotFound(err) || typeof (err as { status?: unknown })?.status === 'number') throw err;
        unreadable(doc._id, err);
        continue;
      }
      if (entities) byPage(entities, byUrl);
    }
    await applyToLibrary(byUrl);
  }

  /**
   * Writes entities made on this device into the local copy, each into its document (a
   * page's document keeps its other entities). A document that changed meanwhile (a
   * version from another device not yet applied here) is merged, not overwritten, and
   * the merged document is applied to the library.
   */
  async function pushEntities(entities: Entity[], base: Entity[] = []): Promise<void> {
    if (!entities.length) return;
    const byDoc = new Map<string, Entity[]>();
    for (const e of entities) {
      const name = docName(e);
      const list = byDoc.get(name);
      if (list) list.push(e);
      else byDoc.set(name, [e]);
    }
    let groups = [...byDoc.values()];
    // Replication may store a server version between our read and our write (409): those
    // documents are read, merged and written again.
    const known = new Map(base.map((e) => [entityName(e), e]));
    for (let attempt = 1; groups.length; attempt++) groups = await pushGroups(groups, attempt >= 5, known);
  }

  /**
   * One read-merge-write of documents; returns the groups refused by a concurrent version.
   * `known`: the entities as the library held them before these changes; a version in a
   * changed document that is still the same is the one the change was made from, and the
   * change replaces it instead of merging with it (no copy of a note's previous text).
   */
  async function pushGroups(groups: Entity[][], last: boolean, known: Map<string, Entity>): Promise<Entity[][]> {
    const ids = await Promise.all(groups.map((g) => idOf(g[0])));
    const existing = await local.allDocs({ keys: ids, include_docs: true });
    const mergedBack: Entity[] = [];
    const docs: SealedDoc[] = await Promise.all(
      groups.map(async (ours, i) => {
        const row = existing.rows[i] as { doc?: SealedDoc | null; value?: { rev: string; deleted?: boolean } };
        const cur = row.doc && !row.value?.deleted ? row.doc : null;
        let theirs: Entity[] = [];
        try {
          theirs = cur ? await open(cur) : [];
        } catch {
          // Unreadable: ours replaces it (it can never be applied here anyway).
        }
        const foreign = !!cur && seenRev.get(cur._id) !== cur._rev;
        const next = new Map(theirs.map((e) => [entityName(e), e]));
        let mergedHere = false;
        for (const e of ours) {
          const name = entityName(e);
          const had = next.get(name);
          const from = known.get(name);
          // The copy holds another version than the one this change was made from (or, not
          // knowing that, the document changed since the library last took it): merged.
          const merge = !!had && (from ? !samePayload(had, from) : foreign);
          mergedHere ||= merge;
          next.set(name, writtenBy(merge ? mergeVersions([had!, e]) : e, deviceId, ++writes, had));
        }
        if (foreign || mergedHere) mergedBack.push(...next.values());
        return seal(ids[i], [...next.values()], row.value?.rev);
      }),
    );
    const results = await local.bulkDocs(docs as never[]);
    const again: Entity[][] = [];
    results.forEach((r, i) => {
      if ('rev' in r && r.rev) {
        seenRev.set(r.id!, r.rev);
      } else if ((r as { status?: number }).status === 409 && !last) again.push(groups[i]);
      else throw new Error(t('syncErrorOther', String((r as { message?: string }).message ?? (r as { name?: string }).name)));
    });
    report({ pending: status.pending + docs.length - again.length, state: status.state === 'idle' ? 'syncing' : status.state });
    await applyToLibrary(byPage(mergedBack));
    return again;
  }

  /** Writes the local changes that are due, as the library holds them now. */
  async function pushDue(): Promise<void> {
    const batch = plan.take();
    if (!batch) return;
    try {
      const byUrl = byPage(batch.entities);
      const urls = [...byUrl.keys()];
      const stored = (await env.store.area.get(urls.flatMap((u) => [pageKey(u), conflictsKey(u)]))) as Record<string, unknown>;
      const at = now();
      const entities = urls.flatMap((u) =>
        currentEntities(byUrl.get(u)!, (stored[pageKey(u)] as PageRecord | null | undefined) ?? null, readConflicts(stored[conflictsKey(u)]), at),
      );
      await pushEntities(entities, batch.base);
      batch.settle();
    } catch (err) {
      batch.settle(err);
      throw err;
    }
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
   *
   * Live replication starts once the server's notes are in the local copy, and the
   * library is then read and written into the copy a few pages at a time: reading,
   * encrypting and sending overlap instead of waiting for each other.
   */
  async function firstSync(): Promise<void> {
    await local.replicate.from(remote, { batch_size: 250 });
    const all = await local.allDocs({ include_docs: true, conflicts: true });
    const remoteById = new Map<string, Entity[]>();
    for (const row of all.rows) {
      const doc = row.doc as unknown as SealedDoc;
      if (!doc || doc._id === KEY_CHECK_ID || doc._id.startsWith('_')) continue;
      let e: Entity[] | null;
      try {
        e = doc._conflicts?.length ? await resolveConflicts(doc._id) : await open(doc);
      } catch {
        throw new Error(t('syncErrorCannotOpen'));
      }
      if (!doc._conflicts?.length && doc._rev) seenRev.set(doc._id, doc._rev);
      if (e) remoteById.set(doc._id, sortEntities(e));
    }
    // What arrives from here on is applied by the live feed (after this task).
    appliedSeq = (await local.info()).update_seq;
    seqDirty = true;
    await saveAppliedSeq();
    initialRunning = true;
    if (!stopped) startLive();
    const index = (await env.store.area.get(PAGE_INDEX_KEY))[PAGE_INDEX_KEY];
    const urls = Array.isArray(index) ? (index as string[]) : (await env.store.listPages()).map((p) => p.url);
    for (const part of chunks(urls, PAGES_PER_STEP)) {
      const stored = (await env.store.area.get(part.flatMap((u) => [pageKey(u), conflictsKey(u)]))) as Record<string, unknown>;
      const localByName = new Map<string, Entity[]>();
      for (const url of part) {
        const page = stored[pageKey(url)] as PageRecord | null | undefined;
        if (!page) continue;
        for (const e of pageEntities(page, readConflicts(stored[conflictsKey(url)]))) {
          const name = docName(e);
          const list = localByName.get(name);
          if (list) list.push(e);
          else localByName.set(name, [e]);
        }
      }
      const lists = [...localByName.values()];
      const ids = await Promise.all(lists.map((list) => idOf(list[0])));
      const toPush: Entity[][] = [];
      const toApply = new Map<string, Entity[]>();
      ids.forEach((id, i) => {
        const ours = sortEntities(lists[i]);
        const theirs = remoteById.get(id);
        remoteById.delete(id);
        const result = theirs ? mergeDocVersions([theirs, ours]) : ours;
        if (!theirs || JSON.stringify(result) !== JSON.stringify(theirs)) toPush.push(result);
        if (theirs && JSON.stringify(result) !== JSON.stringify(ours)) byPage(result, toApply);
      });
      await applyToLibrary(toApply);
      await pushEntities(toPush.flat());
    }
    // What only the server had, a few pages per storage write.
    const onlyTheirs = [...byPage([...remoteById.values()].flat())];
    for (const part of chunks(onlyTheirs, PAGES_PER_STEP)) await applyToLibrary(new Map(part));
    initialRunning = false;
    if (replicationIdle) report({ state: 'idle', error: null, pending: 0, lastSyncedAt: now() });
  }

  /** Changed documents reported by the feed and not yet applied, and the feed's last seq. */
  const arrived = new Set<string>();
  let arrivedSeq: number | string = 0;
  let applyScheduled = false;

  function startLive() {
    if (replication) return;
    feed = local
      .changes({ since: appliedSeq, live: true, batch_size: 200 } as never)
      .on('change', (change: PouchDB.Core.ChangesResponseChange<object>) => {
        // A stopped engine writes nothing more into the library (a feed may still report
        // a change after cancel()); what it did not apply is applied by the next start.
        if (stopped) return;
        // Documents that arrive while a batch is being applied are applied together next.
        arrived.add(change.id);
        arrivedSeq = change.seq;
        if (applyScheduled) return;
        applyScheduled = true;
        void enqueue(async () => {
          applyScheduled = false;
          if (stopped) return;
          const ids = [...arrived];
          const seq = arrivedSeq;
          arrived.clear();
          await applyDocs(ids);
          appliedSeq = seq;
          seqDirty = true;
          await saveAppliedSeq();
        }).catch(() => undefined);
      })
      .on('error', (err: unknown) => report({ state: 'error', error: describeSyncError(err, config.serverUrl) })) as never;
    // The sync object's 'paused' carries no error: a failed request is told by each
    // direction's 'requestError', and holds until an exchange works again.
    let failing = false;
    /** An exchange failed since the last check that the server still holds the database. */
    let unverified = false;
    const fail = (err: unknown) => {
      failing = true;
      unverified = true;
      if (isNotFound(err) && !env.remote) void recreateRemote(true);
      else report({ state: 'error', error: describeSyncError(err, config.serverUrl) });
    };
    const sync = PouchDB.sync(local, remote, {
      live: true,
      retry: true,
      batch_size: 250,
      back_off_function: env.backOff ?? ((delay: number) => (delay === 0 ? 1000 : Math.min(delay * 2, 15_000))),
    } as never) as unknown as PouchDB.Replication.Sync<object> & { push: NodeJS.EventEmitter; pull: NodeJS.EventEmitter };
    replication = sync;
    sync.push.on('requestError', fail);
    sync.pull.on('requestError', fail);
    sync
      .on('active', () => {
        failing = false;
        replicationIdle = false;
        report({ state: 'syncing', error: null });
      })
      .on('change', () => {
        failing = false;
      })
      .on('paused', (err?: unknown) => {
        if (err) fail(err);
        else if (!failing) {
          // Back after a failure: a server restarted without its data may have come back
          // empty, and replication, resuming from where it was, would not notice.
          if (unverified && !env.remote) {
            unverified = false;
            void recreateRemote(false);
          }
          replicationIdle = true;
          if (!initialRunning) report({ state: 'idle', error: null, pending: 0, lastSyncedAt: now() });
        }
      })
      .on('denied', fail)
      .on('error', fail);
  }

  let recreating = false;
  let restartedAt = -Infinity;

  /** Starts replication and the feed again (checkpoints are read again). */
  function restartLive() {
    restartedAt = now();
    replication?.cancel();
    feed?.cancel();
    replication = null;
    feed = null;
    if (!stopped) startLive();
  }
  /**
   * The server lost the database (a server restarted without its data, or the database
   * deleted by hand): this browser's copy is the truth. The database and its key check
   * are put back and replication starts over, which sends every document again. If it
   * came back with another passphrase's key check, nothing is sent and the reader is told.
   */
  async function recreateRemote(after404: boolean): Promise<void> {
    if (recreating || stopped) return;
    recreating = true;
    try {
      // The key check tells a lost database (gone, or back empty) from a 404 about
      // something else.
      let had: { salt?: string } | null = null;
      try {
        had = (await remote.get(KEY_CHECK_ID)) as unknown as { salt?: string };
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      if (had) {
        if (had.salt !== config.keyCheck.salt) report({ state: 'error', error: t('syncErrorReplacedDb') });
        else if (after404 && now() - restartedAt < 5000) report({ state: 'error', error: describeSyncError({ status: 404 }, config.serverUrl) });
        // The database is there: maybe put back by another device while this one was
        // failing. A running replication keeps the old database's checkpoint (its
        // sequence numbers started over) and would miss what arrives until they catch up;
        // a new one compares checkpoints again.
        else restartLive();
        return;
      }
      // Created by an explicit PUT (412: it exists). PouchDB's own setup only creates a
      // database its GET says is missing, and some servers answer that GET for one that
      // holds nothing.
      const dbUrl = `${config.serverUrl}/${encodeURIComponent(config.database)}`;
      const headers: Record<string, string> = config.username ? { authorization: `Basic ${btoa(unescape(encodeURIComponent(`${config.username}:${config.password}`)))}` } : {};
      const made = await fetch(dbUrl, { method: 'PUT', headers });
      if (!made.ok && made.status !== 412) throw Object.assign(new Error(made.statusText), { status: made.status });
      const db = new PouchDB(dbUrl, {
        adapter: 'http',
        skip_setup: true,
        auth: config.username ? { username: config.username, password: config.password } : undefined,
      });
      const { _rev: _ignored, ...check } = config.keyCheck;
      try {
        await db.put(check as never);
      } catch (err) {
        if ((err as { status?: number }).status !== 409) throw err;
        const theirs = (await db.get(KEY_CHECK_ID)) as unknown as { salt?: string };
        if (theirs.salt !== config.keyCheck.salt) {
          replication?.cancel();
          report({ state: 'error', error: t('syncErrorReplacedDb') });
          return;
        }
      }
      restartLive();
    } catch (err) {
      report({ state: 'error', error: t('syncErrorRecreateFailed', describeSyncError(err, config.serverUrl)) });
    } finally {
      recreating = false;
    }
  }

  return {
    /** Starts syncing; `initial` does the first, merging exchange (after turning sync on). */
    async start({ initial = false } = {}): Promise<void> {
      if (env.keys) keys = env.keys;
      else if (config.keys) keys = await importKeys(config.keys);
      else throw new Error(t('syncErrorKeysMissing'));
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
    /**
     * A change the writer stored: local ones are sent on, coalesced by the send plan.
     * Resolves once the change is in the local copy.
     */
    onCommitted(change: CommittedChange): Promise<void> {
      if (change.origin !== 'local') return Promise.resolve();
      // What the library held before the change: the version the change was made from
      // (pushGroups replaces it instead of merging with it).
      return plan.add(diffPage(change.before, change.after, now()), change.before ? pageEntities(change.before) : []);
    },
    /** Sends the current state of one reflection (after its conflict copies changed). */
    pushReflection(url: string, sectionId: string): Promise<void> {
      return enqueue(async () => {
        const page = await env.store.getPage(url);
        const r = page?.reflections[sectionId];
        if (!page || !r) return;
        const conflicts = copiesOf(await readPageConflicts(url), { sectionId });
        const e: Entity = { kind: 'rf', url, sectionId, at: r.updatedAt, deleted: false, reflection: r, conflicts };
        await pushEntities([e], [e]);
      });
    },
    /** Sends the current state of one highlight (after its note's conflict copies changed). */
    pushHighlight(url: string, id: string): Promise<void> {
      return enqueue(async () => {
        const page = await env.store.getPage(url);
        const h = page?.highlights.find((x) => x.id === id);
        if (!page || !h) return;
        const conflicts = copiesOf(await readPageConflicts(url), { highlightId: id });
        const e: Entity = { kind: 'hl', url, id, at: h.updatedAt, deleted: false, highlight: h, conflicts };
        await pushEntities([e], [e]);
      });
    },
    /** Resolves when every local change, waiting ones included, is in the local copy. */
    flush(): Promise<unknown> {
      plan.dueAll();
      return enqueue(pushDue);
    },
    status: () => ({ ...status }),
    async stop(): Promise<void> {
      // What waits for quiet goes into the local copy first (sent by the next start).
      plan.dueAll();
      void enqueue(pushDue).catch(() => undefined);
      plan.cancel();
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
