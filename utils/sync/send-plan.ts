/**
 * When local changes are sent, and what is sent: the sync engine's plan of sends.
 *
 * - A change to an entity (a highlight, a reflection, a page's facts) that was quiet goes
 *   at once: a new highlight reaches the other device without waiting.
 * - An entity changed again within `quietMs` of its last change (typing: every keystroke
 *   is an autosave) waits until it has been quiet that long, at most `maxWaitMs` after it
 *   started waiting, and changes arriving while a send is in flight wait the same way.
 *   Then only its newest state is sent: one document version for a burst of keystrokes
 *   instead of one per key.
 * - What is sent is the library's state at sending time ({@link currentEntities}), never
 *   the change as it was made: a deletion from another device applied meanwhile is not
 *   undone by an older edit still on its way.
 *
 * Local storage is not delayed: the writer stores every keystroke at once, and the
 * durable outbox (outbox.ts) keeps what is not yet sent across a worker restart.
 * Pure apart from the timer it is given.
 */
import { docName, entityName, pageEntities, type Entity, type PageConflicts } from './entities';
import type { PageRecord } from '../store/schema';

export interface SendPlanEnv {
  now: () => number;
  quietMs: number;
  maxWaitMs: number;
  /** Something is due: the engine runs {@link SendPlan.take} in its queue. */
  onDue: () => void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Documents taken for one send: their changed entities, and how the send ended. */
export interface SendBatch {
  entities: Entity[];
  /** Each taken entity as the library held it before its first change in this send (none: new). */
  base: Entity[];
  settle(err?: unknown): void;
}

export function createSendPlan(env: SendPlanEnv) {
  const setTimer = env.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const clearTimer = env.clearTimer ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>));
  /** Document name → changed entities not yet taken (entity name → the change). */
  const dirty = new Map<string, Map<string, Entity>>();
  const waiters = new Map<string, Waiter[]>();
  /** Documents waiting for quiet: since when, and when they are due. */
  const held = new Map<string, { since: number; dueAt: number }>();
  const due = new Set<string>();
  /** Documents taken and being written, with how many sends hold them. */
  const inFlight = new Map<string, number>();
  /**
   * Entity name → the entity as the library held it before the first change not yet
   * taken: a burst of changes is made from that version, not from its own steps.
   */
  const baseOf = new Map<string, Entity>();
  /** Entity name → time of its last change. */
  const lastAt = new Map<string, number>();
  let timer: unknown = null;
  let signalled = false;

  function signal() {
    if (signalled || !due.size) return;
    signalled = true;
    env.onDue();
  }

  function rearm() {
    if (timer !== null) clearTimer(timer);
    timer = null;
    if (!held.size) return;
    let next = Infinity;
    for (const h of held.values()) next = Math.min(next, h.dueAt);
    timer = setTimer(() => {
      timer = null;
      const t = env.now();
      for (const [doc, h] of held) {
        if (h.dueAt <= t) {
          held.delete(doc);
          due.add(doc);
        }
      }
      rearm();
      signal();
    }, Math.max(0, next - env.now()));
  }

  function forget(t: number) {
    if (lastAt.size < 2000) return;
    for (const [name, at] of lastAt) if (t - at >= env.quietMs) lastAt.delete(name);
  }

  return {
    /**
     * Records local changes, made from `before` (the library's entities before them).
     * Resolves when every document they touch has been written with them (or rejects
     * with that write's error).
     */
    add(entities: Entity[], before: Entity[] = []): Promise<void> {
      if (!entities.length) return Promise.resolve();
      const t = env.now();
      forget(t);
      const was = new Map(before.map((e) => [entityName(e), e] as const));
      const byDoc = new Map<string, boolean>();
      for (const e of entities) {
        const name = entityName(e);
        const prev = lastAt.get(name);
        lastAt.set(name, t);
        const doc = docName(e);
        const changes = dirty.get(doc) ?? new Map<string, Entity>();
        if (!changes.has(name)) {
          const from = was.get(name);
          if (from) baseOf.set(name, from);
          else baseOf.delete(name);
        }
        changes.set(name, e);
        dirty.set(doc, changes);
        // Quiet before: sent at once. Changed again soon after: waits for quiet.
        const leading = prev === undefined || t - prev >= env.quietMs;
        byDoc.set(doc, (byDoc.get(doc) ?? false) || leading);
      }
      const done: Promise<void>[] = [];
      for (const [doc, leading] of byDoc) {
        done.push(new Promise<void>((resolve, reject) => waiters.set(doc, [...(waiters.get(doc) ?? []), { resolve, reject }])));
        if (due.has(doc)) continue;
        if (leading) {
          held.delete(doc);
          due.add(doc);
        } else {
          const h = held.get(doc);
          const since = h?.since ?? t;
          held.set(doc, { since, dueAt: Math.min(since + env.maxWaitMs, t + env.quietMs) });
        }
      }
      rearm();
      signal();
      return Promise.all(done).then(() => undefined);
    },
    /** The documents due now, taken out of the plan (null: none). */
    take(): SendBatch | null {
      signalled = false;
      if (!due.size) return null;
      const docs = [...due];
      due.clear();
      const entities: Entity[] = [];
      const base: Entity[] = [];
      const taken: Waiter[] = [];
      for (const doc of docs) {
        for (const [name, e] of dirty.get(doc) ?? []) {
          entities.push(e);
          const from = baseOf.get(name);
          if (from) base.push(from);
          baseOf.delete(name);
        }
        dirty.delete(doc);
        taken.push(...(waiters.get(doc) ?? []));
        waiters.delete(doc);
        inFlight.set(doc, (inFlight.get(doc) ?? 0) + 1);
      }
      return {
        entities,
        base,
        settle(err?: unknown) {
          for (const doc of docs) {
            const n = (inFlight.get(doc) ?? 1) - 1;
            if (n > 0) inFlight.set(doc, n);
            else inFlight.delete(doc);
          }
          for (const w of taken) (err === undefined ? w.resolve() : w.reject(err));
        },
      };
    },
    /** A local change to this document is not yet written (waiting, due or being written). */
    pending(doc: string): boolean {
      return dirty.has(doc) || inFlight.has(doc);
    },
    /** Everything waiting is due now (flush, stop, a worker about to be suspended). */
    dueAll(): void {
      for (const doc of held.keys()) due.add(doc);
      held.clear();
      rearm();
    },
    /** Stops the timer (the engine stopped); what waits stays recorded. */
    cancel(): void {
      if (timer !== null) clearTimer(timer);
      timer = null;
    },
  };
}

export type SendPlan = ReturnType<typeof createSendPlan>;

/** A deletion of what `e` is about, dated `at`. */
function tombstone(e: Entity, at: number): Entity {
  if (e.kind === 'hl') return { kind: 'hl', url: e.url, id: e.id, at, deleted: true, highlight: null, conflicts: [] };
  if (e.kind === 'rf') return { kind: 'rf', url: e.url, sectionId: e.sectionId, at, deleted: true, reflection: null, conflicts: [] };
  return { kind: 'page', url: e.url, at, deleted: true, page: null };
}

/**
 * The changed entities of one page as the library holds them now: each one's current
 * version, or a deletion when the library no longer has it (deleted here, or by another
 * device's change applied since). A deletion recorded with the change keeps its time.
 */
export function currentEntities(changed: Entity[], page: PageRecord | null, conflicts: PageConflicts, now: number): Entity[] {
  const current = new Map(page ? pageEntities(page, conflicts).map((e) => [entityName(e), e] as const) : []);
  return changed.map((e) => current.get(entityName(e)) ?? (e.deleted ? e : tombstone(e, now)));
}
