// The sync engine end to end in Node: two "devices" (two storage areas, each with the real
// store and single writer) and a "server" (an in-memory PouchDB), replicating with PouchDB.
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import PouchDB from 'pouchdb-core';
import memory from 'pouchdb-adapter-memory';
import replication from 'pouchdb-replication';
import { createStore, type StorageArea } from '@/utils/store/storage';
import { createWriter } from '@/utils/store/writer';
import { createSyncEngine, type SyncEngine } from '@/utils/sync/engine';
import { KEY_CHECK_ID, createKeyCheck, deriveRawKeys, type RawKeys } from '@/utils/sync/crypto';
import { conflictsKey, readConflicts, type SyncConfig, type SyncStatus } from '@/utils/sync/config';
import type { PageOp } from '@/utils/store/ops';
import type { CommittedChange } from '@/utils/store/writer';
import { META, highlight } from './store-fixtures';

const Pouch = PouchDB.plugin(memory).plugin(replication);
let n = 0;
const running: SyncEngine[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.stop()));
});

// Waits on a condition. The deadline only turns a hang into a named failure: it is far
// above what the condition needs on a loaded machine, and no test waits on time itself.
async function until<T>(fn: () => Promise<T | null | undefined | false> | T, what: string, timeout = 20000): Promise<T> {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v as T;
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function server() {
  const remote = new Pouch(`server-${++n}`, { adapter: 'memory' });
  const { doc, raw } = await createKeyCheck('pass phrase one', 1000);
  await remote.put(doc as never);
  return { remote, raw, doc };
}

function device(area: StorageArea, remote: PouchDB.Database, keys: RawKeys, doc: SyncConfig['keyCheck'], name = `dev-${++n}`) {
  const store = createStore(area);
  let engine: SyncEngine | null = null;
  const statuses: SyncStatus[] = [];
  // As the background does (utils/sync/background.ts): changes made while the engine is
  // not running are kept and sent once it runs.
  const backlog: CommittedChange[] = [];
  const writer = createWriter(store, { onCommitted: (c) => (engine ? void engine.onCommitted(c) : void backlog.push(c)) });
  const config: SyncConfig = { enabled: true, serverUrl: `http://unused.invalid/${name}`, database: 'db', username: '', password: '', keys, keyCheck: doc };
  return {
    store,
    writer,
    statuses,
    /** `replay: false` keeps the changes made while stopped until {@link replay} (to order a race). */
    async start(initial: boolean, { replay = true } = {}) {
      // No auto-compaction on the memory adapter: its changes feed races with it (see SyncEngineEnv).
      engine = createSyncEngine({ config, PouchDB: Pouch, localAdapter: 'memory', autoCompaction: false, remote, writer, store, onStatus: (s) => statuses.push(s), backOff: () => 50 });
      running.push(engine);
      await engine.start({ initial });
      if (replay) this.replay();
      return engine;
    },
    replay() {
      for (const c of backlog.splice(0)) void engine!.onCommitted(c);
    },
    async stop() {
      await engine?.stop();
      engine = null;
    },
    /** Resolves when every local change is in this device's local copy. */
    flush: () => engine!.flush(),
    mutate: (op: PageOp) => writer.mutate(META.url, op),
    page: () => store.getPage(META.url),
  };
}

const reflect = (text: string): PageOp => ({ type: 'setReflection', meta: META, sectionId: 's1', heading: 'One', text, sectionHash: null, sectionText: null });

describe('sync engine', { timeout: 90000 }, () => {
  it('joins two libraries: both keep their highlights; the same reflection keeps the newer text and a conflict copy', async () => {
    const { remote, raw, doc } = await server();
    const A = device(fakeBrowser.storage.local, remote, raw, doc);
    const B = device(fakeBrowser.storage.sync, remote, raw, doc);
    await B.mutate(reflect('older words on B'));
    await B.mutate({ type: 'addHighlight', meta: META, highlight: highlight('hb') });
    await new Promise((r) => setTimeout(r, 5));
    await A.mutate({ type: 'addHighlight', meta: META, highlight: highlight('ha', { note: 'note on A' }) });
    await A.mutate(reflect('newer words on A'));
    await A.start(true);
    await B.start(true);
    for (const d of [A, B]) {
      const p = await until(async () => {
        const p = await d.page();
        return p?.highlights.length === 2 && p.reflections.s1?.text === 'newer words on A' ? p : null;
      }, 'both converge');
      expect(p.highlights.find((h) => h.id === 'ha')!.note).toBe('note on A');
      // The page's facts are their own document, whatever order the documents come in.
      expect(p.title).toBe(META.title);
      const key = conflictsKey(META.url);
      const c = await until(async () => (await d.store.area.get(key))[key], 'conflict copy');
      expect(readConflicts(c).reflections.s1.map((x) => x.text)).toEqual(['older words on B']);
    }
  });

  it('deflates a page document over 1 KB before encryption (version 3), which another device reads', async () => {
    const { remote, raw, doc } = await server();
    const A = device(fakeBrowser.storage.local, remote, raw, doc);
    const B = device(fakeBrowser.storage.sync, remote, raw, doc);
    for (let i = 0; i < 8; i++) await A.mutate({ type: 'addHighlight', meta: META, highlight: highlight(`h${i}`, { note: `note ${i}` }) });
    await A.mutate(reflect('short'));
    await A.start(true);
    const stored = await until(async () => {
      const docs = (await remote.allDocs({ include_docs: true })).rows.map((r) => r.doc as unknown as { _id: string; v?: number; ct: string });
      return docs.length === 3 ? docs.filter((d) => d._id !== KEY_CHECK_ID) : null;
    }, 'A sent the page and the reflection');
    // The page's document (eight highlights, ~4 KB of JSON) is deflated; the reflection's is not.
    expect(stored.map((d) => d.v).sort()).toEqual([2, 3]);
    expect(stored.find((d) => d.v === 3)!.ct.length).toBeLessThan(2000);
    await B.start(true);
    const p = await until(async () => ((await B.page())?.highlights.length === 8 ? B.page() : null), 'B reads the deflated page');
    expect(p!.highlights.find((h) => h.id === 'h7')!.note).toBe('note 7');
    expect(p!.reflections.s1.text).toBe('short');
  });

  /** Devices A and B in sync, both holding A's highlights 'keep' and 'doomed'. */
  async function twoDevicesWithKeepAndDoomed() {
    const { remote, raw, doc } = await server();
    const A = device(fakeBrowser.storage.local, remote, raw, doc);
    const B = device(fakeBrowser.storage.sync, remote, raw, doc);
    await A.mutate({ type: 'addHighlight', meta: META, highlight: highlight('keep') });
    await A.mutate({ type: 'addHighlight', meta: META, highlight: highlight('doomed') });
    await A.start(true);
    await B.start(true);
    await until(async () => (await B.page())?.highlights.length === 2, 'B has both');
    return { A, B };
  }

  it('a deletion travels as a tombstone and wins over an edit made offline', async () => {
    const { A, B } = await twoDevicesWithKeepAndDoomed();
    await A.stop();
    await B.stop();
    // Apart: A deletes, B edits the same highlight's note later.
    await A.mutate({ type: 'deleteHighlight', id: 'doomed' });
    await new Promise((r) => setTimeout(r, 5));
    await B.mutate({ type: 'updateHighlight', id: 'doomed', patch: { note: 'edited offline on B' } });
    await A.start(false);
    await B.start(false);
    for (const d of [A, B]) {
      await until(async () => {
        const p = await d.page();
        return p?.highlights.length === 1 && p.highlights[0].id === 'keep';
      }, 'the deleted highlight is gone everywhere');
    }
    // It never comes back: more changes later leave it deleted.
    await B.mutate({ type: 'addHighlight', meta: META, highlight: highlight('later') });
    await until(async () => (await A.page())?.highlights.length === 2, 'A has the later one');
    expect((await A.page())!.highlights.map((h) => h.id).sort()).toEqual(['keep', 'later']);
  });

  it('a change stored before a deletion from the server arrived is sent as the library holds it now: the deletion stays', async () => {
    const { A, B } = await twoDevicesWithKeepAndDoomed();
    await B.stop();
    // B edits the note while stopped; A deletes the highlight and sends the deletion.
    await B.mutate({ type: 'updateHighlight', id: 'doomed', patch: { note: 'edited on B' } });
    await A.mutate({ type: 'deleteHighlight', id: 'doomed' });
    await A.flush();
    // B starts and applies the deletion before its own stored change is sent (a worker
    // that restarts with an outbox: the feed can come first).
    await B.start(false, { replay: false });
    await until(async () => (await B.page())?.highlights.length === 1, 'B applied the deletion');
    B.replay();
    await B.flush();
    await B.mutate({ type: 'addHighlight', meta: META, highlight: highlight('later') });
    for (const d of [A, B]) {
      await until(async () => (await d.page())?.highlights.some((h) => h.id === 'later'), 'the later highlight everywhere');
      expect((await d.page())!.highlights.map((h) => h.id).sort()).toEqual(['keep', 'later']);
    }
  });

  it('a burst of keystrokes goes into the local copy as a few versions of the newest text, while storage takes every key', async () => {
    const { remote, raw, doc } = await server();
    const A = device(fakeBrowser.storage.local, remote, raw, doc);
    const B = device(fakeBrowser.storage.sync, remote, raw, doc);
    await A.start(true);
    await B.start(true);
    const words = 'typed one key at a time';
    for (let i = 1; i <= words.length; i++) {
      await A.mutate(reflect(words.slice(0, i)));
      expect((await A.page())!.reflections.s1.text).toBe(words.slice(0, i));
    }
    await A.flush();
    await until(async () => (await B.page())?.reflections.s1?.text === words, 'B has the whole text');
    const rows = (await remote.allDocs()).rows.filter((r) => r.id !== KEY_CHECK_ID);
    // One document for the page, one for the reflection: 23 keys, at most a few versions
    // (the first key at once, the rest once typing pauses or on flush), not 23.
    const generations = rows.map((r) => parseInt(r.value.rev, 10));
    expect(Math.max(...generations)).toBeLessThanOrEqual(3);
  });

  it('two devices resolving the same conflict at once agree: the server comes to rest (no write ping-pong)', async () => {
    const { remote, raw, doc } = await server();
    const A = device(fakeBrowser.storage.local, remote, raw, doc);
    const B = device(fakeBrowser.storage.sync, remote, raw, doc);
    await A.mutate(reflect('first words'));
    await A.start(true);
    await B.start(true);
    await until(async () => (await B.page())?.reflections.s1?.text === 'first words', 'B has it');
    await A.stop();
    await B.stop();
    // Apart, both edit the same reflection and the same highlight.
    await A.mutate(reflect('words typed on A'));
    await A.mutate({ type: 'addHighlight', meta: META, highlight: highlight('shared', { note: 'A' }) });
    await new Promise((r) => setTimeout(r, 5));
    await B.mutate(reflect('words typed on B, later'));
    await B.mutate({ type: 'addHighlight', meta: META, highlight: highlight('shared', { note: 'B' }) });
    await Promise.all([A.start(false), B.start(false)]);
    for (const d of [A, B]) {
      await until(async () => (await d.page())?.reflections.s1?.text === 'words typed on B, later', 'both converge');
    }
    // Both resolved the same conflicts at about the same time: what they wrote must be
    // the same revision, or they would keep resolving each other's resolutions.
    let seq = (await remote.info()).update_seq;
    await until(async () => {
      await new Promise((r) => setTimeout(r, 400));
      const next = (await remote.info()).update_seq;
      const still = next === seq;
      seq = next;
      return still;
    }, 'the server at rest', 6000);
    const all = await remote.allDocs({ conflicts: true, include_docs: true });
    // With random IVs the two wrote rev after rev (update_seq 231, a reflection at
    // generation 56 in one run); resolving alike gives a handful (up to 7 seen).
    expect(Math.max(...all.rows.map((r) => parseInt(r.value.rev, 10)))).toBeLessThanOrEqual(12);
    expect(Number(seq)).toBeLessThan(60);
    expect(all.rows.filter((r) => (r.doc as { _conflicts?: string[] })._conflicts?.length)).toEqual([]);
  });

  it('a device with a wrong key overwrites nothing: not its library, not the server', async () => {
    const { remote, raw, doc } = await server();
    const A = device(fakeBrowser.storage.local, remote, raw, doc);
    await A.mutate({ type: 'addHighlight', meta: META, highlight: highlight('a1') });
    await A.mutate(reflect('A’s reflection'));
    await A.start(true);
    // The key check, the page's document (facts and highlight) and the reflection's.
    await until(async () => (await remote.info()).doc_count >= 3, 'A pushed');
    await A.stop();
    const serverBefore = await remote.allDocs({ include_docs: true });
    const wrong = await deriveRawKeys('a different passphrase', new Uint8Array(16), 1000);
    const C = device(fakeBrowser.storage.sync, remote, wrong, doc);
    await C.mutate(reflect('C’s own words'));
    const cBefore = await fakeBrowser.storage.sync.get(null);
    await expect(C.start(true)).rejects.toThrow(/cannot open/);
    expect(await fakeBrowser.storage.sync.get(null)).toEqual(cBefore);
    expect(await remote.allDocs({ include_docs: true })).toEqual(serverBefore);
    expect((await remote.get(KEY_CHECK_ID))._id).toBe(KEY_CHECK_ID);
  });

  it('a highlight note written on both devices apart: the newer note on both, the other a conflict copy; a note edited on one side only makes none', { timeout: 40000 }, async () => {
    const { remote, raw, doc } = await server();
    const A = device(fakeBrowser.storage.local, remote, raw, doc);
    const B = device(fakeBrowser.storage.sync, remote, raw, doc);
    await A.mutate({ type: 'addHighlight', meta: META, highlight: highlight('shared', { note: 'first note' }) });
    await A.mutate({ type: 'addHighlight', meta: META, highlight: highlight('solo', { note: 'solo before' }) });
    await A.start(true);
    await B.start(true);
    await until(async () => (await B.page())?.highlights.length === 2, 'B has both');
    await A.stop();
    await B.stop();
    // Apart: both write the shared note; only A edits the solo one. Both change the page,
    // so its document conflicts.
    await A.mutate({ type: 'updateHighlight', id: 'shared', patch: { note: 'note written on A' } });
    await A.mutate({ type: 'updateHighlight', id: 'solo', patch: { note: 'solo edited on A' } });
    await new Promise((r) => setTimeout(r, 5));
    await B.mutate({ type: 'updateHighlight', id: 'shared', patch: { note: 'note written on B, later' } });
    // One after the other (one device merges, the other receives the merge): two devices
    // resolving at once is covered above.
    const engineA = await A.start(false);
    await engineA.flush();
    await until(() => A.statuses.at(-1)?.state === 'idle', 'A sent its edits');
    const engineB = await B.start(false);
    const key = conflictsKey(META.url);
    const copies = async (d: typeof A) => readConflicts((await d.store.area.get(key))[key]).notes;
    for (const d of [A, B]) {
      const p = await until(async () => {
        const p = await d.page();
        const byId = new Map(p?.highlights.map((h) => [h.id, h.note]));
        return byId.get('shared') === 'note written on B, later' && byId.get('solo') === 'solo edited on A' ? p : null;
      }, 'both converge', 15000);
      expect(p.highlights.length).toBe(2);
    }
    // Both keep A's text as the note's conflict copy (the device that merged and the one
    // that received the merge).
    for (const d of [A, B]) {
      const c = await until(async () => (await copies(d)).shared, `the note copy on ${d === A ? 'A' : 'B'}`, 15000);
      expect(c.map((x) => x.text)).toEqual(['note written on A']);
    }
    // The solo note's old text was the version A's edit started from, not a concurrent
    // edit: no copy of it anywhere.
    for (const d of [A, B]) expect((await copies(d)).solo).toBeUndefined();
    // Dismissed on A (as the background does: the copy leaves storage, then the
    // highlight is sent): the copy is gone on B too.
    await A.writer.exclusive(() => fakeBrowser.storage.local.remove(key));
    await engineA.pushHighlight(META.url, 'shared');
    await until(async () => !(await copies(B)).shared, 'the dismissal reached B', 15000);
    expect((await copies(A)).shared).toBeUndefined();
  });

  it('after a restart, a note typed on one device sends no copy of its previous text', async () => {
    const { remote, raw, doc } = await server();
    const A = device(fakeBrowser.storage.local, remote, raw, doc);
    const B = device(fakeBrowser.storage.sync, remote, raw, doc);
    await A.mutate({ type: 'addHighlight', meta: META, highlight: highlight('h', { note: 'draft' }) });
    await A.start(true);
    await B.start(true);
    await until(async () => (await B.page())?.highlights[0]?.note === 'draft', 'B has it');
    // A's engine starts again (a service worker restart: it knows no revisions yet).
    await A.stop();
    await A.start(false);
    await A.mutate({ type: 'updateHighlight', id: 'h', patch: { note: 'draft, finished' } });
    await until(async () => (await B.page())?.highlights[0]?.note === 'draft, finished', 'B has the new note');
    await new Promise((r) => setTimeout(r, 300));
    const key = conflictsKey(META.url);
    for (const d of [A, B]) expect(readConflicts((await d.store.area.get(key))[key]).notes).toEqual({});
  });
});
